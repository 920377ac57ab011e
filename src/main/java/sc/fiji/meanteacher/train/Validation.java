package sc.fiji.meanteacher.train;

import java.util.List;

import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.data.TrainingCase;
import sc.fiji.meanteacher.eval.BinaryMask;
import sc.fiji.meanteacher.infer.SlidingWindowSegmenter;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.volume.LabelVolume;

/** Mean foreground Dice of a network on held-out labeled cases, segmented by sliding window. */
final class Validation {

	private final List<TrainingCase> cases;
	private final int numClasses;
	private final int[] patch;

	Validation(List<TrainingCase> cases, int numClasses, int[] patch) {
		this.cases = cases;
		this.numClasses = numClasses;
		this.patch = patch;
	}

	/** Dice averaged over foreground classes and cases (a class absent from both counts as 1). */
	double meanDice(VNet net, NDManager manager) {
		SlidingWindowSegmenter segmenter = new SlidingWindowSegmenter(new VNetPredictor(net, manager, numClasses, patch));
		double sum = 0;
		int n = 0;
		for (TrainingCase c : cases) {
			LabelVolume predicted = new LabelVolume(c.name(), segmenter.segment(c.name(), c.image().img()).byteLabels(),
				c.image().voxelSize());
			for (int k = 1; k < numClasses; k++) {
				sum += dice(BinaryMask.ofClass(predicted, k), BinaryMask.ofClass(c.label(), k));
				n++;
			}
		}
		return sum / n;
	}

	static double dice(BinaryMask a, BinaryMask b) {
		int total = a.count() + b.count();
		return total == 0 ? 1 : 2.0 * a.overlap(b) / total;
	}
}
