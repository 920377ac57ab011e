package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class PercentileTest {

	@Test
	public void linearInterpolationLikeNumpy() {
		// np.percentile([1, 2, 3, 4], 95): index 0.95 * 3 = 2.85 -> 3 + 0.85 * (4 - 3) = 3.85
		assertEquals(3.85, Percentile.linear(new double[] { 4, 1, 3, 2 }, 95), 1e-12);
		// np.percentile(range(10), 50) = 4.5; unsorted input is fine
		assertEquals(4.5, Percentile.linear(new double[] { 9, 0, 8, 1, 7, 2, 6, 3, 5, 4 }, 50), 1e-12);
		// index 0.25 * 4 = 1 exactly -> the second smallest, no interpolation
		assertEquals(10, Percentile.linear(new double[] { 0, 10, 20, 30, 40 }, 25), 0);
		assertEquals(40, Percentile.linear(new double[] { 0, 10, 20, 30, 40 }, 100), 0);
		assertEquals(7, Percentile.linear(new double[] { 7 }, 95), 0);
	}

	@Test
	public void emptyIsNaNAndInputIsNotSorted() {
		assertEquals(Double.NaN, Percentile.linear(new double[0], 95), 0);
		double[] values = { 3, 1, 2 };
		Percentile.linear(values, 50);
		assertEquals(3, values[0], 0);
	}
}
