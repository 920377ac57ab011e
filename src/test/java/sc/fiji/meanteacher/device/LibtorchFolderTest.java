package sc.fiji.meanteacher.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Checks of a local libtorch folder before DJL sees it, on folders laid out like a pip install, a
 * libtorch zip and a hand-unpacked native jar (empty stand-ins for the libraries: only names count
 * here), against the DJL of the test class path. Linux and Windows folders are both checked here,
 * whatever this machine runs, with the file names each platform's torch really has.
 */
public class LibtorchFolderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final DjlPairing PAIRING = DjlPairing.fromClassPath();

	/** A folder holding empty files named like the libraries of a CPU (or, with {@code cuda}, CUDA) libtorch. */
	private Path libraries(Path dir, boolean cuda) throws IOException {
		Files.createDirectories(dir);
		Files.createFile(dir.resolve(System.mapLibraryName("torch")));
		Files.createFile(dir.resolve(System.mapLibraryName("torch_cpu")));
		Files.createFile(dir.resolve(System.mapLibraryName("c10")));
		if (cuda) Files.createFile(dir.resolve(System.mapLibraryName("torch_cuda")));
		return dir;
	}

	private static String cpuOrCudaJni(String flavor) {
		return DjlPairing.hasJni(LibtorchPlatform.current(), flavor) ? flavor : null;
	}

	private static final LibtorchPlatform LINUX = LibtorchPlatform.LINUX_X86_64;
	private static final LibtorchPlatform WINDOWS = LibtorchPlatform.WINDOWS_X86_64;

	/** The libraries of a pip {@code torch==2.7.1} CUDA 12.8 install's {@code torch/lib}, as each platform names them (a few of many). */
	private static List<String> cudaLibraries(LibtorchPlatform platform) {
		return platform.equals(WINDOWS)
			? List.of("torch.dll", "torch_cpu.dll", "torch_cuda.dll", "c10.dll", "c10_cuda.dll", "torch_python.dll", "cudart64_12.dll",
				"cudnn64_9.dll", "cublas64_12.dll", "torch_cpu.lib")
			: List.of("libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so", "libc10.so", "libc10_cuda.so", "libtorch_python.so");
	}

	private static List<String> cpuLibraries(LibtorchPlatform platform) {
		return platform.equals(WINDOWS) ? List.of("torch.dll", "torch_cpu.dll", "c10.dll", "uv.dll", "libiomp5md.dll")
			: List.of("libtorch.so", "libtorch_cpu.so", "libc10.so", "libgomp-a34b3233.so.1");
	}

	/** A pip install's {@code torch} folder: {@code lib} with the files, {@code version.py} as torch writes it (CRLF on Windows). */
	private Path pipInstall(String name, LibtorchPlatform platform, List<String> files, String version) throws IOException {
		Path torch = tmp.newFolder(name, "site-packages", "torch").toPath();
		Path lib = Files.createDirectories(torch.resolve("lib"));
		for (String f : files) Files.createFile(lib.resolve(f));
		String eol = platform.equals(WINDOWS) ? "\r\n" : "\n";
		Files.writeString(torch.resolve("version.py"), String.join(eol, "from typing import Optional", "",
			"__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'xpu']", "__version__ = '" + version + "'",
			"debug = False", "cuda: Optional[str] = '12.8'", "hip: Optional[str] = None", ""));
		return torch;
	}

	/**
	 * A folder is taken exactly when the test class path's {@code pytorch-jni} carries the JNI for
	 * its flavor on its platform (the default pairing's carries cpu and cu128 for linux-x86_64 and
	 * win-x86_64), else refused naming the flavors there are.
	 */
	private static LibtorchFolder takenWhereDjlHasJni(Path given, LibtorchPlatform platform, String flavor, Path lib) {
		List<String> available = DjlPairing.jniFlavors(platform);
		if (!available.contains(flavor)) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LibtorchFolder.inspect(given, PAIRING, null, platform));
			assertEquals("libtorch folder " + lib + " is a " + flavor + " build, but pytorch-jni " + PAIRING.jniVersion()
				+ " carries JNI only for " + (available.isEmpty() ? "no flavor" : String.join(", ", available)) + " on "
				+ platform.classifier() + "; use a libtorch " + PAIRING.libtorchVersion() + " of one of those flavors", e.getMessage());
			return null;
		}
		LibtorchFolder f = LibtorchFolder.inspect(given, PAIRING, null, platform);
		assertEquals(lib, f.dir());
		assertEquals(flavor, f.flavor());
		assertEquals(platform, f.platform());
		return f;
	}

	@Test
	public void aMissingFolderOrAFileIsNamed() throws IOException {
		Path missing = tmp.getRoot().toPath().resolve("no-such-libtorch");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(missing, PAIRING, null));
		assertEquals("libtorch folder " + missing + " does not exist", e.getMessage());
		Path file = tmp.newFile("libtorch.zip").toPath();
		e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(file, PAIRING, null));
		assertEquals("libtorch folder " + file + " is a file, not a folder", e.getMessage());
		Path empty = tmp.newFolder("empty").toPath();
		e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(empty, PAIRING, null));
		assertTrue(e.getMessage(), e.getMessage().startsWith("libtorch folder " + empty + " holds no libtorch (no "
			+ System.mapLibraryName("torch_cpu") + ")"));
	}

	@Test
	public void anotherVersionIsRefusedWithBothVersions() throws IOException {
		Path root = tmp.newFolder("libtorch").toPath();
		Path lib = libraries(root.resolve("lib"), false);
		Files.writeString(root.resolve("build-version"), "2.4.0+cpu\n");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(root, PAIRING, null));
		assertEquals("libtorch folder " + lib + " holds libtorch 2.4.0+cpu (from " + root.resolve("build-version") + "), but DJL "
			+ PAIRING.djlVersion() + " pairs with libtorch " + PAIRING.libtorchVersion() + " only: install torch=="
			+ PAIRING.libtorchVersion() + " (or its libtorch zip) and give its folder", e.getMessage());
	}

	@Test
	public void aLibtorchZipOfTheRightVersionIsTakenFromItsRootOrLib() throws IOException {
		Path root = tmp.newFolder("libtorch").toPath();
		Path lib = libraries(root.resolve("lib"), false);
		Files.writeString(root.resolve("build-version"), PAIRING.libtorchVersion() + "+cpu\n");
		for (Path given : new Path[] { root, lib }) {
			LibtorchFolder f = LibtorchFolder.inspect(given, PAIRING, null);
			assertEquals(lib, f.dir());
			assertEquals(PAIRING.libtorchVersion() + "+cpu", f.version());
			assertEquals(root.resolve("build-version"), f.versionSource());
			assertEquals("cpu", f.flavor());
		}
	}

	@Test
	public void aPipInstallGetsItsCudaFlavorFromItsVersion() throws IOException {
		String flavor = cpuOrCudaJni("cu128") != null ? "cu128" : cpuOrCudaJni("cu124") != null ? "cu124" : null;
		org.junit.Assume.assumeTrue("the JNI jar of this build carries a CUDA flavor", flavor != null);
		Path torch = tmp.newFolder("site-packages", "torch").toPath();
		Path lib = libraries(torch.resolve("lib"), true);
		Files.writeString(torch.resolve("version.py"), "from typing import Optional\n\n__all__ = ['__version__']\n__version__ = '"
			+ PAIRING.libtorchVersion() + "+" + flavor + "'\ndebug = False\ncuda: Optional[str] = '12.8'\n");
		LibtorchFolder f = LibtorchFolder.inspect(torch, PAIRING, null);
		assertEquals(lib, f.dir());
		assertEquals(flavor, f.flavor());
		assertEquals(torch.resolve("version.py"), f.versionSource());
	}

	@Test
	public void aCudaFlavorWithoutJniIsRefusedNamingTheFlavorsThereAre() throws IOException {
		Path torch = tmp.newFolder("torch").toPath();
		Path lib = libraries(torch.resolve("lib"), true);
		Files.writeString(torch.resolve("version.py"), "__version__ = '" + PAIRING.libtorchVersion() + "+cu126'\n");
		org.junit.Assume.assumeTrue(cpuOrCudaJni("cu126") == null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(lib, PAIRING, null));
		String available = String.join(", ", DjlPairing.jniFlavors(LibtorchPlatform.current()));
		assertTrue(available, available.contains("cpu"));
		assertEquals("libtorch folder " + lib + " is a cu126 build, but pytorch-jni " + PAIRING.jniVersion() + " carries JNI only for "
			+ available + " on " + LibtorchPlatform.current().classifier() + "; use a libtorch " + PAIRING.libtorchVersion()
			+ " of one of those flavors", e.getMessage());
	}

	@Test
	public void aCudaBuildThatDoesNotSayWhichCudaNeedsTheFlavorGiven() throws IOException {
		Path lib = libraries(tmp.newFolder("lib").toPath(), true);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(lib, PAIRING, null));
		assertEquals("libtorch folder " + lib + " is a CUDA build, but records no version; set PYTORCH_FLAVOR to its CUDA flavor "
			+ "(e.g. cu128 for CUDA 12.8)", e.getMessage());
		// PYTORCH_FLAVOR decides then, and must still be a flavor the JNI jar carries.
		e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(lib, PAIRING, "cu999"));
		assertTrue(e.getMessage(), e.getMessage().startsWith("libtorch folder " + lib + " is a cu999 build (PYTORCH_FLAVOR), but pytorch-jni"));
	}

	/** The libraries of DJL's native jar unpacked by hand record no version: taken, with the version unknown. */
	@Test
	public void aFolderThatRecordsNoVersionIsTaken() throws IOException {
		Path lib = libraries(tmp.newFolder("unpacked").toPath(), false);
		LibtorchFolder f = LibtorchFolder.inspect(lib, PAIRING, null);
		assertNull(f.version());
		assertEquals("cpu", f.flavor());
		assertEquals("version not recorded (no build-version or ../version.py)", f.describeVersion());
	}

	/** A pip CUDA install is read alike on Linux and Windows: its {@code lib}, its flavor from {@code ../version.py}. */
	@Test
	public void aPipCudaInstallIsACu128BuildOnLinuxAndOnWindows() throws IOException {
		for (LibtorchPlatform platform : List.of(LINUX, WINDOWS)) {
			String version = PAIRING.libtorchVersion() + "+cu128";
			Path torch = pipInstall(platform.classifier(), platform, cudaLibraries(platform), version);
			LibtorchFolder f = takenWhereDjlHasJni(torch, platform, "cu128", torch.resolve("lib"));
			if (f == null) continue;
			assertEquals(platform.classifier(), version, f.version());
			assertEquals(torch.resolve("version.py"), f.versionSource());
		}
	}

	/** Each platform's folder is known by its own library names, and only by them. */
	@Test
	public void eachPlatformLooksForItsOwnLibraryNames() throws IOException {
		Path linux = pipInstall("linux", LINUX, cpuLibraries(LINUX), PAIRING.libtorchVersion() + "+cpu");
		Path windows = pipInstall("windows", WINDOWS, cpuLibraries(WINDOWS), PAIRING.libtorchVersion() + "+cpu");
		takenWhereDjlHasJni(linux, LINUX, "cpu", linux.resolve("lib"));
		takenWhereDjlHasJni(windows, WINDOWS, "cpu", windows.resolve("lib"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(linux, PAIRING, null, WINDOWS));
		assertTrue(e.getMessage(), e.getMessage().startsWith("libtorch folder " + linux + " holds no libtorch (no torch_cpu.dll)"));
		e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(windows, PAIRING, null, LINUX));
		assertTrue(e.getMessage(), e.getMessage().startsWith("libtorch folder " + windows + " holds no libtorch (no libtorch_cpu.so)"));
		// torch.dll is what DJL loads first.
		Files.delete(windows.resolve("lib").resolve("torch.dll"));
		e = assertThrows(IllegalArgumentException.class, () -> LibtorchFolder.inspect(windows, PAIRING, null, WINDOWS));
		assertEquals("libtorch folder " + windows.resolve("lib") + " has torch_cpu.dll but no torch.dll, which DJL loads first; "
			+ "is the folder complete?", e.getMessage());
	}

	/** A libtorch zip for Windows (libtorch/lib/*.dll, libtorch/build-version with CRLF) is read like Linux's. */
	@Test
	public void aWindowsLibtorchZipIsTakenFromItsRoot() throws IOException {
		Path root = tmp.newFolder("libtorch").toPath();
		Path lib = Files.createDirectories(root.resolve("lib"));
		for (String f : cudaLibraries(WINDOWS)) Files.createFile(lib.resolve(f));
		Files.writeString(root.resolve("build-version"), PAIRING.libtorchVersion() + "+cu128\r\n");
		LibtorchFolder f = takenWhereDjlHasJni(root, WINDOWS, "cu128", lib);
		org.junit.Assume.assumeTrue("the JNI jar carries cu128 for Windows", f != null);
		assertEquals(PAIRING.libtorchVersion() + "+cu128", f.version());
		assertEquals(root.resolve("build-version"), f.versionSource());
	}

	/**
	 * Windows finds the libraries a DLL needs by name on PATH, not beside the DLL: a CUDA build there
	 * gets a note unless its folder is on PATH. Linux (RUNPATH) and a Windows CPU build need none.
	 */
	@Test
	public void aWindowsCudaBuildOffThePathGetsANote() throws IOException {
		Path lib = Files.createDirectories(tmp.getRoot().toPath().resolve("torch/lib"));
		LibtorchFolder windowsCuda = new LibtorchFolder(lib, "2.7.1+cu128", null, "cu128", WINDOWS);
		String other = tmp.newFolder("System32").toString();
		assertEquals("libtorch folder " + lib + " is not on PATH: Windows looks there, not beside torch_cuda.dll, for the cuDNN "
			+ "libraries it needs; start Fiji with the folder on PATH (set PATH=" + lib + ";%PATH%)",
			windowsCuda.searchPathNote(other));
		assertEquals(windowsCuda.searchPathNote(null), windowsCuda.searchPathNote(""));
		assertNull(windowsCuda.searchPathNote(other + ";" + lib + ";"));
		assertNull(windowsCuda.searchPathNote(lib + java.io.File.separator + ";" + other));
		assertNull(new LibtorchFolder(lib, "2.7.1+cpu", null, "cpu", WINDOWS).searchPathNote(other));
		assertNull(new LibtorchFolder(lib, "2.7.1+cu128", null, "cu128", LINUX).searchPathNote(other));
	}

	@Test
	public void platformsAreNamedAsDjlNamesThem() {
		assertEquals("torch_cuda.dll", WINDOWS.libraryFile("torch_cuda"));
		assertEquals("libtorch_cuda.so", LINUX.libraryFile("torch_cuda"));
		assertEquals("libdjl_torch.dylib", new LibtorchPlatform("osx-aarch64").libraryFile("djl_torch"));
		assertEquals(System.mapLibraryName("torch_cpu"), LibtorchPlatform.current().libraryFile("torch_cpu"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LibtorchPlatform("windows64"));
		assertEquals("'windows64' is no platform as DJL names them (linux-<arch>, win-<arch>, osx-<arch>)", e.getMessage());
	}

	@Test
	public void releasesAreComparedWithoutBuildSuffixes() {
		assertEquals("2.7.1", DjlPairing.releaseOf("2.7.1-20250812"));
		assertEquals("2.7.1", DjlPairing.releaseOf("2.7.1+cu128"));
		assertEquals("2.5.1", DjlPairing.releaseOf("2.5.1"));
	}
}
