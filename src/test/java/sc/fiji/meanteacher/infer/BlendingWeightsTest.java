package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class BlendingWeightsTest {

	@Test
	public void constantWeightsAreAllOne() {
		for (float w : BlendingWeights.CONSTANT.forPatch(new int[] { 3, 4, 2 }))
			assertEquals(1f, w, 0f);
	}

	@Test
	public void gaussianIsSymmetricWithItsMaximumOfOneAtTheCentre() {
		int[] p = { 7, 6, 5 };
		float[] w = BlendingWeights.GAUSSIAN.forPatch(p);
		float max = 0;
		int argmax = -1;
		for (int i = 0; i < w.length; i++)
			if (w[i] > max) {
				max = w[i];
				argmax = i;
			}
		assertEquals(1f, max, 0f);
		// First maximum in scan order: the centre (3, 2 or 3, 2); y has an even length, so y = 2 and 3 tie.
		assertEquals((2 * 6 + 2) * 7 + 3, argmax);
		assertEquals(1f, w[(2 * 6 + 3) * 7 + 3], 0f);
		for (int z = 0; z < p[2]; z++)
			for (int y = 0; y < p[1]; y++)
				for (int x = 0; x < p[0]; x++) {
					float v = w[(z * p[1] + y) * p[0] + x];
					assertEquals(v, w[(z * p[1] + y) * p[0] + p[0] - 1 - x], 0f);
					assertEquals(v, w[(z * p[1] + p[1] - 1 - y) * p[0] + x], 0f);
					assertEquals(v, w[((p[2] - 1 - z) * p[1] + y) * p[0] + x], 0f);
					assertTrue(v >= BlendingWeights.FLOOR);
					if (y == 2 && z == 2 && x > 0 && x <= 3) assertTrue("rises towards the centre", v > w[(z * p[1] + y) * p[0] + x - 1]);
				}
	}

	@Test
	public void gaussianValuesMatchHandComputedOnes() {
		// Patch 8: sigma 1, centre 3.5; index 0 lies 3.5 from the centre, the maximum (index 3) 0.5:
		// exp(-3.5^2 / 2) / exp(-0.5^2 / 2) = exp(-6).
		float[] w = BlendingWeights.GAUSSIAN.forPatch(new int[] { 8, 8, 8 });
		assertEquals(Math.exp(-6), w[(3 * 8 + 3) * 8 + 0], 1e-9);
		// Patch 6 along y: sigma 0.75, centre 2.5: exp(-(2.5^2 - 0.5^2) / (2 * 0.75^2)) = exp(-16 / 3).
		float[] a = BlendingWeights.GAUSSIAN.forPatch(new int[] { 1, 6, 1 });
		assertEquals(1f, a[2], 0f);
		assertEquals(Math.exp(-16.0 / 3), a[0], 1e-9);
		// The corner exp(-18) is far below the floor, which takes its place.
		assertEquals(BlendingWeights.FLOOR, w[0], 0f);
	}
}
