package sc.fiji.meanteacher.volume;

import java.util.Locale;

/**
 * The grid a training run brings every volume to before the network sees it, and that
 * segmentation brings new images to: each volume's own grid scaled by {@code scale} on every axis
 * (Train's {@code scale}; 0.5 = half the voxels per axis), or the grid of voxel size
 * {@code spacing} (Train's {@code spacing}), whatever each volume's own voxel size. The two are
 * exclusive: a factor of each volume's grid and a voxel size for all of them would contradict
 * each other for any volume whose voxel size is not {@code spacing / scale}. Both are per-axis
 * factors for {@link Resampling}.
 *
 * @param scale the factor on every axis; 1 when {@code spacing} is given
 * @param spacing the target voxel size, or null for a factor
 */
public record GridTarget(double scale, VoxelSpacing spacing) {

	/** Largest factor on any axis: up-sampling beyond 4× per axis only multiplies memory. */
	public static final double MAX_FACTOR = 4;
	/** The grid as it is. */
	public static final GridTarget AS_IS = new GridTarget(1, null);

	/**
	 * Any grid a model may describe (an imported one may have been trained at any factor).
	 *
	 * @throws IllegalArgumentException for a scale that is not a positive number, or a scale other than 1 beside a spacing
	 */
	public GridTarget {
		if (!(scale > 0) || Double.isInfinite(scale))
			throw new IllegalArgumentException("input scale (resampling factor) must be a positive number, got " + scale);
		if (spacing != null && scale != 1)
			throw new IllegalArgumentException("scale=" + VoxelSpacing.number(scale) + " and spacing=" + spacing
				+ " both resample the data; give one of them (scale multiplies each volume's own grid, spacing sets the voxel size)");
	}

	/**
	 * The grid of a training run's {@code scale} and {@code spacing} (null for none).
	 *
	 * @throws IllegalArgumentException naming the value for a scale outside (0, {@link #MAX_FACTOR}],
	 *           or for both given
	 */
	public static GridTarget of(double scale, VoxelSpacing spacing) {
		if (!(scale > 0 && scale <= MAX_FACTOR))
			throw new IllegalArgumentException("input scale (resampling factor) must be a number in (0, " + (int) MAX_FACTOR
				+ "], got " + scale);
		return new GridTarget(scale, spacing);
	}

	/** A training run's {@code scale} alone ({@link #of}). */
	public static GridTarget scale(double scale) {
		return of(scale, null);
	}

	public static GridTarget spacing(VoxelSpacing spacing) {
		return new GridTarget(1, spacing);
	}

	/** Whether a volume on a grid of voxel size {@code voxelSize} is resampled at all. */
	public boolean resamples(double[] voxelSize) {
		for (double f : factors(voxelSize))
			if (f != 1) return true;
		return false;
	}

	/** Per axis, the factor that takes a grid of {@code voxelSize} to this target. */
	public double[] factors(double[] voxelSize) {
		return spacing != null ? spacing.factorsFrom(voxelSize) : new double[] { scale, scale, scale };
	}

	/**
	 * {@code c} on this grid ({@link Case#resampled(double[], int)}).
	 *
	 * @param source the file or image the case was read from, for messages
	 * @throws IllegalArgumentException naming {@code source} when a spacing is asked for but the
	 *           case has no voxel size (no length unit: an uncalibrated image), or when it would be
	 *           up-sampled more than {@link #MAX_FACTOR} times along an axis
	 */
	public Case apply(Case c, String source, int numClasses) {
		if (spacing == null) return c.resampled(factors(c.image().voxelSize()), numClasses);
		requireVoxelSize(c.unit(), source);
		double[] voxelSize = c.image().voxelSize(), factors = factors(voxelSize);
		for (int d = 0; d < 3; d++)
			if (factors[d] > MAX_FACTOR)
				throw new IllegalArgumentException(source + ": spacing=" + spacing + " would up-sample it "
					+ String.format(Locale.ROOT, "%.3g", factors[d]) + " times along " + "xyz".charAt(d) + " (its voxel size "
					+ VoxelSpacing.number(voxelSize[d]) + "); at most " + (int) MAX_FACTOR + " times per axis");
		return c.resampled(factors, numClasses);
	}

	/**
	 * @param unit the length unit of an image's voxel size, null for none (an uncalibrated image)
	 * @param source the file or image, for the message
	 * @throws IllegalArgumentException naming {@code source} when this grid is a spacing and the
	 *           image has no voxel size to resample from
	 */
	public void requireVoxelSize(String unit, String source) {
		if (spacing != null && unit == null)
			throw new IllegalArgumentException(source + ": has no voxel size (an uncalibrated image), so it cannot be resampled to "
				+ "spacing=" + spacing + "; set its voxel size (Image > Properties...) or leave spacing empty");
	}

	/**
	 * What to do to a new image before a network trained on this grid sees it, for model
	 * descriptions: "resampled by 0.5 per axis" or "resampled to a voxel size of 0.4,0.4,1 (x, y,
	 * z)"; null when nothing is resampled.
	 */
	public String instruction() {
		if (spacing != null) return "resampled to a voxel size of " + spacing + " (x, y, z)";
		return scale == 1 ? null : "resampled by " + VoxelSpacing.number(scale) + " per axis";
	}

	/** ", resampled by 0.5", ", resampled to voxel size 1,1,1" or "" for a status line. */
	public String describe() {
		if (spacing != null) return ", resampled to voxel size " + spacing;
		return scale == 1 ? "" : ", resampled by " + VoxelSpacing.number(scale);
	}
}
