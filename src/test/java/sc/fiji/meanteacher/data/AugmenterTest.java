package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import sc.fiji.meanteacher.data.Augmenter.Transform;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

public class AugmenterTest {

	/** 3 x 2 x 2 volume with value x + 10 y + 100 z, so every voxel tells where it came from. */
	private static Volume coded3x2x2() {
		float[] v = new float[12];
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					v[x + 3 * y + 6 * z] = x + 10 * y + 100 * z;
		return Volume.wrap("coded", v, new long[] { 3, 2, 2 }, null);
	}

	private static float[] patch(Augmenter a, Transform t, Volume v) {
		float[] out = new float[a.patchVoxels()];
		a.apply(t, v, null, out, 0, null, 0);
		return out;
	}

	@Test
	public void quarterTurnsAndFlipsMatchHandComputedVolumes() {
		Volume v = coded3x2x2();
		Augmenter same = new Augmenter(3, 2, 2), turned = new Augmenter(2, 3, 2);
		// z = 0 plane as displayed (x right, y down):  0  1  2 / 10 11 12
		assertArrayEquals(new float[] { 0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112 },
			patch(same, new Transform(0, -1, 0, 0, 0), v), 0);
		// one counter-clockwise turn: the top row (0 1 2) becomes the left column read upwards
		assertArrayEquals(new float[] { 2, 12, 1, 11, 0, 10, 102, 112, 101, 111, 100, 110 },
			patch(turned, new Transform(1, -1, 0, 0, 0), v), 0);
		assertArrayEquals(new float[] { 12, 11, 10, 2, 1, 0, 112, 111, 110, 102, 101, 100 },
			patch(same, new Transform(2, -1, 0, 0, 0), v), 0);
		assertArrayEquals(new float[] { 10, 0, 11, 1, 12, 2, 110, 100, 111, 101, 112, 102 },
			patch(turned, new Transform(3, -1, 0, 0, 0), v), 0);
		// flips act on the turned geometry
		assertArrayEquals(new float[] { 2, 1, 0, 12, 11, 10, 102, 101, 100, 112, 111, 110 },
			patch(same, new Transform(0, 0, 0, 0, 0), v), 0);
		assertArrayEquals(new float[] { 0, 10, 1, 11, 2, 12, 100, 110, 101, 111, 102, 112 },
			patch(turned, new Transform(1, 1, 0, 0, 0), v), 0);
		assertArrayEquals(new float[] { 12, 2, 11, 1, 10, 0, 112, 102, 111, 101, 110, 100 },
			patch(turned, new Transform(1, 0, 0, 0, 0), v), 0);
	}

	@Test
	public void cropIsTakenFromTheTurnedGeometry() {
		// turned once, the plane is  2 12 / 1 11 / 0 10 (2 wide, 3 high); the 1x2x1 patch at (1, 1, 1) is 111, 110
		assertArrayEquals(new float[] { 111, 110 }, patch(new Augmenter(1, 2, 1), new Transform(1, -1, 1, 1, 1), coded3x2x2()), 0);
	}

	@Test
	public void labelsStayAlignedWithTheImage() {
		int nx = 20, ny = 14, nz = 9;
		float[] img = new float[nx * ny * nz];
		byte[] lab = new byte[img.length];
		for (int z = 0, i = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++, i++) {
					img[i] = (float) (Math.sin(0.7 * x) * Math.cos(0.45 * y + 0.3 * z) + 0.01 * x);
					lab[i] = (byte) (img[i] > 0.3 ? 1 : 0);
				}
		Volume image = Volume.wrap("blobs", img, new long[] { nx, ny, nz }, null);
		LabelVolume label = LabelVolume.wrap("blobs-label", lab, new long[] { nx, ny, nz }, null);
		Augmenter a = new Augmenter(8, 11, 6);
		boolean[][] seen = new boolean[4][2];
		float[] p = new float[a.patchVoxels() + 5];
		byte[] l = new byte[a.patchVoxels() + 3];
		for (int s = 0; s < 64; s++) {
			Transform t = a.randomPatch(image, label, true, Rng.derive(11, Rng.AUGMENTATION, s), p, 5, l, 3);
			seen[t.quarterTurns()][t.flipAxis()] = true;
			int foreground = 0;
			for (int i = 0; i < a.patchVoxels(); i++) {
				assertEquals("seed " + s + " voxel " + i + " " + t, p[5 + i] > 0.3 ? 1 : 0, l[3 + i]);
				foreground += l[3 + i];
			}
			assertTrue(foreground > 0 && foreground < a.patchVoxels());
		}
		for (boolean[] turn : seen)
			for (boolean flip : turn) assertTrue("every turn and flip is drawn", flip);
	}

	@Test
	public void randomTransformsAreRigidAndStayInsideTheVolume() {
		// a coded volume: neighbouring patch voxels must come from neighbouring source voxels
		int nx = 13, ny = 9, nz = 7;
		Augmenter a = new Augmenter(6, 8, 4);
		for (int s = 0; s < 40; s++) {
			Transform t = a.randomTransform(nx, ny, nz, true, Rng.derive(2, Rng.AUGMENTATION, s));
			int[] src = a.sourceIndices(t, nx, ny, nz);
			for (int z = 0; z < 4; z++)
				for (int y = 0; y < 8; y++)
					for (int x = 0; x < 6; x++) {
						int i = x + 6 * (y + 8 * z);
						assertTrue(src[i] >= 0 && src[i] < nx * ny * nz);
						int sz = src[i] / (nx * ny);
						assertEquals(z + t.offsetZ(), sz);
						if (x > 0) assertEquals(1, inPlaneDistance(src[i], src[i - 1], nx));
						if (y > 0) assertEquals(1, inPlaneDistance(src[i], src[i - 6], nx));
					}
			// patch x runs along source y after an odd number of turns
			boolean alongY = src[1] - src[0] == nx || src[1] - src[0] == -nx;
			assertEquals(t.quarterTurns() % 2 == 1, alongY);
		}
	}

