package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

public class SegmentCommandTest extends CommandTestBase {

	private static Volume synthetic(int index) {
		return new SyntheticAtriumGenerator(11).generate(index, 32, 32, 24).image();
	}

	@Test
	public void openImageGetsLabelsOverlayAndProbabilities() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		ImagePlus input = ImagePlusVolumes.toImagePlus(synthetic(0), "mm");
		Map<String, Object> in = new HashMap<>();
		in.put("input", input);
		in.put("model", model.toFile());
		in.put("probabilities", true);
		in.put("overlap", 0.25);
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());

		ImagePlus labels = (ImagePlus) m.getOutput("labels");
		assertEquals("synthetic-000-labels", labels.getTitle());
		assertArrayEquals(new int[] { 32, 32, 1, 24, 1 }, labels.getDimensions());
		assertEquals("mm", labels.getCalibration().getUnit());
		LabelVolume lv = ImagePlusVolumes.toLabelVolume(labels, false);
		assertTrue("labels are classes 0..1", lv.maxLabel() <= 1);

		// The command must give exactly what the engine gives for the same model and options.
		try (TrainedModel t = TrainedModel.load(model)) {
			LabelVolume expected = new ModelSegmentation(t, new SlidingWindowOptions().overlap(0.25)).labels(synthetic(0));
			assertArrayEquals(expected.data(), lv.data());
		}

		// One outline per (slice, class) present, on that slice.
		Set<Integer> slicesWithClass1 = new HashSet<>();
		byte[] v = lv.data();
		for (int i = 0; i < v.length; i++)
			if (v[i] == 1) slicesWithClass1.add(i / (32 * 32) + 1);
		Overlay overlay = input.getOverlay();
		assertNotNull(overlay);
		assertEquals(slicesWithClass1.size(), overlay.size());
		for (Roi roi : overlay) {
			assertTrue(slicesWithClass1.contains(roi.getPosition()));
			assertEquals(LabelOverlays.classColour(1), roi.getStrokeColor());
		}

		ImagePlus p = (ImagePlus) m.getOutput("probability");
		assertArrayEquals(new int[] { 32, 32, 1, 24, 1 }, p.getDimensions());
		assertEquals(32, p.getBitDepth());
		float[] p1 = (float[]) p.getStack().getProcessor(5).getPixels();
		for (int i = 0; i < p1.length; i++) {
			boolean foreground = v[4 * 32 * 32 + i] == 1;
			assertEquals("voxel " + i + " of slice 5", foreground, p1[i] > 0.5f);
		}
	}

	@Test
	public void folderIsSegmentedIntoTiffsOfTheSameNames() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model"));
		Path images = tmp.newFolder("images").toPath(), out = tmp.getRoot().toPath().resolve("labels");
		for (int i = 0; i < 2; i++) VolumeIO.writeTiff(synthetic(i), images.resolve("case" + i + ".tif"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("folder", images.toFile());
		in.put("output", out.toFile());
		in.put("largest", true);
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		try (TrainedModel t = TrainedModel.load(model)) {
			ModelSegmentation seg = new ModelSegmentation(t, null).largestComponent(true);
			for (int i = 0; i < 2; i++) {
				LabelVolume written = VolumeIO.readLabels(out.resolve("case" + i + ".tif"), false);
				assertArrayEquals(seg.labels(synthetic(i)).data(), written.data());
			}
		}
		assertFalse(Files.exists(out.resolve(SegmentCommand.PROBABILITY_FOLDER)));
	}

	@Test
	public void badInputCancelsWithItsReason() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("folder", tmp.newFolder("images"));
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().endsWith("contains no .tif/.tiff images"));

		in.put("folder", null);
		in.put("input", new ImagePlus("flat", new ij.process.FloatProcessor(32, 32)));
		m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("flat: is 2-D (one slice)"));

		Path notAModel = Files.writeString(tmp.getRoot().toPath().resolve("notes.zip"), "hello");
		in.put("input", ImagePlusVolumes.toImagePlus(synthetic(0)));
		in.put("model", notAModel.toFile());
		m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("notes.zip"));
	}
}
