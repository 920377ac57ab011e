package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.measure.ResultsTable;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.Evaluation;
import sc.fiji.meanteacher.eval.MetricsSummary;
import sc.fiji.meanteacher.files.CaseBatch;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.ui.MetricsTable;
import sc.fiji.meanteacher.volume.CaseFolder;
import sc.fiji.meanteacher.volume.DecathlonDataset;
import sc.fiji.meanteacher.volume.ImageFolder;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Compares a folder of predicted label stacks with a folder of true ones (TIFF or NIfTI, paired by base name), or
 * with the labels of a folder in the LA layout ({@link sc.fiji.meanteacher.volume.LaLayout}; prediction {@code <case>.tif})
 * or of a Decathlon dataset ({@link DecathlonDataset}: its {@code labelsTr} files by case name; every
 * prediction of a labeled case when no {@code caselist} is given; rows carry its class names):
 * Dice, Jaccard, HD95 (pooled) and ASD per case and class, then mean and sd, distances in voxels
 * and in the truth's calibration unit (millimetres for NIfTI, from pixdim). Every truth case needs a prediction; {@code caselist}
 * restricts the evaluation to the cases it names (other predictions are then ignored). Every case
 * is scored for every class named in {@code classes}, or else for every class found in any truth
 * or prediction. Each row says how many cases it covers; the distance means leave out the cases
 * with an empty prediction or truth, and {@code notes} names them. The CSV replaces an existing
 * file only with {@code overwrite}, and never one of the files compared ({@link OutputPolicy}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + EvaluateCommand.TITLE)
public class EvaluateCommand extends MeanTeacherCommand {

	public static final String TITLE = "Evaluate Mean Teacher Segmentation";

