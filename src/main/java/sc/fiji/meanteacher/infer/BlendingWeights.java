package sc.fiji.meanteacher.infer;

import java.util.Arrays;

/**
 * How much each voxel of a window counts when overlapping windows are averaged.
 * <p>
 * {@link #CONSTANT} gives every voxel weight 1, so the average is the sum over windows divided by
 * the visit count (the reference). {@link #GAUSSIAN} trusts window centres more than window edges,
 * where the network saw less context: a separable Gaussian with σ = patch/8 per axis centred at
 * {@code (patch - 1) / 2}, scaled so its maximum is 1 and floored at {@link #FLOOR}.
 */
public enum BlendingWeights {

	CONSTANT, GAUSSIAN;

	/**
	 * Smallest Gaussian weight. The corners of a 3-D Gaussian with σ = patch/8 fall to about e^-24;
	 * the floor keeps every window's say at its corners positive (a voxel seen only by window
	 * corners still gets a well-defined average) while staying negligible beside any interior weight.
	 */
	public static final float FLOOR = 1e-4f;

	/** The blending named {@code name} ("gaussian" or "constant", any case). */
	public static BlendingWeights fromName(String name) {
		for (BlendingWeights b : values())
			if (name != null && b.name().equalsIgnoreCase(name.trim())) return b;
		throw new IllegalArgumentException("unknown blending '" + name + "' (gaussian or constant)");
	}

	/** Weights of one patch (x, y, z), {@code px*py*pz} floats with x fastest. */
	public float[] forPatch(int[] patch) {
		if (patch.length != 3 || patch[0] < 1 || patch[1] < 1 || patch[2] < 1)
			throw new IllegalArgumentException("blending weights need a 3-D patch size of positive lengths, got " + Arrays.toString(patch));
		float[] w = new float[patch[0] * patch[1] * patch[2]];
		if (this == CONSTANT) {
			Arrays.fill(w, 1f);
			return w;
		}
		double[] gx = gaussian(patch[0]), gy = gaussian(patch[1]), gz = gaussian(patch[2]);
		int i = 0;
		for (int z = 0; z < patch[2]; z++)
			for (int y = 0; y < patch[1]; y++)
				for (int x = 0; x < patch[0]; x++)
					w[i++] = (float) Math.max(FLOOR, gz[z] * gy[y] * gx[x]);
		return w;
	}

	/** 1-D Gaussian profile, σ = n/8, centred at (n-1)/2, maximum 1. */
	static double[] gaussian(int n) {
		double sigma = n / 8.0, centre = (n - 1) / 2.0;
		double[] g = new double[n];
		double max = 0;
		for (int i = 0; i < n; i++) {
			double d = (i - centre) / sigma;
			g[i] = Math.exp(-0.5 * d * d);
			max = Math.max(max, g[i]);
		}
		for (int i = 0; i < n; i++) g[i] /= max;
		return g;
	}
}
