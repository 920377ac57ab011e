package sc.fiji.meanteacher.command;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;

/** One SciJava context per test class and a temporary folder per test, for command tests. */
public abstract class CommandTestBase {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	protected static Context context;

	@BeforeClass
	public static void start() {
		context = new Context();
	}

	@AfterClass
	public static void stop() {
		context.dispose();
	}
}
