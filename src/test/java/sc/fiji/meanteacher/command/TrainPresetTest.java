package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scijava.command.CommandModule;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.meanteacher.model.StrictJson;
import sc.fiji.meanteacher.net.WeightInit;
import sc.fiji.meanteacher.train.LearningRateSchedule;
import sc.fiji.meanteacher.train.RampUp;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingPreset;
import sc.fiji.meanteacher.train.UncertaintyAwareMethod;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Presets of the Train command: each one reaches the configuration whole, and a caller who names a
 * preset and some keys gets the preset with exactly those keys changed, through SciJava's own
 * preprocessing (as a macro, a script or {@code --headless --run} call it).
 */
public class TrainPresetTest extends CommandTestBase {

	@Test
	public void fieldDefaultsAreTheReferencePreset() {
		assertEquals(StrictJson.toJson(TrainingPreset.REFERENCE.config()), StrictJson.toJson(new TrainCommand().config()));
	}

	@Test
	public void applyingAPresetGivesItsWholeConfiguration() {
		for (TrainingPreset p : TrainingPreset.values()) {
			TrainCommand command = new TrainCommand();
			command.applyPreset(p, key -> true);
			assertEquals(p.label(), StrictJson.toJson(p.config()), StrictJson.toJson(command.config()));
			assertEquals(p.label(), p.inputScale(), command.scale(), 0);
		}
		// The presets differ where their budgets do, so the comparison above is not trivially true.
		assertEquals(0.5, TrainingPreset.CPU_REDUCED.inputScale(), 0);
		assertEquals(300, TrainingPreset.QUICK_DEMO.config().iterations);
	}

