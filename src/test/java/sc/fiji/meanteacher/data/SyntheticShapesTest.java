package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class SyntheticShapesTest {

	private static final double[][] IDENTITY = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
	private static final double[][] NONE = {};

	private static SyntheticBlob ellipsoid(double[] center, double[] semiAxes) {
		return new SyntheticBlob(center, IDENTITY, semiAxes, NONE, new double[0], new double[0]);
	}

	@Test
	public void plainBlobIsTheEllipsoid() {
		SyntheticBlob blob = ellipsoid(new double[] { 10, 10, 10 }, new double[] { 4, 3, 2 });
		assertTrue(blob.contains(13.9, 10, 10));
		assertFalse(blob.contains(14.1, 10, 10));
		assertTrue(blob.contains(10, 7.1, 10));
		assertFalse(blob.contains(10, 10, 12.1));
		// (2, 1.5, 1) scaled by the semi-axes is (0.5, 0.5, 0.5): |v|² = 0.75, inside
		assertTrue(blob.contains(12, 11.5, 11));
		assertEquals(4, blob.surfaceDistance(new double[] { 1, 0, 0 }), 1e-12);
		assertEquals(2, blob.surfaceDistance(new double[] { 0, 0, -1 }), 1e-12);
		assertEquals(4 * Math.PI / 3 * 24, blob.volume(), 0.01 * 4 * Math.PI / 3 * 24);
		assertEquals(Math.cbrt(24), blob.meanRadius(), 1e-12);
		assertArrayEquals(new double[] { 4, 3, 2 }, blob.halfExtent(), 0.05 * 4);
	}

	@Test
	public void rotatedBlobTurnsWithItsAxes() {
		// local x along physical y: the long semi-axis now lies along y
		double[][] axes = { { 0, 1, 0 }, { -1, 0, 0 }, { 0, 0, 1 } };
		SyntheticBlob blob = new SyntheticBlob(new double[3], axes, new double[] { 5, 2, 2 }, NONE, new double[0], new double[0]);
		assertTrue(blob.contains(0, 4.9, 0));
		assertFalse(blob.contains(4.9, 0, 0));
		assertEquals(5, blob.surfaceDistance(new double[] { 0, -1, 0 }), 1e-12);
	}

	@Test
	public void bumpRaisesTheRadiusAroundItsDirection() {
		SyntheticBlob blob = new SyntheticBlob(new double[3], IDENTITY, new double[] { 4, 4, 4 },
			new double[][] { { 1, 0, 0 } }, new double[] { 0.5 }, new double[] { 10 });
		assertEquals(6, blob.surfaceDistance(new double[] { 1, 0, 0 }), 1e-9);
		// opposite: 1 + 0.5 exp(-20), no visible change
		assertEquals(4, blob.surfaceDistance(new double[] { -1, 0, 0 }), 1e-6);
		// 90° away: 4 (1 + 0.5 e^-10)
		assertEquals(4 * (1 + 0.5 * Math.exp(-10)), blob.surfaceDistance(new double[] { 0, 1, 0 }), 1e-9);
		assertTrue(blob.contains(5.9, 0, 0));
		assertFalse(blob.contains(0, 0, 4.1));
		assertTrue(blob.halfExtent()[0] >= 6);
	}

	@Test
	public void fittingFlattensOnlyAlongTheTightAxis() {
		SyntheticBlob ball = ellipsoid(new double[3], new double[] { 10, 10, 10 });
		SyntheticBlob fitted = ball.fittedInto(new double[] { 20, 20, 5 });
		double[] half = fitted.halfExtent();
		assertTrue(half[2] <= 5 + 1e-9);
		assertEquals(5, half[2], 0.3);
		assertEquals(half[0], ball.halfExtent()[0], 1e-9);
		assertEquals(10, fitted.surfaceDistance(new double[] { 0, 1, 0 }), 1e-9);
		// nothing to do when it fits
		assertArrayEquals(ball.halfExtent(), ball.fittedInto(new double[] { 11, 11, 11 }).halfExtent(), 1e-12);
	}

	@Test
	public void tubeTapersBetweenItsPoints() {
		SyntheticTube tube = new SyntheticTube(new double[][] { { 0, 0, 0 }, { 10, 0, 0 } }, new double[] { 2, 1 });
		assertTrue(tube.contains(5, 1.4, 0)); // radius 1.5 half way
		assertFalse(tube.contains(5, 0, 1.6));
		assertTrue(tube.contains(-1.9, 0, 0)); // rounded end of radius 2
		assertFalse(tube.contains(11.1, 0, 0)); // rounded end of radius 1
		assertArrayEquals(new double[] { -2, -2, -2 }, tube.lower(), 0);
		assertArrayEquals(new double[] { 12, 2, 2 }, tube.upper(), 0);
		assertThrows(IllegalArgumentException.class,
			() -> new SyntheticTube(new double[][] { { 0, 0, 0 } }, new double[] { 1 }));
		assertThrows(IllegalArgumentException.class,
			() -> new SyntheticTube(new double[][] { { 0, 0, 0 }, { 1, 0, 0 } }, new double[] { 1, 0 }));
	}

	@Test
	public void bentTubeFollowsBothSegments() {
		SyntheticTube tube = new SyntheticTube(new double[][] { { 0, 0, 0 }, { 10, 0, 0 }, { 10, 10, 0 } },
			new double[] { 1, 1, 1 });
		assertTrue(tube.contains(10.5, 5, 0));
		assertFalse(tube.contains(5, 5, 0));
	}

	@Test
	public void rasterisingVisitsVoxelCentresInside() {
		// tube along x through y = z = 5 with radius 1.2 in a 10^3 grid of unit voxels: centres at
		// y, z in {4.5, 5.5} are 0.71 from the axis, the next ones 1.58: 4 voxels per x, 10 columns
		SyntheticTube tube = new SyntheticTube(new double[][] { { -5, 5, 5 }, { 15, 5, 5 } }, new double[] { 1.2, 1.2 });
		List<Integer> inside = new ArrayList<>();
		tube.forEachVoxelInside(new int[] { 10, 10, 10 }, new double[] { 1, 1, 1 }, inside::add);
		assertEquals(40, inside.size());
		assertTrue(inside.contains((4 * 10 + 4) * 10)); // x 0, y 4, z 4
		assertTrue(inside.contains((5 * 10 + 5) * 10 + 9)); // x 9, y 5, z 5
		// 2 mm voxels along z: centres at z = 1, 3, 5, 7, ...; only z = 5 (index 2) is within 1.2
		List<Integer> thick = new ArrayList<>();
		tube.forEachVoxelInside(new int[] { 10, 10, 5 }, new double[] { 1, 1, 2 }, thick::add);
		assertEquals(20, thick.size());
		assertTrue(thick.contains((2 * 10 + 4) * 10 + 3));
	}
}