	@Parameter(label = "Predicted labels folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File predictions;

	@Parameter(label = "True labels folder (TIFF, NIfTI or LA layout)", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File truth;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String optionalheader = header("Optional");

	@Parameter(label = "Only these cases (text file, one name a line; empty = all)", style = FileWidget.OPEN_STYLE,
		required = false, persist = false)
	private File caselist;

	@Parameter(label = "Classes (e.g. 1,2; empty = every class in any truth or prediction)", required = false, persist = false)
	private String classes = "";

	@Parameter(label = "Save CSV to (optional)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File csv;

	@Parameter(label = "Replace an existing CSV file", persist = false)
	private boolean overwrite = false;

	@Parameter(label = "Results", type = ItemIO.OUTPUT)
	private ResultsTable table;

	/** Which cases the distance means leave out and why; empty when they cover every case. */
	@Parameter(label = "Notes", type = ItemIO.OUTPUT, required = false)
	private String notes;

	@Override
	protected void execute() throws IOException {
		Path predictionDir = ParameterValues.folder("predictions", predictions);
		Path truthDir = ParameterValues.folder("truth", truth);
		Map<String, Path> predicted = ImageFolder.images(predictionDir);
		CaseFolder truths = CaseFolder.of(truthDir);
		DecathlonDataset dataset = truths.decathlon();
		List<String> names = dataset != null && ParameterValues.isEmpty(caselist) ? labeledPredictions(dataset, predicted, predictionDir)
			: truths.names(ParameterValues.isEmpty(caselist) ? null : caselist.toPath());
		if (dataset != null) requireLabels(dataset, names);
		if (!ParameterValues.isEmpty(caselist)) requirePredictions(names, predicted, predictionDir, "");
		else if (dataset != null) log.info("evaluating the " + names.size() + " predictions of labeled cases of " + dataset.file());
		else if (truths.isLaLayout()) requirePredictions(names, predicted, predictionDir, "; to evaluate only some of the " + names.size()
			+ " cases of " + truthDir.toAbsolutePath() + ", name them in caselist");
		else requireSameNames(predicted.keySet(), names);
		Path csvFile = ParameterValues.isEmpty(csv) ? null : csv.toPath();
		// the files compared are inputs, never written over, whatever overwrite says
		OutputPolicy policy = OutputPolicy.of(overwrite).reading(ParameterValues.isEmpty(caselist) ? null : caselist.toPath());
		for (String name : names) policy.reading(predicted.get(name), truths.labelFile(name));
		if (csvFile != null) requireCsvTarget(csvFile, policy);
		Evaluation evaluation = new Evaluation(requestedClasses());
		String[] unit = { null };
		new CaseBatch(() -> false, (name, k, n) -> showStatus("evaluating " + name + " (" + k + "/" + n + ")")).run(names, name -> {
			CaseFolder.Read<LabelVolume> truth = truths.labels(name);
			// the first truth's calibration names the physical distances' unit
			if (unit[0] == null) unit[0] = truth.unit();
			evaluation.add(name, VolumeIO.readLabels(predicted.get(name), true), truth.volume());
		});
		List<CaseMetrics> metrics = evaluation.metrics();
		table = MetricsTable.of(metrics, unit[0], dataset == null ? List.of() : dataset.classNames());
		List<String> coverage = MetricsSummary.of(metrics).coverageNotes();
		notes = String.join("\n", coverage);
		for (String note : coverage) log.warn(note);
		if (!isHeadless()) MetricsTable.show(table, TITLE);
		if (csvFile != null) {
			try {
				MetricsTable.saveCsv(table, csvFile, policy);
			}
			catch (IOException e) {
				// the computed table is not thrown away: it is in the log (and, in Fiji, its window)
				log.info(MetricsTable.csv(table));
				throw new IOException(e.getMessage() + "; the results are printed in the log instead", e);
			}
		}
	}

	/** Fails before the evaluation, instead of after it, when the CSV cannot or may not be written where asked. */
	private static void requireCsvTarget(Path file, OutputPolicy policy) {
		if (Files.isDirectory(file))
			throw new IllegalArgumentException("csv " + file.toAbsolutePath() + " is a folder; give a file name such as metrics.csv");
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Folders.requireCreatable("csv folder", parent);
		policy.requireWritable(file);
	}

	/** Every one of {@code names} needs {@code <name>.tif} among the predictions; {@code hint} ends the error. */
	private static void requirePredictions(List<String> names, Map<String, Path> predicted, Path predictionDir, String hint) {
		List<String> missing = names.stream().filter(n -> !predicted.containsKey(n)).toList();
		if (missing.isEmpty()) return;
		String shown = missing.size() <= 10 ? missing.toString()
			: missing.subList(0, 10).toString().replace("]", ", ... (" + missing.size() + " in all)]");
		throw new IllegalArgumentException(predictionDir.toAbsolutePath() + ": no prediction <case>.tif for " + shown + hint);
	}

	/** The cases of the predictions that {@code dataset}'s training pairs label; refused when there is none. */
	private static List<String> labeledPredictions(DecathlonDataset dataset, Map<String, Path> predicted, Path predictionDir) {
		List<String> names = dataset.labels().keySet().stream().filter(predicted::containsKey).sorted().toList();
		if (names.isEmpty())
			throw new IllegalArgumentException(predictionDir.toAbsolutePath() + ": no prediction for a labeled case of " + dataset.file()
				+ " (its 'training' pairs, e.g. " + dataset.labels().keySet().iterator().next() + ")");
		return names;
	}

	/** Every case evaluated against a Decathlon dataset needs a label in its training pairs (test images have none). */
	private static void requireLabels(DecathlonDataset dataset, List<String> names) {
		List<String> unlabeled = names.stream().filter(n -> !dataset.labels().containsKey(n)).toList();
		if (!unlabeled.isEmpty())
			throw new IllegalArgumentException(dataset.file() + ": no label for " + unlabeled + " (not in 'training'); evaluate labeled cases");
	}

	/** The classes the user names, or null for every class found in the truth or the predictions. */
	private int[] requestedClasses() {
		if (classes == null || classes.isBlank()) return null;
		String[] parts = classes.trim().split("[,\\s]+");
		int[] out = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				out[i] = Integer.parseInt(parts[i]);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("classes: '" + parts[i] + "' is not a class number (in '" + classes + "')");
			}
			if (out[i] < 1 || out[i] > 255) throw new IllegalArgumentException("classes: " + out[i] + " is not in 1..255");
		}
		return out;
	}

	private static void requireSameNames(Set<String> predicted, List<String> truths) {
		TreeSet<String> noTruth = new TreeSet<>(predicted);
		truths.forEach(noTruth::remove);
		TreeSet<String> noPrediction = new TreeSet<>(truths);
		noPrediction.removeAll(predicted);
		if (!noTruth.isEmpty() || !noPrediction.isEmpty())
			throw new IllegalArgumentException("prediction and truth folders must hold the same file names"
				+ (noPrediction.isEmpty() ? "" : "; no prediction for " + noPrediction)
				+ (noTruth.isEmpty() ? "" : "; no truth for " + noTruth));
	}
}
