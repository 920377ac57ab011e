package sc.fiji.meanteacher.volume;

import java.util.Arrays;

/**
 * How a volume's intensities are rescaled before the network sees them. The same choice is applied
 * at training and at segmentation, so it is saved with a model under its {@link #id()}.
 * Every variant first rejects NaN and infinite voxels, which would poison a whole training run.
 */
public enum IntensityNormalization {

	/** Per volume: {@code (v − mean) / sd}, population sd; the LA reference preprocessing. */
	ZSCORE("zscore") {
		@Override
		float[] rescale(Volume volume) {
			float[] v = volume.data();
			double sum = 0;
			for (float x : v) sum += x;
			double mean = sum / v.length;
			double squares = 0;
			for (float x : v) squares += (x - mean) * (x - mean);
			double sd = Math.sqrt(squares / v.length);
			if (!(sd > 0))
				throw new IllegalArgumentException(volume.name() + ": all voxels equal " + v[0]
					+ ", a constant volume cannot be z-score normalised");
			return affine(v, mean, 1 / sd, false);
		}
	},

	/** Intensities as they are (data normalised beforehand). */
	NONE("none") {
		@Override
		float[] rescale(Volume volume) {
			return volume.data().clone();
		}
	},

	/**
	 * Robust min-max: the 0.5th and 99.5th percentiles (linear interpolation, as numpy's default)
	 * map to 0 and 1 and values beyond are clipped, so a few hot voxels do not squash the range.
	 */
	PERCENTILE_MINMAX("percentile-0.5-99.5") {
		@Override
		float[] rescale(Volume volume) {
			float[] v = volume.data();
			float[] sorted = v.clone();
			Arrays.sort(sorted);
			double low = percentile(sorted, 0.5), high = percentile(sorted, 99.5);
			if (!(high > low))
				throw new IllegalArgumentException(volume.name() + ": the 0.5th and 99.5th intensity percentiles are both "
					+ low + ", the volume has no contrast to rescale");
			return affine(v, low, 1 / (high - low), true);
		}
	};

	private final String id;

	IntensityNormalization(String id) {
		this.id = id;
	}

	/** Stable name for model files; see {@link #fromName(String)}. */
	public String id() { return id; }

	/** The variant with this {@link #id()} or enum name, ignoring case. */
	public static IntensityNormalization fromName(String name) {
		for (IntensityNormalization n : values())
			if (n.id.equalsIgnoreCase(name) || n.name().equalsIgnoreCase(name)) return n;
		throw new IllegalArgumentException("unknown intensity normalisation '" + name + "', expected one of "
			+ Arrays.toString(Arrays.stream(values()).map(IntensityNormalization::id).toArray()));
	}

	/** A new volume with the same name and voxel size and rescaled intensities; the input is unchanged. */
	public Volume apply(Volume volume) {
		requireFinite(volume);
		return Volume.wrap(volume.name(), rescale(volume), volume.dims(), volume.voxelSize());
	}

	abstract float[] rescale(Volume volume);

	/** @throws IllegalArgumentException naming the volume and the first NaN or infinite voxel */
	public static void requireFinite(Volume volume) {
		float[] v = volume.data();
		for (int i = 0; i < v.length; i++)
			if (!Float.isFinite(v[i]))
				throw new IllegalArgumentException(volume.name() + ": voxel " + Voxels.describe(i, volume.nx(), volume.ny())
					+ " is " + v[i] + "; intensities must be finite numbers");
	}

	private static float[] affine(float[] v, double offset, double scale, boolean clipToUnit) {
		float[] out = new float[v.length];
		for (int i = 0; i < v.length; i++) {
			double y = (v[i] - offset) * scale;
			out[i] = (float) (clipToUnit ? Math.min(1, Math.max(0, y)) : y);
		}
		return out;
	}

	/** Percentile {@code p} (0..100) of sorted values, interpolating linearly between ranks. */
	static double percentile(float[] sorted, double p) {
		double rank = p / 100 * (sorted.length - 1);
		int below = (int) Math.floor(rank);
		int above = Math.min(below + 1, sorted.length - 1);
		double fraction = rank - below;
		return sorted[below] + fraction * (sorted[above] - sorted[below]);
	}
}
