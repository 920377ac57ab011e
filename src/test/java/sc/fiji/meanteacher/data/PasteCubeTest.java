package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.Test;

/** The copy-paste cube: its size, its bounds, and where it lies as a function of (seed, iteration). */
public class PasteCubeTest {

	private static final int[] PATCH = { 12, 9, 7 };

	@Test
	public void theCubeIsTwoThirdsOfThePatchInsideIt() {
		for (long it = 0; it < 50; it++) {
			PasteCube c = PasteCube.draw(PATCH, 2.0 / 3, 7, it);
			assertEquals(8, c.sizeX());
			assertEquals(6, c.sizeY());
			assertEquals(4, c.sizeZ());
			assertTrue(c.toString(), c.x0() >= 0 && c.x0() + c.sizeX() <= 12 && c.y0() >= 0 && c.y0() + c.sizeY() <= 9 && c.z0() >= 0
				&& c.z0() + c.sizeZ() <= 7);
		}
		assertEquals(1, PasteCube.draw(PATCH, 0.01, 7, 0).sizeX());
		assertEquals(12, PasteCube.draw(PATCH, 1, 7, 0).sizeX());
	}

	@Test
	public void thePositionIsAFunctionOfSeedAndIterationAndVaries() {
		assertEquals(PasteCube.draw(PATCH, 2.0 / 3, 7, 3), PasteCube.draw(PATCH, 2.0 / 3, 7, 3));
		Set<PasteCube> seen = new HashSet<>();
		for (long it = 0; it < 50; it++) seen.add(PasteCube.draw(PATCH, 2.0 / 3, 7, it));
		// 5 · 4 · 4 = 80 positions: fifty draws land on many of them
		assertTrue(seen.size() + " positions", seen.size() > 20);
		assertNotEquals(PasteCube.draw(PATCH, 2.0 / 3, 7, 3), PasteCube.draw(PATCH, 2.0 / 3, 8, 3));
	}

	@Test
	public void theMaskIsOneExactlyInsideTheCube() {
		PasteCube c = new PasteCube(1, 2, 3, 2, 3, 1);
		float[] mask = c.insideMask(new int[] { 4, 6, 5 });
		int ones = 0;
		for (int z = 0; z < 5; z++)
			for (int y = 0; y < 6; y++)
				for (int x = 0; x < 4; x++) {
					boolean inside = x >= 1 && x <= 2 && y >= 2 && y <= 4 && z == 3;
					assertEquals(x + "," + y + "," + z, inside ? 1f : 0f, mask[(z * 6 + y) * 4 + x], 0f);
					if (inside) ones++;
				}
		assertEquals(6, ones);
	}
}
