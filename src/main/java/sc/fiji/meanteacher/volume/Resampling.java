package sc.fiji.meanteacher.volume;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Resamples volumes to another grid over the same physical box (voxel centres aligned as in
 * {@code align_corners=false}): images by trilinear interpolation, labels by interpolating each
 * class's indicator and taking the largest, so that label edges move smoothly instead of in
 * nearest-neighbour steps. Down-sampling by an integer factor f averages f³-voxel blocks exactly
 * for f = 2 (every output centre falls between 2 input centres on each axis).
 */
public final class Resampling {

	private Resampling() {}

	/** The grid of {@code dims} scaled by {@code factor} on every axis (at least 1 voxel per axis). */
	public static long[] scaledDims(long[] dims, double factor) {
		return scaledDims(dims, new double[] { factor, factor, factor });
	}

	/**
	 * The grid of {@code dims} scaled by {@code factors[d]} along axis d (at least 1 voxel per axis):
	 * an isotropic {@code scale} and a target voxel size ({@link GridTarget}) are both such factors.
	 */
	public static long[] scaledDims(long[] dims, double[] factors) {
		if (factors.length != dims.length)
			throw new IllegalArgumentException("resampling: " + dims.length + " sizes but " + factors.length + " factors");
		long[] r = new long[dims.length];
		for (int d = 0; d < dims.length; d++) {
			if (!(factors[d] > 0) || Double.isInfinite(factors[d]))
				throw new IllegalArgumentException("resampling: the scale factor must be positive and finite, got " + factors[d]);
			r[d] = Math.max(1, Math.round(dims[d] * factors[d]));
		}
		return r;
	}

	/** {@code image} on an {@code newDims} grid spanning the same box; the voxel size grows accordingly. */
	public static Volume image(Volume image, long[] newDims) {
		long[] dims = image.dims();
		Axis[] axes = axes(dims, newDims, image.name());
		float[] out = interpolate(image.data(), axes);
		return Volume.wrap(image.name(), out, newDims.clone(), voxelSize(image.voxelSize(), dims, newDims));
	}

	/**
	 * {@code labels} on an {@code newDims} grid: the indicator of each value present is interpolated
	 * trilinearly and every voxel takes the value of the largest (the lower value on ties).
	 */
	public static LabelVolume labels(LabelVolume labels, long[] newDims, int numClasses) {
		if (numClasses < 2) throw new IllegalArgumentException("resampling " + labels.name() + ": need at least 2 classes");
		long[] dims = labels.dims();
		Axis[] axes = axes(dims, newDims, labels.name());
		byte[] in = labels.data();
		int n = Math.toIntExact(newDims[0] * newDims[1] * newDims[2]);
		float[] best = new float[n];
		byte[] out = new byte[n];
		float[] indicator = new float[in.length];
		// every value present, a class or the not-annotated value of sparse labels, competes alike; what
		// the values mean is checked by the training, which knows
		BitSet present = labels.presentValues();
		int first = present.nextSetBit(0);
		for (int c = first; c >= 0; c = present.nextSetBit(c + 1)) {
			for (int i = 0; i < in.length; i++) indicator[i] = (in[i] & 0xff) == c ? 1f : 0f;
			float[] v = interpolate(indicator, axes);
			for (int i = 0; i < n; i++)
				if (c == first || v[i] > best[i]) {
					best[i] = v[i];
					out[i] = (byte) c;
				}
		}
		return LabelVolume.wrap(labels.name(), out, newDims.clone(), voxelSize(labels.voxelSize(), dims, newDims));
	}

