package sc.fiji.meanteacher.infer;

import sc.fiji.meanteacher.volume.PatchSize;

/**
 * A network applied to a batch of patches. The sliding-window segmenter only sees this interface,
 * so it runs (and is tested) without any deep-learning engine.
 */
public interface PatchPredictor {

	/** Number of output classes C (background included). */
	int numClasses();

	/** Patch size the network takes. */
	PatchSize patchSize();

	/**
	 * Whether the windows run on a GPU, whose memory the host-memory estimate
	 * ({@link InferenceMemory}) does not describe; false for anything on the CPU.
	 */
	default boolean onGpu() {
		return false;
	}

	/**
	 * Applies the network to {@code n} patches.
	 *
	 * @param windows n patches, each {@code px*py*pz} floats with x fastest, concatenated
	 * @param n number of patches in {@code windows} (the array holds exactly {@code n} patches)
	 * @return {@code n*C*pz*py*px} class probabilities (softmax already applied), laid out
	 *         {@code [n][c][z][y][x]} with x fastest
	 */
	float[] predict(float[] windows, int n);
}
