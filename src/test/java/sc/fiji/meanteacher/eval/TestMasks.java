package sc.fiji.meanteacher.eval;

/** Small synthetic masks for the metric tests. */
final class TestMasks {

	private TestMasks() {}

	/** Foreground in the box [from, to) of a volume of size {@code dims}. */
	static BinaryMask box(int[] dims, int[] from, int[] to) {
		boolean[] v = new boolean[dims[0] * dims[1] * dims[2]];
		for (int z = from[2]; z < to[2]; z++)
			for (int y = from[1]; y < to[1]; y++)
				for (int x = from[0]; x < to[0]; x++)
					v[x + dims[0] * (y + dims[1] * z)] = true;
		return BinaryMask.wrap("box", v, dims);
	}

	/** Foreground where the squared distance to {@code center} is at most r^2 (voxel units). */
	static BinaryMask ball(int[] dims, int[] center, int radius) {
		boolean[] v = new boolean[dims[0] * dims[1] * dims[2]];
		for (int z = 0, i = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++, i++) {
					int dx = x - center[0], dy = y - center[1], dz = z - center[2];
					v[i] = dx * dx + dy * dy + dz * dz <= radius * radius;
				}
		return BinaryMask.wrap("ball", v, dims);
	}

	/** Foreground voxels {@code z} of a 1 x 1 x n line; every one of them is a surface voxel. */
	static BinaryMask line(int n, int... zs) {
		boolean[] v = new boolean[n];
		for (int z : zs) v[z] = true;
		return BinaryMask.wrap("line", v, 1, 1, n);
	}

	static int[] range(int from, int to) {
		int[] r = new int[to - from];
		for (int i = 0; i < r.length; i++) r[i] = from + i;
		return r;
	}

	/** Brute-force distance from (x, y, z) to the nearest foreground voxel of {@code to}: tries them all. */
	static double nearest(BinaryMask to, int x, int y, int z, double[] s) {
		int[] d = to.dims();
		double best = Double.POSITIVE_INFINITY;
		for (int k = 0; k < d[2]; k++)
			for (int j = 0; j < d[1]; j++)
				for (int i = 0; i < d[0]; i++)
					if (to.isForeground(i, j, k)) {
						double dx = (x - i) * s[0], dy = (y - j) * s[1], dz = (z - k) * s[2];
						best = Math.min(best, dx * dx + dy * dy + dz * dz);
					}
		return Math.sqrt(best);
	}

	/** Brute-force mean distance from the surface of {@code from} to the surface of {@code to}. */
	static double bruteForceAsd(BinaryMask from, BinaryMask to, double[] s) {
		BinaryMask fs = from.surface(), ts = to.surface();
		int[] d = from.dims();
		double sum = 0;
		int n = 0;
		for (int k = 0; k < d[2]; k++)
			for (int j = 0; j < d[1]; j++)
				for (int i = 0; i < d[0]; i++)
					if (fs.isForeground(i, j, k)) {
						sum += nearest(ts, i, j, k, s);
						n++;
					}
		return sum / n;
	}
}
