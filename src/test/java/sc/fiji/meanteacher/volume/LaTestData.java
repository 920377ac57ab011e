package sc.fiji.meanteacher.volume;

import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the real LA cases lie: {@code ../shared/data/LA} beside the project checkout. */
public final class LaTestData {

	private LaTestData() {}

	/** The LA root; skips the calling test only when the shared data folder is absent. */
	public static Path root() {
		Path root = Paths.get("..", "shared", "data", "LA");
		assumeTrue("LA data not found at " + root.toAbsolutePath(), Files.isDirectory(root));
		return root;
	}
}
