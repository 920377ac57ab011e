package sc.fiji.meanteacher.device;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local-libtorch route: DJL loads libtorch from a folder of the user's (e.g. that of a
 * {@code torch} pip install with CUDA) instead of the CPU build bundled in the plugin. The folder
 * is named by, in this order: the system property {@value #PROPERTY} (headless, {@code -D} on the
 * command line), the environment variable {@code PYTORCH_LIBRARY_PATH} (DJL's own; it also wins
 * inside DJL), or the folder the Fiji user chose ({@link #preferFolder}, remembered in Fiji's
 * preferences by the commands).
 * <p>
 * {@link #beforeEngineStart()} checks the folder ({@link LibtorchFolder#inspect}) and hands it to
 * DJL as {@code PYTORCH_LIBRARY_PATH} with its {@code PYTORCH_FLAVOR}, both as system properties,
 * which DJL reads when it loads libtorch; {@link #afterEngineStart} makes sure DJL really took it.
 */
public final class LocalLibtorch {

	/** System property naming the libtorch folder (headless). */
	public static final String PROPERTY = "meanteacher.libtorch";
	static final String DJL_PATH = "PYTORCH_LIBRARY_PATH";
	static final String DJL_FLAVOR = "PYTORCH_FLAVOR";

	/** Where a folder request came from, for messages and the device report. */
	public record Request(Path folder, String source) {}

	private static volatile Path preferred;
	private static volatile LibtorchFolder active;
	private static volatile Request activeRequest;

	private LocalLibtorch() {}

	/**
	 * The folder the Fiji user chose (from the preferences), used when neither {@value #PROPERTY}
	 * nor {@code PYTORCH_LIBRARY_PATH} names one; null for none. Only read when the engine starts.
	 */
	public static void preferFolder(Path folder) {
		preferred = folder;
	}

	/** The folder requested now and by whom, or null for the bundled libtorch. */
	public static Request requested() {
		String property = System.getProperty(PROPERTY);
		if (property != null && !property.isBlank()) return new Request(Path.of(property.trim()), "-D" + PROPERTY);
		String djl = System.getenv(DJL_PATH);
		if (djl != null && !djl.isBlank()) return new Request(firstFolder(djl), "environment variable " + DJL_PATH);
		djl = System.getProperty(DJL_PATH);
		if (djl != null && !djl.isBlank()) return new Request(firstFolder(djl), "-D" + DJL_PATH);
		Path p = preferred;
		return p == null ? null : new Request(p, "Fiji preference (Mean Teacher Device Info)");
	}

	/** The checked folder the engine was started from, or null when it uses DJL's bundled libtorch. */
	public static LibtorchFolder active() {
		return active;
	}

	/** Who asked for {@link #active()}, or null. */
	public static Request activeRequest() {
		return activeRequest;
	}

	/**
	 * Checks the requested folder, if any, and points DJL at it. Must run before DJL loads libtorch.
	 *
	 * @return the folder, or null when none is requested
	 * @throws IllegalArgumentException naming the folder and its source when it cannot be used
	 */
	static LibtorchFolder beforeEngineStart() {
		Request r = requested();
		if (r == null) return null;
		String env = System.getenv(DJL_PATH);
		// DJL reads the environment before system properties, so a -D folder cannot override it.
		if (env != null && !env.isBlank() && !r.source().contains("environment")
			&& !sameFile(firstFolder(env), r.folder()))
			throw new IllegalArgumentException(r.source() + " names libtorch folder " + r.folder() + ", but the environment variable "
				+ DJL_PATH + " names " + env + ", which DJL would load; unset one of them");
		String flavorOverride = System.getenv(DJL_FLAVOR) != null ? System.getenv(DJL_FLAVOR) : System.getProperty(DJL_FLAVOR);
		LibtorchFolder folder;
		try {
			folder = LibtorchFolder.inspect(r.folder(), DjlPairing.fromClassPath(), flavorOverride);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage() + " [named by " + r.source() + "]", e);
		}
		if (env != null && !env.isBlank() && !sameFile(firstFolder(env), folder.dir()))
			throw new IllegalArgumentException("the environment variable " + DJL_PATH + " names " + env + ", but DJL needs the "
				+ "folder of the libraries themselves there: " + folder.dir());
		if (env == null || env.isBlank()) System.setProperty(DJL_PATH, folder.dir().toString());
		if (flavorOverride == null) System.setProperty(DJL_FLAVOR, folder.flavor());
		active = folder;
		activeRequest = r;
		return folder;
	}

	/**
	 * @param loadedFrom the folder DJL reports having loaded libtorch from
	 * @throws IllegalStateException when DJL loaded libtorch from anywhere but {@code folder}
	 */
	static void afterEngineStart(LibtorchFolder folder, Path loadedFrom) {
		if (folder == null) return;
		if (!sameFile(folder.dir(), loadedFrom))
			throw new IllegalStateException("libtorch was loaded from " + loadedFrom + ", not from the folder " + folder.dir()
				+ " named by " + activeRequest.source() + "; restart with only one libtorch folder named");
	}

	/**
	 * A sentence when the folder requested now differs from the one the running engine loaded
	 * (libtorch loads once per process), else null.
	 */
	public static String restartNeeded(Path loadedFrom) {
		Request r = requested();
		LibtorchFolder a = active;
		if (r == null && a == null) return null;
		if (r == null) return "no libtorch folder is named any more, but this session loaded " + loadedFrom
			+ "; restart Fiji to use the bundled libtorch";
		if (a != null && sameFile(r.folder(), a.dir()) || sameFile(r.folder(), loadedFrom)
			|| sameFile(r.folder().resolve("lib"), loadedFrom))
			return null;
		return r.source() + " names libtorch folder " + r.folder() + ", but this session already loaded libtorch from "
			+ loadedFrom + " (it loads once per process): restart Fiji to use the new folder";
	}

	/** The first existing entry of a path list as DJL splits it, else the first entry. */
	private static Path firstFolder(String list) {
		List<Path> entries = new ArrayList<>();
		for (String s : list.split(File.pathSeparator))
			if (!s.isBlank()) entries.add(Path.of(s.trim()));
		for (Path p : entries)
			if (Files.exists(p)) return p;
		return entries.isEmpty() ? Path.of(list.trim()) : entries.get(0);
	}

	static boolean sameFile(Path a, Path b) {
		if (a == null || b == null) return false;
		try {
			return Files.isSameFile(a, b);
		}
		catch (IOException e) {
			return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
		}
	}
}
