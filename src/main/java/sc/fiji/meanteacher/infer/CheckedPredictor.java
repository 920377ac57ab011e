package sc.fiji.meanteacher.infer;

import java.util.Arrays;

/**
 * Guards the segmenter against a predictor that breaks its contract: a wrong output length or
 * non-finite probabilities would otherwise corrupt the accumulated volume silently.
 */
final class CheckedPredictor implements PatchPredictor {

	private final PatchPredictor net;
	private final int numClasses;
	private final int[] patch;
	private final int patchVoxels;

	CheckedPredictor(PatchPredictor net) {
		this.net = net;
		this.numClasses = net.numClasses();
		this.patch = net.patchSize();
		if (patch == null || patch.length != 3 || patch[0] < 1 || patch[1] < 1 || patch[2] < 1)
			throw new IllegalArgumentException("predictor patch size must be 3 positive lengths (x, y, z), got " + Arrays.toString(patch));
		long voxels = (long) patch[0] * patch[1] * patch[2];
		if (numClasses < 1 || numClasses > 65536)
			throw new IllegalArgumentException("predictor class count must be between 1 and 65536, got " + numClasses);
		if (voxels * numClasses > Integer.MAX_VALUE / 2)
			throw new IllegalArgumentException("patch " + Arrays.toString(patch) + " with " + numClasses + " classes is too large");
		this.patchVoxels = (int) voxels;
	}

	@Override
	public int numClasses() { return numClasses; }

	@Override
	public int[] patchSize() { return patch.clone(); }

	@Override
	public float[] predict(float[] windows, int n) {
		float[] out = net.predict(windows, n);
		long expected = (long) n * numClasses * patchVoxels;
		if (out == null || out.length != expected)
			throw new IllegalStateException("predictor returned " + (out == null ? "null" : out.length + " values")
				+ " for " + n + " windows; expected " + expected + " (" + n + " x " + numClasses + " classes x "
				+ patch[2] + "x" + patch[1] + "x" + patch[0] + ")");
		for (int i = 0; i < out.length; i++)
			if (!Float.isFinite(out[i]))
				throw new IllegalStateException("predictor returned a non-finite probability (" + out[i] + ") at output index " + i);
		return out;
	}
}
