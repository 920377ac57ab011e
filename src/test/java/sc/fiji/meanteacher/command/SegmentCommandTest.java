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
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.NiftiVolumes;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFile;
import sc.fiji.meanteacher.volume.nifti.NiftiFileTest;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;
import sc.fiji.meanteacher.volume.nifti.NiftiImage;
import sc.fiji.meanteacher.volume.nifti.NiftiLayout;

public class SegmentCommandTest extends CommandTestBase {

	private static Volume synthetic(int index) {
		return new SyntheticAtriumGenerator(11).generate(index, 32, 32, 24).image();
	}

	@Test
	public void openImageGetsLabelsOverlayAndProbabilities() throws Exception {
		// seed 3: this untrained network labels about a tenth of the voxels class 1, on all slices but one (checked below)
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"), 3);
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
		// The overlay and probability checks below only mean something if the untrained model's
		// labels hold both classes, and some slices lack class 1.
		assertTrue("some voxels are class 1", !slicesWithClass1.isEmpty());
		assertTrue("some slices lack class 1: " + slicesWithClass1, slicesWithClass1.size() < 24);
		boolean background = false;
		for (byte b : v) background |= b == 0;
		assertTrue("some voxels are background", background);
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
		int slice = slicesWithClass1.iterator().next();
		float[] p1 = (float[]) p.getStack().getProcessor(slice).getPixels();
		int foregroundVoxels = 0;
		for (int i = 0; i < p1.length; i++) {
			boolean foreground = v[(slice - 1) * 32 * 32 + i] == 1;
			if (foreground) foregroundVoxels++;
			assertEquals("voxel " + i + " of slice " + slice, foreground, p1[i] > 0.5f);
		}
		assertTrue("slice " + slice + " holds both classes", foregroundVoxels > 0 && foregroundVoxels < p1.length);
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

	/**
	 * A NIfTI input's labels and probabilities are NIfTI files with its header (dims, pixdim, units,
	 * qform, sform); a TIFF beside it still gives a TIFF.
	 */
	@Test
	public void niftiInputGivesNiftiLabelsWithItsHeader() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model"), 3);
		Path images = tmp.newFolder("images").toPath(), out = tmp.getRoot().toPath().resolve("labels");
		Volume volume = synthetic(0);
		NiftiHeader source = new NiftiHeader(NiftiLayout.NIFTI_1, new long[] { 3, 32, 32, 24, 1, 1, 1, 1 },
			new double[] { 0.7f, 0.8f, 1.5f, 1, 1, 1, 1 }, 10, NiftiFileTest.ORIENTATION, NiftiDataType.FLOAT32, 1, 0);
		NiftiVolumes.writeFloats(volume.data(), 0, 1, source, images.resolve("case0.nii.gz"), OutputPolicy.newFilesOnly());
		VolumeIO.writeTiff(synthetic(1), images.resolve("case1.tif"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("folder", images.toFile());
		in.put("output", out.toFile());
		in.put("probabilities", true);
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());

		assertFalse("no TIFF for the NIfTI input", Files.exists(out.resolve("case0.tif")));
		NiftiImage labels = NiftiFile.read(out.resolve("case0.nii.gz"));
		assertEquals(source.forData(NiftiDataType.UINT8, 1), labels.header());
		try (TrainedModel t = TrainedModel.load(model)) {
			LabelVolume expected = new ModelSegmentation(t, null).labels(VolumeIO.readImage(images.resolve("case0.nii.gz"), false));
			byte[] classes = expected.data();
			float[] written = labels.values();
			boolean both = false;
			for (int i = 0; i < classes.length; i++) {
				assertEquals("voxel " + i, classes[i], written[i], 0);
				both |= classes[i] != classes[0];
			}
			assertTrue("the labels hold both classes", both);
		}
		NiftiImage p = NiftiFile.read(out.resolve(SegmentCommand.PROBABILITY_FOLDER).resolve("case0.nii.gz"));
		assertEquals(source.forData(NiftiDataType.FLOAT32, 1), p.header());
		for (int i = 0; i < p.values().length; i++)
			assertEquals("class 1 where its probability is above one half, voxel " + i, p.values()[i] > 0.5f ? 1 : 0,
				labels.values()[i], 0);
		assertTrue(Files.exists(out.resolve("case1.tif")));
		assertTrue(Files.exists(out.resolve(SegmentCommand.PROBABILITY_FOLDER).resolve("case1.tif")));
	}

	@Test
	public void badInputCancelsWithItsReason() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("folder", tmp.newFolder("images"));
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().endsWith("contains no .tif/.tiff/.nii/.nii.gz images"));

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

