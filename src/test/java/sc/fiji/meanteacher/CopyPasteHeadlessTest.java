package sc.fiji.meanteacher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;

/** Copy-paste Mean Teacher from the command line: trained by name, its settings recorded, its model segmenting. */
public class CopyPasteHeadlessTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String title, String arguments) {
		err.reset();
		PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		return Main.run(out, new PrintStream(err, true, StandardCharsets.UTF_8), "--headless", "--run", title, arguments);
	}

	@Test
	public void trainsHeadlessAndWritesAModelThatSegments() throws Exception {
		Path demo = tmp.getRoot().toPath().resolve("demo"), model = tmp.getRoot().toPath().resolve("model");
		assertEquals(err.toString(), Main.OK, run("Mean Teacher Demo Data", "output='" + demo + "',cases=4,labeled=2,size='32,32,16',seed=5"));
		// 4 iterations: 1 of warm-up (0.25), 3 of self-training with the teacher's pseudo-labels
		assertEquals(err.toString(), Main.OK, run("Train Mean Teacher", "images='" + demo.resolve("images") + "',labels='"
			+ demo.resolve("labels") + "',output='" + model + "',method='Copy-paste Mean Teacher',patch='16,16,16',filters=16,depth=3,"
			+ "iterations=4,batch=4,labeledbatch=2,bcpwarmup=0.25,bcpcube=0.5,bcpweight=0.75"));
		Path best = model.resolve(RunFolder.BEST_MODEL);
		try (TrainedModel m = TrainedModel.load(best)) {
			assertEquals("Copy-paste Mean Teacher", m.descriptor().training.method);
			assertEquals(Map.of("copyPasteWarmup", 0.25, "copyPasteCube", 0.5, "copyPasteUnlabeledWeight", 0.75),
				m.descriptor().training.methodSettings);
			assertEquals(4, m.descriptor().training.iterations);
		}
		// the log: one line per iteration, the first of warm-up, the rest weighting the unlabeled part 0.75
		List<String> log = Files.readAllLines(model.resolve(RunFolder.LOG));
		assertEquals(5, log.size());
		for (int row = 1; row <= 4; row++)
			assertEquals(log.get(row), row == 1 ? 0 : 0.75, Double.parseDouble(log.get(row).split(",")[4]), 0);
		Path labels = tmp.getRoot().toPath().resolve("segmented");
		assertEquals(err.toString(), Main.OK, run("Segment with Mean Teacher", "model='" + best + "',folder='" + demo.resolve("images")
			+ "',output='" + labels + "'"));
		assertEquals(4, Files.list(labels).count());
		assertTrue(err.toString(), Files.isRegularFile(labels.resolve("synthetic-000.tif")));
	}

	@Test
	public void badSettingsAreRefusedInOneLine() {
		String train = "images='" + tmp.getRoot() + "',output='" + tmp.getRoot().toPath().resolve("model") + "',method=bcp,patch='16,16,16',";
		assertEquals(Main.USAGE, run("Train Mean Teacher", train + "bcpcube=0"));
		assertTrue(err.toString(), err.toString().contains("copy-paste cube (bcpcube) must be a share of the patch in (0, 1], got 0.0"));
		assertEquals(Main.USAGE, run("Train Mean Teacher", train + "batch=4,labeledbatch=1"));
		assertTrue(err.toString(), err.toString().contains(
			"Copy-paste Mean Teacher pairs each labeled patch with an unlabeled one: labeled per batch (1) must be half the batch size (4)"));
		assertTrue(err.toString(), !err.toString().contains("Exception") && !err.toString().contains("\tat "));
		assertTrue(Files.notExists(tmp.getRoot().toPath().resolve("model")));
	}
}
