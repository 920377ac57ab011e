package sc.fiji.meanteacher.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The losses of the method on 5-D tensors {@code (n, classes, z, y, x)}. Labels are class indices
 * {@code (n, 1, z, y, x)} of any numeric type.
 */
public final class Losses {

	/** The reference's smoothing term of the soft Dice. */
	public static final float DICE_SMOOTH = 1e-5f;
	private static final int[] ALL_BUT_CLASS = { 0, 2, 3, 4 };

	private Losses() {}

	/** One-hot float encoding {@code (n, classes, z, y, x)} of class-index labels {@code (n, 1, z, y, x)}. */
	public static NDArray oneHot(NDArray labels, int numClasses) {
		NDArray classes = labels.getManager().arange(0f, numClasses, 1f, DataType.FLOAT32, labels.getDevice())
			.reshape(1, numClasses, 1, 1, 1);
		return labels.toType(DataType.FLOAT32, false).eq(classes).toType(DataType.FLOAT32, false);
	}

	/** Mean voxel-wise cross-entropy of logits against one-hot targets. */
	public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
		return logits.logSoftmax(1).mul(oneHot).sum(new int[] { 1 }).mean().neg();
	}

	/**
	 * Soft Dice loss {@code 1 − (2Σpt + s)/(Σp² + Σt² + s)} over the batch, per foreground class,
	 * averaged over the foreground classes (for 2 classes: the reference's Dice on class 1).
	 */
	public static NDArray softDice(NDArray probabilities, NDArray oneHot) {
		NDArray intersect = probabilities.mul(oneHot).sum(ALL_BUT_CLASS);
		NDArray pSum = probabilities.square().sum(ALL_BUT_CLASS);
		NDArray tSum = oneHot.square().sum(ALL_BUT_CLASS);
		NDArray dice = intersect.mul(2).add(DICE_SMOOTH).div(pSum.add(tSum).add(DICE_SMOOTH));
		return dice.get("1:").mean().neg().add(1);
	}

	/**
	 * Cross-entropy averaged over the annotated voxels only: {@code Σ(mask · CE) / Σmask}.
	 *
	 * @param annotated {@code (n, 1, z, y, x)}: 1 where the voxel is annotated, else 0; null when every voxel is
	 */
	public static NDArray crossEntropy(NDArray logits, NDArray oneHot, NDArray annotated) {
		// the unmasked form keeps dense training bit for bit what it was
		if (annotated == null) return crossEntropy(logits, oneHot);
		NDArray voxelCe = logits.logSoftmax(1).mul(oneHot).sum(new int[] { 1 }, true).neg();
		return voxelCe.mul(annotated).sum().div(annotated.sum());
	}

	/**
	 * {@link #softDice} over the annotated voxels only: the sums of p·t, p² and t² run over the
	 * voxels where {@code annotated} is 1 (masking p and t by a 0/1 mask does exactly that).
	 *
	 * @param annotated as in {@link #crossEntropy(NDArray, NDArray, NDArray)}
	 */
	public static NDArray softDice(NDArray probabilities, NDArray oneHot, NDArray annotated) {
		if (annotated == null) return softDice(probabilities, oneHot);
		return softDice(probabilities.mul(annotated), oneHot.mul(annotated));
	}

	/** {@code 0.5 · (CE + soft Dice)} on logits. */
	public static NDArray supervised(NDArray logits, NDArray labels) {
		return supervised(logits, labels, null);
	}

	/**
	 * {@code 0.5 · (CE + soft Dice)} on logits over the annotated voxels; unannotated voxels carry
	 * no loss, whatever their label.
	 *
	 * @param annotated as in {@link #crossEntropy(NDArray, NDArray, NDArray)}
	 */
	public static NDArray supervised(NDArray logits, NDArray labels, NDArray annotated) {
		int c = (int) logits.getShape().get(1);
		NDArray oneHot = oneHot(labels, c);
		return crossEntropy(logits, oneHot, annotated).add(softDice(logits.softmax(1), oneHot, annotated)).mul(0.5f);
	}

	/** The supervised loss split by where the voxels came from: {@code loss = labeled + w · unlabeled}. */
	public record ByOrigin(NDArray labeled, NDArray unlabeled) {}

	/**
	 * The supervised loss of copy-paste training, split by origin. With L the map of voxels from a
	 * labeled patch and U = 1 − L: each part is {@code 0.5 · (CE + soft Dice)} of that part, where
	 * CE is the mean over all voxels of the batch of the cross-entropy times L (or U) — so that
	 * {@code labeled + w·unlabeled} holds the cross-entropy weighted per voxel — and the Dice is the
	 * {@link #softDice} of probabilities and targets masked by L (or U), one Dice term per origin.
	 * Where all voxels came from labeled patches the labeled part is {@link #supervised} and the
	 * unlabeled part 0.
	 *
	 * @param labels class indices {@code (n, 1, z, y, x)}
	 * @param fromLabeled {@code (n, 1, z, y, x)}: 1 where the voxel came from a labeled patch, else 0
	 */
	public static ByOrigin byOrigin(NDArray logits, NDArray labels, NDArray fromLabeled) {
		int c = (int) logits.getShape().get(1);
		NDArray oneHot = oneHot(labels, c);
		NDArray voxelCe = logits.logSoftmax(1).mul(oneHot).sum(new int[] { 1 }, true).neg();
		NDArray probabilities = logits.softmax(1);
		NDArray fromUnlabeled = fromLabeled.neg().add(1);
		return new ByOrigin(originPart(voxelCe, probabilities, oneHot, fromLabeled), originPart(voxelCe, probabilities, oneHot, fromUnlabeled));
	}

	private static NDArray originPart(NDArray voxelCe, NDArray probabilities, NDArray oneHot, NDArray origin) {
		NDArray ce = voxelCe.mul(origin).mean();
		NDArray dice = softDice(probabilities.mul(origin), oneHot.mul(origin));
		return ce.add(dice).mul(0.5f);
	}

	/**
	 * Voxel-wise consistency between student and teacher logits, {@code (n, classes, z, y, x)}:
	 * squared softmax difference or KL(teacher ‖ student) summand per class.
	 */
	public static NDArray consistencyMap(NDArray studentLogits, NDArray teacherLogits, ConsistencyLoss kind) {
		NDArray teacher = teacherLogits.softmax(1);
		if (kind == ConsistencyLoss.MSE) return studentLogits.softmax(1).sub(teacher).square();
		return teacher.mul(teacherLogits.logSoftmax(1).sub(studentLogits.logSoftmax(1)));
	}

	/** Mean of a consistency map over all elements. */
	public static NDArray consistency(NDArray studentLogits, NDArray teacherLogits, ConsistencyLoss kind) {
		return consistencyMap(studentLogits, teacherLogits, kind).mean();
	}

	/**
	 * UA-MT's masked consistency: the map summed where {@code mask} (n, 1, z, y, x) is 1, divided
	 * by (classes · Σmask) — the reference's {@code Σ(mask·d) / (2 Σmask)} for two classes.
	 */
	public static NDArray maskedConsistency(NDArray studentLogits, NDArray teacherLogits, NDArray mask, ConsistencyLoss kind) {
		long c = studentLogits.getShape().get(1);
		NDArray map = consistencyMap(studentLogits, teacherLogits, kind);
		return map.mul(mask).sum().div(mask.sum().mul((float) c).add(1e-16f));
	}

	/** Predictive entropy {@code −Σ p log(p + 1e-6)} of mean probabilities {@code (n, C, ...)}, as {@code (n, 1, ...)}. */
	public static NDArray entropy(NDArray meanProbabilities) {
		return meanProbabilities.mul(meanProbabilities.add(1e-6f).log()).sum(new int[] { 1 }, true).neg();
	}
}
