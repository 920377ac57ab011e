package sc.fiji.meanteacher.infer;

import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Flip test-time augmentation around another predictor: each batch is predicted as is and mirrored
 * along x, y and z (the mirrored predictions mirrored back), and the four results are averaged.
 * Axes of patch length 1 are skipped, since mirroring them changes nothing (a 2-D patch gets three
 * passes). Each pass sends the same number of windows, so memory per pass does not grow.
 */
public final class FlipTtaPredictor implements PatchPredictor {

	private final PatchPredictor net;
	private final PatchSize patch;
	private final PatchFlip[] flips;

	public FlipTtaPredictor(PatchPredictor net) {
		this.net = net;
		this.patch = net.patchSize();
		int[] p = patch.toArray();
		int axes = 0;
		for (int d = 0; d < 3; d++)
			if (p[d] > 1) axes++;
		flips = new PatchFlip[axes];
		for (int d = 0, i = 0; d < 3; d++)
			if (p[d] > 1) flips[i++] = new PatchFlip(p, d);
	}

	@Override
	public int numClasses() { return net.numClasses(); }

	@Override
	public PatchSize patchSize() { return patch; }

	@Override
	public float[] predict(float[] windows, int n) {
		float[] sum = net.predict(windows, n).clone();
		float[] mirrored = new float[windows.length];
		int outputBlocks = n * net.numClasses();
		for (PatchFlip flip : flips) {
			flip.apply(windows, mirrored, n);
			float[] out = net.predict(mirrored, n);
			if (out.length != sum.length)
				throw new IllegalStateException("predictor returned " + out.length + " values for a mirrored batch, "
					+ sum.length + " for the original");
			flip.addTo(out, sum, outputBlocks);
		}
		float passes = flips.length + 1;
		for (int i = 0; i < sum.length; i++) sum[i] /= passes;
		return sum;
	}
}
