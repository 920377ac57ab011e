package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.VolumeIO;

public class DemoAndTrainCommandTest extends CommandTestBase {

	private Path demo(Path out) throws Exception {
		CommandModule m = CommandTestSupport.run(context, DemoDataCommand.class,
			Map.of("output", out.toFile(), "cases", 4, "labeled", 2, "size", "32,32,16", "seed", 5L));
		assertFalse(m.getCancelReason(), m.isCanceled());
		return out;
	}

	@Test
	public void demoDataIsWrittenAsATrainingSet() throws Exception {
		Path out = demo(tmp.getRoot().toPath().resolve("demo"));
		assertEquals(4, Files.list(out.resolve("images")).count());
		assertEquals(List.of("synthetic-000.tif", "synthetic-001.tif"),
			Files.list(out.resolve("labels")).map(p -> p.getFileName().toString()).sorted().toList());
		Case c3 = new SyntheticAtriumGenerator(5).generate(3, 32, 32, 16);
		assertArrayEquals(c3.image().data(), VolumeIO.readImage(out.resolve("images/synthetic-003.tif"), false).data(), 0f);
		assertArrayEquals(c3.label().data(), VolumeIO.readLabels(out.resolve("truth/synthetic-003.tif"), false).data());
	}

	@Test
	public void demoDataOpensAsImagesWithoutAFolder() throws Exception {
		CommandModule m = CommandTestSupport.run(context, DemoDataCommand.class,
			// An empty folder, given explicitly (left unset works as well: see RecorderReplayTest).
			Map.of("cases", 1, "labeled", 1, "size", "16", "seed", 5L, "output", new java.io.File("")));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ImagePlus image = (ImagePlus) m.getOutput("image"), label = (ImagePlus) m.getOutput("label");
		Case c0 = new SyntheticAtriumGenerator(5).generate(0, 16, 16, 16);
		assertArrayEquals(c0.image().data(), ImagePlusVolumes.toVolume(image, false).data(), 0f);
		assertArrayEquals(c0.label().data(), ImagePlusVolumes.toLabelVolume(label, false).data());
	}

	@Test
	public void trainWritesModelsAndLog() throws Exception {
		Path data = demo(tmp.getRoot().toPath().resolve("demo")), out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = new HashMap<>(Map.of("images", data.resolve("images").toFile(), "labels",
			data.resolve("labels").toFile(), "output", out.toFile(), "patch", "16,16,16", "filters", 16, "depth", 3,
			"iterations", 4, "batch", 4, "labeledbatch", 2));
		in.put("progress", 2);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(out.resolve(RunFolder.BEST_MODEL).toString(), m.getOutput("model"));
		assertTrue((String) m.getOutput("summary"), ((String) m.getOutput("summary")).startsWith("Mean Teacher: 4 iterations"));
		// header + one line per iteration
		assertEquals(5, Files.readAllLines(out.resolve(RunFolder.LOG)).size());
		try (TrainedModel model = TrainedModel.load(out.resolve(RunFolder.BEST_MODEL))) {
			assertEquals(16, model.descriptor().architecture.baseFilters);
			assertEquals(3, model.descriptor().architecture.depth);
			assertArrayEquals(new int[] { 16, 16, 16 }, model.descriptor().patchSize);
		}
	}

	@Test
	public void trainRejectsBadSettingsWithTheEngineMessage() throws Exception {
		Path data = demo(tmp.getRoot().toPath().resolve("demo"));
		Map<String, Object> in = new HashMap<>(Map.of("images", data.resolve("images").toFile(), "labels",
			data.resolve("labels").toFile(), "output", tmp.getRoot().toPath().resolve("m").toFile(), "patch", "16,16,16",
			"batch", 2, "labeledbatch", 3));
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("labeled per batch must be 1..2, got 3"));

		in.put("labeledbatch", 1);
		in.put("patch", "16,16");
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("patch needs 3 sizes x,y,z"));

		in.put("patch", "32,16,16"); // 16³ at depth 4 leaves the teacher's batch of 1 one value per channel: refused first
		in.put("labels", tmp.getRoot().toPath().resolve("missing").toFile());
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("labels folder") && m.getCancelReason().contains("does not exist"));
		assertFalse(Files.exists(tmp.getRoot().toPath().resolve("m")));
	}
}
