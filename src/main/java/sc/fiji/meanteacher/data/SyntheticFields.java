package sc.fiji.meanteacher.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dense 3-D scalar fields for the synthetic generator, on flat x-fastest float arrays:
 * separable Gaussian blur, smooth random noise and a smooth polynomial field.
 */
final class SyntheticFields {

	/** Blurs below this sigma (voxels) change nothing visible, so the axis is skipped. */
	private static final double NEGLIGIBLE_SIGMA = 0.2;

	private SyntheticFields() {}

	/**
	 * Gaussian blur in place, one 1-D pass per axis, the kernel cut at 3 sigma and renormalised;
	 * the border value is repeated outwards, so a constant field stays constant.
	 *
	 * @param sigma per axis, in voxels
	 */
	static void blur(float[] data, int[] dims, double[] sigma) {
		int nx = dims[0], ny = dims[1], nz = dims[2];
		if (data.length != nx * ny * nz)
			throw new IllegalArgumentException("blur: " + data.length + " values do not fill "
				+ nx + "x" + ny + "x" + nz);
		int[] stride = { 1, nx, nx * ny };
		for (int axis = 0; axis < 3; axis++) {
			if (sigma[axis] < NEGLIGIBLE_SIGMA || dims[axis] == 1) continue;
			if (axis == 0) blurRows(data, nx, gaussianKernel(sigma[0]));
			else blurAcrossRows(data, stride[axis], dims[axis], gaussianKernel(sigma[axis]));
		}
	}

	/** Blurs along x: each row of {@code n} contiguous values on its own. */
	private static void blurRows(float[] data, int n, float[] kernel) {
		int r = kernel.length / 2;
		float[] line = new float[n + 2 * r];
		for (int start = 0; start < data.length; start += n) {
			for (int k = 0; k < line.length; k++)
				line[k] = data[start + Math.max(0, Math.min(n - 1, k - r))];
			for (int k = 0; k < n; k++) {
				float s = 0;
				for (int t = 0; t < kernel.length; t++)
					s += kernel[t] * line[k + t];
				data[start + k] = s;
			}
		}
	}

	/**
	 * Blurs along y or z as weighted sums of whole rows ({@code rowLength} contiguous values, the
	 * axis stride): the inner loop runs over memory in order, which is far faster than walking
	 * each y or z line with a large stride.
	 */
	private static void blurAcrossRows(float[] data, int rowLength, int n, float[] kernel) {
		int r = kernel.length / 2;
		int block = rowLength * n;
		float[] copy = new float[block];
		for (int start = 0; start < data.length; start += block) {
			System.arraycopy(data, start, copy, 0, block);
			for (int k = 0; k < n; k++) {
				int out = start + k * rowLength;
				Arrays.fill(data, out, out + rowLength, 0f);
				for (int t = 0; t < kernel.length; t++) {
					int src = Math.max(0, Math.min(n - 1, k + t - r)) * rowLength;
					float w = kernel[t];
					for (int j = 0; j < rowLength; j++)
						data[out + j] += w * copy[src + j];
				}
			}
		}
	}

