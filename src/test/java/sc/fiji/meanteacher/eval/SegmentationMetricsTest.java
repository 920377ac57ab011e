package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import sc.fiji.meanteacher.volume.LabelVolume;

public class SegmentationMetricsTest {

	private static final double[] UNIT = { 1, 1, 1 };
	private static final int[] DIMS = { 8, 8, 8 };

	/** Truth: the 4^3 cube [2, 6)^3; prediction: the same cube moved by k voxels along {@code axis}. */
	private static CaseMetrics shiftedCubes(int axis, int k, double[] voxelSize) {
		int[] from = { 2, 2, 2 }, to = { 6, 6, 6 };
		BinaryMask truth = TestMasks.box(DIMS, from, to);
		from[axis] += k;
		to[axis] += k;
		return SegmentationMetrics.compare("cubes", 1, TestMasks.box(DIMS, from, to), truth, voxelSize);
	}

	/*
	 * Cube side a = 4, shift k along x. Dice = (a - k) / a, Jaccard = (a - k) / (a + k).
	 * The prediction surface has 4^3 - 2^3 = 56 voxels; for a prediction voxel at local x = i:
	 * - 48 lie on a y or z face: distance 0 while i + k <= 3 (the truth voxel there is on the same
	 *   face), else i + k - 3 (to the truth's far x face);
	 * - 8 lie only on an x face (y, z in {1, 2}): at i = 0 the truth voxel x = k is interior or on
	 *   a face, distance min(k, 3 - k, 1) (1 for k = 1, 2); at i = 3 the distance is k.
	 * k = 1: 36 zeros, 20 ones -> ASD 20/56; sorted index 0.95 * 55 = 52.25 falls in the ones.
	 * k = 2: 24 zeros, 16 ones (12 + 4), 16 twos (12 + 4) -> ASD 48/56; index 52.25 -> 2.
	 * Truth -> prediction is the mirror image, so ASSD = ASD and the pooled 95th percentile
	 * (index 0.95 * 111 = 105.45 of 112) lands in the same value.
	 */
	@Test
	public void cubesOffsetAlongX() {
		assertCase(shiftedCubes(0, 1, UNIT), 3 / 4.0, 3 / 5.0, 1, 1, 20 / 56.0, 20 / 56.0, DistanceUnit.VOXELS);
		assertCase(shiftedCubes(0, 2, UNIT), 2 / 4.0, 2 / 6.0, 2, 2, 48 / 56.0, 48 / 56.0, DistanceUnit.VOXELS);
		assertCase(shiftedCubes(0, 0, UNIT), 1, 1, 0, 0, 0, 0, DistanceUnit.VOXELS);
	}

	@Test
	public void unitVoxelSizeGivesTheSamePhysicalDistances() {
		CaseMetrics m = shiftedCubes(0, 2, UNIT);
		assertSame(m.voxels(), m.physical());
	}

	@Test
	public void isotropicVoxelSizeScalesEveryDistance() {
		// voxel size 2: same nearest voxels, every distance doubles; Dice does not change
		CaseMetrics m = shiftedCubes(1, 2, new double[] { 2, 2, 2 });
		assertCase(m, 0.5, 1 / 3.0, 2, 2, 48 / 56.0, 48 / 56.0, DistanceUnit.VOXELS);
		assertCase(m, 0.5, 1 / 3.0, 4, 4, 96 / 56.0, 96 / 56.0, DistanceUnit.PHYSICAL);
	}

	/*
	 * Shift k = 1 along z, voxel size (1, 1, 2). In voxels nothing changes (36 zeros, 20 ones).
	 * Physically, the 12 + 4 distances that run along z double to 2, but the 4 bottom-face voxels
	 * (x, y in {1, 2}, truth z = 1) are 1 mm from the truth's x or y face, closer than 2 mm along z.
	 * Directed: 36 zeros, 4 ones, 16 twos -> ASD 36/56; index 52.25 is among the twos -> HD95 2,
	 * twice the voxel value. Pooled with the mirror direction: index 105.45 of 112, twos from 80.
	 */
	@Test
	public void anisotropicShiftAlongZ() {
		CaseMetrics m = shiftedCubes(2, 1, new double[] { 1, 1, 2 });
		assertCase(m, 3 / 4.0, 3 / 5.0, 1, 1, 20 / 56.0, 20 / 56.0, DistanceUnit.VOXELS);
		assertCase(m, 3 / 4.0, 3 / 5.0, 2, 2, 36 / 56.0, 36 / 56.0, DistanceUnit.PHYSICAL);
	}

