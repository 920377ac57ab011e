package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

public class RngTest {

	@Test
	public void splitMixFinaliserMatchesTheReferenceSequence() {
		// SplitMix64 seeded with 0 (Vigna's splitmix64.c): the first two outputs
		long gamma = 0x9e3779b97f4a7c15L;
		assertEquals(0xe220a8397b1dcdafL, Rng.mix64(gamma));
		assertEquals(0x6e789e6aa1b965f4L, Rng.mix64(2 * gamma));
	}

	@Test
	public void xoshiroMatchesTheReferenceOutputFromState1234() {
		// state (1, 2, 3, 4): out = rotl(2*5, 7)*9 = 11520; the state becomes (7, 0, 262146, rotl(6, 45)), so out = 0
		Rng r = Rng.ofState(1, 2, 3, 4);
		assertEquals(11520L, r.nextLong());
		assertEquals(0L, r.nextLong());
		// then s1 = 262146 ^ 7 = 262149: out = rotl(262149*5, 7)*9 = 1310745*128*9 (the reference's third value)
		assertEquals(1509978240L, r.nextLong());
	}

	@Test
	public void derivedGeneratorsAreReproducibleAndDistinct() {
		long[] a = draw(Rng.derive(1337, 3, 10), 8);
		assertArrayEquals(a, draw(Rng.derive(1337, 3, 10), 8));
		assertFalse(Arrays.equals(a, draw(Rng.derive(1337, 3, 11), 8)));
		assertFalse(Arrays.equals(a, draw(Rng.derive(1337, 4, 10), 8)));
		assertFalse(Arrays.equals(a, draw(Rng.derive(1338, 3, 10), 8)));
		// swapping stream and index must not give the same generator
		assertFalse(Arrays.equals(draw(Rng.derive(1, 2, 3), 8), draw(Rng.derive(1, 3, 2), 8)));
	}

	@Test
	public void nextIntIsInRangeAndRoughlyUniform() {
		Rng r = new Rng(42);
		int bound = 7, n = 70000;
		int[] counts = new int[bound];
		for (int i = 0; i < n; i++) counts[r.nextInt(bound)]++;
		double chi2 = 0, expected = (double) n / bound;
		for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
		// 6 degrees of freedom: P(chi2 > 22.46) = 0.001
		assertTrue("chi2 " + chi2 + " counts " + Arrays.toString(counts), chi2 < 22.46);
		for (int i = 0; i < 1000; i++) {
			int v = r.nextInt(16);
			assertTrue(v >= 0 && v < 16);
		}
		assertEquals(0, r.nextInt(1));
		assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
	}

	@Test
	public void nextDoubleAndGaussianHaveTheRightMoments() {
		Rng r = new Rng(7);
		int n = 100000;
		double sum = 0, sumG = 0, sumG2 = 0;
		for (int i = 0; i < n; i++) {
			double u = r.nextDouble();
			assertTrue(u >= 0 && u < 1);
			sum += u;
			double g = r.nextGaussian();
			sumG += g;
			sumG2 += g * g;
		}
		assertEquals(0.5, sum / n, 0.005);
		assertEquals(0, sumG / n, 0.015);
		assertEquals(1, Math.sqrt(sumG2 / n - (sumG / n) * (sumG / n)), 0.015);
	}

	/** libtorch's seed: an int that is never negative, the same for the same (seed, iteration) and new for every iteration. */
	@Test
	public void libtorchSeedsAreNonNegativeRepeatableAndDifferPerIterationAndSeed() {
		Set<Integer> seeds = new HashSet<>();
		for (long it = -1; it < 2000; it++) {
			int s = Rng.libtorchSeed(1337, it);
			assertTrue("iteration " + it + ": " + s, s >= 0);
			assertEquals(s, Rng.libtorchSeed(1337, it));
			seeds.add(s);
		}
		assertEquals("one seed per iteration", 2001, seeds.size());
		assertNotEquals(Rng.libtorchSeed(1337, 0), Rng.libtorchSeed(1338, 0));
	}

	@Test
	public void shuffleIsAPermutationAndVariesWithTheSeed() {
		int[] p = Rng.derive(5, 1, 0).permutation(50);
		int[] sorted = p.clone();
		Arrays.sort(sorted);
		for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
		assertArrayEquals(p, Rng.derive(5, 1, 0).permutation(50));
		assertNotEquals(Arrays.toString(p), Arrays.toString(Rng.derive(5, 1, 1).permutation(50)));
		// every position receives every value about equally often over many shuffles of 4
		int[][] counts = new int[4][4];
		for (int s = 0; s < 8000; s++) {
			int[] q = Rng.derive(9, 1, s).permutation(4);
			for (int i = 0; i < 4; i++) counts[i][q[i]]++;
		}
		for (int[] row : counts)
			for (int c : row) assertEquals(2000, c, 200);
	}

	private static long[] draw(Rng r, int n) {
		long[] out = new long[n];
		for (int i = 0; i < n; i++) out[i] = r.nextLong();
		return out;
	}
}
