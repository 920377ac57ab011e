package sc.fiji.meanteacher.infer;

/**
 * Mirrors x-fastest patches along one axis. A mirror is its own inverse, so the same object flips
 * an input patch and flips the prediction back.
 */
final class PatchFlip {

	/** source[i] = index of the voxel that lands at i. */
	private final int[] source;

	PatchFlip(int[] patch, int axis) {
		int px = patch[0], py = patch[1], pz = patch[2];
		source = new int[px * py * pz];
		int i = 0;
		for (int z = 0; z < pz; z++)
			for (int y = 0; y < py; y++)
				for (int x = 0; x < px; x++) {
					int sx = axis == 0 ? px - 1 - x : x;
					int sy = axis == 1 ? py - 1 - y : y;
					int sz = axis == 2 ? pz - 1 - z : z;
					source[i++] = (sz * py + sy) * px + sx;
				}
	}

	/** Writes the mirror of each of {@code blocks} consecutive patches of {@code src} to {@code dst}. */
	void apply(float[] src, float[] dst, int blocks) {
		int p = source.length;
		for (int b = 0, base = 0; b < blocks; b++, base += p)
			for (int i = 0; i < p; i++)
				dst[base + i] = src[base + source[i]];
	}

	/** Adds the mirror of each of {@code blocks} consecutive patches of {@code src} to {@code sum}. */
	void addTo(float[] src, float[] sum, int blocks) {
		int p = source.length;
		for (int b = 0, base = 0; b < blocks; b++, base += p)
			for (int i = 0; i < p; i++)
				sum[base + i] += src[base + source[i]];
	}
}
