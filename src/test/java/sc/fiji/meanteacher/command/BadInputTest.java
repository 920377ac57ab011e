package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.ui.MetricsTable;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.DecathlonFixture;
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
	/**
	 * Sparse labels from folders, headless: a label folder with every 4th slice annotated (the rest
	 * 255) trains with unannotated=255 and model.json records it; bad sparse settings and labels are
	 * refused in one line naming the value (and the image), with no output folder made.
	 */
	@Test
	public void trainSparseLabels() throws Exception {
		Path sparse = tmp.newFolder("sparse-labels").toPath();
		for (int i = 0; i < 2; i++) {
			LabelVolume l = VolumeIO.readLabels(labels.resolve("case" + i + ".tif"), false);
			byte[] data = l.data();
			int slice = l.nx() * l.ny();
			for (int v = 0; v < data.length; v++)
				if (v / slice % 4 != 0) data[v] = (byte) 255;
			VolumeIO.writeTiff(LabelOverlays.labelImage(l, null), sparse.resolve("case" + i + ".tif"));
		}
		Path out = root.resolve("model-out");
		assertRefused(TrainCommand.class, train("unannotated", "abc"),
			"unannotated (the not-annotated label value) must be an integer 0..255 or empty, got 'abc'");
		assertRefused(TrainCommand.class, train("unannotated", "1"),
			"the not-annotated label value 1 is class 1 of classes=2; use a value of 2 or more (e.g. 255)");
		assertRefused(TrainCommand.class, train("unannotated", "255", "labelconvention", "labkit"),
			"labelconvention=labkit already means 0 = not annotated: leave unannotated empty (got 255)");
		assertRefused(TrainCommand.class, train("labels", sparse), "case0", "label value 255 exceeds the class count 2");
		assertFalse(Files.exists(out));

		CommandModule run = CommandTestSupport.run(context, TrainCommand.class, train("labels", sparse, "unannotated", "255"));
		assertFalse(run.getCancelReason(), run.isCanceled());
		String json = new String(ModelArchive.read(out.resolve(RunFolder.BEST_MODEL)).get("model.json"), StandardCharsets.UTF_8);
		assertTrue(json, json.contains("\"unannotated\": 255") && json.contains("\"labelConvention\": \"classes\""));
	}

	@Test
	public void trainNiftiData() throws Exception {
		Path smaller = tmp.newFolder("nifti-smaller").toPath();
		Files.copy(labels.resolve("case0.tif"), smaller.resolve("case0.tif"));
		NiftiVolumes.writeLabels(LabelVolume.zeros("case1", new long[] { 24, 24, 15 }, null),
			NiftiHeader.of(new long[] { 24, 24, 15 }, new double[] { 1, 1, 1 }, NiftiDataType.UINT8), smaller.resolve("case1.nii.gz"), OutputPolicy.newFilesOnly());
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

	/**
	 * A folder holding only another run's log is refused like one with checkpoints; a truncated
	 * newest checkpoint is skipped by resume=latest (one log line names it and why) and refused by
	 * name, with what to do, when resumed explicitly.
	 */
	@Test
	public void runFolderLocksAndCheckpointFaults() throws Exception {
		Path logOnly = tmp.newFolder("log-only").toPath();
		Path log = Files.writeString(logOnly.resolve(RunFolder.LOG), "iteration,loss\n0,0.5\n");
		assertRefused(TrainCommand.class, train("output", logOnly), "already holds another training's results", RunFolder.LOG);
		assertEquals("the other run's log is kept", "iteration,loss\n0,0.5\n", Files.readString(log));

		Path run = root.resolve("faults");
		CommandModule trained = CommandTestSupport.run(context, TrainCommand.class, train("output", run, "iterations", 3, "checkpoint", 1));
		assertFalse(trained.getCancelReason(), trained.isCanceled());
		Path newest = run.resolve(RunFolder.CHECKPOINTS).resolve("checkpoint-000002.zip");
		byte[] bytes = Files.readAllBytes(newest);
		Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));
		assertRefused(TrainCommand.class, train("output", run, "iterations", 3, "resume", newest.toString()), newest.toString(),
			"truncated or corrupt", "resume=latest uses the newest readable checkpoint");

		List<String> logged = new ArrayList<>();
		LogListener listener = message -> logged.add(message.text());
		LogService logService = context.service(LogService.class);
		logService.addLogListener(listener);
		CommandModule resumed;
		try {
			resumed = CommandTestSupport.run(context, TrainCommand.class, train("output", run, "iterations", 3, "resume", "latest"));
		}
		finally {
			logService.removeLogListener(listener);
		}
		assertFalse(resumed.getCancelReason(), resumed.isCanceled());
		List<String> skips = logged.stream().filter(line -> line.contains("skips")).toList();
		assertEquals(logged.toString(), 1, skips.size());
		assertTrue(skips.get(0), skips.get(0).contains("checkpoint-000002.zip") && skips.get(0).contains("truncated or corrupt")
			&& skips.get(0).contains("checkpoint-000001.zip"));
		assertTrue(logged.toString(), logged.stream().anyMatch(line -> line.contains("resumed from") && line.contains("checkpoint-000001.zip")));
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

	// -- Evaluation counts and training checks --

	/**
	 * A case empty in both prediction and truth counts once and has no HD95 or ASD; a patch of
	 * exactly 2^depth leaves one voxel per channel at the deepest stage, which batch norm cannot
	 * normalise in a batch of one, so such settings are refused up front (naming patch, depth and
	 * batch) while a patch twice that long along one axis trains.
	 */
	@Test
	public void evaluateCountsAndTrainingChecks() throws Exception {
		Path pred = tmp.newFolder("pred-counts").toPath(), truths = tmp.newFolder("truth-counts").toPath();
		for (Path dir : List.of(pred, truths)) {
			Files.copy(truth.resolve(dir == pred ? "case1.tif" : "case0.tif"), dir.resolve("full.tif"));
			VolumeIO.writeTiff(LabelOverlays.labelImage(LabelVolume.zeros("empty", new long[] { 24, 24, 16 }, null), null),
				dir.resolve("empty.tif"));
		}
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class, inputs("predictions", pred, "truth", truths));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable rt = (ResultsTable) m.getOutput("table");
		assertEquals("rows: empty/1, full/1, mean, sd", 4, rt.size());
		assertEquals("empty", rt.getStringValue(MetricsTable.CASE, 0));
		assertEquals("empty prediction and truth: no HD95 or ASD", rt.getStringValue(MetricsTable.NOTE, 0));
		assertEquals(MetricsTable.MEAN_ROW, rt.getStringValue(MetricsTable.CASE, 2));
		assertEquals(2, rt.getValue(MetricsTable.CASES, 2), 0);
		assertEquals(1, rt.getValue(MetricsTable.DISTANCE_CASES, 2), 0);
		assertEquals("the HD95 mean is the full case's alone", rt.getValue("HD95 (vox)", 1), rt.getValue("HD95 (vox)", 2), 0);
		assertTrue((String) m.getOutput("notes"), ((String) m.getOutput("notes")).contains("empty (empty prediction and truth)"));

		assertRefused(TrainCommand.class, train("patch", "16,16,16", "depth", 4, "batch", 1, "labeledbatch", 1, "method",
			"Supervised only"), "patch 16x16x16", "depth 4", "batch of 1", "32 along one axis");
		assertRefused(TrainCommand.class, train("patch", "16,16,16", "depth", 4, "batch", 2, "labeledbatch", 1),
			"patch 16x16x16", "depth 4", "teacher", "batch of 1", "32 along one axis");
		Path works = root.resolve("deeper-patch");
		CommandModule trained = CommandTestSupport.run(context, TrainCommand.class, train("patch", "16,16,32", "depth", 4, "batch", 1,
			"labeledbatch", 1, "method", "Supervised only", "output", works));
		assertFalse(trained.getCancelReason(), trained.isCanceled());
		assertTrue(Files.exists(works.resolve("best-model.zip")));
	}

	/**
	 * Training volumes of two voxel sizes, and a class the labels never hold: both are warned of,
	 * naming the volumes, sizes and class, and the model records the unit of its voxel size.
	 */
	@Test
	public void trainingWarnsOfMixedVoxelSizesAndAbsentClasses() throws Exception {
		Path mixed = tmp.newFolder("mixed-images").toPath(), mixedLabels = tmp.newFolder("mixed-labels").toPath();
		for (int i = 0; i < 3; i++) {
			double[] voxel = i < 2 ? new double[] { 1, 1, 1 } : new double[] { 0.5, 0.5, 2 };
			Case c = new SyntheticAtriumGenerator(4, voxel).generate(i, 24, 24, 16);
			VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(c.image(), "mm"), mixed.resolve("case" + i + ".tif"));
			if (i < 2) VolumeIO.writeTiff(LabelOverlays.labelImage(c.label(), "mm"), mixedLabels.resolve("case" + i + ".tif"));
		}
		List<String> logged = new ArrayList<>();
		LogListener listener = message -> logged.add(message.text());
		context.service(LogService.class).addLogListener(listener);
		Path out = root.resolve("mixed-model");
		try {
			CommandModule m = CommandTestSupport.run(context, TrainCommand.class, train("images", mixed, "labels", mixedLabels, "output",
				out, "classes", 3));
			assertFalse(m.getCancelReason(), m.isCanceled());
		}
		finally {
			context.service(LogService.class).removeLogListener(listener);
		}
		String log = String.join("\n", logged);
		assertTrue(log, log.contains("warning: the training volumes have different voxel sizes: 1x1x1 mm (case0, case1), 0.5x0.5x2 mm "
			+ "(case2)"));
		assertTrue(log, log.contains("the model records the first labeled volume's, 1x1x1 mm"));
		assertTrue(log, log.contains("warning: class 2 appears in no labeled training volume (classes=3; the labels hold 0 and 1)"));
		String json = new String(ModelArchive.read(out.resolve("best-model.zip")).get("model.json"), StandardCharsets.UTF_8);
		assertTrue(json, json.contains("\"voxelUnit\": \"mm\""));
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

	// -- Outputs: nothing a user owns is overwritten --

	/** The file is refused with one line holding every fragment, and its bytes are what they were. */
	private static void assertRefusedKeeping(Path file, Class<? extends Command> command, Map<String, Object> inputs, String... fragments)
		throws Exception
	{
		byte[] before = Files.readAllBytes(file);
		assertRefused(command, inputs, fragments);
		assertArrayEquals(file + " changed", before, Files.readAllBytes(file));
	}

	/**
	 * Evaluate's CSV never lands on a file it compares, however the path is spelled (as given, a
	 * {@code ./} form, a link), not even with {@code overwrite}; a file of the user's is replaced
	 * only with {@code overwrite}.
	 */
	@Test
	public void evaluateCsvNeverLandsOnAnInput() throws Exception {
		Path predicted = tmp.newFolder("predicted").toPath();
		for (int i = 0; i < 3; i++) Files.copy(truth.resolve("case" + i + ".tif"), predicted.resolve("case" + i + ".tif"));
		Path truthFile = truth.resolve("case0.tif");
		Path link = Files.createSymbolicLink(root.resolve("link.tif"), truthFile);
		for (Path csv : new Path[] { truthFile, truth.resolve(".").resolve("case0.tif"), link })
			for (Object[] overwrite : new Object[][] { {}, { "overwrite", true } }) {
				Map<String, Object> in = inputs("predictions", predicted, "truth", truth, "csv", csv);
				in.putAll(inputs(overwrite));
				assertRefusedKeeping(truthFile, EvaluateCommand.class, in, csv.toAbsolutePath().toString(), "is one of the files this run reads",
					"not even with overwrite=true");
			}
		// ... and at a file of the user's: replaced only with overwrite
		Path notes = Files.writeString(root.resolve("notes.csv"), "my notes\n");
		assertRefusedKeeping(notes, EvaluateCommand.class, inputs("predictions", predicted, "truth", truth, "csv", notes), notes
			+ " exists already", "set overwrite=true");
		CommandModule evaluated = CommandTestSupport.run(context, EvaluateCommand.class, inputs("predictions", predicted, "truth", truth,
			"csv", notes, "overwrite", true));
		assertFalse(evaluated.getCancelReason(), evaluated.isCanceled());
		assertTrue(Files.readString(notes).startsWith("Case,"));
	}

	/**
	 * Segment and Demo Data keep existing files of the names they write unless {@code overwrite}
	 * is set, and a rerun into a run's own earlier output (a requeued shard) works with it.
	 */
	@Test
	public void existingFilesAreReplacedOnlyWithOverwrite() throws Exception {
		// Segment: an output folder holding copies of the truths keeps them
		Path copies = tmp.newFolder("copies").toPath();
		for (int i = 0; i < 3; i++) Files.copy(truth.resolve("case" + i + ".tif"), copies.resolve("case" + i + ".tif"));
		assertRefusedKeeping(copies.resolve("case2.tif"), SegmentCommand.class, segment("folder", images, "output", copies),
			"3 of the 3 files this run writes exist already", copies.resolve("case0.tif").toString(), "set overwrite=true");
		// a rerun into its own earlier output, as a requeued shard does: refused, then replaced with overwrite
		Path shard = root.resolve("shard");
		CommandModule first = CommandTestSupport.run(context, SegmentCommand.class, segment("folder", images, "output", shard, "shard", "0/2"));
		assertFalse(first.getCancelReason(), first.isCanceled());
		assertRefusedKeeping(shard.resolve("case0.tif"), SegmentCommand.class, segment("folder", images, "output", shard, "shard", "0/2"),
			shard.resolve("case0.tif") + ", " + shard.resolve("case2.tif") + ")", "set overwrite=true");
		CommandModule again = CommandTestSupport.run(context, SegmentCommand.class, segment("folder", images, "output", shard, "shard", "0/2",
			"overwrite", true));
		assertFalse(again.getCancelReason(), again.isCanceled());
		assertFalse(Arrays.equals(Files.readAllBytes(truth.resolve("case0.tif")), Files.readAllBytes(shard.resolve("case0.tif"))));

		// Demo Data: a folder holding a case of the same name keeps it
		Path demo = tmp.newFolder("demo-data", "images").toPath().getParent();
		Path mine = Files.writeString(demo.resolve("images").resolve("synthetic-001.tif"), "my image");
		assertRefusedKeeping(mine, DemoDataCommand.class, inputs("cases", 2, "labeled", 1, "size", "16,16,16", "output", demo),
			mine + " exists already", "set overwrite=true");
		assertFalse("refused before the first file", Files.exists(demo.resolve("images").resolve("synthetic-000.tif")));
	}

	/** Export and Import never write over the model or checkpoint they read, not even with {@code overwrite}. */
	@Test
	public void exportAndImportNeverWriteOverTheirInputs() throws Exception {
		// Export: its own model as the output, as given and as ./, even with overwrite
		for (Path out : new Path[] { model, root.resolve(".").resolve("model.zip") })
			assertRefusedKeeping(model, ExportCommand.class, inputs("model", model, "output", out, "overwrite", true, "authors", "Ada Lovelace"),
				out.toAbsolutePath() + " is one of the files this run reads");

		// Import: the checkpoint's own folder as the model folder to save
		Path checkpoints = tmp.newFolder("checkpoints").toPath();
		Path checkpoint = Files.copy(Path.of(BadInputTest.class.getResource("/sc/fiji/meanteacher/exchange/uamt-vnet-f3.pth").toURI()),
			checkpoints.resolve("uamt.pth"));
		assertRefusedKeeping(checkpoint, ImportCommand.class, inputs("checkpoint", checkpoint, "output", checkpoints, "overwrite", true,
			"patch", "48,32,16"), checkpoints + " holds " + checkpoint.toRealPath(), "which this run reads");
	}

	/**
	 * A training refused after it made its output folder (here by the CPU's filter rule, checked
	 * with the device) removes that folder again, and keeps one that existed before.
	 */
	@Test
	public void refusedTrainingLeavesNoOutputFolderItMade() throws Exception {
		Path fresh = root.resolve("refused-run");
		assertRefused(TrainCommand.class, train("output", fresh, "filters", 8, "device", "cpu"), "base filters must be a multiple of 16");
		assertFalse("the refused run's own folder was left", Files.exists(fresh));
		Path existing = tmp.newFolder("existing-run").toPath();
		assertRefused(TrainCommand.class, train("output", existing, "filters", 8, "device", "cpu"), "base filters must be a multiple of 16");
		assertTrue("a folder that existed stays", Files.isDirectory(existing));
	}

	// -- Decathlon datasets --

	/**
	 * A Decathlon root (dataset.json) where Train, Segment and Evaluate take a folder: each fault of
	 * the dataset or of what is asked of it is refused in one line naming dataset.json and the field
	 * (or both files of a pair), and nothing is written.
	 */
	@Test
	public void decathlonFolders() throws Exception {
		Path task = DecathlonFixture.write(root.resolve("Task02_Heart")), json = task.toAbsolutePath().resolve("dataset.json");
		Path out = root.resolve("decathlon-out");
		Map<String, Object> train = inputs("images", task, "output", out, "patch", "16,16,16", "depth", 3, "iterations", 2, "batch", 4,
			"labeledbatch", 2);

		Map<String, Object> threeClasses = new HashMap<>(train);
		threeClasses.put("classes", 3);
		assertRefused(TrainCommand.class, threeClasses, json + ": 'labels' names 2 classes [background, left atrium], but classes=3",
			"set classes=2");
		// the test images train only when asked: without them la_006 is the one unlabeled case
		assertRefused(TrainCommand.class, train, "1 unlabeled volume(s), but a Mean Teacher batch needs 2 unlabeled");
		Map<String, Object> withLabels = new HashMap<>(train);
		withLabels.put("labels", labels.toFile());
		assertRefused(TrainCommand.class, withLabels, task.toAbsolutePath() + " is a Decathlon dataset", "leave labels, labeledlist");
		Map<String, Object> notDecathlon = inputs("images", images, "labels", labels, "output", out, "testasunlabeled", true);
		assertRefused(TrainCommand.class, notDecathlon, "testasunlabeled", images.toAbsolutePath() + " is not one (no dataset.json)");

		Path label = task.resolve("labelsTr").resolve("la_004.nii.gz");
		byte[] pair = Files.readAllBytes(label);
		Files.delete(label);
		NiftiVolumes.writeLabels(LabelVolume.zeros("la_004", new long[] { 24, 24, 15 }, null),
			NiftiHeader.of(new long[] { 24, 24, 15 }, new double[] { 1, 1, 1 }, NiftiDataType.UINT8), label, OutputPolicy.newFilesOnly());
		assertRefused(TrainCommand.class, train, label.toAbsolutePath() + ": size mismatch for la_004",
			"the image " + task.toAbsolutePath().resolve("imagesTr").resolve("la_004.nii.gz") + " is [24, 24, 16]");
		Files.write(label, pair);

		// Evaluate: labels only for the training pairs
		Path testPredictions = tmp.newFolder("decathlon-test-pred").toPath();
		for (String name : DecathlonFixture.TEST)
			Files.copy(task.resolve("labelsTr").resolve("la_003.nii.gz"), testPredictions.resolve(name + ".nii.gz"));
		assertRefused(EvaluateCommand.class, inputs("predictions", testPredictions, "truth", task),
			testPredictions.toAbsolutePath() + ": no prediction for a labeled case of " + json);
		Path testList = Files.writeString(root.resolve("test-cases.txt"), "la_001\n");
		assertRefused(EvaluateCommand.class, inputs("predictions", testPredictions, "truth", task, "caselist", testList),
			json + ": no label for [la_001] (not in 'training')");

		Path segmented = root.resolve("decathlon-pred");
		DecathlonFixture.writeJson(task, DecathlonFixture.datasetJson("{\"0\": \"FLAIR\", \"1\": \"T1w\"}", DecathlonFixture.LABELED));
		assertRefused(TrainCommand.class, train, json + ": 'modality' names 2 channels");
		assertRefused(SegmentCommand.class, segment("folder", task, "output", segmented), json + ": 'modality' names 2 channels");
		DecathlonFixture.writeJson(task, "{\"training\": [");
		assertRefused(SegmentCommand.class, segment("folder", task, "output", segmented), json + ": is not valid JSON");
		assertRefused(EvaluateCommand.class, inputs("predictions", testPredictions, "truth", task), json + ": is not valid JSON");
		DecathlonFixture.writeJson(task, "{\"labels\": {\"0\": \"background\", \"1\": \"left atrium\"}}");
		assertRefused(TrainCommand.class, train, json + ": no 'training' list");
		DecathlonFixture.writeJson(task, DecathlonFixture.datasetJson("{\"0\": \"MRI\"}", List.of("la_003", "la_009")));
		assertRefused(SegmentCommand.class, segment("folder", task, "output", segmented), json + ": training[1].image names "
			+ "./imagesTr/la_009.nii.gz, but " + task.toAbsolutePath().resolve("imagesTr").resolve("la_009.nii.gz") + " does not exist");
		assertFalse("no training output", Files.exists(out));
		assertFalse("no segmentation output", Files.exists(segmented));
	}
}
