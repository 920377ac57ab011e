package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IntensityNormalizationTest {

	private static Volume volume(String name, float... values) {
		return Volume.wrap(name, values, new long[] { values.length, 1, 1 }, new double[] { 1, 2, 3 });
	}

	@Test
	public void zscoreUsesPopulationSd() {
		// mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / 4 = 1.25
		Volume in = volume("z", 1, 2, 3, 4);
		Volume out = IntensityNormalization.ZSCORE.apply(in);
		double sd = Math.sqrt(1.25);
		assertArrayEquals(new float[] { (float) (-1.5 / sd), (float) (-0.5 / sd), (float) (0.5 / sd), (float) (1.5 / sd) },
			out.data(), 1e-6f);
		assertEquals("z", out.name());
		assertArrayEquals(new double[] { 1, 2, 3 }, out.voxelSize(), 0);
		assertArrayEquals("input untouched", new float[] { 1, 2, 3, 4 }, in.data(), 0);
	}

	@Test
	public void zscoreOfConstantVolumeNamesTheCase() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> IntensityNormalization.ZSCORE.apply(volume("flatCase", 7, 7, 7)));
		assertTrue(e.getMessage(), e.getMessage().contains("flatCase") && e.getMessage().contains("constant"));
	}

	@Test
	public void noneCopiesValues() {
		Volume in = volume("n", 3, -1);
		Volume out = IntensityNormalization.NONE.apply(in);
		out.data()[0] = 99;
		assertArrayEquals(new float[] { 3, -1 }, in.data(), 0);
	}

	@Test
	public void percentileMinMaxMapsRobustRangeToUnitAndClips() {
		// 0..200: rank of the 0.5th percentile is 0.005·200 = 1 → value 1; 99.5th → rank 199 → 199
		float[] values = new float[201];
		for (int i = 0; i < values.length; i++) values[i] = 200 - i;
		Volume out = IntensityNormalization.PERCENTILE_MINMAX.apply(volume("p", values));
		assertEquals(1f, out.data()[0], 0); // 200, above the 99.5th percentile
		assertEquals((float) (99.0 / 198), out.data()[100], 1e-7f); // value 100
		assertEquals(0f, out.data()[200], 0); // value 0, below the 0.5th
		assertEquals((float) (1.0 / 198), out.data()[198], 1e-7f); // value 2
	}

	@Test
	public void percentileInterpolatesBetweenRanks() {
		// four values: rank 0.005·3 = 0.015 → 10 + 0.015·10
		assertEquals(10.15, IntensityNormalization.percentile(new float[] { 10, 20, 30, 40 }, 0.5), 1e-9);
	}

	@Test
	public void nonFiniteVoxelIsReportedWithPosition() {
		float[] values = new float[2 * 3 * 4];
		values[1 + 2 * (2 + 3 * 3)] = Float.NaN;
		Volume v = Volume.wrap("nanCase", values, new long[] { 2, 3, 4 }, null);
		for (IntensityNormalization n : IntensityNormalization.values()) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.apply(v));
			assertTrue(e.getMessage(), e.getMessage().contains("nanCase") && e.getMessage().contains("(x=1, y=2, z=3)"));
		}
		Volume inf = volume("infCase", 0, 1, Float.NEGATIVE_INFINITY);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> IntensityNormalization.requireFinite(inf));
		assertTrue(e.getMessage(), e.getMessage().contains("infCase") && e.getMessage().contains("(x=2, y=0, z=0) is -Infinity"));
	}

	@Test
	public void namesRoundTripAndUnknownNamesFail() {
		for (IntensityNormalization n : IntensityNormalization.values()) {
			assertSame(n, IntensityNormalization.fromName(n.id()));
			assertSame(n, IntensityNormalization.fromName(n.name()));
		}
		assertEquals("zscore", IntensityNormalization.ZSCORE.id());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> IntensityNormalization.fromName("histogram"));
		assertTrue(e.getMessage(), e.getMessage().contains("histogram") && e.getMessage().contains("zscore"));
	}
}
