package sc.fiji.meanteacher.eval;

import java.util.Arrays;

import sc.fiji.meanteacher.volume.LabelVolume;

/**
 * Exact Euclidean distance transform of a 3-D binary mask with anisotropic voxel spacing.
 * <p>
 * Separable algorithm of Felzenszwalb and Huttenlocher ("Distance transforms of sampled
 * functions", Theory of Computing 2012): the squared distance along one axis is the lower
 * envelope of parabolas rooted at the samples, found in linear time; applying it along x, then y,
 * then z to the result of the previous pass yields the exact 3-D squared distance (not a chamfer
 * approximation), with each axis scaled by its voxel size.
 * <p>
 * Output: for every voxel the distance to the nearest foreground voxel (0 on the foreground), in
 * the units of {@code spacing}; {@code +Infinity} everywhere when the mask has no foreground.
 * Flat x-fastest arrays, same layout as the mask.
 */
public final class EuclideanDistanceTransform {

	private EuclideanDistanceTransform() {}

	/** Distance to the nearest foreground voxel; {@code spacing} is the voxel size x, y, z. */
	public static double[] distance(BinaryMask mask, double[] spacing) {
		double[] d = squaredDistance(mask, spacing);
		for (int i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
		return d;
	}

	/** Distance to the nearest voxel of class {@code classIndex}, in the label volume's voxel size. */
	public static double[] distanceToClass(LabelVolume labels, int classIndex) {
		return distance(BinaryMask.ofClass(labels, classIndex), labels.voxelSize());
	}

	/** Squared distance to the nearest foreground voxel (cheaper when only some voxels need the root). */
	public static double[] squaredDistance(BinaryMask mask, double[] spacing) {
		checkSpacing(spacing);
		int[] dims = mask.dims();
		double[] d = new double[mask.size()];
		for (int i = 0; i < d.length; i++) d[i] = mask.isForeground(i) ? 0 : Double.POSITIVE_INFINITY;
		int[] strides = { 1, dims[0], dims[0] * dims[1] };
		LowerEnvelope envelope = new LowerEnvelope(Math.max(dims[0], Math.max(dims[1], dims[2])));
		for (int axis = 0; axis < 3; axis++) {
			// the inner loop runs over the lower-stride other axis, so consecutive lines share cache lines
			int a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;
			for (int ib = 0; ib < dims[b]; ib++)
				for (int ia = 0; ia < dims[a]; ia++)
					envelope.transform(d, ia * strides[a] + ib * strides[b], strides[axis], dims[axis], spacing[axis]);
		}
		return d;
	}

	private static void checkSpacing(double[] spacing) {
		if (spacing == null || spacing.length != 3)
			throw new IllegalArgumentException("voxel spacing needs 3 values (x, y, z), got " + Arrays.toString(spacing));
		for (double s : spacing)
			if (!(s > 0) || Double.isInfinite(s))
				throw new IllegalArgumentException("voxel spacing must be positive and finite, got " + Arrays.toString(spacing));
	}

	/** The 1-D pass; buffers are reused across the lines of a volume. */
	private static final class LowerEnvelope {

		private final double[] f;
		/** Sample index of the k-th parabola of the envelope. */
		private final int[] roots;
		/** Physical position where the k-th parabola starts being the lowest. */
		private final double[] starts;

		LowerEnvelope(int maxLength) {
			f = new double[maxLength];
			roots = new int[maxLength];
			starts = new double[maxLength];
		}

		/**
		 * Replaces {@code d[start + p * stride]}, p &lt; n, by min over q of ((p - q) step)^2 + d[q].
		 * Infinite samples (no foreground seen yet) contribute no parabola.
		 */
		void transform(double[] d, int start, int stride, int n, double step) {
			for (int p = 0; p < n; p++) f[p] = d[start + p * stride];
			int k = -1;
			for (int q = 0; q < n; q++) {
				if (f[q] == Double.POSITIVE_INFINITY) continue;
				double xq = q * step, hq = f[q] + xq * xq;
				double s = Double.NEGATIVE_INFINITY;
				// Drop parabolas that the new one hides entirely; starts[0] = -inf keeps the first.
				while (k >= 0) {
					int v = roots[k];
					double xv = v * step;
					s = (hq - (f[v] + xv * xv)) / (2 * (xq - xv));
					if (s > starts[k]) break;
					k--;
				}
				k++;
				roots[k] = q;
				starts[k] = s;
			}
			if (k < 0) return; // a line without foreground stays infinite
			int j = 0;
			for (int p = 0; p < n; p++) {
				double xp = p * step;
				while (j < k && starts[j + 1] < xp) j++;
				// (p - q) * step, squared, then + f: the same operation order as a direct sum
				double dx = (p - roots[j]) * step;
				d[start + p * stride] = dx * dx + f[roots[j]];
			}
		}
	}
}
