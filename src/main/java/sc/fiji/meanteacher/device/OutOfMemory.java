package sc.fiji.meanteacher.device;

import java.util.Locale;

/**
 * Recognises libtorch's out-of-memory failures ("CUDA out of memory. Tried to allocate …",
 * "DefaultCPUAllocator: not enough memory …"), which DJL hands on as plain engine exceptions, so that
 * the caller can say which patch and batch did not fit instead of showing a C++ trace.
 */
public final class OutOfMemory {

	private OutOfMemory() {}

	/** Whether {@code t} or one of its causes is libtorch running out of device or host memory. */
	public static boolean isOutOfMemory(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
			if (m.contains("out of memory") || m.contains("not enough memory") || m.contains("can't allocate memory")
				|| c instanceof OutOfMemoryError)
				return true;
		}
		return false;
	}

	/** libtorch's own first line ("CUDA out of memory. Tried to allocate 2.00 GiB …"), without its C++ trace. */
	public static String firstLine(Throwable t) {
		String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
		int nl = m.indexOf('\n');
		return nl < 0 ? m : m.substring(0, nl).strip();
	}
}
