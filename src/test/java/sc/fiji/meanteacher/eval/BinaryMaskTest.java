package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

import net.imglib2.img.array.ArrayImgs;
import sc.fiji.meanteacher.volume.LabelVolume;

public class BinaryMaskTest {

	@Test
	public void interiorCubeSurfaceIsItsShell() {
		// 3^3 cube inside a 5^3 volume: 27 voxels, only the centre has 6 foreground neighbours
		BinaryMask s = TestMasks.box(new int[] { 5, 5, 5 }, new int[] { 1, 1, 1 }, new int[] { 4, 4, 4 }).surface();
		assertEquals(26, s.count());
		assertFalse(s.isForeground(2, 2, 2));
		assertTrue(s.isForeground(1, 2, 2));
	}

	@Test
	public void voxelsOnTheVolumeBorderAreSurface() {
		// a full 4^3 volume: the outside counts as background, so the 64 - 2^3 outer voxels are surface
		BinaryMask s = TestMasks.box(new int[] { 4, 4, 4 }, new int[3], new int[] { 4, 4, 4 }).surface();
		assertEquals(56, s.count());
		assertFalse(s.isForeground(1, 2, 1));
		// a 1-voxel-thick line: every voxel touches the border
		assertEquals(3, TestMasks.line(6, 1, 2, 3).surface().count());
	}

	@Test
	public void singleVoxelAndEmptyMask() {
		assertEquals(1, TestMasks.box(new int[] { 3, 3, 3 }, new int[] { 1, 1, 1 }, new int[] { 2, 2, 2 }).surface().count());
		BinaryMask empty = BinaryMask.wrap("e", new boolean[8], 2, 2, 2);
		assertTrue(empty.isEmpty());
		assertEquals(0, empty.surface().count());
	}

	@Test
	public void classMaskFromLabelVolume() {
		byte[] labels = { 0, 1, 2, 1, 0, 2, 2, 1 };
		LabelVolume lv = LabelVolume.wrap("case7", labels, new long[] { 2, 2, 2 }, null);
		BinaryMask two = BinaryMask.ofClass(lv, 2);
		assertEquals(3, two.count());
		assertTrue(two.isForeground(0, 1, 0)); // index 2
		assertTrue(two.isForeground(1, 0, 1)); // index 5
		assertEquals(3, BinaryMask.ofClass(lv, 1).overlap(BinaryMask.ofClass(lv, 1)));
		assertEquals(0, BinaryMask.ofClass(lv, 1).overlap(two));
	}

	@Test
	public void boundingBoxAndCrop() {
		// box [1, 3) x [2, 4) x [0, 1) in 4x5x3, plus one voxel of another mask at (3, 0, 2)
		BinaryMask a = TestMasks.box(new int[] { 4, 5, 3 }, new int[] { 1, 2, 0 }, new int[] { 3, 4, 1 });
		BinaryMask b = TestMasks.box(new int[] { 4, 5, 3 }, new int[] { 3, 0, 2 }, new int[] { 4, 1, 3 });
		int[][] box = a.boundingBox(b);
		assertArrayEquals(new int[] { 1, 0, 0 }, box[0]);
		assertArrayEquals(new int[] { 4, 4, 3 }, box[1]);
		BinaryMask c = a.crop(box[0], box[1]);
		assertArrayEquals(new int[] { 3, 4, 3 }, c.dims());
		assertEquals(4, c.count());
		assertTrue(c.isForeground(0, 2, 0) && c.isForeground(1, 3, 0));
		assertTrue(b.crop(box[0], box[1]).isForeground(2, 0, 2));
		assertNull(BinaryMask.wrap("e", new boolean[8], 2, 2, 2).boundingBox(BinaryMask.wrap("e", new boolean[8], 2, 2, 2)));
	}

	@Test
	public void badInputNamesTheMask() {
		assertMessage(() -> BinaryMask.wrap("m1", new boolean[7], 2, 2, 2), "m1", "7 voxels");
		assertMessage(() -> BinaryMask.wrap("m2", new boolean[0], 0, 4, 4), "m2", "no voxels");
		assertMessage(() -> BinaryMask.ofClass("m3", ArrayImgs.unsignedBytes(4, 4), 1), "m3", "3-D");
	}

	static void assertMessage(Runnable r, String... parts) {
		try {
			r.run();
			fail("expected IllegalArgumentException");
		}
		catch (IllegalArgumentException e) {
			for (String p : parts)
				assertTrue(e.getMessage() + " should mention " + p, e.getMessage().contains(p));
		}
	}
}
