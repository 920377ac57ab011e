package sc.fiji.meanteacher.train;

import java.util.List;

import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.eval.BinaryMask;
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.infer.SlidingWindowSegmenter;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;

/**
 * Mean foreground Dice of a network on held-out labeled cases, segmented by sliding window: after
 * every {@code validationInterval} iterations from {@code validationStart} on, and after the last.
 */
final class Validation {

	private final List<Case> cases;
	private final TrainingConfig config;

	Validation(List<Case> cases, TrainingConfig config) {
		this.cases = cases;
		this.config = config;
	}

	/** Whether to validate after iteration {@code it} (0-based); never without validation cases. */
	boolean isDue(long it) {
		if (cases.isEmpty()) return false;
		long done = it + 1;
		return done >= config.validationStart && done % config.validationInterval == 0 || done == config.iterations;
	}

	/**
	 * Dice averaged over foreground classes and cases (a class absent from both counts as 1), over
	 * the annotated voxels of sparse labels only.
	 */
	double meanDice(VNet net, NDManager manager) {
		int numClasses = config.numClasses;
		SlidingWindowSegmenter segmenter = new SlidingWindowSegmenter(new VNetPredictor(net, manager, numClasses, config.patch));
		double sum = 0;
		int n = 0;
		for (Case c : cases) {
			LabelVolume predicted = new LabelVolume(c.name(), segmenter.segment(c.name(), c.image().img()).byteLabels(),
				c.image().voxelSize());
			excludeUnannotated(predicted, c.label());
			for (int k = 1; k < numClasses; k++) {
				sum += SegmentationMetrics.dice(BinaryMask.ofClass(predicted, k), BinaryMask.ofClass(c.label(), k));
				n++;
			}
		}
		return sum / n;
	}

	/**
	 * Gives the prediction the not-annotated value wherever the truth has it, so that neither mask
	 * of a class holds those voxels and the Dice counts annotated voxels only.
	 */
	private void excludeUnannotated(LabelVolume predicted, LabelVolume truth) {
		Annotation annotation = config.annotation();
		if (!annotation.isSparse()) return;
		byte[] p = predicted.data(), t = truth.data();
		for (int i = 0; i < p.length; i++)
			if (!annotation.isAnnotated(t[i])) p[i] = t[i];
	}
}