	/*
	 * Balls of radius 7 centred at x = 15 and x = 17 (y = z = 15) in 32^3. Reflection about x = 16
	 * swaps them, so both directed distance sets are the same multiset: ASSD = ASD. The surfaces
	 * are 2 voxels apart along x and closer elsewhere; digitisation moves the 95th percentile by
	 * less than a voxel. ASD is checked against brute force over all surface voxel pairs.
	 */
	@Test
	public void shiftedSpheres() {
		int[] dims = { 32, 32, 32 };
		BinaryMask truth = TestMasks.ball(dims, new int[] { 15, 15, 15 }, 7);
		BinaryMask prediction = TestMasks.ball(dims, new int[] { 17, 15, 15 }, 7);
		double[] voxelSize = { 1, 1, 2 };
		CaseMetrics m = SegmentationMetrics.compare("spheres", 1, prediction, truth, voxelSize);
		SurfaceDistanceMetrics v = m.voxels();
		assertEquals(2, v.hd95Pooled(), 0.5);
		assertEquals(2, v.hd95MaxDirected(), 0.5);
		assertEquals(v.asd(), v.assd(), 1e-12);
		assertTrue(v.asd() > 0 && v.asd() < v.hd95Pooled());
		assertEquals(TestMasks.bruteForceAsd(prediction, truth, UNIT), v.asd(), 1e-9);
		assertEquals(TestMasks.bruteForceAsd(prediction, truth, voxelSize), m.physical().asd(), 1e-9);
		assertEquals(m.physical().asd(), m.physical().assd(), 1e-12);
		// the shift runs along x (spacing 1): the largest physical distances stay about 2
		assertEquals(2, m.physical().hd95MaxDirected(), 0.5);
	}

	/*
	 * 1 x 1 x 30 line (every foreground voxel is a surface voxel). Truth z = 0..9, prediction
	 * z = 0..14. Prediction -> truth: ten 0s and 1, 2, 3, 4, 5; truth -> prediction: ten 0s.
	 * Directed 95th percentiles: index 0.95 * 14 = 13.3 -> 4 + 0.3 = 4.3, and 0 -> max 4.3.
	 * Pooled (25 values, twenty 0s then 1..5): index 0.95 * 24 = 22.8 -> 3 + 0.8 = 3.8.
	 * ASD = 15 / 15 = 1, ASSD = (1 + 0) / 2; Dice = 20 / 25, Jaccard = 10 / 15.
	 */
	@Test
	public void hd95ConventionsDifferOnAnAsymmetricCase() {
		BinaryMask truth = TestMasks.line(30, TestMasks.range(0, 10));
		BinaryMask prediction = TestMasks.line(30, TestMasks.range(0, 15));
		CaseMetrics m = SegmentationMetrics.compare("asym", 1, prediction, truth, new double[] { 1, 1, 0.5 });
		assertCase(m, 0.8, 2 / 3.0, 3.8, 4.3, 1, 0.5, DistanceUnit.VOXELS);
		assertCase(m, 0.8, 2 / 3.0, 1.9, 2.15, 0.5, 0.25, DistanceUnit.PHYSICAL);
		// swapping roles: the max-directed value and ASSD are symmetric, ASD is not
		CaseMetrics swapped = SegmentationMetrics.compare("asym", 1, truth, prediction, UNIT);
		assertCase(swapped, 0.8, 2 / 3.0, 3.8, 4.3, 0, 0.5, DistanceUnit.VOXELS);
	}

