package sc.fiji.meanteacher.train;

import java.nio.file.Path;

/**
 * What a finished (or cancelled) run leaves behind.
 *
 * @param bestModel the model with the best validation Dice (the last one when nothing was validated)
 * @param lastModel the model after the last iteration done
 * @param iterationsDone iterations completed, including those before a resume
 * @param bestDice best validation Dice, NaN when no validation ran
 * @param bestIteration iteration of the best model (0-based), -1 when none
 * @param cancelled true when stopped by {@link MeanTeacherTrainer#cancel()}
 * @param seconds wall time of this run (after a resume: since the resume)
 */
public record TrainingResult(Path bestModel, Path lastModel, long iterationsDone, double bestDice, long bestIteration,
	boolean cancelled, double seconds)
{}
