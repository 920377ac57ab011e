package sc.fiji.meanteacher.train;

/** Receives progress from a running {@link MeanTeacherTrainer}; every method is optional. */
public interface TrainingListener {

	default void iterationDone(IterationReport report) {}

	/** Mean foreground Dice on the validation cases after {@code iteration}; {@code best} when it improved. */
	default void validationDone(long iteration, double dice, boolean best) {}

	/** Human-readable events: start, resume, checkpoints, cancellation. */
	default void message(String text) {}
}
