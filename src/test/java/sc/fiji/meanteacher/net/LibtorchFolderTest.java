package sc.fiji.meanteacher.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Checks of a local libtorch folder before DJL sees it, on folders laid out like a pip install, a
 * libtorch zip and a hand-unpacked native jar (empty stand-ins for the libraries: only names count
 * here), against the DJL of the test class path.
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
		return DjlPairing.hasJni(DjlPairing.platformClassifier(), flavor) ? flavor : null;
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
		String available = String.join(", ", DjlPairing.jniFlavors(DjlPairing.platformClassifier()));
		assertTrue(available, available.contains("cpu"));
		assertEquals("libtorch folder " + lib + " is a cu126 build, but pytorch-jni " + PAIRING.jniVersion() + " carries JNI only for "
			+ available + " on " + DjlPairing.platformClassifier() + "; use a libtorch " + PAIRING.libtorchVersion()
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

	@Test
	public void releasesAreComparedWithoutBuildSuffixes() {
		assertEquals("2.7.1", DjlPairing.releaseOf("2.7.1-20250812"));
		assertEquals("2.7.1", DjlPairing.releaseOf("2.7.1+cu128"));
		assertEquals("2.5.1", DjlPairing.releaseOf("2.5.1"));
	}
}
