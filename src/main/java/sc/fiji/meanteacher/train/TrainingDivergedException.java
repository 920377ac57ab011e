package sc.fiji.meanteacher.train;

/** The loss became NaN or infinite: a consequence of the settings (often the learning rate), not a bug. */
public final class TrainingDivergedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TrainingDivergedException(String message) {
		super(message);
	}
}
