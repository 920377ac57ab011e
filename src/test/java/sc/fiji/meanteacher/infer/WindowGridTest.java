package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class WindowGridTest {

	@Test
	public void referenceExampleHasFourWindowsTheLastShiftedInward() {
		// 150 voxels, patch 112, stride 18: ceil(38 / 18) + 1 = 4 windows; the 4th would start at 54 but ends flush at 38.
		assertEquals(4, WindowGrid.count(150, 112, 18));
		assertArrayEquals(new long[] { 0, 18, 36, 38 }, WindowGrid.starts(150, 112, 18));
	}

	@Test
	public void everyVoxelIsCoveredAndTheCountMatchesTheFormula() {
		for (int patch = 1; patch <= 13; patch++)
			for (int stride = 1; stride <= patch; stride++)
				for (int size = 1; size <= 41; size++) {
					String c = "size " + size + " patch " + patch + " stride " + stride;
					long[] s = WindowGrid.starts(size, patch, stride);
					int expected = size <= patch ? 1 : (int) Math.ceil((size - patch) / (double) stride) + 1;
					assertEquals(c, expected, s.length);
					assertEquals(c, expected, WindowGrid.count(size, patch, stride));
					int[] visits = new int[size];
					for (int i = 0; i < s.length; i++) {
						if (i > 0) {
							assertTrue(c + ": starts increase", s[i] > s[i - 1]);
							assertTrue(c + ": steps of at most the stride", s[i] - s[i - 1] <= stride);
						}
						for (long v = Math.max(0, s[i]); v < Math.min(size, s[i] + patch); v++) visits[(int) v]++;
					}
					for (int v = 0; v < size; v++)
						assertTrue(c + ": voxel " + v + " uncovered", visits[v] > 0);
					if (size >= patch) {
						assertEquals(c + ": first window at 0", 0, s[0]);
						assertEquals(c + ": last window ends at the border", size - patch, s[s.length - 1]);
					}
				}
	}

	@Test
	public void overlapFractionsGiveStridesRoundedDown() {
		assertEquals(56, WindowGrid.strideForOverlap(112, 0.5));
		assertEquals(20, WindowGrid.strideForOverlap(80, 0.75));
		assertEquals(70, WindowGrid.strideForOverlap(100, 0.3));
		assertEquals(3, WindowGrid.strideForOverlap(10, 0.7));
		assertEquals(2, WindowGrid.strideForOverlap(5, 0.5)); // 2.5 rounds down: overlap at least as asked
		assertEquals(1, WindowGrid.strideForOverlap(5, 0.99));
		assertEquals(9, WindowGrid.strideForOverlap(9, 0));
		assertArrayEquals(new int[] { 84, 84, 60 }, WindowGrid.stridesForOverlap(new int[] { 112, 112, 80 }, 0.25));
		for (double bad : new double[] { -0.1, 1, 1.5, Double.NaN })
			try {
				WindowGrid.strideForOverlap(10, bad);
				fail("overlap " + bad + " accepted");
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("overlap"));
			}
	}

	@Test
	public void axesShorterThanThePatchArePaddedHalfBefore() {
		// 5 voxels in a patch of 8: 3 padding voxels, 3 // 2 = 1 before (the reference's w_pad // 2).
		assertArrayEquals(new long[] { -1 }, WindowGrid.starts(5, 8, 4));
		assertArrayEquals(new long[] { -2 }, WindowGrid.starts(4, 8, 2));
		assertArrayEquals(new long[] { 0 }, WindowGrid.starts(8, 8, 3));
		assertEquals(0, WindowGrid.padBefore(9, 8));

		WindowGrid g = new WindowGrid(new long[] { 20, 5, 1 }, new int[] { 8, 8, 4 }, new int[] { 4, 4, 2 });
		assertTrue(g.needsPadding());
		assertFalse(new WindowGrid(new long[] { 8, 8, 4 }, new int[] { 8, 8, 4 }, new int[] { 4, 4, 2 }).needsPadding());
		assertArrayEquals(new long[] { -1 }, g.starts(2)); // 1 slice in 4: 3 // 2 = 1 before
	}

	@Test
	public void windowsAreEnumeratedXFastest() {
		WindowGrid g = new WindowGrid(new long[] { 10, 7, 5 }, new int[] { 4, 4, 5 }, new int[] { 3, 3, 1 });
		// x: ceil(6/3)+1 = 3 at 0,3,6; y: ceil(3/3)+1 = 2 at 0,3; z: 1 at 0.
		assertEquals(6, g.numWindows());
		long[] o = new long[3];
		g.origin(0, o);
		assertArrayEquals(new long[] { 0, 0, 0 }, o);
		g.origin(2, o);
		assertArrayEquals(new long[] { 6, 0, 0 }, o);
		g.origin(4, o);
		assertArrayEquals(new long[] { 3, 3, 0 }, o);
	}

	@Test
	public void badStridesAreRejected() {
		for (int stride : new int[] { 0, -2, 9 })
			try {
				WindowGrid.starts(20, 8, stride);
				fail("stride " + stride + " accepted");
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("stride " + stride));
			}
	}
}
