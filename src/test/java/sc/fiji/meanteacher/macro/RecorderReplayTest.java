package sc.fiji.meanteacher.macro;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import sc.fiji.meanteacher.command.DemoDataCommand;
import sc.fiji.meanteacher.command.EvaluateCommand;
import sc.fiji.meanteacher.command.ExportCommand;
import sc.fiji.meanteacher.command.ImportCommand;
import sc.fiji.meanteacher.command.OpenImages;
import sc.fiji.meanteacher.command.SegmentCommand;
import sc.fiji.meanteacher.command.TrainCommand;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.TrainingPreset;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Each command run as from its dialog, then the option string Fiji's recorder would write for it
 * ({@link RecordedOptions}) replayed through ImageJ's macro interpreter: the replay gets the same
 * inputs and writes the same results. Trainings are tiny and seeded, so a replay repeats them
 * loss for loss; exports and imports write the same files, up to the time they record.
 */
public class RecorderReplayTest {

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
		run(DemoDataCommand.class, Map.of("output", demo.toFile(), "cases", 4, "labeled", 2, "size", "32,32,16", "seed", 5L));
		Path out = tmp.newFolder("model").toPath();
		Map<String, Object> in = tinyTraining(out);
		in.put("images", demo.resolve(DemoDataCommand.IMAGES).toFile());
		in.put("labels", demo.resolve(DemoDataCommand.LABELS).toFile());
		run(TrainCommand.class, in);
		model = out.resolve(RunFolder.BEST_MODEL);
	}

	@AfterClass
	public static void stop() {
		context.dispose();
	}

	@Before
	public void forgetCalls() {
		MacroBridge.clearCalls();
	}

	private static Map<String, Object> tinyTraining(Path out) {
		Map<String, Object> in = new HashMap<>(Map.of("output", out.toFile(), "patch", "16,16,16", "filters", 16, "depth", 3,
			"iterations", 3, "preset", TrainingPreset.QUICK_DEMO_LABEL));
		return in;
	}

	private static CommandModule run(Class<? extends Command> command, Map<String, Object> inputs) throws Exception {
		CommandModule m = context.service(CommandService.class).run(command, true, inputs).get();
		assertFalse(m.getCancelReason(), m.isCanceled());
		return m;
	}

	/** Replays what the recorder writes for {@code first}; returns the replayed run, which got the same inputs. */
	private static CommandModule replay(CommandModule first) throws Exception {
		MacroRunner.run(RecordedOptions.macroLine(first), "", null);
		List<MacroBridge.Call> calls = MacroBridge.calls();
		assertEquals(1, calls.size());
		CommandModule again = calls.get(0).module();
		assertFalse(again.getCancelReason(), again.isCanceled());
		assertEquals(RecordedOptions.of(first), RecordedOptions.of(again));
		return again;
	}

	/** Moves the first run's results aside, so that the replay writes them afresh in the same place. */
	private static Path moveAside(Path out) throws IOException {
		Path aside = out.resolveSibling(out.getFileName() + "-first");
		Files.move(out, aside);
		return aside;
	}

	@Test
	public void trainingFromFoldersReplays() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("folders");
		Map<String, Object> in = tinyTraining(out);
		in.put("images", demo.resolve(DemoDataCommand.IMAGES).toFile());
		in.put("labels", demo.resolve(DemoDataCommand.LABELS).toFile());
		in.put("device", "cpu");
		CommandModule first = run(TrainCommand.class, in);
		String recorded = RecordedOptions.of(first);
		// The recorder writes the preset and the values it filled in, so a replay needs no preset logic.
		assertTrue(recorded, recorded.contains("preset=[" + TrainingPreset.QUICK_DEMO_LABEL + "]") && recorded.contains("rampup=150.0")
			&& recorded.contains("source=Folders") && recorded.endsWith(" device=cpu") && !recorded.contains("header"));
		Path aside = moveAside(out);
		replay(first);
		assertEquals(losses(aside), losses(out));
	}

	@Test
	public void trainingFromOpenImagesReplays() throws Exception {
		openDemoImagesWithLabels();
		Path out = tmp.getRoot().toPath().resolve("open");
		Map<String, Object> in = tinyTraining(out);
		in.put("source", TrainCommand.OPEN_IMAGES);
		CommandModule first = run(TrainCommand.class, in);
		assertTrue(RecordedOptions.of(first).contains("source=[Open images]"));
		Path aside = moveAside(out);
		replay(first);
		assertEquals(losses(aside), losses(out));
	}

	@Test
	public void segmentingAnOpenImageReplays() throws Exception {
		ImagePlus image = VolumeIO.openTiff(demo.resolve(DemoDataCommand.IMAGES).resolve("synthetic-002.tif"));
		open.open(image);
		CommandModule first = run(SegmentCommand.class, Map.of("input", image, "model", model.toFile(), "overlap", 0.25,
			"tta", true, "probabilities", true));
		assertTrue(RecordedOptions.of(first).contains("input=synthetic-002.tif"));
		CommandModule again = replay(first);
		assertArrayEquals(labels(first, "labels"), labels(again, "labels"));
		assertArrayEquals(ImagePlusVolumes.toVolume((ImagePlus) first.getOutput("probability"), true).data(),
			ImagePlusVolumes.toVolume((ImagePlus) again.getOutput("probability"), true).data(), 0f);
	}

	@Test
	public void segmentingAFolderReplays() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("segmented");
		CommandModule first = run(SegmentCommand.class, Map.of("model", model.toFile(), "folder",
			demo.resolve(DemoDataCommand.IMAGES).toFile(), "output", out.toFile(), "fillholes", true));
		Path aside = moveAside(out);
		replay(first);
		assertEquals(contents(aside), contents(out));
	}

	/** A cluster task's call, recorded: the replay segments the same shard on the same device. */
	@Test
	public void segmentingAShardOfAFolderReplays() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("shard");
		CommandModule first = run(SegmentCommand.class, Map.of("model", model.toFile(), "folder",
			demo.resolve(DemoDataCommand.IMAGES).toFile(), "output", out.toFile(), "shard", "1/2", "device", "cpu"));
		String recorded = RecordedOptions.of(first);
		assertTrue(recorded, recorded.contains(" shard=1/2 ") && recorded.contains(" device=cpu "));
		Path aside = moveAside(out);
		CommandModule again = replay(first);
		assertEquals("1/2", again.getInput("shard"));
		assertEquals(contents(aside), contents(out));
		assertEquals(java.util.Set.of("synthetic-001.tif", "synthetic-003.tif"), contents(out).keySet());
	}

	@Test
	public void evaluatingReplays() throws Exception {
		Path predictions = tmp.newFolder("predictions").toPath();
		run(SegmentCommand.class, Map.of("model", model.toFile(), "folder", demo.resolve(DemoDataCommand.IMAGES).toFile(),
			"output", predictions.toFile()));
		Path out = tmp.getRoot().toPath().resolve("metrics");
		CommandModule first = run(EvaluateCommand.class, Map.of("predictions", predictions.toFile(), "truth",
			demo.resolve(DemoDataCommand.TRUTH).toFile(), "classes", "1", "csv", out.resolve("metrics.csv").toFile()));
		Path aside = moveAside(out);
		replay(first);
		assertEquals(contents(aside), contents(out));
	}

	@Test
	public void demoDataReplays() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("more-demo");
		CommandModule first = run(DemoDataCommand.class, Map.of("output", out.toFile(), "cases", 3, "labeled", 1, "size",
			"16,16,16", "seed", 9L));
		Path aside = moveAside(out);
		replay(first);
		assertEquals(contents(aside), contents(out));
	}

	@Test
	public void demoDataOpenedAsImagesReplays() throws Exception {
		// No folder: the recorder writes no output key, and the replay must not stop to ask for one.
		CommandModule first = run(DemoDataCommand.class, Map.of("cases", 1, "labeled", 1, "size", "16,16,16", "seed", 9L));
		assertFalse(RecordedOptions.of(first).contains("output="));
		CommandModule again = replay(first);
		assertArrayEquals(ImagePlusVolumes.toVolume((ImagePlus) first.getOutput("image"), false).data(),
			ImagePlusVolumes.toVolume((ImagePlus) again.getOutput("image"), false).data(), 0f);
		assertArrayEquals(labels(first, "label"), labels(again, "label"));
	}

	@Test
	public void exportingReplays() throws Exception {
		// State dicts exist for V-Nets of 4 stages only.
		Path depthFour = tmp.getRoot().toPath().resolve("depth-four.zip");
		try (TrainedModel m = TestModels.random(new VNetConfig(1, 2, 4, 4, Normalization.BATCH, true), 9, new int[] { 32, 16, 16 })) {
			m.save(depthFour);
		}
		ImagePlus sample = VolumeIO.openTiff(demo.resolve(DemoDataCommand.IMAGES).resolve("synthetic-003.tif"));
		open.open(sample);
		for (String format : List.of("TorchScript (.pt)", "PyTorch state dict (.pth)", "BioImage Model Zoo (.zip)")) {
			Path out = tmp.newFolder().toPath().resolve("export." + format.replaceAll(".*\\(\\.(\\w+)\\)$", "$1"));
			CommandModule first = run(ExportCommand.class, Map.of("model", depthFour.toFile(), "format", format, "output",
				out.toFile(), "axes", "x,y,z", "name", "Replayed export", "authors", "Ada Lovelace; Charles Babbage", "sample", sample));
			assertTrue(RecordedOptions.of(first), RecordedOptions.of(first).contains("sample=synthetic-003.tif"));
			Path aside = moveAside(out);
			MacroBridge.clearCalls();
			replay(first);
			assertEquals(format, entries(aside), entries(out));
		}
	}

	@Test
	public void importingReplays() throws Exception {
		Path checkpoint = Path.of(RecorderReplayTest.class.getResource("/sc/fiji/meanteacher/exchange/uamt-vnet-f3.pth").toURI());
		Path out = tmp.getRoot().toPath().resolve("imported.zip");
		CommandModule first = run(ImportCommand.class, Map.of("checkpoint", checkpoint.toFile(), "output", out.toFile(), "patch",
			"48,32,16", "intensity", "none", "classnames", "background, blob", "voxel", "0.625, 0.625, 0.625", "scale", 0.5));
		Path aside = moveAside(out);
		replay(first);
		assertEquals(entries(aside), entries(out));
		try (TrainedModel t = TrainedModel.load(out)) {
			assertEquals(List.of("background", "blob"), t.descriptor().classNames);
			assertEquals(0.5, t.descriptor().inputScale, 0);
		}
	}

	/**
	 * The entries of a zip (model, package, TorchScript and state-dict archives all are) by name, as
	 * text of their bytes' hash and size; the time a file records of its own making is left out.
	 */
	private static Map<String, String> entries(Path zip) throws IOException {
		Map<String, String> entries = new TreeMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries())) {
				byte[] bytes = z.getInputStream(e).readAllBytes();
				if (e.getName().endsWith("rdf.yaml") || e.getName().endsWith("model.json"))
					bytes = new String(bytes, StandardCharsets.UTF_8).replaceAll("(?m)^timestamp: .*$", "")
						.replaceAll("\"date\": \"[^\"]*\"", "").getBytes(StandardCharsets.UTF_8);
				entries.put(e.getName(), bytes.length + ":" + java.util.Arrays.hashCode(bytes));
			}
		}
		assertFalse(zip + " is empty", entries.isEmpty());
		return entries;
	}

	private void openDemoImagesWithLabels() throws Exception {
		try (Stream<Path> files = Files.list(demo.resolve(DemoDataCommand.IMAGES))) {
			for (Path f : files.sorted().toList()) {
				open.open(VolumeIO.openTiff(f));
				Path label = demo.resolve(DemoDataCommand.LABELS).resolve(f.getFileName());
				if (!Files.exists(label)) continue;
				ImagePlus l = VolumeIO.openTiff(label);
				l.setTitle(ImagePlusVolumes.stripExtension(f.getFileName().toString()) + "-labels");
				open.open(l);
			}
		}
	}

	private static byte[] labels(CommandModule m, String output) {
		return ImagePlusVolumes.toLabelVolume((ImagePlus) m.getOutput(output), true).data();
	}

	/** The training log without its timing column. */
	private static List<String> losses(Path out) throws IOException {
		return Files.readAllLines(out.resolve(RunFolder.LOG)).stream().map(l -> l.substring(0, l.lastIndexOf(',')))
			.toList();
	}

	/** Every file under {@code dir} by relative path, as text of its bytes' hash and size. */
	private static Map<String, String> contents(Path dir) throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path f : walk.filter(Files::isRegularFile).toList()) {
				byte[] bytes = Files.readAllBytes(f);
				files.put(dir.relativize(f).toString(), bytes.length + ":" + java.util.Arrays.hashCode(bytes));
			}
		}
		assertFalse(dir + " is empty", files.isEmpty());
		return files;
	}
}
