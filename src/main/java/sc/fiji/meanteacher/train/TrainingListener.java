package sc.fiji.meanteacher.train;

import sc.fiji.meanteacher.device.DeviceSelection;

/** Receives progress from a running {@link SegmentationTrainer}; every method is optional. */
public interface TrainingListener {

	default void iterationDone(IterationReport report) {}

	/** Mean foreground Dice on the validation cases after {@code iteration}; {@code best} when it improved. */
	default void validationDone(long iteration, double dice, boolean best) {}

	/**
	 * The device the run trains on and the report that decided it, once the run's checks passed;
	 * the report's lines then follow as the first {@link #message messages}.
	 */
	default void deviceChosen(DeviceSelection selection) {}

	/** Human-readable events: start, resume, checkpoints, cancellation. */
	default void message(String text) {}
}
