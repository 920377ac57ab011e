package sc.fiji.meanteacher.train;

/**
 * What one finished iteration reports to listeners.
 *
 * @param iteration 0-based index of the iteration just done
 * @param iterations total planned
 * @param loss total loss (supervised + weight · consistency)
 * @param supervisedLoss 0.5 · (CE + Dice) on the labeled part
 * @param consistencyLoss student/teacher disagreement (0 for supervised-only)
 * @param consistencyWeight λ(t) used
 * @param learningRate learning rate used
 * @param elapsedSeconds since this run (or its resume) started
 * @param etaSeconds estimated seconds to the last iteration
 * @param profile seconds spent per stage in this iteration
 */
public record IterationReport(long iteration, long iterations, double loss, double supervisedLoss, double consistencyLoss,
	double consistencyWeight, double learningRate, double elapsedSeconds, double etaSeconds, StageTimes profile)
{
	/** Seconds spent in each stage of one iteration. */
	public record StageTimes(double dataWait, double teacher, double studentForward, double backward, double optimizer) {
		public double total() {
			return dataWait + teacher + studentForward + backward + optimizer;
		}
	}

	/** One progress line, as printed in headless runs. */
	public String progressLine() {
		return String.format(java.util.Locale.ROOT,
			"iteration %d/%d  loss %.4f  supervised %.4f  consistency %.5f  weight %.4f  lr %.2e  %.2f s/it  elapsed %s  ETA %s",
			iteration + 1, iterations, loss, supervisedLoss, consistencyLoss, consistencyWeight, learningRate, profile.total(),
			formatDuration(elapsedSeconds), formatDuration(etaSeconds));
	}

	public static String formatDuration(double seconds) {
		long s = Math.round(seconds);
		return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	}
}
