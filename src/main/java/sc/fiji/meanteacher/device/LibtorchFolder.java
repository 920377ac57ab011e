package sc.fiji.meanteacher.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch folder on disk that DJL is to load instead of its bundled build: the {@code lib}
 * folder of a pip {@code torch} install, the {@code lib} folder of a libtorch zip from pytorch.org,
 * or the libraries of a DJL native jar unpacked by hand. Checked before DJL sees it, because DJL
 * silently falls back to its bundled libtorch when the folder does not exist and fails with a JNI
 * lookup error when the flavor is not the one its JNI jar was built for. Linux and Windows folders
 * are checked alike, each by its platform's library names ({@link LibtorchPlatform}).
 *
 * @param dir the folder holding {@code libtorch_cpu.so} / {@code torch_cpu.dll} (absolute)
 * @param version the version the folder records ({@code 2.7.1+cu128}), or null when it records none
 * @param versionSource the file the version was read from, or null
 * @param flavor DJL's name of the build: {@code cpu}, {@code cu128} …
 * @param platform the platform whose libraries the folder holds
 */
public record LibtorchFolder(Path dir, String version, Path versionSource, String flavor, LibtorchPlatform platform) {

	private static final Pattern PIP_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
	private static final Pattern CUDA_SUFFIX = Pattern.compile("\\+(cu\\d+)");

	/** {@code 2.7.1+cu128 (from …/torch/version.py)} or {@code version not recorded}. */
	public String describeVersion() {
		return version == null ? "version not recorded (no build-version or ../version.py)"
			: version + " (from " + versionSource + ")";
	}

	/** Checks {@code given} as the folder to load libtorch from on this machine's platform (see below). */
	public static LibtorchFolder inspect(Path given, DjlPairing pairing, String flavorOverride) {
		return inspect(given, pairing, flavorOverride, LibtorchPlatform.current());
	}

	/**
	 * Checks {@code given} as the folder to load libtorch from.
	 *
	 * @param given the folder the user named: the libraries' folder itself, or the folder above it
	 *          ({@code …/site-packages/torch} or an unpacked {@code libtorch}), whose {@code lib} is then taken
	 * @param pairing the DJL on the class path, whose libtorch version the folder must hold and whose
	 *          JNI jar must carry the folder's flavor
	 * @param flavorOverride {@code PYTORCH_FLAVOR} when the user set it, else null
	 * @param platform the platform whose library names the folder must hold and whose JNI DJL must carry
	 * @throws IllegalArgumentException naming the folder and the problem: missing, not a folder, no
	 *           libtorch in it, another libtorch version, a flavor that cannot be told or that DJL has no JNI for
	 */
	public static LibtorchFolder inspect(Path given, DjlPairing pairing, String flavorOverride, LibtorchPlatform platform) {
		Path dir = given.toAbsolutePath().normalize();
		if (!Files.exists(dir)) throw new IllegalArgumentException("libtorch folder " + dir + " does not exist");
		if (!Files.isDirectory(dir)) throw new IllegalArgumentException("libtorch folder " + dir + " is a file, not a folder");
		String torchCpu = platform.libraryFile("torch_cpu");
		if (!Files.isRegularFile(dir.resolve(torchCpu)) && Files.isRegularFile(dir.resolve("lib").resolve(torchCpu)))
			dir = dir.resolve("lib");
		if (!Files.isRegularFile(dir.resolve(torchCpu)))
			throw new IllegalArgumentException("libtorch folder " + dir + " holds no libtorch (no " + torchCpu
				+ "); give the folder with libtorch's libraries, e.g. <python>/site-packages/torch/lib or libtorch/lib");
		String torch = platform.libraryFile("torch");
		if (!Files.isRegularFile(dir.resolve(torch)))
			throw new IllegalArgumentException("libtorch folder " + dir + " has " + torchCpu + " but no " + torch
				+ ", which DJL loads first; is the folder complete?");
		if (Files.isRegularFile(dir.resolve(platform.libraryFile("torch_hip"))))
			throw new IllegalArgumentException("libtorch folder " + dir + " is a ROCm (AMD GPU) build; DJL supports only CPU and CUDA builds");

		Path[] source = new Path[1];
		String version = recordedVersion(dir, source);
		String expected = pairing.libtorchVersion();
		if (version != null && !DjlPairing.releaseOf(version).equals(expected))
			throw new IllegalArgumentException("libtorch folder " + dir + " holds libtorch " + version + " (from " + source[0]
				+ "), but DJL " + pairing.djlVersion() + " pairs with libtorch " + expected + " only: install torch==" + expected
				+ " (or its libtorch zip) and give its folder");

		String flavor = flavorOverride != null && !flavorOverride.isBlank() ? flavorOverride.trim()
			: flavorOf(dir, version, platform);
		if (!DjlPairing.hasJni(platform, flavor)) {
			List<String> available = DjlPairing.jniFlavors(platform);
			throw new IllegalArgumentException("libtorch folder " + dir + " is a " + flavor + " build"
				+ (flavorOverride != null && !flavorOverride.isBlank() ? " (PYTORCH_FLAVOR)" : "") + ", but pytorch-jni "
				+ pairing.jniVersion() + " carries JNI only for " + (available.isEmpty() ? "no flavor" : String.join(", ", available))
				+ " on " + platform.classifier() + "; use a libtorch " + expected + " of one of those flavors");
		}
		return new LibtorchFolder(dir, version, source[0], flavor, platform);
	}