	private static int inPlaneDistance(int a, int b, int nx) {
		return Math.abs(a % nx - b % nx) + Math.abs(a / nx - b / nx);
	}

	@Test
	public void smallVolumesAreCentredInZeroPadding() {
		// 4 x 3 x 2 volume of values 1..24 in an 8 x 6 x 5 patch: padding before = 2, 1, 1
		float[] v = new float[24];
		byte[] lab = new byte[24];
		for (int i = 0; i < 24; i++) {
			v[i] = i + 1;
			lab[i] = 1;
		}
		Volume image = Volume.wrap("small", v, new long[] { 4, 3, 2 }, null);
		LabelVolume label = LabelVolume.wrap("small-label", lab, new long[] { 4, 3, 2 }, null);
		Augmenter a = new Augmenter(8, 6, 5);
		float[] random = new float[a.patchVoxels()], centred = new float[a.patchVoxels()];
		byte[] randomLabel = new byte[a.patchVoxels()];
		a.randomPatch(image, label, false, Rng.derive(1, 3, 0), random, 0, randomLabel, 0);
		a.centreCrop(image, null, centred, 0, null, 0);
		for (int z = 0; z < 5; z++)
			for (int y = 0; y < 6; y++)
				for (int x = 0; x < 8; x++) {
					int i = x + 8 * (y + 6 * z);
					boolean inside = x >= 2 && x < 6 && y >= 1 && y < 4 && z >= 1 && z < 3;
					float expected = inside ? (x - 2) + 4 * (y - 1) + 12 * (z - 1) + 1 : 0;
					assertEquals("random (" + x + "," + y + "," + z + ")", expected, random[i], 0);
					assertEquals("centred (" + x + "," + y + "," + z + ")", expected, centred[i], 0);
					assertEquals(inside ? 1 : 0, randomLabel[i]);
				}
	}

	@Test
	public void paddingAndRandomCropMixPerAxis() {
		// x: 10 wide in a 4 wide patch (random offset 0..6); y: 2 high in a 5 high patch (padding 1 before)
		Augmenter a = new Augmenter(4, 5, 1);
		boolean[] offsets = new boolean[7];
		for (int s = 0; s < 100; s++) {
			Transform t = a.randomTransform(10, 2, 1, false, Rng.derive(4, 3, s));
			assertEquals(-1, t.offsetY());
			assertEquals(0, t.offsetZ());
			offsets[t.offsetX()] = true;
		}
		for (boolean o : offsets) assertTrue(o);
	}

	@Test
	public void centreCropOfALargerVolume() {
		// 10 x 8 x 6 in 4 x 4 x 4: offsets (3, 2, 1), so patch (0,0,0) is source (3,2,1)
		Augmenter a = new Augmenter(4, 4, 4);
		Transform t = a.centreTransform(10, 8, 6);
		assertEquals(new Transform(0, -1, 3, 2, 1), t);
		int[] src = a.sourceIndices(t, 10, 8, 6);
		assertEquals(3 + 10 * 2 + 80 * 1, src[0]);
		assertEquals(6 + 10 * 5 + 80 * 4, src[63]);
	}

	@Test
	public void teacherNoiseIsClampedWithTheReferenceSpread() {
		float[] d = new float[200010];
		java.util.Arrays.fill(d, 5f);
		Augmenter.addClampedNoise(d, 5, 200000, Rng.derive(1, Rng.TEACHER_NOISE, 0));
		assertEquals(5f, d[4], 0);
		assertEquals(5f, d[200005], 0);
		double sum = 0, sum2 = 0;
		int atClamp = 0;
		for (int i = 5; i < 200005; i++) {
			double e = d[i] - 5.0;
			assertTrue("noise " + e, Math.abs(e) <= 0.2 + 1e-6);
			if (Math.abs(e) > 0.2 - 1e-6) atClamp++;
			sum += e;
			sum2 += e * e;
		}
		double mean = sum / 200000, sd = Math.sqrt(sum2 / 200000 - mean * mean);
		assertEquals(0, mean, 0.002);
		// N(0, 0.1) clamped at 2 sd: sd 0.1 * sqrt(0.9205) = 0.0959, 4.55 % at the clamp
		assertEquals(0.0959, sd, 0.003);
		assertEquals(0.0455, atClamp / 200000.0, 0.005);
	}

	@Test
	public void badInputIsRejected() {
		TwoStreamBatchSamplerTest.assertMessage("patch size must be positive", () -> new Augmenter(4, 0, 4));
		TwoStreamBatchSamplerTest.assertMessage("3 values", () -> new Augmenter(new int[] { 4, 4 }));
		Augmenter a = new Augmenter(2, 2, 2);
		Volume v = coded3x2x2();
		TwoStreamBatchSamplerTest.assertMessage("coded: a 2x2x2 patch at offset 1 does not fit a destination of 8",
			() -> a.centreCrop(v, null, new float[8], 1, null, 0));
		LabelVolume wrong = LabelVolume.zeros("wrong-label", new long[] { 2, 3, 2 }, null);
		TwoStreamBatchSamplerTest.assertMessage("size mismatch for coded",
			() -> a.centreCrop(v, wrong, new float[8], 0, new byte[8], 0));
		assertThrows(IllegalArgumentException.class, () -> new Transform(4, 0, 0, 0, 0));
		TwoStreamBatchSamplerTest.assertMessage("noise sd and clamp must be >= 0",
			() -> Augmenter.addClampedNoise(new float[4], 0, 4, new Rng(1), -0.1, 0.2));
	}
}
