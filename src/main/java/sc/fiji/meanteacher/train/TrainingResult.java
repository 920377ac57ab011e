package sc.fiji.meanteacher.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What a finished (or cancelled) run leaves behind.
 *
 * @param bestModel the model with the best validation Dice (the last one when nothing was validated)
 * @param lastModel the model after the last iteration done
 * @param iterationsDone iterations completed, including those before a resume
 * @param bestDice best validation Dice, NaN when no validation ran
 * @param bestIteration iteration of the best model (0-based), -1 when none
 * @param cancelled true when stopped by {@link SegmentationTrainer#cancel()}
 * @param seconds wall time of this run (after a resume: since the resume)
 */
public record TrainingResult(Path bestModel, Path lastModel, long iterationsDone, double bestDice, long bestIteration,
	boolean cancelled, double seconds)
{
	/**
	 * One sentence of what the run did, as the Train command reports it.
	 *
	 * @param method the method's label
	 * @param iterations the iterations asked for
	 * @param stopped whether the user stopped it (rather than it being cancelled or running to its end)
	 */
	public String summary(String method, long iterations, boolean stopped) {
		String validated = Double.isNaN(bestDice) ? "no validation" : String.format(Locale.ROOT, "best validation Dice %.4f", bestDice);
		String best = validated + ", best model " + bestModel;
		String time = IterationReport.formatDuration(seconds);
		if (stopped && iterationsDone == 0)
			return method + ": stopped before the first iteration, so the saved models hold the untrained network; " + best;
		if (stopped)
			return String.format(Locale.ROOT, "%s: stopped after %d of %d iterations in %s, %s", method, iterationsDone, iterations, time,
				best);
		return String.format(Locale.ROOT, "%s: %d iterations in %s, %s%s", method, iterationsDone, time, best, cancelled ? " (cancelled)" : "");
	}
}
