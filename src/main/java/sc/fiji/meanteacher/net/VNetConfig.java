package sc.fiji.meanteacher.net;

/**
 * Hyper-parameters of the V-Net topology.
 *
 * @param inChannels input channels (1 for MRI/CT)
 * @param numClasses output classes including background (2 for binary)
 * @param baseFilters filters at full resolution (16 in the reference)
 * @param depth number of stride-2 down-sampling stages (4 in the reference)
 * @param normalization normalisation after each convolution
 * @param dropout channel dropout (p = 0.5) at the deepest stage and before the output
 *        convolution, as the reference does when {@code has_dropout} is set
 */
public record VNetConfig(int inChannels, int numClasses, int baseFilters, int depth,
	Normalization normalization, boolean dropout)
{
	public static final double DROPOUT_P = 0.5;

	public VNetConfig {
		if (inChannels < 1) throw new IllegalArgumentException("input channels must be >= 1, got " + inChannels);
		if (numClasses < 2) throw new IllegalArgumentException("need at least 2 classes (background + 1), got " + numClasses);
		if (numClasses > 255) throw new IllegalArgumentException("at most 255 classes supported, got " + numClasses);
		if (baseFilters < 1) throw new IllegalArgumentException("base filters must be >= 1, got " + baseFilters);
		if (depth < 1 || depth > 6) throw new IllegalArgumentException("depth must be 1..6, got " + depth);
		if (normalization == null) throw new IllegalArgumentException("normalisation is required");
	}

	/** The reference: 1 input channel, 16 filters, 4 stages, batch norm, dropout. */
	public static VNetConfig reference(int numClasses) {
		return new VNetConfig(1, numClasses, 16, 4, Normalization.BATCH, true);
	}

	/** Patch sizes must be divisible by this along every axis. */
	public int patchMultiple() {
		return 1 << depth;
	}

	/** Throws a clear error when a patch cannot pass through the down/up-sampling path. */
	public void requirePatchFits(int[] patch) {
		if (patch.length != 3)
			throw new IllegalArgumentException("patch needs 3 sizes (x, y, z), got " + patch.length);
		int m = patchMultiple();
		for (int i = 0; i < 3; i++)
			if (patch[i] < m || patch[i] % m != 0)
				throw new IllegalArgumentException("patch size " + patch[0] + "x" + patch[1] + "x" + patch[2]
					+ " is not divisible by " + m + " (2^" + depth + " for " + depth
					+ " down-sampling stages) along " + "xyz".charAt(i) + "; try " + Math.max(m, Math.round(patch[i] / (double) m) * m));
	}

	/** Filters at stage {@code level} (0 = full resolution). */
	public int filters(int level) {
		return baseFilters << level;
	}

	/** Convolutions in the stage at {@code level}: 1, 2, then 3 (the reference's 1-2-3-3-3). */
	public int convsAt(int level) {
		return Math.min(level + 1, 3);
	}
}
