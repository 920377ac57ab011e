package sc.fiji.meanteacher.net;

import ai.djl.ndarray.NDArray;

/**
 * Closes intermediate arrays of a forward pass as soon as the next one exists. DJL keeps every
 * array until its manager closes, so without this a pass holds all its activations at once —
 * also without gradients (teacher, inference), where PyTorch frees each as it goes. With
 * gradients nothing is lost: autograd keeps its own reference to whatever backward needs.
 */
final class Release {

	private Release() {}

	/** Returns {@code result} after closing {@code used}, the arrays it was computed from. */
	static NDArray after(NDArray result, NDArray... used) {
		for (NDArray a : used)
			if (a != result) a.close();
		return result;
	}
}
