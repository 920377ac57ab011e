package sc.fiji.meanteacher.infer;

import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Guards the segmenter against a predictor that breaks its contract: a wrong output length or
 * non-finite probabilities would otherwise corrupt the accumulated volume silently.
 */
final class CheckedPredictor implements PatchPredictor {

	private final PatchPredictor net;
	private final int numClasses;
	private final PatchSize patch;
	private final int patchVoxels;

	CheckedPredictor(PatchPredictor net) {
		this.net = net;
		this.numClasses = net.numClasses();
		this.patch = net.patchSize();
		if (patch == null) throw new IllegalArgumentException("predictor has no patch size");
		long voxels = patch.voxels();
		if (numClasses < 1 || numClasses > 65536)
			throw new IllegalArgumentException("predictor class count must be between 1 and 65536, got " + numClasses);
		if (voxels * numClasses > Integer.MAX_VALUE / 2)
			throw new IllegalArgumentException("patch " + patch + " with " + numClasses + " classes is too large");
		this.patchVoxels = (int) voxels;
	}

	@Override
	public int numClasses() { return numClasses; }

	@Override
	public PatchSize patchSize() { return patch; }

	@Override
	public float[] predict(float[] windows, int n) {
		float[] out = net.predict(windows, n);
		long expected = (long) n * numClasses * patchVoxels;
		if (out == null || out.length != expected)
			throw new IllegalStateException("predictor returned " + (out == null ? "null" : out.length + " values")
				+ " for " + n + " windows; expected " + expected + " (" + n + " x " + numClasses + " classes x "
				+ patch.z() + "x" + patch.y() + "x" + patch.x() + ")");
		for (int i = 0; i < out.length; i++)
			if (!Float.isFinite(out[i]))
				throw new IllegalStateException("predictor returned a non-finite probability (" + out[i] + ") at output index " + i);
		return out;
	}
}
