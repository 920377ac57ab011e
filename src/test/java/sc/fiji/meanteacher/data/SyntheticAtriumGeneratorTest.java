package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import sc.fiji.meanteacher.volume.Case;

public class SyntheticAtriumGeneratorTest {

	private static final long SEED = 20240601L;

	@Test
	public void sameSeedAndIndexGiveIdenticalCases() {
		Case a = new SyntheticAtriumGenerator(SEED).generate(7, 24, 20, 16);
		Case b = new SyntheticAtriumGenerator(SEED).generate(7, 24, 20, 16);
		assertEquals("synthetic-007", a.name());
		assertEquals("synthetic-007", a.image().name());
		assertEquals("synthetic-007", a.label().name());
		assertArrayEquals(new long[] { 24, 20, 16 }, a.image().dims());
		assertArrayEquals(a.image().data(), b.image().data(), 0f);
		assertArrayEquals(a.label().data(), b.label().data());
	}

	@Test
	public void otherIndexOrSeedGivesAnotherCase() {
		Case base = new SyntheticAtriumGenerator(SEED).generate(3, 24, 24, 24);
		Case nextIndex = new SyntheticAtriumGenerator(SEED).generate(4, 24, 24, 24);
		Case nextSeed = new SyntheticAtriumGenerator(SEED + 1).generate(3, 24, 24, 24);
		for (Case other : List.of(nextIndex, nextSeed)) {
			assertFalse(Arrays.equals(base.image().data(), other.image().data()));
			assertFalse(Arrays.equals(base.label().data(), other.label().data()));
		}
	}

	@Test
	public void casesDoNotDependOnCallOrder() {
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(SEED);
		List<Case> forward = generator.generate(5, 3, 20, 20, 20);
		// the same generator, backwards, after other sizes and indices have been made
		generator.generate(0, 32, 32, 32);
		Case[] backward = { null, null, null };
		for (int i = 2; i >= 0; i--)
			backward[i] = generator.generate(5 + i, 20, 20, 20);
		for (int i = 0; i < 3; i++) {
			assertEquals(SyntheticAtriumGenerator.caseName(5 + i), forward.get(i).name());
			assertArrayEquals(forward.get(i).image().data(), backward[i].image().data(), 0f);
			assertArrayEquals(forward.get(i).label().data(), backward[i].label().data());
		}
	}

	@Test
	public void foregroundIsAPlausibleShareOfTheVolume() {
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(SEED);
		int[][] sizes = { { 16, 16, 16 }, { 32, 32, 32 }, { 48, 40, 32 } };
		for (int[] s : sizes)
			for (Case c : generator.generate(0, 10, s[0], s[1], s[2])) {
				double fraction = c.label().foregroundFraction();
				String what = c.name() + " at " + Arrays.toString(s) + ": " + fraction;
				assertTrue(what, fraction >= 0.05 && fraction <= 0.20);
			}
	}

	@Test
	public void labelHoldsOnlyZeroAndOne() {
		for (Case c : new SyntheticAtriumGenerator(SEED).generate(0, 5, 24, 24, 24)) {
			int[] counts = new int[256];
			for (byte b : c.label().data())
				counts[b & 0xff]++;
			assertTrue(c.name(), counts[0] > 0 && counts[1] > 0);
			assertEquals(c.name(), c.label().data().length, counts[0] + counts[1]);
		}
	}

	@Test
	public void targetIsOneConnectedPiece() {
		// the veins start inside the body, so body and branches form a single object
		for (Case c : new SyntheticAtriumGenerator(SEED).generate(0, 4, 48, 48, 48)) {
			int total = 0;
			for (byte b : c.label().data())
				total += b;
			int largest = largestComponent(c.label().data(), 48, 48, 48);
			assertTrue(c.name() + ": " + largest + " of " + total, largest >= 0.99 * total);
		}
	}

	@Test
	public void targetIsBrighterThanTheRest() {
		for (Case c : new SyntheticAtriumGenerator(SEED).generate(0, 5, 32, 32, 32)) {
			float[] image = c.image().data();
			byte[] label = c.label().data();
			double inside = 0, outside = 0;
			int in = 0;
			for (int i = 0; i < image.length; i++) {
				assertTrue(c.name() + " voxel " + i, Float.isFinite(image[i]));
				if (label[i] != 0) {
					inside += image[i];
					in++;
				}
				else outside += image[i];
			}
			inside /= in;
			outside /= image.length - in;
			assertTrue(c.name() + ": inside " + inside + ", outside " + outside, inside > 1.5 * outside);
		}
	}

