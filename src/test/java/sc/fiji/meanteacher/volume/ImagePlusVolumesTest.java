package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

public class ImagePlusVolumesTest {

	/** A 3 x 2 x 4 float stack whose voxel (x, y, z) holds 100x + 10y + z − 0.5. */
	static ImagePlus floatStack(String title) {
		ImageStack stack = new ImageStack(3, 2);
		for (int z = 0; z < 4; z++) {
			FloatProcessor fp = new FloatProcessor(3, 2);
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					fp.setf(x, y, 100 * x + 10 * y + z - 0.5f);
			stack.addSlice(fp);
		}
		ImagePlus imp = new ImagePlus(title, stack);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.5;
		cal.pixelHeight = 0.75;
		cal.pixelDepth = 2;
		return imp;
	}

	@Test
	public void floatStackBecomesXFastestVolumeWithCalibrationAndName() {
		Volume v = ImagePlusVolumes.toVolume(floatStack("case7.tif"), false);
		assertEquals("case7", v.name());
		assertArrayEquals(new long[] { 3, 2, 4 }, v.dims());
		assertArrayEquals(new double[] { 0.5, 0.75, 2 }, v.voxelSize(), 0);
		// (x=2, y=1, z=3) is flat index 2 + 3 * (1 + 2 * 3) = 23
		assertEquals(100 * 2 + 10 * 1 + 3 - 0.5f, v.data()[23], 0);
		assertEquals(-0.5f, v.data()[0], 0);
	}

	@Test
	public void sixteenBitIsUnsignedAndCalibrationFunctionApplies() {
		ImageStack stack = new ImageStack(2, 1);
		stack.addSlice(new ShortProcessor(2, 1, new short[] { (short) 40000, 5 }, null));
		stack.addSlice(new ShortProcessor(2, 1, new short[] { 0, 1 }, null));
		ImagePlus imp = new ImagePlus("raw16", stack);
		assertArrayEquals(new float[] { 40000, 5, 0, 1 }, ImagePlusVolumes.toVolume(imp, false).data(), 0);
		// ImageJ stores signed 16-bit data with an offset of 32768 in the calibration function.
		imp.getCalibration().setSigned16BitCalibration();
		assertArrayEquals(new float[] { 40000 - 32768, 5 - 32768, -32768, 1 - 32768 },
			ImagePlusVolumes.toVolume(imp, false).data(), 0);
	}

