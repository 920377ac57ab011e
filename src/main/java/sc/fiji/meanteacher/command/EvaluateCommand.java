package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.scijava.ItemIO;
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
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Compares a folder of predicted label stacks with a folder of true ones (paired by file name):
 * Dice, Jaccard, HD95 (pooled) and ASD per case and class, then mean and sd, distances in voxels
 * and in the truth's calibration unit.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + EvaluateCommand.TITLE)
public class EvaluateCommand extends MeanTeacherCommand {

	public static final String TITLE = "Evaluate Mean Teacher Segmentation";

	@Parameter(label = "Predicted labels folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File predictions;

	@Parameter(label = "True labels folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File truth;

	@Parameter(label = "Classes (e.g. 1,2; empty = all in the truth)", required = false, persist = false)
	private String classes = "";

	@Parameter(label = "Save CSV to (optional)", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File csv;

	@Parameter(label = "Results", type = ItemIO.OUTPUT)
	private ResultsTable table;

	@Override
	protected void execute() throws IOException {
		Map<String, Path> predicted = TiffFolder.list(ParameterValues.folder("predictions", predictions));
		Map<String, Path> truths = TiffFolder.list(ParameterValues.folder("truth", truth));
		requireSameNames(predicted, truths);
		List<CaseMetrics> metrics = new ArrayList<>();
		String unit = null;
		int k = 0;
		for (Map.Entry<String, Path> t : truths.entrySet()) {
			showStatus("evaluating " + t.getKey() + " (" + ++k + "/" + truths.size() + ")");
			ImagePlus truthImage = VolumeIO.openTiff(t.getValue());
			if (unit == null) unit = truthImage.getCalibration().getUnit();
			LabelVolume read = ImagePlusVolumes.toLabelVolume(truthImage, true);
			LabelVolume trueLabels = new LabelVolume(t.getKey(), read.img(), read.voxelSize());
			LabelVolume predictedLabels = VolumeIO.readLabels(predicted.get(t.getKey()), true);
			metrics.addAll(SegmentationMetrics.evaluate(predictedLabels, trueLabels, classesOf(trueLabels)));
		}
		table = MetricsTable.of(metrics, unit);
		if (!ParameterValues.isEmpty(csv)) MetricsTable.saveCsv(table, csv.toPath());
		if (!isHeadless()) table.show(TITLE);
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
