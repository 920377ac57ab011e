package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.Test;

public class SyntheticFieldsTest {

	// 1-D Gaussian, sigma 1, cut at 3: exp(-k²/2) / (1 + 2 (0.6065307 + 0.1353353 + 0.0111090))
	private static final double W0 = 1 / 2.5059500, W1 = 0.6065307 / 2.5059500, W2 = 0.1353353 / 2.5059500,
		W3 = 0.0111090 / 2.5059500;

	@Test
	public void blurOfAPointIsTheSeparableGaussian() {
		int[] dims = { 9, 9, 9 };
		float[] data = new float[9 * 9 * 9];
		data[index(4, 4, 4)] = 1;
		SyntheticFields.blur(data, dims, new double[] { 1, 1, 1 });
		assertEquals(W0 * W0 * W0, data[index(4, 4, 4)], 1e-6); // 0.0635461
		assertEquals(W1 * W0 * W0, data[index(5, 4, 4)], 1e-6); // 0.0385427
		assertEquals(W1 * W1 * W1, data[index(3, 5, 3)], 1e-6); // 0.0141789
		assertEquals(W3 * W0 * W0, data[index(4, 4, 7)], 1e-6);
		assertEquals(0, data[index(4, 4, 8)], 0); // beyond 3 sigma
		double sum = 0;
		for (float v : data)
			sum += v;
		assertEquals(1, sum, 1e-5);
	}

	@Test
	public void blurAlongOneAxisLeavesTheOthers() {
		int[] dims = { 9, 7, 5 };
		float[] data = new float[9 * 7 * 5];
		data[(2 * 7 + 3) * 9 + 4] = 1;
		SyntheticFields.blur(data, dims, new double[] { 0, 1, 0 });
		assertEquals(W0, data[(2 * 7 + 3) * 9 + 4], 1e-6);
		assertEquals(W1, data[(2 * 7 + 4) * 9 + 4], 1e-6);
		assertEquals(0, data[(2 * 7 + 3) * 9 + 5], 0);
		assertEquals(0, data[(3 * 7 + 3) * 9 + 4], 0);
	}

	@Test
	public void blurKeepsAConstantAndRepeatsTheBorder() {
		int[] dims = { 6, 5, 4 };
		float[] constant = new float[6 * 5 * 4];
		Arrays.fill(constant, 2.5f);
		SyntheticFields.blur(constant, dims, new double[] { 2, 1.5, 3 });
		for (float v : constant)
			assertEquals(2.5, v, 1e-5);
		// 1 at x = 0 only: voxel 0 also sees that 1 repeated at x = -1, -2, -3, voxel 1 at 0, -1, -2
		float[] step = new float[6 * 5 * 4];
		for (int i = 0; i < step.length; i += 6)
			step[i] = 1;
		SyntheticFields.blur(step, dims, new double[] { 1, 0, 0 });
		assertEquals(W0 + W1 + W2 + W3, step[0], 1e-6); // 0.6995
		assertEquals(W1 + W2 + W3, step[1], 1e-6);
		assertEquals(W3, step[3], 1e-6);
		assertEquals(0, step[4], 0);
	}

	@Test
	public void blurRejectsAMismatchedSize() {
		assertThrows(IllegalArgumentException.class,
			() -> SyntheticFields.blur(new float[10], new int[] { 2, 2, 2 }, new double[] { 1, 1, 1 }));
	}

	/**
	 * White noise blurred with sigma has the autocorrelation exp(−d²/(4σ²)): 0.7788 one voxel apart
	 * for sigma 1 (full-resolution path), 0.9845 for sigma 4 (coarse grid and interpolation).
	 */
	@Test
	public void smoothNoiseIsStandardisedWithTheGaussianCorrelation() {
		int n = 48;
		float[] fine = SyntheticFields.smoothNoise(new SplittableRandom(11), new int[] { n, n, n }, new double[] { 1, 1, 1 });
		assertMoments(fine);
		for (int axis = 0; axis < 3; axis++)
			assertEquals("axis " + axis, Math.exp(-0.25), correlation(fine, n, axis), 0.015);

		float[] smooth = SyntheticFields.smoothNoise(new SplittableRandom(11), new int[] { n, n, n }, new double[] { 4, 4, 4 });
		assertMoments(smooth);
		double mean = 0;
		for (int axis = 0; axis < 3; axis++)
			mean += correlation(smooth, n, axis) / 3;
		assertEquals(Math.exp(-1 / 64.0), mean, 0.01);
	}

	@Test
	public void smoothNoiseIsReproducible() {
		int[] dims = { 10, 12, 14 };
		double[] sigma = { 3, 3, 1.5 };
		float[] a = SyntheticFields.smoothNoise(new SplittableRandom(5), dims, sigma);
		float[] b = SyntheticFields.smoothNoise(new SplittableRandom(5), dims, sigma);
		assertEquals(10 * 12 * 14, a.length);
		assertEquals(0, Arrays.compare(a, b));
	}

	@Test
	public void quadraticFieldPeaksAtPlusOrMinusOne() {
		float[] field = SyntheticFields.quadraticField(new SplittableRandom(3), new int[] { 12, 10, 8 });
		double max = 0;
		for (float v : field)
			max = Math.max(max, Math.abs(v));
		assertEquals(1, max, 1e-6);
		// a polynomial of degree 2 has a vanishing third difference along x
		for (int i = 0; i + 3 < 12; i++)
			assertEquals(0, field[i + 3] - 3 * field[i + 2] + 3 * field[i + 1] - field[i], 1e-5);
	}

	private static void assertMoments(float[] field) {
		double sum = 0, sum2 = 0;
		for (float v : field) {
			sum += v;
			sum2 += v * v;
		}
		assertEquals(0, sum / field.length, 1e-4);
		assertEquals(1, sum2 / field.length, 1e-3);
	}

	/** Mean product of values one voxel apart along {@code axis} (the field is standardised). */
	private static double correlation(float[] f, int n, int axis) {
		int step = axis == 0 ? 1 : axis == 1 ? n : n * n;
		double sum = 0;
		long count = 0;
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					int along = axis == 0 ? x : axis == 1 ? y : z;
					if (along + 1 >= n) continue;
					int i = (z * n + y) * n + x;
					sum += f[i] * f[i + step];
					count++;
				}
		return sum / count;
	}

	private static int index(int x, int y, int z) {
		return (z * 9 + y) * 9 + x;
	}
}
