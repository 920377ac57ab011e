package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import sc.fiji.meanteacher.eval.SegmentationMetrics;

public class ResamplingTest {

	private static final double[] ISO = { 1, 1, 1 };

	@Test
	public void halvingAveragesTwoByTwoByTwoBlocks() {
		int nx = 6, ny = 4, nz = 8;
		float[] v = new float[nx * ny * nz];
		java.util.SplittableRandom r = new java.util.SplittableRandom(3);
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
		Volume half = Resampling.image(Volume.wrap("v", v, new long[] { nx, ny, nz }, new double[] { 0.625, 0.625, 0.625 }),
			new long[] { 3, 2, 4 });
		assertArrayEquals(new double[] { 1.25, 1.25, 1.25 }, half.voxelSize(), 1e-12);
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++) {
					double sum = 0;
					for (int k = 0; k < 2; k++)
						for (int j = 0; j < 2; j++)
							for (int i = 0; i < 2; i++) sum += v[(2 * x + i) + nx * ((2 * y + j) + ny * (2 * z + k))];
					assertEquals(sum / 8, half.data()[x + 3 * (y + 2 * z)], 1e-6);
				}
	}

	@Test
	public void linearRampStaysLinearAndSameGridIsIdentity() {
		int n = 9;
		float[] v = new float[n * n * n];
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) v[x + n * (y + n * z)] = 2 * x - y + 0.5f * z;
		Volume vol = Volume.wrap("ramp", v, new long[] { n, n, n }, ISO);
		assertArrayEquals(v, Resampling.image(vol, new long[] { n, n, n }).data(), 0f);
		// up-sampled 9 -> 18: voxel centre j maps to (j + 0.5) / 2 - 0.5 inside the grid (8 -> 3.75)
		Volume up = Resampling.image(vol, new long[] { 18, 18, 18 });
		for (int j = 1; j < 17; j++) {
			double x = (j + 0.5) / 2 - 0.5;
			assertEquals(2 * x - 3.75 + 0.5 * 3.75, up.data()[j + 18 * (8 + 18 * 8)], 1e-5);
		}
	}

	@Test
	public void labelsKeepTheirValuesAndShapeThroughDownAndUp() {
		int n = 40;
		byte[] l = new byte[n * n * n];
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++) {
					double d2 = Math.pow(x - 19.5, 2) + Math.pow(y - 19.5, 2) + Math.pow(z - 19.5, 2);
					if (d2 < 12 * 12) l[x + n * (y + n * z)] = 1;
					if (d2 < 5 * 5) l[x + n * (y + n * z)] = 2;
				}
		LabelVolume labels = LabelVolume.wrap("ball", l, new long[] { n, n, n }, ISO);
		LabelVolume half = Resampling.labels(labels, new long[] { 20, 20, 20 }, 3);
		assertEquals(2, half.maxLabel());
		assertArrayEquals(new double[] { 2, 2, 2 }, half.voxelSize(), 1e-12);
		LabelVolume back = Resampling.labels(half, labels.dims(), 3);
		for (int c = 1; c <= 2; c++) {
			double dice = SegmentationMetrics.evaluate(back, labels, c).get(0).dice();
			assertTrue("class " + c + " Dice after down and up " + dice, dice > (c == 1 ? 0.92 : 0.8));
		}
	}

	@Test
	public void probabilitiesResampleEachClassMapOnItsOwn() {
		// two class maps over 4×3×2 voxels: class 1 rises with x (the x index / 3), class 0 is the rest
		long[] dims = { 4, 3, 2 }, newDims = { 8, 5, 3 };
		int n = 4 * 3 * 2, m = 8 * 5 * 3;
		float[] maps = new float[2 * n];
		for (int i = 0; i < n; i++) {
			float x = i % 4;
			maps[i] = 1 - x / 3;
			maps[n + i] = x / 3;
		}
		float[] back = Resampling.probabilities("case", maps, 2, dims, newDims);
		assertEquals(2 * m, back.length);
		for (int i = 0; i < m; i++) {
			// an output centre j lies at input x (j + 0.5) · 4/8 − 0.5, held at the edge voxels; a ramp stays a ramp
			double x = Math.max(0, Math.min(3, (i % 8 + 0.5) * 4 / 8 - 0.5));
			assertEquals("class 0 at " + i, 1 - x / 3, back[i], 1e-6);
			assertEquals("class 1 at " + i, x / 3, back[m + i], 1e-6);
		}
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Resampling.probabilities("case", new float[2 * n - 1], 2, dims, newDims));
		assertEquals("resampling case: 47 values are not 2 class maps of 24 voxels", e.getMessage());
	}

	@Test
	public void scaledDimsRoundAndRejectBadFactors() {
		assertArrayEquals(new long[] { 92, 70, 44 }, Resampling.scaledDims(new long[] { 183, 140, 88 }, 0.5));
		assertArrayEquals(new long[] { 1, 1, 1 }, Resampling.scaledDims(new long[] { 1, 1, 1 }, 0.1));
		assertThrows(IllegalArgumentException.class, () -> Resampling.scaledDims(new long[] { 4, 4, 4 }, 0));
		assertThrows(IllegalArgumentException.class, () -> Resampling.scaledDims(new long[] { 4, 4, 4 }, Double.NaN));
	}

	/** A value above the classes (sparse labels' not-annotated value) competes as a class does: 5 of 8 voxels win the block. */
	@Test
	public void valuesAboveTheClassesAreResampledAsClassesAre() {
		byte n = (byte) 255;
		LabelVolume sparse = LabelVolume.wrap("l", new byte[] { n, n, n, n, n, 0, 1, 0 }, new long[] { 2, 2, 2 }, ISO);
		assertArrayEquals(new byte[] { n }, Resampling.labels(sparse, new long[] { 1, 1, 1 }, 2).data());
		LabelVolume dense = LabelVolume.wrap("l", new byte[] { n, n, 1, 1, 1, 0, 1, 0 }, new long[] { 2, 2, 2 }, ISO);
		assertArrayEquals(new byte[] { 1 }, Resampling.labels(dense, new long[] { 1, 1, 1 }, 2).data());
	}
}