	/**
	 * A sentence when Windows would not find the libraries this CUDA build needs, else null. Windows
	 * looks for a DLL's dependencies by name on PATH, not beside the DLL (Linux follows the
	 * libraries' own search path); DJL loads most of the folder's libraries itself before
	 * {@code torch_cuda.dll}, but not cuDNN's, which it needs and which load each other by name.
	 *
	 * @param searchPath the process's PATH ({@code ;}-separated), or null
	 */
	public String searchPathNote(String searchPath) {
		if (!platform.isWindows() || !flavor.startsWith("cu")) return null;
		for (String entry : (searchPath == null ? "" : searchPath).split(";"))
			if (onPath(entry.replace("\"", "").strip())) return null;
		return "libtorch folder " + dir + " is not on PATH: Windows looks there, not beside " + platform.libraryFile("torch_cuda")
			+ ", for the cuDNN libraries it needs; start Fiji with the folder on PATH (set PATH=" + dir + ";%PATH%)";
	}

	/**
	 * The version a libtorch folder records: a libtorch zip's {@code build-version} (beside or above
	 * {@code lib}), or a pip install's {@code torch/version.py}; null when there is neither.
	 */
	static String recordedVersion(Path dir, Path[] source) {
		for (Path f : new Path[] { dir.resolve("build-version"), dir.resolveSibling("build-version") }) {
			String text = read(f);
			if (text != null && !text.isBlank()) {
				source[0] = f;
				return text.strip().lines().findFirst().orElse("").trim();
			}
		}
		Path py = dir.resolveSibling("version.py");
		String text = read(py);
		if (text != null) {
			Matcher m = PIP_VERSION.matcher(text);
			if (m.find()) {
				source[0] = py;
				return m.group(1);
			}
		}
		return null;
	}

	/**
	 * {@code cpu} for a folder without {@code libtorch_cuda}; for a CUDA build, the {@code cuNNN}
	 * suffix of its version ({@code 2.7.1+cu128} is {@code cu128}).
	 *
	 * @throws IllegalArgumentException for a CUDA build whose version does not say which CUDA
	 */
	static String flavorOf(Path dir, String version, LibtorchPlatform platform) {
		if (!Files.isRegularFile(dir.resolve(platform.libraryFile("torch_cuda")))) return "cpu";
		Matcher m = CUDA_SUFFIX.matcher(version == null ? "" : version.toLowerCase(Locale.ROOT));
		if (m.find()) return m.group(1);
		throw new IllegalArgumentException("libtorch folder " + dir + " is a CUDA build, but "
			+ (version == null ? "records no version" : "its version " + version + " does not say which CUDA")
			+ "; set PYTORCH_FLAVOR to its CUDA flavor (e.g. cu128 for CUDA 12.8)");
	}

	private boolean onPath(String entry) {
		if (entry.isEmpty()) return false;
		try {
			return LocalLibtorch.sameFile(Path.of(entry), dir);
		}
		catch (InvalidPathException e) {
			return false;
		}
	}

	private static String read(Path file) {
		if (!Files.isRegularFile(file)) return null;
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return null;
		}
	}
}
