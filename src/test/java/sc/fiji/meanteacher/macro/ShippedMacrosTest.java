package sc.fiji.meanteacher.macro;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.meanteacher.command.CommandTestSupport;
import sc.fiji.meanteacher.command.DemoDataCommand;
import sc.fiji.meanteacher.command.OpenImages;
import sc.fiji.meanteacher.command.TrainCommand;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.DistanceUnit;
import sc.fiji.meanteacher.eval.Metric;
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.exchange.StateDictFile;
import sc.fiji.meanteacher.exchange.TorchScriptInfo;
import sc.fiji.meanteacher.infer.BlendingWeights;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Runs every file of {@code macros/} with ImageJ 1's macro interpreter, the commands reached
 * through {@link MacroBridge}, and checks what each leaves behind. Dialogs are answered as a macro
 * run with options answers them; the training macros get tiny settings through their argument,
 * which their options put first. Networks: patch 16³, 16 base filters, depth 3, 3 iterations.
 */
public class ShippedMacrosTest {

	private static final Path MACROS = Path.of("macros");
	private static final String TINY = "patch=16,16,16 filters=16 depth=3 iterations=3";
	private static final List<String> NAMES = List.of("synthetic-000", "synthetic-001", "synthetic-002", "synthetic-003");

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	@Rule
	public OpenImages open = new OpenImages();

	private static Context context;
	private static Path demo;
	private static Path model;

