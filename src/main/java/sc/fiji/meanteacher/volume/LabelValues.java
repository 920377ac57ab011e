package sc.fiji.meanteacher.volume;

/** Converts raw label values read from a file or image to unsigned bytes, rejecting non-labels. */
final class LabelValues {

	static final int MAX_LABEL = 255;

	private LabelValues() {}

	/**
	 * @param source names the image or file in error messages
	 * @param values label values, x fastest, in a volume {@code nx} wide and {@code ny} high
	 * @throws IllegalArgumentException at the first value that is not an integer in 0..255
	 */
	static byte[] toBytes(String source, float[] values, int nx, int ny) {
		byte[] labels = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			float v = values[i];
			// Written so that NaN fails too.
			if (!(v >= 0 && v <= MAX_LABEL && v == Math.rint(v)))
				throw new IllegalArgumentException(source + ": labels must be integers 0.." + MAX_LABEL + ", got " + v
					+ " at voxel " + Voxels.describe(i, nx, ny));
			labels[i] = (byte) (int) v;
		}
		return labels;
	}
}
