package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.MetricsSummary;
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.ui.MetricsTable;
import sc.fiji.meanteacher.volume.Folders;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaLayout;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.TiffFolder;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Compares a folder of predicted label stacks with a folder of true ones (paired by file name), or
 * with the labels of a folder in the LA layout ({@link LaLayout}; prediction {@code <case>.tif}):
 * Dice, Jaccard, HD95 (pooled) and ASD per case and class, then mean and sd, distances in voxels
 * and in the truth's calibration unit. Every truth case needs a prediction; {@code caselist}
 * restricts the evaluation to the cases it names (other predictions are then ignored). Every case
 * is scored for every class named in {@code classes}, or else for every class found in any truth
 * or prediction. Each row says how many cases it covers; the distance means leave out the cases
 * with an empty prediction or truth, and {@code notes} names them.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + EvaluateCommand.TITLE)
public class EvaluateCommand extends MeanTeacherCommand {

	public static final String TITLE = "Evaluate Mean Teacher Segmentation";

	@Parameter(label = "Predicted labels folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File predictions;

	@Parameter(label = "True labels folder (TIFFs or LA layout)", style = FileWidget.DIRECTORY_STYLE, persist = false)
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

	@Parameter(label = "Results", type = ItemIO.OUTPUT)
	private ResultsTable table;

	/** Which cases the distance means leave out and why; empty when they cover every case. */
	@Parameter(label = "Notes", type = ItemIO.OUTPUT, required = false)
	private String notes;

	@Override
	protected void execute() throws IOException {
		Path predictionDir = ParameterValues.folder("predictions", predictions);
		Path truthDir = ParameterValues.folder("truth", truth);
		Map<String, Path> predicted = TiffFolder.images(predictionDir);
		boolean la = LaLayout.isLaLayout(truthDir);
		Map<String, Path> truths = la ? Map.of() : TiffFolder.images(truthDir);
		List<String> names = BatchCases.names(truthDir, la ? null : truths, caselist);
		if (!ParameterValues.isEmpty(caselist)) requirePredictions(names, predicted, predictionDir, "");
		else if (la) requirePredictions(names, predicted, predictionDir, "; to evaluate only some of the " + names.size()
			+ " cases of " + truthDir.toAbsolutePath() + ", name them in caselist");
		else requireSameNames(predicted, truths);
		Path csvFile = ParameterValues.isEmpty(csv) ? null : csv.toPath();
		if (csvFile != null) requireCsvTarget(csvFile);
		int[] requested = requestedClasses();
		List<CaseMetrics> metrics = new ArrayList<>();
		Map<String, Integer> highestLabel = new LinkedHashMap<>();
		String unit = la ? LaLayout.UNIT : null;
		int k = 0;
		for (String name : names) {
			showStatus("evaluating " + name + " (" + ++k + "/" + names.size() + ")");
			LabelVolume trueLabels;
			if (la) trueLabels = LaCaseReader.read(truthDir, name, true).label();
			else {
				ImagePlus truthImage = VolumeIO.openTiff(truths.get(name));
				if (unit == null) unit = truthImage.getCalibration().getUnit();
				LabelVolume read = ImagePlusVolumes.toLabelVolume(truthImage, true);
				trueLabels = new LabelVolume(name, read.img(), read.voxelSize());
			}
			LabelVolume predictedLabels = VolumeIO.readLabels(predicted.get(name), true);
			int highest = Math.max(trueLabels.maxLabel(), predictedLabels.maxLabel());
			highestLabel.put(name, highest);
			metrics.addAll(SegmentationMetrics.evaluate(predictedLabels, trueLabels, requested != null ? requested : upTo(highest)));
		}
		// Without a class list every case is scored for every class any case has: a case lacking
		// class c in both volumes scores a perfect "nothing there", one lacking it only in its truth
		// keeps its false positives.
		if (requested == null) {
			int highest = Math.max(1, highestLabel.values().stream().mapToInt(Integer::intValue).max().orElse(1));
			for (Map.Entry<String, Integer> e : highestLabel.entrySet())
				for (int c = Math.max(1, e.getValue() + 1); c <= highest; c++) metrics.add(CaseMetrics.bothEmpty(e.getKey(), c));
			metrics.sort(Comparator.comparing((CaseMetrics m) -> names.indexOf(m.caseName())).thenComparingInt(CaseMetrics::classIndex));
		}
		table = MetricsTable.of(metrics, unit);
		List<String> coverage = MetricsSummary.of(metrics).coverageNotes();
		notes = String.join("\n", coverage);
		for (String note : coverage) log.warn(note);
		if (!isHeadless()) MetricsTable.show(table, TITLE);
		if (csvFile != null) {
			try {
				MetricsTable.saveCsv(table, csvFile);
			}
			catch (IOException e) {
				// the computed table is not thrown away: it is in the log (and, in Fiji, its window)
				log.info(MetricsTable.csv(table));
				throw new IOException(e.getMessage() + "; the results are printed in the log instead", e);
			}
		}
	}

	/** Fails before the evaluation, instead of after it, when the CSV cannot be written where asked. */
	private static void requireCsvTarget(Path file) {
		if (Files.isDirectory(file))
			throw new IllegalArgumentException("csv " + file.toAbsolutePath() + " is a folder; give a file name such as metrics.csv");
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Folders.requireCreatable("csv folder", parent);
	}

	private static int[] upTo(int highest) {
		int[] out = new int[Math.max(1, highest)];
		for (int c = 1; c <= out.length; c++) out[c - 1] = c;
		return out;
	}

	/** Every one of {@code names} needs {@code <name>.tif} among the predictions; {@code hint} ends the error. */
	private static void requirePredictions(List<String> names, Map<String, Path> predicted, Path predictionDir, String hint) {
		List<String> missing = names.stream().filter(n -> !predicted.containsKey(n)).toList();
		if (missing.isEmpty()) return;
		String shown = missing.size() <= 10 ? missing.toString()
			: missing.subList(0, 10).toString().replace("]", ", ... (" + missing.size() + " in all)]");
		throw new IllegalArgumentException(predictionDir.toAbsolutePath() + ": no prediction <case>.tif for " + shown + hint);
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

	private static void requireSameNames(Map<String, Path> predicted, Map<String, Path> truths) {
		TreeSet<String> noTruth = new TreeSet<>(predicted.keySet());
		noTruth.removeAll(truths.keySet());
		TreeSet<String> noPrediction = new TreeSet<>(truths.keySet());
		noPrediction.removeAll(predicted.keySet());
		if (!noTruth.isEmpty() || !noPrediction.isEmpty())
			throw new IllegalArgumentException("prediction and truth folders must hold the same file names"
				+ (noPrediction.isEmpty() ? "" : "; no prediction for " + noPrediction)
				+ (noTruth.isEmpty() ? "" : "; no truth for " + noTruth));
	}
}
