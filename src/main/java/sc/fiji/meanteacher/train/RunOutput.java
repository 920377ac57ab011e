package sc.fiji.meanteacher.train;

import java.io.IOException;

/**
 * A listener that writes one of a run's files (the CSV log, the checkpoints, the best and last
 * models). Unlike a {@link TrainingListener} it may fail with an {@link IOException}, which ends
 * the run, and it hears when an iteration's validation is done, since a checkpoint must record the
 * best model it chose.
 */
interface RunOutput {

	/** The step of {@code report}'s iteration is done (the public listeners have heard of it). */
	default void iterationDone(IterationReport report) throws IOException {}

	/** Validation after {@code iteration} gave {@code dice}; {@code best} when it improved (the state records it). */
	default void validated(long iteration, double dice, boolean best) throws IOException {}

	/** Everything of {@code iteration}, validation included, is done. */
	default void iterationEnded(long iteration) throws IOException {}

	/** The loop ended, after its last iteration or, {@code cancelled}, earlier. */
	default void runEnded(boolean cancelled) throws IOException {}
}
