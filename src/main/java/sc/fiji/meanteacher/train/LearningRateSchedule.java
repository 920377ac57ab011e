package sc.fiji.meanteacher.train;

/** How the learning rate decays over training. */
public enum LearningRateSchedule {
	/** The reference: × gamma every {@code stepSize} iterations. */
	STEP,
	/** (1 − it/max)^0.9, common in nnU-Net-style training. */
	POLY,
	/** No decay. */
	CONSTANT;

	public static final double POLY_POWER = 0.9;

	/** Learning rate used for iteration {@code it} (0-based) of {@code max}. */
	public double rate(double base, long it, long max, int stepSize, double gamma) {
		switch (this) {
			case STEP:
				return base * Math.pow(gamma, it / Math.max(1, stepSize));
			case POLY:
				return base * Math.pow(Math.max(0, 1 - it / (double) max), POLY_POWER);
			default:
				return base;
		}
	}

	public static LearningRateSchedule fromName(String name) {
		for (LearningRateSchedule s : values())
			if (s.name().equalsIgnoreCase(name.trim())) return s;
		throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "' (step, poly or constant)");
	}
}
