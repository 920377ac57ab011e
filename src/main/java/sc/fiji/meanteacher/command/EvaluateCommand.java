package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.ui.MetricsTable;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaLayout;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Compares a folder of predicted label stacks with a folder of true ones (paired by file name), or
 * with the labels of a folder in the LA layout ({@link LaLayout}; prediction {@code <case>.tif}):
 * Dice, Jaccard, HD95 (pooled) and ASD per case and class, then mean and sd, distances in voxels
 * and in the truth's calibration unit. Every truth case needs a prediction; {@code caselist}
 * restricts the evaluation to the cases it names (other predictions are then ignored).
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

	@Parameter(label = "Classes (e.g. 1,2; empty = all in the truth)", required = false, persist = false)
	private String classes = "";

	@Parameter(label = "Save CSV to (optional)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File csv;

	@Parameter(label = "Results", type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Override
	protected void execute() throws IOException {
		Path predictionDir = ParameterValues.folder("predictions", predictions);
		Path truthDir = ParameterValues.folder("truth", truth);
		Map<String, Path> predicted = TiffFolder.list(predictionDir);
		boolean la = LaLayout.isLaLayout(truthDir);
		Map<String, Path> truths = la ? Map.of() : TiffFolder.list(truthDir);
		List<String> names = BatchCases.names(truthDir, la ? null : truths, caselist);
		if (!ParameterValues.isEmpty(caselist)) requirePredictions(names, predicted, predictionDir, "");
		else if (la) requirePredictions(names, predicted, predictionDir, "; to evaluate only some of the " + names.size()
			+ " cases of " + truthDir.toAbsolutePath() + ", name them in caselist");
		else requireSameNames(predicted, truths);
		List<CaseMetrics> metrics = new ArrayList<>();
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
			metrics.addAll(SegmentationMetrics.evaluate(predictedLabels, trueLabels, classesOf(trueLabels)));
		}
		table = MetricsTable.of(metrics, unit);
		if (!ParameterValues.isEmpty(csv)) MetricsTable.saveCsv(table, csv.toPath());
		if (!isHeadless()) MetricsTable.show(table, TITLE);
	}

	/** Every one of {@code names} needs {@code <name>.tif} among the predictions; {@code hint} ends the error. */
	private static void requirePredictions(List<String> names, Map<String, Path> predicted, Path predictionDir, String hint) {
		List<String> missing = names.stream().filter(n -> !predicted.containsKey(n)).toList();
		if (missing.isEmpty()) return;
		String shown = missing.size() <= 10 ? missing.toString()
			: missing.subList(0, 10).toString().replace("]", ", ... (" + missing.size() + " in all)]");
		throw new IllegalArgumentException(predictionDir.toAbsolutePath() + ": no prediction <case>.tif for " + shown + hint);
	}

	private int[] classesOf(LabelVolume trueLabels) {
		if (classes != null && !classes.isBlank()) {
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
		int max = Math.max(1, trueLabels.maxLabel());
		int[] out = new int[max];
		for (int c = 1; c <= max; c++) out[c - 1] = c;
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
