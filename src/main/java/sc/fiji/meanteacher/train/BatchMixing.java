package sc.fiji.meanteacher.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A method that trains the student on images it mixes from the batch instead of on the batch
 * itself (copy-paste): the mixed images, their labels, and which voxels came from a labeled patch.
 * The step then pays {@link Losses#byOrigin} — the supervised loss split by origin — with the
 * unlabeled part weighted by {@link TrainingMethod#unlabeledWeightAt}. Tensors are
 * {@code (n, ·, z, y, x)}; the mixing runs without gradients, the teacher included.
 */
public interface BatchMixing {

	/**
	 * The student's input and what it learns.
	 *
	 * @param images {@code (m, 1, z, y, x)}
	 * @param labels {@code (m, 1, z, y, x)} class indices: true labels and pseudo-labels
	 * @param fromLabeled {@code (m, 1, z, y, x)} 1 where the voxel came from a labeled patch, else 0
	 */
	record Mixed(NDArray images, NDArray labels, NDArray fromLabeled) {}

	/**
	 * @param labeled the labeled items {@code (nl, 1, z, y, x)}
	 * @param labels their labels
	 * @param unlabeled the unlabeled items, as the sampler cut them (no teacher noise)
	 * @param iteration 0-based
	 */
	Mixed mix(ConsistencyTerm.Teacher teacher, NDArray labeled, NDArray labels, NDArray unlabeled, NDManager scope, long iteration,
		TrainingConfig config);

	/**
	 * Whether the teacher restarts from the student's weights at the start of this iteration,
	 * before it labels anything: a method whose teacher first labels after a warm-up starts it from
	 * the warmed-up student rather than from an average that still holds the random start.
	 */
	default boolean teacherStartsFromStudent(long iteration, TrainingConfig config) {
		return false;
	}
}