	static float[] gaussianKernel(double sigma) {
		int r = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++)
			sum += Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = -r; i <= r; i++)
			k[i + r] = (float) (Math.exp(-0.5 * i * i / (sigma * sigma)) / sum);
		return k;
	}

	/**
	 * Gaussian white noise blurred with {@code sigma} (voxels, per axis), rescaled to mean 0 and
	 * standard deviation 1. Wide blurs are computed on a grid coarser by about sigma/2 and
	 * interpolated back trilinearly: the result is just as smooth and costs a fraction of a
	 * full-resolution blur.
	 */
	static float[] smoothNoise(SplittableRandom rng, int[] dims, double[] sigma) {
		int[] step = new int[3], pad = new int[3], coarseDims = new int[3];
		double[] coarseSigma = new double[3];
		for (int d = 0; d < 3; d++) {
			step[d] = Math.max(1, (int) Math.floor(sigma[d] / 2));
			coarseSigma[d] = sigma[d] / step[d];
			// a margin keeps the repeated-border effect of the blur out of the field
			pad[d] = (int) Math.ceil(2 * coarseSigma[d]);
			coarseDims[d] = (dims[d] - 1) / step[d] + 2 + 2 * pad[d];
		}
		float[] coarse = new float[coarseDims[0] * coarseDims[1] * coarseDims[2]];
		for (int i = 0; i < coarse.length; i++)
			coarse[i] = (float) rng.nextGaussian();
		blur(coarse, coarseDims, coarseSigma);
		float[] field = step[0] == 1 && step[1] == 1 && step[2] == 1
			? crop(coarse, coarseDims, pad, dims) : upsample(coarse, coarseDims, step, pad, dims);
		standardise(field);
		return field;
	}

	/** The {@code dims} block starting at {@code pad}: the field where no interpolation is needed. */
	private static float[] crop(float[] padded, int[] pd, int[] pad, int[] dims) {
		float[] out = new float[dims[0] * dims[1] * dims[2]];
		for (int z = 0; z < dims[2]; z++)
			for (int y = 0; y < dims[1]; y++)
				System.arraycopy(padded, ((z + pad[2]) * pd[1] + y + pad[1]) * pd[0] + pad[0], out,
					(z * dims[1] + y) * dims[0], dims[0]);
		return out;
	}

	/** Trilinear interpolation of the coarse grid at (x / step + pad) for every fine voxel. */
	private static float[] upsample(float[] coarse, int[] cd, int[] step, int[] pad, int[] dims) {
		int[][] index = new int[3][];
		float[][] weight = new float[3][];
		for (int d = 0; d < 3; d++) {
			index[d] = new int[dims[d]];
			weight[d] = new float[dims[d]];
			for (int i = 0; i < dims[d]; i++) {
				index[d][i] = i / step[d] + pad[d];
				weight[d][i] = (i % step[d]) / (float) step[d];
			}
		}
		int cx = cd[0], cxy = cd[0] * cd[1];
		float[] out = new float[dims[0] * dims[1] * dims[2]];
		int o = 0;
		for (int z = 0; z < dims[2]; z++) {
			int z0 = index[2][z] * cxy;
			float wz = weight[2][z];
			for (int y = 0; y < dims[1]; y++) {
				int y0 = index[1][y] * cx;
				float wy = weight[1][y];
				for (int x = 0; x < dims[0]; x++) {
					int base = z0 + y0 + index[0][x];
					float wx = weight[0][x];
					float c00 = lerp(coarse[base], coarse[base + 1], wx);
					float c10 = lerp(coarse[base + cx], coarse[base + cx + 1], wx);
					float c01 = lerp(coarse[base + cxy], coarse[base + cxy + 1], wx);
					float c11 = lerp(coarse[base + cxy + cx], coarse[base + cxy + cx + 1], wx);
					out[o++] = lerp(lerp(c00, c10, wy), lerp(c01, c11, wy), wz);
				}
			}
		}
		return out;
	}

	/**
	 * A random quadratic polynomial of the normalised coordinates (−1..1 across each axis), scaled
	 * so that its largest absolute value over the volume is 1: the slowly varying shape of an MRI
	 * coil's bias field.
	 */
	static float[] quadraticField(SplittableRandom rng, int[] dims) {
		// c[0..2]: linear terms; c[3..5]: squares; c[6..8]: xy, xz, yz
		double[] c = new double[9];
		for (int i = 0; i < c.length; i++)
			c[i] = rng.nextDouble(-1, 1) * (i < 3 ? 1 : 0.6);
		float[] field = new float[dims[0] * dims[1] * dims[2]];
		double maxAbs = 0;
		int o = 0;
		for (int z = 0; z < dims[2]; z++) {
			double u = normalised(z, dims[2]);
			for (int y = 0; y < dims[1]; y++) {
				double v = normalised(y, dims[1]);
				for (int x = 0; x < dims[0]; x++) {
					double w = normalised(x, dims[0]);
					double p = c[0] * w + c[1] * v + c[2] * u + c[3] * w * w + c[4] * v * v + c[5] * u * u
						+ c[6] * w * v + c[7] * w * u + c[8] * v * u;
					field[o++] = (float) p;
					maxAbs = Math.max(maxAbs, Math.abs(p));
				}
			}
		}
		if (maxAbs > 0)
			for (int i = 0; i < field.length; i++)
				field[i] /= maxAbs;
		return field;
	}

	/** Shifts and scales in place to mean 0 and standard deviation 1 (a constant field becomes 0). */
	static void standardise(float[] field) {
		double sum = 0, sum2 = 0;
		for (float v : field) {
			sum += v;
			sum2 += (double) v * v;
		}
		double mean = sum / field.length;
		double var = Math.max(0, sum2 / field.length - mean * mean);
		double scale = var > 0 ? 1 / Math.sqrt(var) : 0;
		for (int i = 0; i < field.length; i++)
			field[i] = (float) ((field[i] - mean) * scale);
	}

	private static double normalised(int i, int n) {
		return n > 1 ? 2.0 * i / (n - 1) - 1 : 0;
	}

	private static float lerp(float a, float b, float w) {
		return a + w * (b - a);
	}
}
