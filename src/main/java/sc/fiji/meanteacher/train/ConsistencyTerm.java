package sc.fiji.meanteacher.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The consistency loss of a semi-supervised {@link TrainingMethod}, in two parts because the teacher
 * is never back-propagated: its target is computed before the student's pass with gradients off,
 * the loss inside the student's gradient scope. Tensors are {@code (n, ·, z, y, x)} over the
 * unlabeled items of the batch.
 */
public interface ConsistencyTerm {

	/** The teacher network of a run: a forward pass in training mode (dropout, batch statistics) without gradients. */
	@FunctionalInterface
	interface Teacher {
		NDArray logits(NDArray input);
	}

	/**
	 * What the student is compared with.
	 *
	 * @param teacherLogits the teacher's logits on the noisy unlabeled items
	 * @param voxelWeights per voxel {@code (n, 1, z, y, x)}, which voxels count (UA-MT's certainty), or null for all
	 */
	record Target(NDArray teacherLogits, NDArray voxelWeights) {}

	/**
	 * @param unlabeled the unlabeled items as the student sees them
	 * @param noise the teacher's input noise for them, or null
	 * @param scope the iteration's manager
	 * @param iteration 0-based
	 */
	Target target(Teacher teacher, NDArray unlabeled, NDArray noise, NDManager scope, long iteration, TrainingConfig config);

	/** L_con of the student's logits on the unlabeled items against {@code target}: a scalar. */
	NDArray loss(NDArray studentLogits, Target target, TrainingConfig config);
}
