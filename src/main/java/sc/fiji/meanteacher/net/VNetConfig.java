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

	/** Voxels of one patch at the deepest stage, after {@code depth} halvings of every axis. */
	public long deepestVoxels(int[] patch) {
		long voxels = 1;
		for (int p : patch) voxels *= p >> depth;
		return voxels;
	}

	/**
	 * Values one statistic of the normalisation is taken over in training mode, at the deepest
	 * stage, in a forward pass of {@code batch} patches: batch norm pools the batch and the
	 * voxels, instance norm one patch's voxels, group norm a group's channels and voxels. Each
	 * stage down has 8× fewer voxels and at most 2× the channels per group, so this is the fewest
	 * anywhere in the network; with one value the normalised output is constant (libtorch refuses
	 * it for batch norm). {@link Long#MAX_VALUE} without normalisation.
	 */
	public long normalisationValues(int[] patch, int batch) {
		long voxels = deepestVoxels(patch);
		int channels = filters(depth);
		return switch (normalization) {
			case BATCH -> batch * voxels;
			case INSTANCE -> voxels;
			case GROUP -> channels / Normalization.groupsFor(channels) * voxels;
			case NONE -> Long.MAX_VALUE;
		};
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
