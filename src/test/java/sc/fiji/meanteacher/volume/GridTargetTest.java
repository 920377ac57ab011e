package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The grid a run resamples to: a factor on every axis, or per-axis factors from each volume's voxel size to a spacing. */
public class GridTargetTest {

	/** 4 x 4 x 2 voxels of 1 x 1 x 4 µm: slice z = 0 holds 0, slice 1 holds 1; the label is 1 in slice 1. */
	private static Case ramp(String unit, double[] voxelSize) {
		float[] v = new float[32];
		byte[] l = new byte[32];
		for (int i = 16; i < 32; i++) {
			v[i] = 1;
			l[i] = 1;
		}
		long[] dims = { 4, 4, 2 };
		return new Case("ramp", Volume.wrap("ramp", v, dims, voxelSize), LabelVolume.wrap("ramp", l, dims, voxelSize), unit);
	}

	@Test
	public void spacingGivesEachAxisItsOwnFactor() {
		GridTarget iso = GridTarget.spacing(VoxelSpacing.parse("spacing", "1,1,1"));
		assertArrayEquals(new double[] { 1, 1, 4 }, iso.factors(new double[] { 1, 1, 4 }), 0);
		assertArrayEquals(new double[] { 2, 0.5, 1 }, iso.factors(new double[] { 2, 0.5, 1 }), 0);
		assertFalse(iso.resamples(new double[] { 1, 1, 1 }));
		assertArrayEquals(new double[] { 0.5, 0.5, 0.5 }, GridTarget.scale(0.5).factors(new double[] { 1, 1, 4 }), 0);
		assertEquals(new VoxelSpacing(0.4, 0.4, 0.4), VoxelSpacing.parse("spacing", "0.4"));
		assertNull(VoxelSpacing.parse("spacing", " "));
		assertArrayEquals(new long[] { 32, 32, 32 }, Resampling.scaledDims(new long[] { 32, 32, 8 }, new double[] { 1, 1, 4 }));
	}

	@Test
	public void aCaseIsResampledAlongTheAnisotropicAxisOnly() {
		Case c = GridTarget.spacing(new VoxelSpacing(1, 1, 2)).apply(ramp("µm", new double[] { 1, 1, 4 }), "ramp.tif", 2);
		assertArrayEquals(new long[] { 4, 4, 4 }, c.image().dims());
		assertArrayEquals(new double[] { 1, 1, 2 }, c.image().voxelSize(), 1e-12);
		assertEquals("µm", c.unit());
		// output slice centres at 0.5, 1.5, 2.5, 3.5 of 4 fall at input positions -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
		float[] expected = { 0, 0.25f, 0.75f, 1 };
		byte[] labels = { 0, 0, 1, 1 };
		for (int z = 0; z < 4; z++)
			for (int i = 0; i < 16; i++) {
				assertEquals("z " + z, expected[z], c.image().data()[z * 16 + i], 1e-6f);
				assertEquals("label z " + z, labels[z], c.label().data()[z * 16 + i]);
			}
		Case same = ramp("µm", new double[] { 1, 1, 2 });
		assertSame("already on the grid", same, GridTarget.spacing(new VoxelSpacing(1, 1, 2)).apply(same, "ramp.tif", 2));
	}

	@Test
	public void whatASpacingCannotDoIsRefusedNamingTheSource() {
		GridTarget iso = GridTarget.spacing(new VoxelSpacing(1, 1, 1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> iso.apply(ramp("µm", new double[] { 1, 1, 10 }), "/data/deep.tif", 2));
		assertEquals("/data/deep.tif: spacing=1,1,1 would up-sample it 10.0 times along z (its voxel size 10); at most 4 times per axis",
			e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> iso.apply(ramp(null, new double[] { 1, 1, 1 }), "/data/plain.tif", 2));
		assertTrue(e.getMessage(), e.getMessage().startsWith("/data/plain.tif: has no voxel size (an uncalibrated image)"));
		// a factor needs no voxel size
		assertEquals(2, GridTarget.scale(0.5).apply(ramp(null, new double[] { 1, 1, 1 }), "/data/plain.tif", 2).image().nx());
		e = assertThrows(IllegalArgumentException.class, () -> GridTarget.of(2, new VoxelSpacing(1, 1, 1)));
		assertTrue(e.getMessage(), e.getMessage().startsWith("scale=2 and spacing=1,1,1 both resample the data"));
	}
}