	/**
	 * No global threshold recovers the label: bright unlabeled structures and the bias field keep
	 * the best Dice over a sweep of thresholds well below that of a usable segmentation, while it is
	 * clearly above chance, so the target is visible.
	 */
	@Test
	public void noGlobalThresholdRecoversTheLabel() {
		for (Case c : new SyntheticAtriumGenerator(SEED).generate(0, 5, 40, 40, 40)) {
			double best = bestThresholdDice(c.image().data(), c.label().data());
			assertTrue(c.name() + ": best threshold Dice " + best, best < 0.9);
			assertTrue(c.name() + ": best threshold Dice " + best, best > 0.5);
		}
	}

	@Test
	public void voxelSizeIsHonoured() {
		double[] thick = { 1, 1, 2 };
		Case anisotropic = new SyntheticAtriumGenerator(SEED, thick).generate(2, 32, 32, 16);
		assertArrayEquals(thick, anisotropic.image().voxelSize(), 0);
		assertArrayEquals(thick, anisotropic.label().voxelSize(), 0);
		assertArrayEquals(new double[] { 1, 1, 1 }, new SyntheticAtriumGenerator(SEED).voxelSize(), 0);

		// the anatomy lives in millimetres: 32x32x16 voxels of 1x1x2 cover the same box as 32^3
		// voxels of 1x1x1 and show the same case, every other slice (centres 0.5 mm apart)
		Case isotropic = new SyntheticAtriumGenerator(SEED).generate(2, 32, 32, 32);
		byte[] thin = isotropic.label().data();
		byte[] slab = anisotropic.label().data();
		byte[] everyOther = new byte[slab.length];
		for (int z = 0; z < 16; z++)
			System.arraycopy(thin, 2 * z * 32 * 32, everyOther, z * 32 * 32, 32 * 32);
		assertTrue("same anatomy at 1x1x2: Dice " + dice(slab, everyOther), dice(slab, everyOther) > 0.85);
		// while the same grid with 1 mm slices covers half the box and shows another picture
		Case halfBox = new SyntheticAtriumGenerator(SEED).generate(2, 32, 32, 16);
		assertTrue("half box: Dice " + dice(slab, halfBox.label().data()), dice(slab, halfBox.label().data()) < 0.85);
	}

	@Test
	public void badInputIsRejectedWithTheCaseName() {
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(SEED);
		IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
			() -> generator.generate(3, 32, 7, 32));
		assertTrue(small.getMessage(), small.getMessage().contains("synthetic-003") && small.getMessage().contains("32x7x32"));
		assertThrows(IllegalArgumentException.class, () -> generator.generate(-1, 16, 16, 16));
		assertThrows(IllegalArgumentException.class, () -> generator.generate(0, -2, 16, 16, 16));
		IllegalArgumentException voxel = assertThrows(IllegalArgumentException.class,
			() -> new SyntheticAtriumGenerator(SEED, new double[] { 1, 0, 1 }));
		assertTrue(voxel.getMessage(), voxel.getMessage().contains("[1.0, 0.0, 1.0]"));
		assertThrows(IllegalArgumentException.class, () -> new SyntheticAtriumGenerator(SEED, new double[] { 1, 1 }));
	}

	/** The best Dice of {@code image > t} against the label over the 1st..99th percentiles as t. */
	static double bestThresholdDice(float[] image, byte[] label) {
		float[] sorted = image.clone();
		Arrays.sort(sorted);
		double best = 0;
		for (int p = 1; p < 100; p++) {
			float t = sorted[(int) ((long) sorted.length * p / 100)];
			byte[] mask = new byte[image.length];
			for (int i = 0; i < image.length; i++)
				mask[i] = (byte) (image[i] > t ? 1 : 0);
			best = Math.max(best, dice(mask, label));
		}
		return best;
	}

	static double dice(byte[] a, byte[] b) {
		long both = 0, sum = 0;
		for (int i = 0; i < a.length; i++) {
			both += a[i] & b[i];
			sum += a[i] + b[i];
		}
		return sum == 0 ? 1 : 2.0 * both / sum;
	}

	/** Voxel count of the largest 6-connected component of non-zero voxels. */
	private static int largestComponent(byte[] label, int nx, int ny, int nz) {
		boolean[] seen = new boolean[label.length];
		int[] queue = new int[label.length];
		int largest = 0;
		for (int start = 0; start < label.length; start++) {
			if (label[start] == 0 || seen[start]) continue;
			int head = 0, tail = 0;
			queue[tail++] = start;
			seen[start] = true;
			while (head < tail) {
				int i = queue[head++];
				int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
				int[] neighbours = { x > 0 ? i - 1 : -1, x < nx - 1 ? i + 1 : -1, y > 0 ? i - nx : -1,
					y < ny - 1 ? i + nx : -1, z > 0 ? i - nx * ny : -1, z < nz - 1 ? i + nx * ny : -1 };
				for (int n : neighbours)
					if (n >= 0 && label[n] != 0 && !seen[n]) {
						seen[n] = true;
						queue[tail++] = n;
					}
			}
			largest = Math.max(largest, tail);
		}
		return largest;
	}
}