	/**
	 * Class maps on an {@code newDims} grid, each interpolated on its own as {@link #image}
	 * interpolates a volume: a segmentation's class probabilities brought back to its input's grid.
	 *
	 * @param name what the maps belong to, for messages
	 * @param maps one map a class, class after class, each {@code dims} voxels with x fastest
	 * @return the maps in the same layout over {@code newDims}
	 */
	public static float[] probabilities(String name, float[] maps, int classes, long[] dims, long[] newDims) {
		Axis[] axes = axes(dims, newDims, name);
		int n = Math.toIntExact(dims[0] * dims[1] * dims[2]), m = Math.toIntExact(newDims[0] * newDims[1] * newDims[2]);
		if (classes < 1 || maps.length != (long) classes * n)
			throw new IllegalArgumentException("resampling " + name + ": " + maps.length + " values are not " + classes + " class maps of " + n
				+ " voxels");
		float[] out = new float[Math.multiplyExact(classes, m)];
		for (int c = 0; c < classes; c++)
			System.arraycopy(interpolate(Arrays.copyOfRange(maps, c * n, (c + 1) * n), axes), 0, out, c * m, m);
		return out;
	}

	/** Voxel size of the same box on the new grid. */
	public static double[] voxelSize(double[] voxelSize, long[] dims, long[] newDims) {
		double[] v = new double[3];
		for (int d = 0; d < 3; d++) v[d] = voxelSize[d] * dims[d] / newDims[d];
		return v;
	}

	/** Per output index of one axis: the two input indices and the weight of the upper one. */
	private record Axis(int n, int nOut, int[] lo, int[] hi, float[] w) {}

	private static Axis[] axes(long[] dims, long[] newDims, String name) {
		if (dims.length != 3 || newDims.length != 3)
			throw new IllegalArgumentException("resampling " + name + ": need 3-D sizes, got " + Arrays.toString(newDims));
		Axis[] axes = new Axis[3];
		for (int d = 0; d < 3; d++) {
			if (newDims[d] < 1 || newDims[d] > Integer.MAX_VALUE)
				throw new IllegalArgumentException("resampling " + name + ": invalid target size " + Arrays.toString(newDims));
			int n = (int) dims[d], m = (int) newDims[d];
			int[] lo = new int[m], hi = new int[m];
			float[] w = new float[m];
			for (int j = 0; j < m; j++) {
				double x = (j + 0.5) * n / m - 0.5;
				x = Math.max(0, Math.min(n - 1, x));
				int l = (int) Math.floor(x);
				lo[j] = l;
				hi[j] = Math.min(n - 1, l + 1);
				w[j] = (float) (x - l);
			}
			axes[d] = new Axis(n, m, lo, hi, w);
		}
		return axes;
	}

	/** Separable linear interpolation, x then y then z. */
	private static float[] interpolate(float[] in, Axis[] a) {
		int nx = a[0].n, ny = a[1].n, nz = a[2].n, mx = a[0].nOut, my = a[1].nOut, mz = a[2].nOut;
		float[] fx = new float[mx * ny * nz];
		for (int zy = 0; zy < ny * nz; zy++)
			for (int i = 0; i < mx; i++)
				fx[zy * mx + i] = lerp(in[zy * nx + a[0].lo[i]], in[zy * nx + a[0].hi[i]], a[0].w[i]);
		float[] fy = new float[mx * my * nz];
		for (int z = 0; z < nz; z++)
			for (int j = 0; j < my; j++) {
				int lo = (z * ny + a[1].lo[j]) * mx, hi = (z * ny + a[1].hi[j]) * mx, o = (z * my + j) * mx;
				for (int i = 0; i < mx; i++) fy[o + i] = lerp(fx[lo + i], fx[hi + i], a[1].w[j]);
			}
		float[] fz = new float[mx * my * mz];
		int plane = mx * my;
		for (int k = 0; k < mz; k++) {
			int lo = a[2].lo[k] * plane, hi = a[2].hi[k] * plane, o = k * plane;
			for (int i = 0; i < plane; i++) fz[o + i] = lerp(fy[lo + i], fy[hi + i], a[2].w[k]);
		}
		return fz;
	}

	private static float lerp(float a, float b, float w) {
		return a + w * (b - a);
	}
}