	@BeforeClass
	public static void start() throws Exception {
		context = new Context();
		MacroBridge.install(context, "sc.fiji.meanteacher.command.");
		demo = tmp.newFolder("demo").toPath();
		CommandModule m = context.service(CommandService.class).run(DemoDataCommand.class, true,
			Map.of("output", demo.toFile(), "cases", 4, "labeled", 2, "size", "32,32,16", "seed", 5L)).get();
		assertFalse(m.getCancelReason(), m.isCanceled());
		// Random weights: speckled foreground, so that post-processing options visibly change the labels.
		model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("untrained.zip"));
	}

	@AfterClass
	public static void stop() {
		context.dispose();
	}

	@Before
	public void forgetCalls() {
		MacroBridge.clearCalls();
	}

	/** A macro added to the folder fails here until a test below runs it. */
	@Test
	public void everyShippedMacroIsOneOfThoseTestedHere() throws Exception {
		Set<String> known = Set.of("train_from_folders.ijm", "train_from_open_images.ijm", "segment_folder.ijm",
			"segment_open_image.ijm", "evaluate_folder.ijm", "export_model.ijm", "import_pytorch.ijm");
		try (Stream<Path> files = Files.list(MACROS)) {
			assertEquals(new TreeSet<>(known), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ijm"))
				.collect(Collectors.toCollection(TreeSet::new)));
		}
	}

	private static String folder(Path p) {
		return p.toAbsolutePath() + File.separator;
	}

	/** The one command call the macro made, which must have succeeded. */
	private static CommandModule onlyCall(String title) {
		return calls(title).get(0);
	}

	/** The command calls the macro made, of these titles in this order, each of which must have succeeded. */
	private static List<CommandModule> calls(String... titles) {
		List<MacroBridge.Call> calls = MacroBridge.calls();
		assertEquals(calls.toString(), List.of(titles), calls.stream().map(MacroBridge.Call::title).toList());
		for (MacroBridge.Call c : calls) assertFalse(c.title() + ": " + c.module().getCancelReason(), c.module().isCanceled());
		return calls.stream().map(MacroBridge.Call::module).toList();
	}

	private static void run(String macro, String argument, String answers) throws Exception {
		MacroRunner.runFile(MACROS.resolve(macro), argument, answers);
	}

	@Test
	public void trainFromFoldersWritesALoadableModel() throws Exception {
		Path out = tmp.newFolder("folders-model").toPath();
		run("train_from_folders.ijm", TINY + " batch=2 labeledbatch=1 device=cpu", "images=[" + folder(demo.resolve("images"))
			+ "] labels=[" + folder(demo.resolve("labels")) + "] output=[" + folder(out) + "]");
		CommandModule m = onlyCall(TrainCommand.TITLE);
		// The macro's keys, its argument's keys, and the reference preset for the rest.
		assertEquals(1, m.getInput("validation"));
		assertEquals("cpu", m.getInput("device"));
		assertEquals(40.0, m.getInput("rampup"));
		assertEquals(3, Files.readAllLines(out.resolve(RunFolder.LOG)).size() - 1);
		try (TrainedModel t = TrainedModel.load(out.resolve(RunFolder.BEST_MODEL))) {
			ModelDescriptor d = t.descriptor();
			assertArrayEquals(new int[] { 16, 16, 16 }, d.patchSize);
			assertEquals("Mean Teacher", d.training.method);
			assertEquals("one of the two labeled images is held out", 1, d.training.labeled);
			assertEquals(2, d.training.unlabeled);
			assertTrue("validated at the last iteration", Double.isFinite(d.training.bestValidationDice));
		}
	}

	@Test
	public void trainFromOpenImagesWritesALoadableModel() throws Exception {
		for (String name : NAMES) {
			open.open(VolumeIO.openTiff(demo.resolve("images").resolve(name + ".tif")));
			Path label = demo.resolve("labels").resolve(name + ".tif");
			if (Files.exists(label)) {
				ImagePlus l = VolumeIO.openTiff(label);
				l.setTitle(name + "-labels");
				open.open(l);
			}
		}
		Path out = tmp.newFolder("open-model").toPath();
		run("train_from_open_images.ijm", TINY, "output=[" + folder(out) + "]");
		CommandModule m = onlyCall(TrainCommand.TITLE);
		assertEquals(TrainCommand.OPEN_IMAGES, m.getInput("source"));
		// Quick demo's ramp-up, the argument's iterations.
		assertEquals(150.0, m.getInput("rampup"));
		assertEquals(3, m.getInput("iterations"));
		try (TrainedModel t = TrainedModel.load(out.resolve(RunFolder.BEST_MODEL))) {
			assertEquals(2, t.descriptor().training.labeled);
			assertEquals(2, t.descriptor().training.unlabeled);
			assertEquals(3, t.descriptor().training.iterations);
		}
	}

	@Test
	public void segmentFolderWritesTheLabelsOfEveryImage() throws Exception {
		Path out = tmp.newFolder("segmented").toPath();
		run("segment_folder.ijm", "", "model=[" + model + "] images=[" + folder(demo.resolve("images")) + "] folder=["
			+ folder(out) + "]");
		onlyCall("Segment with Mean Teacher");
		try (TrainedModel t = TrainedModel.load(model)) {
			ModelSegmentation expected = new ModelSegmentation(t, new SlidingWindowOptions().overlap(0.5)
				.blending(BlendingWeights.GAUSSIAN).batchSize(4)).largestComponent(true);
			int changedByLargest = 0;
			for (String name : NAMES) {
				Volume image = VolumeIO.readImage(demo.resolve("images").resolve(name + ".tif"), false);
				byte[] written = VolumeIO.readLabels(out.resolve(name + ".tif"), false).data();
				assertArrayEquals(name, expected.labels(image).data(), written);
				if (!Arrays.equals(new ModelSegmentation(t, null).labels(image).data(), written)) changedByLargest++;
			}
			// Only then does the comparison show that largest=true reached the command.
			assertTrue("largest=true changed no image", changedByLargest > 0);
		}
	}

	@Test
	public void segmentOpenImageOpensItsLabelsAndOutlinesTheImage() throws Exception {
		ImagePlus image = VolumeIO.openTiff(demo.resolve("images").resolve("synthetic-001.tif"));
		open.open(image);
		run("segment_open_image.ijm", "", "model=[" + model + "]");
		onlyCall("Segment with Mean Teacher");
		ImagePlus labels = WindowManager.getImage("synthetic-001-labels");
		assertNotNull("the label image is open", labels);
		try (TrainedModel t = TrainedModel.load(model)) {
			LabelVolume expected = new ModelSegmentation(t, new SlidingWindowOptions().overlap(0.5))
				.labels(ImagePlusVolumes.toVolume(image, true));
			assertArrayEquals(expected.data(), ImagePlusVolumes.toLabelVolume(labels, true).data());
			assertTrue("foreground found, so outlines exist", expected.maxLabel() == 1);
		}
		assertNotNull("class outlines on the input", image.getOverlay());
	}

	@Test
	public void evaluateFolderWritesTheMetricsCsv() throws Exception {
		Path predictions = tmp.newFolder("predictions").toPath();
		CommandModule s = context.service(CommandService.class).run("sc.fiji.meanteacher.command.SegmentCommand", true,
			Map.of("model", model.toFile(), "folder", demo.resolve("images").toFile(), "output", predictions.toFile())).get();
		assertFalse(s.getCancelReason(), s.isCanceled());
		run("evaluate_folder.ijm", "", "predicted=[" + folder(predictions) + "] true=[" + folder(demo.resolve("truth")) + "]");
		onlyCall("Evaluate Mean Teacher Segmentation");
		List<String> csv = Files.readAllLines(predictions.resolve("metrics.csv"));
		assertEquals("header, 4 cases, mean and sd", 7, csv.size());
		List<String> header = List.of(csv.get(0).split(","));
		String[] first = csv.get(1).split(",");
		assertEquals(NAMES.get(0), first[header.indexOf("Case")]);
		CaseMetrics direct = SegmentationMetrics.evaluate(VolumeIO.readLabels(predictions.resolve(NAMES.get(0) + ".tif"), true),
			VolumeIO.readLabels(demo.resolve("truth").resolve(NAMES.get(0) + ".tif"), true), 1).get(0);
		assertEquals(direct.value(Metric.DICE, DistanceUnit.VOXELS), Double.parseDouble(first[header.indexOf("Dice")]),
			5e-4); // the CSV holds the table's 3 decimals
	}

	@Test
	public void exportModelWritesThePackageTheTorchScriptAndTheStateDict() throws Exception {
		// State dicts exist for V-Nets of 4 stages only.
		Path depthFour = tmp.getRoot().toPath().resolve("depth-four.zip");
		try (TrainedModel m = TestModels.random(new VNetConfig(1, 2, 4, 4, Normalization.BATCH, true), 9, new int[] { 32, 16, 16 })) {
			m.save(depthFour);
		}
		Path out = tmp.newFolder("exports").toPath();
		run("export_model.ijm", "", "model=[" + depthFour + "] folder=[" + folder(out) + "]");
		List<CommandModule> m = calls("Export Mean Teacher Model", "Export Mean Teacher Model", "Export Mean Teacher Model");
		try (ZipFile zip = new ZipFile(out.resolve("model-bioimageio.zip").toFile())) {
			String rdf = new String(zip.getInputStream(zip.getEntry("rdf.yaml")).readAllBytes(), StandardCharsets.UTF_8);
			assertTrue(rdf, rdf.contains("name: \"Left atrium Mean Teacher\"") && rdf.contains("- name: \"Your Name\"")
				&& rdf.contains("CC-BY-4.0"));
			assertNotNull("test tensors", zip.getEntry("test_input.npy"));
		}
		assertEquals(new PatchSize(32, 16, 16), TorchScriptInfo.read(out.resolve("model.pt")).patch());
		assertEquals("x,y,z", m.get(2).getInput("axes"));
		assertTrue(StateDictFile.read(out.resolve("model.pth"), null).containsKey("block_nine.conv.1.num_batches_tracked"));
	}

	@Test
	public void importPyTorchSavesAModelAndSegmentsTheOpenImageWithIt() throws Exception {
		Path checkpoint = Path.of(ShippedMacrosTest.class.getResource("/sc/fiji/meanteacher/exchange/uamt-vnet-f3.pth").toURI());
		ImagePlus image = VolumeIO.openTiff(demo.resolve("images").resolve("synthetic-001.tif"));
		open.open(image);
		Path out = tmp.newFolder("imported").toPath();
		run("import_pytorch.ijm", "", "pytorch=[" + checkpoint + "] folder=[" + folder(out) + "]");
		CommandModule segment = calls("Import PyTorch V-Net", "Segment with Mean Teacher").get(1);
		assertEquals("largest=true reached the command", true, segment.getInput("largest"));
		ImagePlus labels = WindowManager.getImage("synthetic-001-labels");
		assertNotNull("the label image is open", labels);
		try (TrainedModel t = TrainedModel.load(out.resolve("imported-model.zip"))) {
			assertEquals(List.of("background", "left atrium"), t.descriptor().classNames);
			assertArrayEquals(new int[] { 112, 112, 80 }, t.descriptor().patchSize);
			assertArrayEquals(new double[] { 0.625, 0.625, 0.625 }, t.descriptor().voxelSize, 0);
			LabelVolume expected = new ModelSegmentation(t, new SlidingWindowOptions().overlap(0.5).blending(BlendingWeights.GAUSSIAN)
				.batchSize(4)).largestComponent(true).labels(ImagePlusVolumes.toVolume(image, true));
			assertArrayEquals(expected.data(), ImagePlusVolumes.toLabelVolume(labels, true).data());
		}
	}
}
