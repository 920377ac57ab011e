package sc.fiji.meanteacher.command;

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

import sc.fiji.meanteacher.model.StrictJson;
import sc.fiji.meanteacher.train.RampUp;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.TrainingPreset;

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
		Path data = TrainingData.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TrainingData.folderInputs(data, out);
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
		Path data = TrainingData.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TrainingData.folderInputs(data, out);
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
		Path data = TrainingData.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = new HashMap<>(TrainingData.folderInputs(data, out));
		in.put("preset", "fastest");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("unknown preset 'fastest'"));
		assertFalse(Files.exists(out));
	}
}
