package sc.fiji.meanteacher.files;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The one rule for written files, through {@link AtomicFiles}: what a run may replace, and what never. */
public class OutputPolicyTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path root, input;

	@Before
	public void files() throws IOException {
		root = tmp.getRoot().toPath();
		input = Files.write(tmp.newFolder("data").toPath().resolve("case.tif"), new byte[] { 1, 2 });
	}

	private static String refusal(Path target, OutputPolicy policy) {
		return assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(target, policy, new byte[] { 9 })).getMessage();
	}

	@Test
	public void aFileOfAnotherIsReplacedOnlyWithOverwriteAndOneOfTheRunsOwnAlways() throws IOException {
		Path theirs = Files.write(root.resolve("metrics.csv"), new byte[] { 7 });
		assertEquals(theirs + " exists already; set overwrite=true to replace it, or choose another name", refusal(theirs,
			OutputPolicy.newFilesOnly()));
		assertArrayEquals(new byte[] { 7 }, Files.readAllBytes(theirs));
		AtomicFiles.write(theirs, OutputPolicy.of(true), new byte[] { 8 });
		assertArrayEquals(new byte[] { 8 }, Files.readAllBytes(theirs));
		// a model saved again during the run
		OutputPolicy run = OutputPolicy.newFilesOnly();
		Path mine = root.resolve("best-model.zip");
		AtomicFiles.write(mine, run, new byte[] { 1 });
		AtomicFiles.write(mine, run, new byte[] { 2 });
		assertArrayEquals(new byte[] { 2 }, Files.readAllBytes(mine));
		assertTrue(refusal(mine, OutputPolicy.newFilesOnly()).contains("exists already"));
	}

	@Test
	public void anInputIsNeverWrittenOverHoweverItsPathIsSpelled() throws IOException {
		OutputPolicy policy = OutputPolicy.of(true).reading(input);
		Path link = Files.createSymbolicLink(root.resolve("link.tif"), input);
		Path dotted = input.getParent().resolve(".").resolve("..").resolve("data").resolve("case.tif");
		for (Path spelled : List.of(input, link, dotted))
			assertEquals(spelled.toAbsolutePath() + " is one of the files this run reads; nothing is written there, not even with "
				+ "overwrite=true: choose another name", refusal(spelled, policy));
		assertArrayEquals(new byte[] { 1, 2 }, Files.readAllBytes(input));
		assertTrue("the link stays a link", Files.isSymbolicLink(link));
	}

	@Test
	public void nothingIsWrittenIntoAnInputFolderNorOverAFolderHoldingAnInput() throws IOException {
		Path model = tmp.newFolder("model").toPath();
		OutputPolicy policy = OutputPolicy.of(true).reading(model, input);
		assertTrue(refusal(model.resolve("weights.npz"), policy).endsWith(" lies inside " + model.toRealPath() + ", which this run reads; "
			+ "nothing is written there, not even with overwrite=true: choose another name"));
		Path data = input.getParent();
		assertTrue(assertThrows(IllegalArgumentException.class, () -> policy.requireWritable(data)).getMessage()
			.startsWith(data + " holds " + input.toRealPath() + ", which this run reads"));
		// beside an input is fine
		AtomicFiles.write(data.resolve("notes.csv"), policy, new byte[] { 3 });
	}

	@Test
	public void aDanglingLinkCountsAsAnExistingFile() throws IOException {
		Path link = Files.createSymbolicLink(root.resolve("labels.tif"), root.resolve("gone.tif"));
		assertTrue(refusal(link, OutputPolicy.newFilesOnly()).startsWith(link + " exists already"));
	}

	@Test
	public void manyExistingFilesAreCountedAndTheFirstNamed() throws IOException {
		List<Path> targets = new ArrayList<>();
		for (int i = 0; i < 5; i++) targets.add(Files.write(root.resolve("case" + i + ".tif"), new byte[] { 1 }));
		targets.add(root.resolve("case5.tif"));
		String m = assertThrows(IllegalArgumentException.class, () -> OutputPolicy.newFilesOnly().requireWritable(targets)).getMessage();
		assertEquals("5 of the 6 files this run writes exist already (" + targets.get(0) + ", " + targets.get(1) + ", " + targets.get(2)
			+ " and 2 more); set overwrite=true to replace them, or choose another place", m);
	}
}
