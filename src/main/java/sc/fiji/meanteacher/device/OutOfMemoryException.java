package sc.fiji.meanteacher.device;

/**
 * libtorch ran out of device or host memory for the settings given (patch, batch, windows per
 * forward pass): a consequence of the settings, not a bug. The message names what did not fit and
 * what to lower, so commands report it in one line as they report bad input; libtorch's own
 * failure is the cause.
 */
public final class OutOfMemoryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public OutOfMemoryException(String message, Throwable cause) {
		super(message, cause);
	}
}