	@Test
	public void presetNamesAcceptLabelIdAndAsciiTimes() {
		assertEquals(TrainingPreset.REFERENCE, TrainingPreset.fromName("Reference (GPU: 112x112x80, 6000 iterations)"));
		assertEquals(TrainingPreset.CPU_REDUCED, TrainingPreset.fromName(" CPU, REDUCED resolution"));
		assertEquals(TrainingPreset.QUICK_DEMO, TrainingPreset.fromName("demo"));
		try {
			TrainingPreset.fromName("fast");
			throw new AssertionError("accepted an unknown preset");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("unknown preset 'fast'")
				&& e.getMessage().contains(TrainingPreset.QUICK_DEMO_LABEL));
		}
	}

	@Test
	public void aPresetWithOverriddenKeysTrainsWithExactlyThat() throws Exception {
		Path data = TinyTrainingRun.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TinyTrainingRun.folderInputs(data, out);
		in.put("preset", TrainingPreset.QUICK_DEMO_LABEL);
		in.put("iterations", 3);
		in.put("rampstep", 2);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		// What was given stays; the rest is the preset's, not the reference default.
		assertEquals(3, m.getInput("iterations"));
		assertEquals(2, m.getInput("rampstep"));
		assertEquals("16,16,16", m.getInput("patch"));
		assertEquals(150.0, m.getInput("rampup"));
		assertEquals(100, m.getInput("valstart"));
		assertEquals(100, m.getInput("checkpoint"));
		// ... and reached the trainer: the log's consistency weights follow ramp-up 150 in steps of 2.
		List<String> log = Files.readAllLines(out.resolve(RunFolder.LOG));
		assertEquals(4, log.size());
		for (int it = 0; it < 3; it++)
			assertEquals(RampUp.consistencyWeight(it, 0.1, 150, 2), Double.parseDouble(log.get(it + 1).split(",")[4]), 1e-6);
	}

	@Test
	public void withoutAPresetTheReferenceFillsWhatIsLeftOut() throws Exception {
		Path data = TinyTrainingRun.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TinyTrainingRun.folderInputs(data, out);
		in.put("iterations", 2);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(TrainingPreset.REFERENCE_LABEL, m.getInput("preset"));
		assertEquals(40.0, m.getInput("rampup"));
		assertEquals(150, m.getInput("rampstep"));
		assertEquals(800, m.getInput("valstart"));
		assertEquals(1.0, m.getInput("scale"));
	}

	@Test
	public void anUnknownPresetFailsBeforeAnythingIsWritten() throws Exception {
		Path data = TinyTrainingRun.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = new HashMap<>(TinyTrainingRun.folderInputs(data, out));
		in.put("preset", "fastest");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("unknown preset 'fastest'"));
		assertFalse(Files.exists(out));
	}
	/** Every Train input that is a setting, by its key: the setting's name in the configuration's JSON. */
	private static final Map<String, String> PRESET_SETTINGS = Map.ofEntries(Map.entry("patch", "patch"), Map.entry("iterations", "iterations"),
		Map.entry("batch", "batchSize"), Map.entry("labeledbatch", "labeledPerBatch"), Map.entry("lr", "learningRate"),
		Map.entry("schedule", "schedule"), Map.entry("lrstep", "lrStepSize"), Map.entry("lrgamma", "lrGamma"),
		Map.entry("consistency", "consistencyWeight"), Map.entry("rampup", "rampUpLength"), Map.entry("rampstep", "rampUpStep"),
		Map.entry("ema", "emaDecay"), Map.entry("filters", "baseFilters"), Map.entry("depth", "depth"),
		Map.entry("valinterval", "validationInterval"), Map.entry("valstart", "validationStart"),
		Map.entry("checkpoint", "checkpointInterval"), Map.entry("progress", "logInterval"));

	/** A configuration whose every preset setting differs from the reference. */
	private static TrainingConfig unlikeTheReference() {
		TrainingConfig c = new TrainingConfig();
		c.patch = new PatchSize(48, 32, 64);
		c.iterations = 7;
		c.batchSize = 6;
		c.labeledPerBatch = 3;
		c.learningRate = 0.02;
		c.schedule = LearningRateSchedule.POLY;
		c.lrStepSize = 11;
		c.lrGamma = 0.3;
		c.consistencyWeight = 0.7;
		c.rampUpLength = 9;
		c.rampUpStep = 13;
		c.emaDecay = 0.95;
		c.baseFilters = 8;
		c.depth = 3;
		c.validationInterval = 17;
		c.validationStart = 19;
		c.checkpointInterval = 23;
		c.logInterval = 29;
		return c;
	}

	@Test
	public void eachPresetKeySetsItsOwnSettingAndNothingElse() {
		JsonObject given = json(unlikeTheReference());
		JsonObject reference = json(TrainingPreset.REFERENCE.config());
		for (Map.Entry<String, String> key : PRESET_SETTINGS.entrySet()) {
			assertNotEquals(key.getKey(), reference.get(key.getValue()), given.get(key.getValue()));
			TrainCommand command = new TrainCommand();
			command.applySettings(unlikeTheReference(), 0.5, key.getKey()::equals);
			JsonObject expected = reference.deepCopy();
			expected.add(key.getValue(), given.get(key.getValue()));
			assertEquals(key.getKey(), expected, json(command.config()));
			assertEquals(key.getKey(), 1, command.scale(), 0);
		}
	}

	@Test
	public void aConfigurationRoundTripsThroughTheInputs() {
		TrainCommand command = new TrainCommand();
		command.applySettings(unlikeTheReference(), 0.5, key -> true);
		assertEquals(json(unlikeTheReference()), json(command.config()));
		assertEquals(0.5, command.scale(), 0);
	}

	@Test
	public void everyInputReachesItsSetting() {
		Map<String, Object> in = new HashMap<>(Map.ofEntries(Map.entry("output", tmp.getRoot().toPath().resolve("model").toFile()),
			Map.entry("method", UncertaintyAwareMethod.LABEL), Map.entry("classes", 3), Map.entry("patch", "48,32,64"),
			Map.entry("iterations", 7), Map.entry("batch", 6), Map.entry("labeledbatch", 3), Map.entry("lr", 0.02),
			Map.entry("schedule", "poly"), Map.entry("lrstep", 11), Map.entry("lrgamma", 0.3), Map.entry("ema", 0.95),
			Map.entry("consistency", 0.7), Map.entry("rampup", 9.0), Map.entry("rampstep", 13), Map.entry("bcpwarmup", 0.2),
			Map.entry("bcpcube", 0.5), Map.entry("bcpweight", 0.25), Map.entry("intensity", "none"), Map.entry("filters", 8),
			Map.entry("depth", 3), Map.entry("init", "he"), Map.entry("seed", 42L), Map.entry("valinterval", 17),
			Map.entry("valstart", 19), Map.entry("checkpoint", 23), Map.entry("progress", 29)));
		TrainConfigProbe.Probed probed = TrainConfigProbe.capture(() -> {
			try {
				CommandTestSupport.run(context, TrainCommand.class, in);
			}
			catch (Exception e) {
				throw new AssertionError(e);
			}
		});
		TrainingConfig expected = unlikeTheReference();
		expected.method = TrainingMethods.UA_MT;
		expected.numClasses = 3;
		expected.copyPasteWarmup = 0.2;
		expected.copyPasteCube = 0.5;
		expected.copyPasteUnlabeledWeight = 0.25;
		expected.intensity = IntensityNormalization.NONE;
		expected.weightInit = WeightInit.HE_NORMAL;
		expected.seed = 42;
		assertEquals(json(expected), json(probed.config()));
	}

	private static JsonObject json(TrainingConfig config) {
		return JsonParser.parseString(StrictJson.toJson(config)).getAsJsonObject();
	}
}
