package sc.fiji.meanteacher.infer;

import java.util.Arrays;

/**
 * Where the windows of a sliding-window pass lie in a 3-D volume.
 * <p>
 * Along an axis of length {@code size} at least the patch length, there are
 * {@code n = ceil((size - patch) / stride) + 1} windows starting at
 * {@code min(i * stride, size - patch)}: the last window is shifted inward to end flush with the
 * volume instead of running into padding. An axis shorter than the patch is zero-padded to the
 * patch length, {@code (patch - size) / 2} voxels (rounded down) before the volume and the rest
 * after, and gets one window; its start is then negative. This is the reference scheme.
 * <p>
 * Window starts are in voxel coordinates of the volume, counted from its first voxel.
 */
public final class WindowGrid {

	private final long[] size;
	private final int[] patch;
	private final long[][] starts;
	private final int numWindows;

	/**
	 * @param size volume size (x, y, z)
	 * @param patch patch size (x, y, z)
	 * @param stride step between window starts (x, y, z), from 1 to the patch length
	 */
	public WindowGrid(long[] size, int[] patch, int[] stride) {
		if (size.length != 3 || patch.length != 3 || stride.length != 3)
			throw new IllegalArgumentException("window grid needs 3 values (x, y, z) for size, patch and stride, got "
				+ Arrays.toString(size) + ", " + Arrays.toString(patch) + ", " + Arrays.toString(stride));
		this.size = size.clone();
		this.patch = patch.clone();
		this.starts = new long[3][];
		long n = 1;
		for (int d = 0; d < 3; d++) {
			starts[d] = starts(size[d], patch[d], stride[d]);
			n *= starts[d].length;
		}
		if (n > Integer.MAX_VALUE)
			throw new IllegalArgumentException("window grid: " + n + " windows for volume " + Arrays.toString(size)
				+ ", patch " + Arrays.toString(patch) + ", stride " + Arrays.toString(stride) + " - use a larger stride");
		this.numWindows = (int) n;
	}

	/** Number of windows along one axis: 1 when {@code size <= patch}, else {@code ceil((size - patch) / stride) + 1}. */
	public static int count(long size, int patch, int stride) {
		check(size, patch, stride);
		if (size <= patch) return 1;
		long n = (size - patch + stride - 1) / stride + 1;
		if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many windows along an axis of " + size + " voxels with stride " + stride);
		return (int) n;
	}

	/** Window starts along one axis, in volume coordinates (negative when the axis is padded). */
	public static long[] starts(long size, int patch, int stride) {
		int n = count(size, patch, stride);
		if (size < patch) return new long[] { -padBefore(size, patch) };
		long[] s = new long[n];
		for (int i = 0; i < n; i++)
			s[i] = Math.min((long) i * stride, size - patch);
		return s;
	}

	/** Zero voxels added before the volume along an axis shorter than the patch (0 otherwise). */
	public static long padBefore(long size, int patch) {
		return Math.max(0, patch - size) / 2;
	}

	/**
	 * Stride for an overlap fraction {@code f} in [0, 1): {@code max(1, floor(patch * (1 - f)))}.
	 * Rounding is downward so that neighbouring windows overlap at least by {@code f}; a tolerance of
	 * 1e-9 voxel absorbs binary-fraction error (0.3 of 100 gives stride 70, not 69).
	 */
	public static int strideForOverlap(int patch, double overlap) {
		if (patch < 1) throw new IllegalArgumentException("patch length must be at least 1, got " + patch);
		checkOverlap(overlap);
		return Math.max(1, (int) Math.floor(patch * (1 - overlap) + 1e-9));
	}

	/** {@link #strideForOverlap(int, double)} per axis. */
	public static int[] stridesForOverlap(int[] patch, double overlap) {
		int[] s = new int[patch.length];
		for (int d = 0; d < patch.length; d++) s[d] = strideForOverlap(patch[d], overlap);
		return s;
	}

	static void checkOverlap(double overlap) {
		if (!(overlap >= 0 && overlap < 1))
			throw new IllegalArgumentException("overlap fraction must be in [0, 1), got " + overlap);
	}

	private static void check(long size, int patch, int stride) {
		if (size < 1 || patch < 1)
			throw new IllegalArgumentException("window grid: size " + size + " and patch " + patch + " must be at least 1");
		if (stride < 1 || stride > patch)
			throw new IllegalArgumentException("window grid: stride " + stride + " must be between 1 and the patch length "
				+ patch + " (a larger stride leaves voxels uncovered)");
	}

	/** Total number of windows (product over the axes). */
	public int numWindows() { return numWindows; }

	/** Window starts along {@code axis} (0 = x, 1 = y, 2 = z), in volume coordinates. */
	public long[] starts(int axis) { return starts[axis].clone(); }

	/** Whether some axis is shorter than the patch, so windows reach into zero padding. */
	public boolean needsPadding() {
		for (int d = 0; d < 3; d++)
			if (size[d] < patch[d]) return true;
		return false;
	}

	/** Start of window {@code index} (x index fastest, then y, then z) written to {@code origin}. */
	public void origin(int index, long[] origin) {
		int nx = starts[0].length, ny = starts[1].length;
		origin[0] = starts[0][index % nx];
		origin[1] = starts[1][(index / nx) % ny];
		origin[2] = starts[2][index / (nx * ny)];
	}

	public long[] size() { return size.clone(); }

	public int[] patch() { return patch.clone(); }
}
