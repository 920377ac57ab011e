package sc.fiji.meanteacher;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaTestData;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * A real-data experiment from files, through the headless entry as a shell would run it: train
 * on 3 LA cases down-sampled to a quarter, segment 2 held-out cases, evaluate them. The network
 * trains for 2 iterations only; what is checked is that every step reads, resamples and pairs
 * the right cases on the right grids.
 */
public class LaHeadlessTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String title, String arguments) {
		err.reset();
		PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		return Main.run(out, new PrintStream(err, true, StandardCharsets.UTF_8), "--headless", "--run", title, arguments);
	}

	private Path list(String name, List<String> cases) throws Exception {
		return Files.write(tmp.getRoot().toPath().resolve(name), cases);
	}

	@Test
	public void trainSegmentAndEvaluateLaCasesFromFiles() throws Exception {
		Path la = LaTestData.root().toAbsolutePath().normalize();
		List<String> cases = LaCaseReader.readCaseList(la).subList(0, 5), test = cases.subList(3, 5);
		Path labeled = list("labeled.list", cases.subList(0, 2)), unlabeled = list("unlabeled.list", cases.subList(2, 3)),
			testList = list("test.list", test);
		Path root = tmp.getRoot().toPath(), model = root.resolve("model"), pred = root.resolve("pred"),
			csv = root.resolve("metrics.csv");

		assertEquals(err.toString(), Main.OK, run("Train Mean Teacher", "images='" + la + "',labeledlist='" + labeled
			+ "',unlabeledlist='" + unlabeled + "',output='" + model + "',scale=0.25,patch='32,32,16',filters=16,depth=3,"
			+ "iterations=2,batch=2,labeledbatch=1,progress=1"));
		Path modelFile = model.resolve(RunFolder.BEST_MODEL);
		try (TrainedModel m = TrainedModel.load(modelFile)) {
			assertEquals(0.25, m.descriptor().inputScale, 0);
			assertEquals(2, m.descriptor().training.labeled);
			assertEquals(1, m.descriptor().training.unlabeled);
		}

		assertEquals(err.toString(), Main.OK, run("Segment with Mean Teacher", "model='" + modelFile + "',folder='" + la
			+ "',caselist='" + testList + "',output='" + pred + "'"));
		try (var files = Files.list(pred)) {
			assertEquals(test.stream().map(c -> c + ".tif").sorted().toList(),
				files.map(p -> p.getFileName().toString()).sorted().toList());
		}
		for (String c : test) {
			Volume original = LaCaseReader.read(la, c, false).image();
			ImagePlus written = VolumeIO.openTiff(pred.resolve(c + ".tif"));
			assertArrayEquals(c, original.dims(), new long[] { written.getWidth(), written.getHeight(), written.getStackSize() });
			assertEquals(LaCaseReader.LA_VOXEL_SIZE_MM, written.getCalibration().pixelWidth, 1e-9);
			assertEquals(LaCaseReader.LA_VOXEL_SIZE_MM, written.getCalibration().pixelDepth, 1e-9);
			assertEquals("mm", written.getCalibration().getUnit());
		}

		assertEquals(err.toString(), Main.OK, run("Evaluate Mean Teacher Segmentation", "predictions='" + pred + "',truth='"
			+ la + "',caselist='" + testList + "',csv='" + csv + "'"));
		List<String> lines = Files.readAllLines(csv);
		assertEquals("header, 2 cases, mean, sd: " + lines, 5, lines.size());
		for (int i = 0; i < 2; i++) {
			String[] row = lines.get(1 + i).split(",");
			assertEquals(test.get(i), row[0]);
			double dice = Double.parseDouble(row[2]);
			assertTrue(lines.get(1 + i), dice >= 0 && dice <= 1);
		}
		assertTrue(lines.get(3), lines.get(3).startsWith("mean,1,"));
	}

	@Test
	public void anUnknownCaseInAListFailsNamingIt() throws Exception {
		Path la = LaTestData.root().toAbsolutePath().normalize();
		Path labeled = list("labeled.list", List.of(LaCaseReader.readCaseList(la).get(0), "NO_SUCH_CASE"));
		assertEquals(Main.USAGE, run("Train Mean Teacher", "images='" + la + "',labeledlist='" + labeled + "',output='"
			+ tmp.getRoot().toPath().resolve("model") + "',method='Supervised only',patch='32,32,16'"));
		assertTrue(err.toString(), err.toString().contains(labeled + ": line 2: unknown case 'NO_SUCH_CASE'"));
	}
}
