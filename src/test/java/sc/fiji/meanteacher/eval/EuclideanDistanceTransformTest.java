package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Random;

import org.junit.Test;

import sc.fiji.meanteacher.volume.LabelVolume;

public class EuclideanDistanceTransformTest {

	@Test
	public void matchesBruteForceWithAnisotropicSpacing() {
		int[] dims = { 9, 7, 6 };
		double[] spacing = { 0.7, 1.3, 2.1 };
		Random random = new Random(1234);
		for (double density : new double[] { 0.03, 0.2, 0.6 }) {
			boolean[] v = new boolean[9 * 7 * 6];
			for (int i = 0; i < v.length; i++) v[i] = random.nextDouble() < density;
			v[random.nextInt(v.length)] = true; // never empty
			BinaryMask mask = BinaryMask.wrap("random", v, dims);
			double[] d = EuclideanDistanceTransform.distance(mask, spacing);
			for (int z = 0, i = 0; z < dims[2]; z++)
				for (int y = 0; y < dims[1]; y++)
					for (int x = 0; x < dims[0]; x++, i++)
						assertEquals("voxel " + x + "," + y + "," + z, TestMasks.nearest(mask, x, y, z, spacing), d[i], 1e-9);
		}
	}

	@Test
	public void lineWithSpacingTwo() {
		// foreground at x = 1 of a 5-voxel row, spacing 2 along x: distances 2, 0, 2, 4, 6
		boolean[] v = { false, true, false, false, false };
		double[] d = EuclideanDistanceTransform.distance(BinaryMask.wrap("row", v, 5, 1, 1), new double[] { 2, 1, 1 });
		assertArrayEquals(new double[] { 2, 0, 2, 4, 6 }, d, 0);
	}

	@Test
	public void diagonalNeighbourInAnisotropicVolume() {
		// foreground (0,0,0) in a 2x2x2 volume, spacing (1, 2, 3): the far corner is sqrt(1 + 4 + 9)
		boolean[] v = new boolean[8];
		v[0] = true;
		double[] d = EuclideanDistanceTransform.distance(BinaryMask.wrap("corner", v, 2, 2, 2), new double[] { 1, 2, 3 });
		assertArrayEquals(new double[] { 0, 1, 2, Math.sqrt(5), 3, Math.sqrt(10), Math.sqrt(13), Math.sqrt(14) }, d, 1e-12);
	}

	@Test
	public void noForegroundIsInfinite() {
		double[] d = EuclideanDistanceTransform.distance(BinaryMask.wrap("empty", new boolean[12], 3, 2, 2), new double[] { 1, 1, 1 });
		for (double v : d) assertEquals(Double.POSITIVE_INFINITY, v, 0);
	}

	@Test
	public void labelVolumeClassUsesItsVoxelSize() {
		// class 2 at z = 0 of a 1x1x4 column with voxel depth 2.5: distances 0, 2.5, 5, 7.5
		byte[] labels = { 2, 1, 0, 1 };
		LabelVolume lv = LabelVolume.wrap("col", labels, new long[] { 1, 1, 4 }, new double[] { 1, 1, 2.5 });
		assertArrayEquals(new double[] { 0, 2.5, 5, 7.5 }, EuclideanDistanceTransform.distanceToClass(lv, 2), 1e-12);
		// class 1 at z = 1 and z = 3
		assertArrayEquals(new double[] { 2.5, 0, 2.5, 0 }, EuclideanDistanceTransform.distanceToClass(lv, 1), 1e-12);
	}

	@Test
	public void rejectsBadSpacing() {
		BinaryMask m = BinaryMask.wrap("m", new boolean[1], 1, 1, 1);
		BinaryMaskTest.assertMessage(() -> EuclideanDistanceTransform.distance(m, new double[] { 1, 0, 1 }), "positive");
		BinaryMaskTest.assertMessage(() -> EuclideanDistanceTransform.distance(m, new double[] { 1, 1 }), "3 values");
	}
}
