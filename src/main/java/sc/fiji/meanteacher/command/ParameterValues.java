package sc.fiji.meanteacher.command;

import java.io.File;
import java.nio.file.Path;

/** Parsing of the text parameters that macros and headless calls pass. */
final class ParameterValues {

	private ParameterValues() {}

	/**
	 * "112,112,80" (or spaces, or "x" between) as x, y, z; a single number means a cube.
	 *
	 * @throws IllegalArgumentException naming the parameter for anything else
	 */
	static int[] triple(String name, String text) {
		String[] parts = text == null ? new String[0] : text.trim().split("[,\\sx]+");
		if (parts.length != 1 && parts.length != 3)
			throw new IllegalArgumentException(name + " needs 3 sizes x,y,z (or one for a cube), got '" + text + "'");
		int[] out = new int[3];
		for (int d = 0; d < 3; d++) {
			String p = parts[parts.length == 1 ? 0 : d];
			try {
				out[d] = Integer.parseInt(p);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(name + ": '" + p + "' is not a whole number (in '" + text + "')");
			}
			if (out[d] < 1) throw new IllegalArgumentException(name + " must be positive, got '" + text + "'");
		}
		return out;
	}

	/** An existing folder, or a clear error naming the parameter. */
	static Path folder(String name, File file) {
		if (file == null || file.getPath().isBlank()) throw new IllegalArgumentException("no " + name + " folder given");
		if (!file.isDirectory()) throw new IllegalArgumentException(name + " folder " + file.getAbsolutePath() + " does not exist");
		return file.toPath();
	}

	/** True when an optional file parameter was left empty. */
	static boolean isEmpty(File file) {
		return file == null || file.getPath().isBlank();
	}
}
