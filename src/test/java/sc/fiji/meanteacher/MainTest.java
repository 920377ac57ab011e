package sc.fiji.meanteacher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The headless entry, end to end, through the same arguments a shell would pass. */
public class MainTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void demoTrainSegmentEvaluate() throws Exception {
		Path root = tmp.getRoot().toPath(), demo = root.resolve("demo"), model = root.resolve("model"),
			pred = root.resolve("pred"), csv = root.resolve("metrics.csv");
		assertEquals(0, Main.run("--headless", "--run", "Mean Teacher Demo Data",
			"output='" + demo + "',cases=4,labeled=2,size='32,32,16'"));
		assertEquals(0, Main.run("--headless", "--run", "Train Mean Teacher", "images='" + demo.resolve("images") + "',labels='"
			+ demo.resolve("labels") + "',output='" + model + "',patch='16,16,16',filters=16,depth=3,iterations=4,batch=4,"
			+ "labeledbatch=2,progress=2"));
		assertTrue(Files.exists(model.resolve("best-model.zip")));
		assertEquals(0, Main.run("--headless", "--run", "Segment with Mean Teacher",
			"model='" + model.resolve("best-model.zip") + "',folder='" + demo.resolve("images") + "',output='" + pred + "'"));
		assertEquals(4, Files.list(pred).filter(p -> p.toString().endsWith(".tif")).count());
		assertEquals(0, Main.run("--headless", "--run", "Evaluate Mean Teacher Segmentation",
			"predictions='" + pred + "',truth='" + demo.resolve("truth") + "',csv='" + csv + "'"));
		List<String> lines = Files.readAllLines(csv);
		assertEquals(1 + 4 + 2, lines.size());
		assertTrue(lines.get(5), lines.get(5).startsWith("mean,1,"));
	}

	@Test
	public void failuresGiveNonZeroStatus() throws Exception {
		assertEquals(Main.USAGE, Main.run("--headless", "--run", "No Such Command", "a=1"));
		assertEquals(Main.FAILED, Main.run("--headless", "--run", "Evaluate Mean Teacher Segmentation",
			"predictions='" + tmp.getRoot() + "/none',truth='" + tmp.getRoot() + "'"));
		assertEquals(Main.USAGE, Main.run());
	}
}
