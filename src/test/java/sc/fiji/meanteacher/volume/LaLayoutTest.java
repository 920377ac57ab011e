package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Recognising LA folders needs only the file names, so empty placeholder files do here. */
public class LaLayoutTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static void addCase(Path root, String name) throws IOException {
		Files.createDirectories(root.resolve(name));
		Files.createFile(root.resolve(name).resolve(LaCaseReader.CASE_FILE));
	}

	@Test
	public void aFolderOfCaseFoldersWithoutTiffsIsLa() throws IOException {
		Path root = tmp.newFolder("la").toPath();
		assertFalse("empty", LaLayout.isLaLayout(root));
		Files.createDirectories(root.resolve("notes"));
		assertFalse("a sub-folder without a case file", LaLayout.isLaLayout(root));
		addCase(root, "b");
		addCase(root, "a");
		assertTrue(LaLayout.isLaLayout(root));
		assertEquals(List.of("a", "b"), LaLayout.caseNames(root));
		assertTrue(LaLayout.hasCase(root, "a"));
		assertFalse(LaLayout.hasCase(root, "notes"));
		assertFalse(LaLayout.hasCase(root, "../la/a"));

		Files.writeString(root.resolve(LaCaseReader.CASE_LIST), "b\n");
		assertEquals("cases.list decides", List.of("b"), LaLayout.caseNames(root));

		Files.createFile(root.resolve("image.tif"));
		assertFalse("a TIFF makes it a TIFF folder", LaLayout.isLaLayout(root));
		assertFalse("not a folder", LaLayout.isLaLayout(root.resolve("missing")));
	}

	@Test
	public void aFolderWithoutCasesNamesNone() throws IOException {
		Path root = tmp.newFolder("none").toPath();
		String message = assertThrows(IllegalArgumentException.class, () -> LaLayout.caseNames(root)).getMessage();
		assertEquals(root.toAbsolutePath() + ": holds no case folder with mri_norm2.h5", message);
	}
}
