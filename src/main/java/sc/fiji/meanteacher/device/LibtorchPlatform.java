package sc.fiji.meanteacher.device;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The platform a libtorch build is for, by DJL's name ({@code linux-x86_64}, {@code win-x86_64},
 * {@code osx-aarch64}), and how that platform names a shared library: {@code torch_cpu} is
 * {@code libtorch_cpu.so} on Linux, {@code torch_cpu.dll} on Windows, {@code libtorch_cpu.dylib} on
 * macOS. The folders themselves are laid out alike everywhere (a pip install's {@code torch/lib}
 * beside its {@code version.py}, a libtorch zip's {@code lib} below its {@code build-version}).
 * A value rather than {@link System#mapLibraryName}, so that one machine can check another's
 * folders (the tests check Windows folders on Linux).
 *
 * @param classifier DJL's name of the platform: {@code <os>-<arch>}, os being linux, win or osx
 */
public record LibtorchPlatform(String classifier) {

	// Before the constants below, which the constructor checks with it.
	private static final Pattern CLASSIFIER = Pattern.compile("(linux|win|osx)-[a-z0-9_]+");

	public static final LibtorchPlatform LINUX_X86_64 = new LibtorchPlatform("linux-x86_64");
	public static final LibtorchPlatform WINDOWS_X86_64 = new LibtorchPlatform("win-x86_64");

	public LibtorchPlatform {
		if (classifier == null || !CLASSIFIER.matcher(classifier).matches())
			throw new IllegalArgumentException("'" + classifier + "' is no platform as DJL names them (linux-<arch>, win-<arch>, osx-<arch>)");
	}

	/** This machine's platform. */
	public static LibtorchPlatform current() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String prefix = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : "linux";
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		return new LibtorchPlatform(prefix + "-" + (arch.equals("amd64") ? "x86_64" : arch));
	}

	public boolean isWindows() {
		return classifier.startsWith("win-");
	}

	/** The file name of shared library {@code name} here ({@code torch_cuda} → {@code torch_cuda.dll} on Windows). */
	public String libraryFile(String name) {
		if (isWindows()) return name + ".dll";
		return "lib" + name + (classifier.startsWith("osx-") ? ".dylib" : ".so");
	}
}