	@Test
	public void rgbIsRejectedNamingTheImage() {
		ImagePlus rgb = new ImagePlus("colour.tif", new ColorProcessor(4, 4));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusVolumes.toVolume(rgb, true));
		assertTrue(e.getMessage(), e.getMessage().contains("colour.tif") && e.getMessage().contains("RGB"));
	}

	@Test
	public void multiChannelAndMultiFrameAreRejectedWithDimensions() {
		ImagePlus twoChannels = IJ.createImage("cells", "32-bit black", 4, 4, 2, 3, 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusVolumes.toVolume(twoChannels, false));
		assertTrue(e.getMessage(), e.getMessage().contains("cells") && e.getMessage().contains("got 2 channels")
			&& e.getMessage().contains("3 slice(s)"));

		ImagePlus movie = IJ.createImage("movie", "8-bit black", 4, 4, 1, 1, 5);
		e = assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toLabelVolume(movie, true));
		assertTrue(e.getMessage(), e.getMessage().contains("movie") && e.getMessage().contains("5 frames"));
	}

	@Test
	public void singleSliceIsAnErrorForTrainingAndOneSliceForSegmentation() {
		ImagePlus flat = new ImagePlus("slice.tif", new FloatProcessor(5, 4));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusVolumes.toVolume(flat, false));
		assertTrue(e.getMessage(), e.getMessage().contains("slice.tif") && e.getMessage().contains("is 2-D, 3-D needed"));
		assertArrayEquals(new long[] { 5, 4, 1 }, ImagePlusVolumes.toVolume(flat, true).dims());
	}

	@Test
	public void integerFloatLabelsAreAccepted() {
		ImageStack stack = new ImageStack(2, 1);
		stack.addSlice(new FloatProcessor(2, 1, new float[] { 0, 2 }));
		stack.addSlice(new FloatProcessor(2, 1, new float[] { 255, 1 }));
		LabelVolume labels = ImagePlusVolumes.toLabelVolume(new ImagePlus("lab.tif", stack), false);
		assertEquals("lab", labels.name());
		assertArrayEquals(new byte[] { 0, 2, (byte) 255, 1 }, labels.data());
	}

	@Test
	public void nonIntegerNegativeAndLargeLabelsAreRejectedWithVoxel() {
		assertLabelRejected(new float[] { 0, 1, 0.5f, 1 }, "0.5 at voxel (x=0, y=0, z=1)");
		assertLabelRejected(new float[] { 0, -1, 0, 1 }, "-1.0 at voxel (x=1, y=0, z=0)");
		assertLabelRejected(new float[] { 0, 1, 0, 256 }, "256.0 at voxel (x=1, y=0, z=1)");
		assertLabelRejected(new float[] { Float.NaN, 1, 0, 1 }, "NaN at voxel (x=0, y=0, z=0)");
	}

	@Test
	public void sixteenBitLabelAbove255IsRejected() {
		ImageStack stack = new ImageStack(1, 1);
		stack.addSlice(new ShortProcessor(1, 1, new short[] { 3 }, null));
		stack.addSlice(new ShortProcessor(1, 1, new short[] { 300 }, null));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusVolumes.toLabelVolume(new ImagePlus("big16", stack), false));
		assertTrue(e.getMessage(), e.getMessage().contains("big16") && e.getMessage().contains("300.0 at voxel (x=0, y=0, z=1)"));
	}

	@Test
	public void volumeBecomesCalibratedFloatStack() {
		Volume v = Volume.wrap("vol", new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 1, 2, 3 }, new double[] { 0.3, 0.4, 1.5 });
		ImagePlus imp = ImagePlusVolumes.toImagePlus(v, "mm");
		assertEquals("vol", imp.getTitle());
		assertEquals(32, imp.getBitDepth());
		assertEquals(3, imp.getNSlices());
		assertEquals(1, imp.getNFrames());
		assertEquals(4f, imp.getStack().getProcessor(2).getf(0, 1), 0);
		assertEquals(0.3, imp.getCalibration().pixelWidth, 0);
		assertEquals(0.4, imp.getCalibration().pixelHeight, 0);
		assertEquals(1.5, imp.getCalibration().pixelDepth, 0);
		assertEquals("mm", imp.getCalibration().getUnit());
		assertArrayEquals(v.data(), ImagePlusVolumes.toVolume(imp, false).data(), 0);
	}

	@Test
	public void labelsBecomeCalibratedEightBitStack() {
		LabelVolume labels = LabelVolume.wrap("seg", new byte[] { 0, 1, 2, 0 }, new long[] { 2, 1, 2 },
			new double[] { 1, 1, 3 });
		ImagePlus imp = ImagePlusVolumes.toImagePlus(labels);
		assertEquals(8, imp.getBitDepth());
		assertEquals(2, imp.getNSlices());
		assertEquals(3, imp.getCalibration().pixelDepth, 0);
		assertEquals(2, imp.getStack().getProcessor(2).get(0, 0));
		assertArrayEquals(labels.data(), ImagePlusVolumes.toLabelVolume(imp, false).data());
	}

	@Test
	public void onlyKnownExtensionsAreStripped() {
		assertEquals("scan 2.5x", ImagePlusVolumes.stripExtension("scan 2.5x"));
		assertEquals("a", ImagePlusVolumes.stripExtension("a.ome.TIFF"));
		assertEquals("b", ImagePlusVolumes.stripExtension("b.nii.gz"));
	}

	private static void assertLabelRejected(float[] values, String expected) {
		ImageStack stack = new ImageStack(2, 1);
		stack.addSlice(new FloatProcessor(2, 1, new float[] { values[0], values[1] }));
		stack.addSlice(new FloatProcessor(2, 1, new float[] { values[2], values[3] }));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ImagePlusVolumes.toLabelVolume(new ImagePlus("bad-labels.tif", stack), false));
		assertTrue(e.getMessage(), e.getMessage().contains("bad-labels.tif") && e.getMessage().contains(expected));
	}
}
