package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.NiftiVolumes;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFileTest;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;

/**
 * The bad-input regression suite: wrong images, labels, models, folders, lists and settings
 * through the commands as Fiji, macros and scripts run them. Each is refused with one sentence
 * that names the problem (and the file or parameter), and nothing is written or replaced.
 */
public class BadInputTest extends CommandTestBase {

	private Path root, model, images, labels, truth;

	@Before
	public void data() throws Exception {
		root = tmp.getRoot().toPath();
		model = CommandTestSupport.untrainedModel(root.resolve("model.zip"));
		images = tmp.newFolder("images").toPath();
		labels = tmp.newFolder("labels").toPath();
		truth = tmp.newFolder("truth").toPath();
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(4);
		for (int i = 0; i < 3; i++) {
			Case c = generator.generate(i, 24, 24, 16);
			VolumeIO.writeTiff(c.image(), images.resolve("case" + i + ".tif"));
			VolumeIO.writeTiff(LabelOverlays.labelImage(c.label(), null), truth.resolve("case" + i + ".tif"));
			if (i < 2) VolumeIO.writeTiff(LabelOverlays.labelImage(c.label(), null), labels.resolve("case" + i + ".tif"));
		}
	}

	private static Map<String, Object> inputs(Object... keysAndValues) {
		Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			m.put((String) keysAndValues[i], keysAndValues[i + 1] instanceof Path p ? p.toFile() : keysAndValues[i + 1]);
		return m;
	}

	/** The command is refused with one line holding every fragment, and no exception name. */
	private static void assertRefused(Class<? extends Command> command, Map<String, Object> inputs, String... fragments) throws Exception {
		CommandModule m = CommandTestSupport.run(context, command, inputs);
		assertTrue(command.getSimpleName() + " ran with " + inputs, m.isCanceled());
		String reason = m.getCancelReason();
		for (String f : fragments) assertTrue("'" + f + "' in: " + reason, reason.contains(f));
		assertEquals(reason, 1, reason.lines().count());
		assertFalse(reason, reason.matches(".*(Exception|No enum constant|\\(null\\)).*"));
	}

	private Map<String, Object> train(Object... more) {
		Map<String, Object> m = inputs("images", images, "labels", labels, "output", root.resolve("model-out"), "patch", "16,16,16",
			"depth", 3, "iterations", 2, "batch", 2, "labeledbatch", 1);
		m.putAll(inputs(more));
		return m;
	}

	private Map<String, Object> segment(Object... more) {
		Map<String, Object> m = inputs("model", model);
		m.putAll(inputs(more));
		return m;
	}

	// -- Segment --

	@Test
	public void segmentImages() throws Exception {
		assertRefused(SegmentCommand.class, segment("input", new ImagePlus("flat", new FloatProcessor(24, 24))), "flat: is 2-D (one slice)");
		ImagePlus rgb = IJ.createImage("colour", "RGB black", 24, 24, 16);
		assertRefused(SegmentCommand.class, segment("input", rgb), "colour", "RGB image");
		ImagePlus hyper = IJ.createHyperStack("two-channel", 24, 24, 2, 16, 1, 32);
		assertRefused(SegmentCommand.class, segment("input", hyper), "two-channel", "single-channel", "2 channels");
		Volume v = new SyntheticAtriumGenerator(4).generate(0, 24, 24, 16).image();
		v.data()[777] = Float.NaN;
		assertRefused(SegmentCommand.class, segment("input", ImagePlusVolumes.toImagePlus(v)), "synthetic-000", "NaN");
		// what SciJava makes of an input path it cannot open
		assertRefused(SegmentCommand.class, segment("input", new ImagePlus()), "input", "has no pixels");
	}