	@Test
	public void emptyMaskConventions() {
		// 2x2x2 volumes; truth has class 1 in two voxels and class 2 in one, prediction only class 1
		byte[] t = { 1, 1, 0, 2, 0, 0, 0, 0 };
		byte[] p = { 1, 0, 0, 0, 0, 0, 0, 0 };
		long[] dims = { 2, 2, 2 };
		LabelVolume truth = LabelVolume.wrap("case3", t, dims, new double[] { 0.5, 0.5, 1 });
		LabelVolume prediction = LabelVolume.wrap("pred3", p, dims, null);
		List<CaseMetrics> r = SegmentationMetrics.evaluate(prediction, truth, 1, 2, 3);
		assertEquals(3, r.size());
		assertEquals("case3", r.get(0).caseName());
		assertEquals(2 / 3.0, r.get(0).dice(), 1e-12);
		// class 2: prediction empty -> 0 overlap, undefined distances
		assertCase(r.get(1), 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, DistanceUnit.VOXELS);
		assertCase(r.get(1), 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, DistanceUnit.PHYSICAL);
		// class 3: both empty -> perfect overlap, no surface to measure distances from
		assertCase(r.get(2), 1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, DistanceUnit.VOXELS);
		assertCase(r.get(2), 1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, DistanceUnit.PHYSICAL);
		// truth empty, prediction not
		CaseMetrics swapped = SegmentationMetrics.evaluate(truth, prediction, 2).get(0);
		assertCase(swapped, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, DistanceUnit.PHYSICAL);
	}

	@Test
	public void anyRealTypeServesAsLabels() {
		// a float prediction against a uint8 truth: class 1 in 3 voxels vs 2 voxels, overlap 2
		ArrayImg<FloatType, FloatArray> prediction = ArrayImgs.floats(new float[] { 1, 1, 1, 0, 0, 0, 0, 0 }, 2, 2, 2);
		var truth = ArrayImgs.unsignedBytes(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0 }, 2, 2, 2);
		CaseMetrics m = SegmentationMetrics.evaluate("mixed", prediction, truth, UNIT, 1).get(0);
		assertEquals(4 / 5.0, m.dice(), 1e-12);
		assertEquals(2 / 3.0, m.jaccard(), 1e-12);
		assertEquals(1, m.classIndex());
	}

	@Test
	public void badInputIsRejectedWithTheCaseName() {
		LabelVolume a = LabelVolume.zeros("caseA", new long[] { 4, 4, 4 }, null);
		LabelVolume b = LabelVolume.zeros("caseB", new long[] { 4, 4, 5 }, null);
		BinaryMaskTest.assertMessage(() -> SegmentationMetrics.evaluate(a, b, 1), "caseB", "[4, 4, 4]", "[4, 4, 5]");
		BinaryMaskTest.assertMessage(() -> SegmentationMetrics.compare("caseC", 1, BinaryMask.ofClass(a, 1),
			BinaryMask.ofClass(b, 1), UNIT), "caseC", "[4, 4, 4]", "[4, 4, 5]");
		// a view with an empty x range (ArrayImgs itself refuses zero sizes)
		var none = Views.interval(a.img(), new long[] { 0, 0, 0 }, new long[] { -1, 3, 3 });
		BinaryMaskTest.assertMessage(() -> SegmentationMetrics.evaluate("caseD", none, none, UNIT, 1), "caseD", "no voxels");
		BinaryMaskTest.assertMessage(() -> SegmentationMetrics.evaluate("caseE", a.img(), a.img(), new double[] { 1, -1, 1 }, 1),
			"caseE", "voxel size");
		BinaryMaskTest.assertMessage(() -> SegmentationMetrics.evaluate(a, a), "caseA", "no class");
	}

	private static void assertCase(CaseMetrics m, double dice, double jaccard, double hd95Pooled, double hd95MaxDirected,
		double asd, double assd, DistanceUnit unit)
	{
		assertEquals("dice", dice, m.value(Metric.DICE, unit), 1e-12);
		assertEquals("jaccard", jaccard, m.value(Metric.JACCARD, unit), 1e-12);
		assertEquals("hd95 pooled", hd95Pooled, m.value(Metric.HD95_POOLED, unit), 1e-9);
		assertEquals("hd95 max directed", hd95MaxDirected, m.value(Metric.HD95_MAX_DIRECTED, unit), 1e-9);
		assertEquals("asd", asd, m.value(Metric.ASD, unit), 1e-12);
		assertEquals("assd", assd, m.value(Metric.ASSD, unit), 1e-12);
	}
}
