package sc.fiji.meanteacher.train;

/** The sigmoid-shaped ramp-up of the Mean Teacher papers: exp(-5 (1 - t/T)^2). */
public final class RampUp {

	private RampUp() {}

	/** 0 → exp(-5), T → 1, clipped to 1 beyond T; 1 when T is 0 (no ramp-up). */
	public static double sigmoid(double t, double length) {
		if (length <= 0) return 1;
		double phase = 1 - Math.max(0, Math.min(t, length)) / length;
		return Math.exp(-5 * phase * phase);
	}

	/**
	 * Consistency weight at an iteration: {@code w_max · sigmoid(iteration / step, T)} where the
	 * reference counts ramp-up "epochs" of {@code step} = 150 iterations (integer division).
	 */
	public static double consistencyWeight(long iteration, double maxWeight, double length, int step) {
		return maxWeight * sigmoid(iteration / Math.max(1, step), length);
	}
}