	@Test
	public void segmentModels() throws Exception {
		ImagePlus image = VolumeIO.openTiff(images.resolve("case0.tif"));
		byte[] bytes = Files.readAllBytes(model);
		Path truncated = Files.write(root.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length / 2));
		assertRefused(SegmentCommand.class, segment("model", truncated, "input", image), "truncated.zip", "truncated or corrupt");
		Path foreign = root.resolve("foreign.zip");
		ModelArchive.writeZip(foreign, Map.of("model.json", "{\"format\": \"bioimage.io\"}".getBytes(StandardCharsets.UTF_8)));
		assertRefused(SegmentCommand.class, segment("model", foreign, "input", image), "foreign.zip", "not a Mean Teacher model");
		Map<String, byte[]> entries = ModelArchive.read(model);
		entries.put("model.json", new String(entries.get("model.json"), StandardCharsets.UTF_8).replace("\"formatVersion\": 1",
			"\"formatVersion\": 0").getBytes(StandardCharsets.UTF_8));
		Path zero = root.resolve("v0.zip");
		ModelArchive.writeZip(zero, entries);
		assertRefused(SegmentCommand.class, segment("model", zero, "input", image), "v0.zip", "invalid format version 0");
		assertRefused(SegmentCommand.class, segment("input", image, "blending", "foo"), "unknown blending 'foo' (gaussian or constant)");
	}

	@Test
	public void segmentFolders() throws Exception {
		byte[] before = Files.readAllBytes(images.resolve("case0.tif"));
		assertRefused(SegmentCommand.class, segment("folder", images, "output", images), "output folder", "is the input folder");
		assertArrayEquals(before, Files.readAllBytes(images.resolve("case0.tif")));
		Path file = Files.writeString(root.resolve("a-file"), "x");
		assertRefused(SegmentCommand.class, segment("folder", images, "output", file), file + " is an existing file, not a folder");
		Path list = Files.writeString(root.resolve("cases.txt"), "case0\ncase7\n");
		assertRefused(SegmentCommand.class, segment("folder", images, "caselist", list, "output", root.resolve("out")), list.toString(),
			"line 2", "unknown case 'case7'");
		assertFalse(Files.exists(root.resolve("out")));
		assertRefused(SegmentCommand.class, segment("caselist", list, "input", VolumeIO.openTiff(images.resolve("case0.tif"))),
			"caselist names cases of a batch folder, but no folder is given");
		Path empty = tmp.newFolder("nothing").toPath();
		assertRefused(SegmentCommand.class, segment("folder", empty, "output", root.resolve("out")), "contains no .tif/.tiff/.nii/.nii.gz images");
		Path zeros = tmp.newFolder("zeros").toPath();
		Files.write(zeros.resolve("zero.tif"), new byte[0]);
		assertRefused(SegmentCommand.class, segment("folder", zeros, "output", root.resolve("out")), "zero.tif", "is empty (0 bytes)");
		assertFalse(Files.exists(root.resolve("out")));
	}

	// -- Train --

	@Test
	public void trainData() throws Exception {
		Path file = Files.writeString(root.resolve("a-file"), "x");
		assertRefused(TrainCommand.class, train("output", file), "output folder " + file + " is an existing file, not a folder");
		assertRefused(TrainCommand.class, train("output", file.resolve("sub")), "cannot be created: " + file + " is a file");

		Path mismatched = tmp.newFolder("mismatched").toPath();
		Files.copy(labels.resolve("case0.tif"), mismatched.resolve("case0.tif"));
		VolumeIO.writeTiff(LabelOverlays.labelImage(LabelVolume.zeros("case1", new long[] { 24, 24, 15 }, null), null),
			mismatched.resolve("case1.tif"));
		assertRefused(TrainCommand.class, train("labels", mismatched), "size mismatch for case1");

		Path fractional = tmp.newFolder("fractional").toPath();
		Files.copy(labels.resolve("case0.tif"), fractional.resolve("case0.tif"));
		FloatProcessor half = new FloatProcessor(24, 24);
		half.setf(3, 4, 0.5f);
		ij.ImageStack stack = new ij.ImageStack(24, 24);
		for (int z = 0; z < 16; z++) stack.addSlice(z == 2 ? half : new FloatProcessor(24, 24));
		VolumeIO.writeTiff(new ImagePlus("case1", stack), fractional.resolve("case1.tif"));
		assertRefused(TrainCommand.class, train("labels", fractional), "case1", "labels must be integers", "0.5");

		Path blank = tmp.newFolder("blank").toPath();
		for (int i = 0; i < 2; i++)
			VolumeIO.writeTiff(LabelOverlays.labelImage(LabelVolume.zeros("case" + i, new long[] { 24, 24, 16 }, null), null),
				blank.resolve("case" + i + ".tif"));
		assertRefused(TrainCommand.class, train("labels", blank), "every labeled volume is all background");

		Path flat = tmp.newFolder("flat").toPath();
		VolumeIO.writeTiff(new ImagePlus("case0", new FloatProcessor(24, 24)), flat.resolve("case0.tif"));
		assertRefused(TrainCommand.class, train("images", flat, "labels", flat), "case0", "2-D");
		assertFalse("nothing was written", Files.exists(root.resolve("model-out").resolve("best-model.zip")));
	}

	/** NIfTI images and labels in Train's folders: each broken file is refused naming it and its field. */
	@Test
	public void trainNiftiData() throws Exception {
		Path smaller = tmp.newFolder("nifti-smaller").toPath();
		Files.copy(labels.resolve("case0.tif"), smaller.resolve("case0.tif"));
		NiftiVolumes.writeLabels(LabelVolume.zeros("case1", new long[] { 24, 24, 15 }, null),
			NiftiHeader.of(new long[] { 24, 24, 15 }, new double[] { 1, 1, 1 }, NiftiDataType.UINT8), smaller.resolve("case1.nii.gz"));
		assertRefused(TrainCommand.class, train("labels", smaller), smaller.resolve("case1.nii.gz") + ": size mismatch for case1",
			"[24, 24, 15] voxels (x, y, z; NIfTI's dim[1..3]), the image " + images.resolve("case1.tif") + " is [24, 24, 16]");

		Path series = tmp.newFolder("nifti-series").toPath();
		Files.copy(labels.resolve("case0.tif"), series.resolve("case0.tif"));
		Files.copy(NiftiFileTest.fixture("series-4d.nii"), series.resolve("case1.nii"));
		assertRefused(TrainCommand.class, train("labels", series), series.resolve("case1.nii") + ": dim[4] = 2: a series of 2 volumes");

		Path plain = tmp.newFolder("nifti-plain").toPath();
		Files.copy(labels.resolve("case0.tif"), plain.resolve("case0.tif"));
		Files.copy(NiftiFileTest.fixture("int16-scaled.nii"), plain.resolve("case1.nii.gz"));
		assertRefused(TrainCommand.class, train("labels", plain), plain.resolve("case1.nii.gz") + ": is not gzip-compressed");
		assertFalse("nothing was written", Files.exists(root.resolve("model-out").resolve("best-model.zip")));
	}

	@Test
	public void trainSettingsAndFolders() throws Exception {
		assertRefused(TrainCommand.class, train("lrgamma", -0.1), "learning-rate factor (lrgamma) must be in (0, 1], got -0.1");
		assertRefused(TrainCommand.class, train("lrstep", 0), "lrstep must be at least 1, got 0");
		assertRefused(TrainCommand.class, train("method", "Mean Theacher"), "unknown method 'Mean Theacher'");
		assertRefused(TrainCommand.class, train("resume", "latest"), "resume=latest", "holds no checkpoint");
		assertRefused(TrainCommand.class, train("patch", "16,16,abc"), "patch: 'abc' is not a whole number");
		CommandModule first = CommandTestSupport.run(context, TrainCommand.class, train("filters", 16));
		assertFalse(first.getCancelReason(), first.isCanceled());
		assertRefused(TrainCommand.class, train("seed", 5L), "already holds another training's results", "resume=latest");
	}

	// -- Evaluate --

	@Test
	public void evaluateInputs() throws Exception {
		Path file = Files.writeString(root.resolve("a-file"), "x");
		assertRefused(EvaluateCommand.class, inputs("predictions", truth, "truth", truth, "csv", file.resolve("m.csv")),
			file + " is an existing file, not a folder");
		assertRefused(EvaluateCommand.class, inputs("predictions", truth, "truth", truth, "classes", "1,x"),
			"classes: 'x' is not a class number");
		Path small = tmp.newFolder("small").toPath();
		for (int i = 0; i < 3; i++)
			VolumeIO.writeTiff(LabelOverlays.labelImage(LabelVolume.zeros("case" + i, new long[] { 24, 24, 15 }, null), null),
				small.resolve("case" + i + ".tif"));
		assertRefused(EvaluateCommand.class, inputs("predictions", small, "truth", truth), "case0", "prediction size [24, 24, 15] differs");
		assertRefused(EvaluateCommand.class, inputs("predictions", labels, "truth", truth), "no prediction for [case2]");
	}

	// -- Demo --

	@Test
	public void demoSettings() throws Exception {
		assertRefused(DemoDataCommand.class, inputs("cases", 0, "output", root.resolve("demo")), "cases must be at least 1, got 0");
		assertRefused(DemoDataCommand.class, inputs("cases", 2, "labeled", 3, "output", root.resolve("demo")),
			"labeled cases (3) exceed cases (2)");
		assertRefused(DemoDataCommand.class, inputs("size", "64,64", "output", root.resolve("demo")), "size needs 3 sizes");
		assertFalse(new File(root.toFile(), "demo").exists());
	}
}
