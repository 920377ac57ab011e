package sc.fiji.meanteacher;

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

import sc.fiji.meanteacher.command.DemoDataCommand;
import sc.fiji.meanteacher.command.DeviceInfoCommand;
import sc.fiji.meanteacher.command.EvaluateCommand;
import sc.fiji.meanteacher.command.ExportCommand;
import sc.fiji.meanteacher.command.ImportCommand;
import sc.fiji.meanteacher.command.SegmentCommand;
import sc.fiji.meanteacher.command.TrainCommand;
import sc.fiji.meanteacher.command.TrainConfigProbe;
import sc.fiji.meanteacher.model.StrictJson;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingPreset;

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
		// a folder that does not exist is bad input
		assertEquals(Main.USAGE, Main.run("--headless", "--run", "Evaluate Mean Teacher Segmentation",
			"predictions='" + tmp.getRoot() + "/none',truth='" + tmp.getRoot() + "'"));
		assertEquals(Main.USAGE, Main.run());
	}

	/**
	 * README's promise: a value out of range and an input image that cannot be read are bad input,
	 * exit status 2 with one sentence naming them; a cancelled command stays 1 (see
	 * {@link #aPresetWithKeysOnTheCommandLineIsExactlyThatPresetWithThoseKeys}).
	 */
	@Test
	public void badInputExitsWithTwo() throws Exception {
		Path root = tmp.getRoot().toPath(), images = Files.createDirectories(root.resolve("images"));
		Files.write(images.resolve("broken.tif"), new byte[] { 'n', 'o', 't', ' ', 'a', ' ', 'T', 'I', 'F', 'F' });
		assertBadInput("Train: iterations must be at least 1, got -3", "Train Mean Teacher", "images='" + images + "',labels='" + images
			+ "',output='" + root.resolve("model") + "',iterations=-3");
		assertBadInput("broken.tif", "Train Mean Teacher", "images='" + images + "',labels='" + images + "',output='" + root.resolve(
			"model") + "',patch='16,16,16',depth=3,iterations=2");
		Path model = sc.fiji.meanteacher.command.CommandTestSupport.untrainedModel(root.resolve("model.zip"));
		assertBadInput("broken.tif", "Segment with Mean Teacher", "model='" + model + "',folder='" + images + "',output='" + root
			.resolve("labels") + "'");
	}

	private static void assertBadInput(String expected, String title, String parameters) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
			"--headless", "--run", title, parameters);
		String text = err.toString(StandardCharsets.UTF_8);
		assertEquals(text, Main.USAGE, status);
		assertTrue(text, text.contains(expected));
		assertTrue("one line: " + text, text.strip().lines().count() == 1);
	}

	/** The usage names every command there is, not a list written down once. */
	@Test
	public void usageListsEveryCommand() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertEquals(Main.OK, Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
			"--help"));
		String text = out.toString(StandardCharsets.UTF_8);
		for (String title : List.of(TrainCommand.TITLE, SegmentCommand.TITLE, EvaluateCommand.TITLE, DemoDataCommand.TITLE,
			ExportCommand.TITLE, ImportCommand.TITLE, DeviceInfoCommand.TITLE))
			assertTrue(title + " in: " + text, text.contains(title));
	}

	/**
	 * A preset and some keys on the command line: the run gets exactly the preset with those keys
	 * changed. Main hands SciJava only the keys given, so a key given at its field's initial value
	 * (scale=1, rampstep=150) is still the caller's and the preset leaves it alone.
	 */
	@Test
	public void aPresetWithKeysOnTheCommandLineIsExactlyThatPresetWithThoseKeys() {
		String data = "images='" + tmp.getRoot() + "',output='" + tmp.getRoot().toPath().resolve("model") + "'";
		TrainingConfig expected = TrainingPreset.CPU_REDUCED.config();
		expected.iterations = 1200;
		TrainConfigProbe.Probed preset = probedTraining("preset='cpu',iterations=1200," + data);
		assertEquals(StrictJson.toJson(expected), StrictJson.toJson(preset.config()));
		assertEquals(TrainingPreset.CPU_REDUCED.inputScale(), preset.scale(), 0);

		expected.rampUpStep = 150;
		assertTrue("the test changes keys the preset sets", TrainingPreset.CPU_REDUCED.inputScale() != 1
			&& TrainingPreset.CPU_REDUCED.config().rampUpStep != 150 && TrainingPreset.CPU_REDUCED.config().iterations != 1200);
		TrainConfigProbe.Probed overridden = probedTraining("preset=[CPU, reduced resolution],iterations=1200,scale=1,rampstep=150,"
			+ data);
		assertEquals(StrictJson.toJson(expected), StrictJson.toJson(overridden.config()));
		assertEquals(1, overridden.scale(), 0);

		// without a preset the reference fills what is left out
		TrainingConfig reference = TrainingPreset.REFERENCE.config();
		reference.iterations = 800;
		assertEquals(StrictJson.toJson(reference), StrictJson.toJson(probedTraining("iterations=800," + data).config()));
	}

	/** What Train gets from {@code parameters} through Main, the run stopped before it reads data. */
	private static TrainConfigProbe.Probed probedTraining(String parameters) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		TrainConfigProbe.Probed config = TrainConfigProbe.capture(() -> assertEquals(Main.FAILED, Main.run(new PrintStream(
			new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), "--headless", "--run", "Train Mean Teacher",
			parameters)));
		String text = err.toString(StandardCharsets.UTF_8);
		assertTrue(text, text.contains(TrainConfigProbe.CANCELLED));
		return config;
	}

	/** The key that chooses open images reaches the command; headless no image is open, which is the message. */
	@Test
	public void openImagesAsTheSourceIsAKeyOfTheCommandLine() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
			"--headless", "--run", "Train Mean Teacher", "source='Open images',preset=demo,output='" + tmp.getRoot().toPath()
				.resolve("model") + "'");
		String text = err.toString(StandardCharsets.UTF_8);
		assertEquals(text, Main.USAGE, status);
		assertTrue(text, text.contains("no images are open"));
		assertTrue(text, !Files.exists(tmp.getRoot().toPath().resolve("model")));
	}
}
