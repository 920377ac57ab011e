package sc.fiji.meanteacher.eval;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.meanteacher.volume.LabelVolume;

/**
 * A 3-D binary mask (x fastest, dims x, y, z), the input of the distance transform and of the
 * surface metrics.
 * <p>
 * <b>Surface convention.</b> {@link #surface()} keeps the foreground voxels that have at least one
 * background voxel among their 6 face neighbours, and treats everything outside the volume as
 * background: a foreground voxel on the volume border is always a surface voxel. This is what
 * medpy computes ({@code mask ^ binary_erosion(mask)} with scipy's default {@code border_value=0}
 * and the connectivity-1 structuring element), so metrics on masks touching the border agree
 * with medpy and MONAI.
 */
public final class BinaryMask {

	private final int nx, ny, nz;
	private final boolean[] voxels;

	private BinaryMask(int nx, int ny, int nz, boolean[] voxels) {
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		this.voxels = voxels;
	}

	/**
	 * Wraps a flat x-fastest array (shared, not copied).
	 *
	 * @param name names the mask in error messages
	 */
	public static BinaryMask wrap(String name, boolean[] voxels, int... dims) {
		long[] d = Arrays.stream(dims).asLongStream().toArray();
		int n = checkDims(name, d);
		if (voxels.length != n)
			throw new IllegalArgumentException(name + ": " + voxels.length + " voxels do not fill " + Arrays.toString(dims));
		return new BinaryMask(dims[0], dims[1], dims[2], voxels);
	}

	/** The voxels whose label equals {@code classIndex}; {@code name} appears in error messages. */
	public static <T extends RealType<T>> BinaryMask ofClass(String name, RandomAccessibleInterval<T> labels, int classIndex) {
		long[] d = labels.dimensionsAsLongArray();
		boolean[] voxels = new boolean[checkDims(name, d)];
		// flatIterable visits x fastest whatever the image's storage order.
		Cursor<T> cursor = Views.flatIterable(labels).cursor();
		for (int i = 0; i < voxels.length; i++)
			voxels[i] = cursor.next().getRealDouble() == classIndex;
		return new BinaryMask((int) d[0], (int) d[1], (int) d[2], voxels);
	}

	/** The voxels of {@code labels} carrying class {@code classIndex}. */
	public static BinaryMask ofClass(LabelVolume labels, int classIndex) {
		return ofClass(labels.name(), labels.img(), classIndex);
	}

	/** Dimensions x, y, z. */
	public int[] dims() { return new int[] { nx, ny, nz }; }

	/** Number of voxels (foreground and background). */
	public int size() { return voxels.length; }

	/** Whether the voxel at flat index {@code x + nx * (y + ny * z)} is foreground. */
	public boolean isForeground(int index) { return voxels[index]; }

	public boolean isForeground(int x, int y, int z) { return voxels[x + nx * (y + ny * z)]; }

	/** Number of foreground voxels. */
	public int count() {
		int c = 0;
		for (boolean v : voxels)
			if (v) c++;
		return c;
	}

	public boolean isEmpty() {
		for (boolean v : voxels)
			if (v) return false;
		return true;
	}

	/** Number of voxels foreground in both masks. */
	public int overlap(BinaryMask other) {
		if (!Arrays.equals(dims(), other.dims()))
			throw new IllegalArgumentException("mask sizes differ: " + Arrays.toString(dims()) + " vs " + Arrays.toString(other.dims()));
		int c = 0;
		for (int i = 0; i < voxels.length; i++)
			if (voxels[i] && other.voxels[i]) c++;
		return c;
	}

	/** Foreground voxels with a background 6-neighbour, the volume's outside counting as background. */
	public BinaryMask surface() {
		boolean[] s = new boolean[voxels.length];
		int sy = nx, sz = nx * ny;
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++)
					// the border tests come first so that the neighbour reads stay inside the array
					s[i] = voxels[i] && (x == 0 || x == nx - 1 || y == 0 || y == ny - 1 || z == 0 || z == nz - 1
						|| !voxels[i - 1] || !voxels[i + 1] || !voxels[i - sy] || !voxels[i + sy]
						|| !voxels[i - sz] || !voxels[i + sz]);
		return new BinaryMask(nx, ny, nz, s);
	}

	/**
	 * Smallest box holding the foreground of this mask and of {@code other}: {@code {x0, y0, z0}}
	 * inclusive and {@code {x1, y1, z1}} exclusive; null when both are empty.
	 */
	int[][] boundingBox(BinaryMask other) {
		int[] lo = { nx, ny, nz }, hi = { 0, 0, 0 };
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++)
					if (voxels[i] || other.voxels[i]) {
						lo[0] = Math.min(lo[0], x);
						lo[1] = Math.min(lo[1], y);
						lo[2] = Math.min(lo[2], z);
						hi[0] = Math.max(hi[0], x + 1);
						hi[1] = Math.max(hi[1], y + 1);
						hi[2] = Math.max(hi[2], z + 1);
					}
		return hi[0] == 0 ? null : new int[][] { lo, hi };
	}

	/** The part of this mask in the box [from, to). */
	BinaryMask crop(int[] from, int[] to) {
		int cx = to[0] - from[0], cy = to[1] - from[1], cz = to[2] - from[2];
		boolean[] c = new boolean[cx * cy * cz];
		for (int z = 0, i = 0; z < cz; z++)
			for (int y = 0; y < cy; y++, i += cx)
				System.arraycopy(voxels, from[0] + nx * (from[1] + y + ny * (from[2] + z)), c, i, cx);
		return new BinaryMask(cx, cy, cz, c);
	}

	/** Returns the voxel count of a 3-D size, rejecting empty and oversized volumes. */
	static int checkDims(String name, long[] dims) {
		if (dims.length != 3)
			throw new IllegalArgumentException(name + ": expected a 3-D mask (x, y, z), got " + dims.length + "-D " + Arrays.toString(dims));
		long n = 1;
		for (long d : dims) n *= d;
		if (n < 1) throw new IllegalArgumentException(name + ": image has no voxels, size " + Arrays.toString(dims));
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(name + ": image " + Arrays.toString(dims) + " has more than 2^31 voxels");
		return (int) n;
	}
}
