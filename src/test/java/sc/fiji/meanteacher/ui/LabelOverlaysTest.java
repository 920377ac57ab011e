package sc.fiji.meanteacher.ui;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.meanteacher.volume.LabelVolume;

public class LabelOverlaysTest {

	/** 10 x 8 x 3: class 1 is a 3x2 block in slices 1 and 2, class 2 a single voxel in slices 2 and 3. */
	private static LabelVolume labels() {
		int nx = 10, ny = 8, nz = 3;
		byte[] v = new byte[nx * ny * nz];
		for (int z = 0; z < 2; z++)
			for (int y = 2; y < 4; y++)
				for (int x = 4; x < 7; x++) v[x + nx * (y + ny * z)] = 1;
		v[1 + nx * (6 + ny * 1)] = 2;
		v[8 + nx * (0 + ny * 2)] = 2;
		return LabelVolume.wrap("toy", v, new long[] { nx, ny, nz }, new double[] { 1, 1, 2 });
	}

	@Test
	public void oneRoiPerClassAndSliceAtItsSlice() {
		Overlay overlay = LabelOverlays.outlines(labels(), 3);
		assertEquals(4, overlay.size());
		int[][] expected = { { 1, 1 }, { 2, 1 }, { 2, 2 }, { 3, 2 } }; // slice, class in creation order
		Rectangle[] bounds = { new Rectangle(4, 2, 3, 2), new Rectangle(4, 2, 3, 2), new Rectangle(1, 6, 1, 1),
			new Rectangle(8, 0, 1, 1) };
		for (int i = 0; i < 4; i++) {
			Roi roi = overlay.get(i);
			assertEquals("position of ROI " + i, expected[i][0], roi.getPosition());
			assertEquals(LabelOverlays.classColour(expected[i][1]), roi.getStrokeColor());
			assertEquals(bounds[i], roi.getBounds());
			assertEquals("class " + expected[i][1] + ", slice " + expected[i][0], roi.getName());
		}
	}

	/** A model's class names name its ROIs, as a Decathlon dataset's labels name them. */
	@Test
	public void namedClassesNameTheirRois() {
		ImagePlus image = new ImagePlus("toy", ImageStack.create(10, 8, 3, 8));
		Overlay overlay = LabelOverlays.showOutlines(image, labels(), 3, List.of("background", "left atrium", "vein"));
		assertEquals(List.of("left atrium, slice 1", "left atrium, slice 2", "vein, slice 2", "vein, slice 3"),
			Arrays.stream(overlay.toArray()).map(Roi::getName).toList());
	}

	@Test
	public void classesBeyondTheCountAreNotOutlined() {
		assertEquals(2, LabelOverlays.outlines(labels(), 2).size());
	}

	@Test
	public void labelImageMapsValuesToClassColours() {
		ImagePlus imp = LabelOverlays.labelImage(labels(), "mm");
		assertEquals(8, imp.getBitDepth());
		assertEquals(3, imp.getStackSize());
		assertEquals("mm", imp.getCalibration().getUnit());
		assertEquals(2.0, imp.getCalibration().pixelDepth, 0);
		imp.setSlice(1);
		assertEquals(1, imp.getProcessor().get(4, 2));
		int rgb = imp.getProcessor().getColorModel().getRGB(1) & 0xffffff;
		assertEquals(LabelOverlays.classColour(1).getRGB() & 0xffffff, rgb);
		assertEquals(0, imp.getDisplayRangeMin(), 0);
		assertEquals(255, imp.getDisplayRangeMax(), 0);
	}

	@Test
	public void coloursAreDistinctForManyClasses() {
		java.util.Set<Integer> seen = new java.util.HashSet<>();
		for (int c = 0; c < 32; c++) seen.add(LabelOverlays.classColour(c).getRGB());
		assertEquals(32, seen.size());
		assertArrayEquals(new int[] { 0, 0, 0 }, rgb(LabelOverlays.classColour(0)));
	}

	@Test
	public void outlinesRejectAnImageOfAnotherSize() {
		ImagePlus other = new ImagePlus("other", new ij.process.ByteProcessor(5, 5));
		try {
			LabelOverlays.showOutlines(other, labels(), 3, List.of());
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith("other: size 5 x 5 x 1 differs"));
			return;
		}
		throw new AssertionError("size mismatch accepted");
	}

	private static int[] rgb(Color c) {
		return new int[] { c.getRed(), c.getGreen(), c.getBlue() };
	}
}