	/** Labels must never replace an input: an output folder that is, is inside or contains the input folder is refused. */
	@Test
	public void outputFolderMustLieApartFromTheInput() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path images = tmp.newFolder("data", "images").toPath();
		for (int i = 0; i < 2; i++) VolumeIO.writeTiff(synthetic(i), images.resolve("case" + i + ".tif"));
		byte[] before = Files.readAllBytes(images.resolve("case0.tif"));
		Map<Path, String> refused = Map.of(images, "is the input folder", images.resolve("labels"), "is inside the input folder",
			images.getParent(), "contains the input folder", images.resolve("..").resolve("images").resolve("."), "is the input folder");
		for (Map.Entry<Path, String> e : refused.entrySet()) {
			Map<String, Object> in = new HashMap<>();
			in.put("model", model.toFile());
			in.put("folder", images.toFile());
			in.put("output", e.getKey().toFile());
			CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
			assertTrue(e.getKey().toString(), m.isCanceled());
			assertTrue(m.getCancelReason(), m.getCancelReason().contains(e.getValue()));
		}
		assertArrayEquals(before, Files.readAllBytes(images.resolve("case0.tif")));
		assertFalse(Files.exists(images.resolve("labels")));
		try (var files = Files.list(images)) {
			assertEquals(2, files.count());
		}

		// An image opened from a file: writing into its own folder would replace the file itself.
		ImagePlus opened = VolumeIO.openTiff(images.resolve("case0.tif"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("input", opened);
		in.put("output", images.toFile());
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("is the input folder"));
		assertArrayEquals(before, Files.readAllBytes(images.resolve("case0.tif")));
	}

	@Test
	public void failedRunLeavesNoEmptyOutputFolder() throws Exception {
		Path images = tmp.newFolder("images").toPath();
		VolumeIO.writeTiff(synthetic(0), images.resolve("case0.tif"));
		Path notAModel = Files.writeString(tmp.getRoot().toPath().resolve("notes.zip"), "hello");
		Path out = tmp.getRoot().toPath().resolve("new").resolve("labels");
		Map<String, Object> in = new HashMap<>();
		in.put("model", notAModel.toFile());
		in.put("folder", images.toFile());
		in.put("output", out.toFile());
		in.put("probabilities", true);
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertFalse("no empty output folder is left", Files.exists(out));
	}

	/** A patch the machine cannot hold is refused with the figure instead of the kernel killing the process. */
	@Test
	public void patchTooLargeForTheMachineIsRefusedWithTheFigure() throws Exception {
		Path small = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("small"));
		Path json = small.resolve("model.json");
		Files.writeString(json, Files.readString(json).replaceFirst("\"patchSize\": \\[[^\\]]*\\]", "\"patchSize\": [512, 512, 512]"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", small.toFile());
		in.put("input", ImagePlusVolumes.toImagePlus(synthetic(0)));
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().matches(".*out of memory: segmenting synthetic-000 with the model's patch "
			+ "512x512x512, 4 window\\(s\\) per forward pass, needs about \\d+\\.\\d GB; this machine has \\d+\\.\\d GB.*"));
	}

	/**
	 * Headless, nothing fills 'input' by itself: given with a folder, one of them would be ignored.
	 * Headless as Main runs it (UIService set headless), also when the tests have a display.
	 */
	@Test
	public void inputAndFolderTogetherAreRefused() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path images = tmp.newFolder("images").toPath();
		VolumeIO.writeTiff(synthetic(0), images.resolve("case0.tif"));
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("folder", images.toFile());
		in.put("input", ImagePlusVolumes.toImagePlus(synthetic(1)));
		in.put("output", tmp.getRoot().toPath().resolve("labels").toFile());
		UIService ui = context.service(UIService.class);
		boolean wasHeadless = ui.isHeadless();
		ui.setHeadless(true);
		CommandModule m;
		try {
			m = CommandTestSupport.run(context, SegmentCommand.class, in);
		}
		finally {
			ui.setHeadless(wasHeadless);
		}
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("give either input (one image) or folder"));
	}
}
