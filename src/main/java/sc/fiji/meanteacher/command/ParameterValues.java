package sc.fiji.meanteacher.command;

import java.io.File;
import java.nio.file.Path;

/** Checks of the file parameters that macros and headless calls pass (sizes: {@link sc.fiji.meanteacher.volume.Sizes}). */
final class ParameterValues {

	private ParameterValues() {}

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
