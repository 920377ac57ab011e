package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CaseListTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final Set<String> KNOWN = Set.of("a", "b", "c");

	private Path list(String text) throws IOException {
		return Files.writeString(tmp.getRoot().toPath().resolve("cases.txt"), text);
	}

	private String error(String text) throws IOException {
		Path file = list(text);
		String message = assertThrows(IllegalArgumentException.class, () -> CaseList.read(file, KNOWN::contains, "the folder"))
			.getMessage();
		assertTrue(message, message.startsWith(file.toAbsolutePath() + ": "));
		return message;
	}

	@Test
	public void namesInOrderWithoutBlankLinesOrComments() throws IOException {
		assertEquals(List.of("c", "a"), CaseList.read(list("\n  c  \n# not a case\n\r\na\n\n"), KNOWN::contains, "the folder"));
	}

	@Test
	public void unknownRepeatedOrNoNamesFailNamingTheFile() throws IOException {
		assertTrue(error("a\nzz\n").endsWith("line 2: unknown case 'zz', not in the folder"));
		assertTrue(error("a\nb\na\n").endsWith("line 3 names case 'a' a second time"));
		assertTrue(error("\n# none\n").endsWith("names no cases"));
		Path missing = tmp.getRoot().toPath().resolve("missing.txt");
		String message = assertThrows(IllegalArgumentException.class, () -> CaseList.read(missing, KNOWN::contains, "x"))
			.getMessage();
		assertTrue(message, message.startsWith(missing.toAbsolutePath() + ": cannot read the case list"));
	}
}
