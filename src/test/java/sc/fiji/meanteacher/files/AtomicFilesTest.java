package sc.fiji.meanteacher.files;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Failed writes say which file and why, and leave neither a temporary nor a damaged target. */
public class AtomicFilesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A full disk fails the write part-way: the message names the file and the free space; the old content stays. */
	@Test
	public void fullDiskNamesTheFileAndKeepsTheOldContent() throws IOException {
		Path target = tmp.getRoot().toPath().resolve("checkpoint.zip");
		Files.write(target, new byte[] { 1, 2, 3 });
		IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, OutputPolicy.of(true), temporary -> {
			Files.write(temporary, new byte[1000]);
			// what the JDK throws for ENOSPC: the reason only, no path
			throw new FileSystemException(null, null, "No space left on device");
		}));
		assertTrue(e.getMessage(), e.getMessage().matches("cannot write " + target + ": No space left on device \\(\\d+\\.\\d MB free\\)"));
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(target));
		try (Stream<Path> files = Files.list(tmp.getRoot().toPath())) {
			assertEquals(List.of(target), files.toList());
		}
	}

	@Test
	public void parentThatIsAFileIsNamed() throws IOException {
		Path file = Files.writeString(tmp.getRoot().toPath().resolve("passwd"), "root:x:0:0");
		IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file.resolve("metrics.csv"), OutputPolicy.newFilesOnly(), new byte[1]));
		assertEquals("cannot write " + file.resolve("metrics.csv") + ": folder " + file + " is an existing file, not a folder", e.getMessage());
	}

	@Test
	public void leftoversOfKilledWritesAreRemovedAndNothingElse() throws IOException {
		Path dir = tmp.getRoot().toPath();
		Path ours = Files.write(dir.resolve(".best-model.zip.3fa2c1d0e9b8a7f6.tmp"), new byte[5]);
		Path theirs = Files.write(dir.resolve("draft.tmp"), new byte[5]);
		Path hidden = Files.write(dir.resolve(".settings"), new byte[5]);
		assertEquals(List.of(ours), AtomicFiles.removeLeftovers(dir));
		assertFalse(Files.exists(ours));
		assertTrue(Files.exists(theirs) && Files.exists(hidden));
	}

	@Test
	public void leftoversCanBeLimitedToSomeTargets() throws IOException {
		Path dir = tmp.getRoot().toPath();
		Path mine = Files.write(dir.resolve(".case.a.tif.00ff.tmp"), new byte[5]);
		Path other = Files.write(dir.resolve(".case.b.tif.3fa2c1d0e9b8a7f6.tmp"), new byte[5]);
		Path prefix = Files.write(dir.resolve(".case.a.tif.tif.01.tmp"), new byte[5]);
		assertEquals(List.of(mine), AtomicFiles.removeLeftovers(dir, "case.a.tif"::equals));
		assertFalse(Files.exists(mine));
		assertTrue("another target's temporary stays", Files.exists(other));
		assertTrue("a target whose name only starts alike stays", Files.exists(prefix));
	}
}
