package sc.fiji.meanteacher.command;

import java.util.concurrent.atomic.AtomicReference;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

import sc.fiji.meanteacher.train.TrainingConfig;

/**
 * Test-only: the configuration a Train run would train with, read after SciJava assigned the
 * caller's inputs and {@link PresetPreprocessor} (which runs before this, at a higher priority)
 * filled the rest; the run is then cancelled before it reads any data. Inert unless a test arms
 * it through {@link #capture(Runnable)}, so the other tests' runs pass through untouched.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.LOW)
public class TrainConfigProbe extends AbstractPreprocessorPlugin {

	/** The cancel reason of a probed run. */
	public static final String CANCELLED = "configuration captured by the test probe";

	/** What a probed Train run would train with: its configuration, and the scale its cases are resampled by. */
	public record Probed(TrainingConfig config, double scale) {}

	private static final AtomicReference<Probed> captured = new AtomicReference<>();
	private static volatile boolean armed;

	/** Runs {@code run} with the probe armed; returns what the Train run it started would train with, or null. */
	public static synchronized Probed capture(Runnable run) {
		captured.set(null);
		armed = true;
		try {
			run.run();
		}
		finally {
			armed = false;
		}
		return captured.get();
	}

	@Override
	public void process(Module module) {
		if (!armed || !(module.getDelegateObject() instanceof TrainCommand train)) return;
		captured.set(new Probed(train.config(), train.scale()));
		cancel(CANCELLED);
	}
}
