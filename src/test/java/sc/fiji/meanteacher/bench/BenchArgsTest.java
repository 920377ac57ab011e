package sc.fiji.meanteacher.bench;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class BenchArgsTest {

	private static Map<String, String> defaults() {
		Map<String, String> d = new LinkedHashMap<>();
		d.put("patches", "32x32x32,64x64x48");
		d.put("iterations", "5");
		d.put("model", "");
		return d;
	}

	@Test
	public void givenValuesReplaceDefaultsAndTheRestKeepThem() {
		BenchArgs a = BenchArgs.parse("bench test", new String[] { "--iterations", "7" }, defaults());
		assertEquals(7, a.integer("iterations", 1));
		assertEquals(List.of("32x32x32", "64x64x48"), a.list("patches"));
		assertFalse(a.isSet("model"));
		assertEquals("--patches 32x32x32,64x64x48 --iterations 7 --model ''", a.toString());
	}

	@Test
	public void sizeOptionsParseInXYZOrderNamingTheOption() {
		BenchArgs a = BenchArgs.parse("bench test", new String[] { "--patches", "18X18x4" }, defaults());
		assertArrayEquals(new int[] { 18, 18, 4 }, a.size("patches"));
		expectMessage(() -> BenchArgs.parse("bench test", new String[] { "--patches", "64x64" }, defaults()).size("patches"),
			"bench test: --patches needs 3 sizes x,y,z");
	}

	@Test
	public void helpIsRecognisedAnywhere() {
		assertTrue(BenchArgs.wantsHelp(new String[] { "--iterations", "3", "--help" }));
		assertFalse(BenchArgs.wantsHelp(new String[] { "--iterations", "3" }));
	}

	@Test
	public void badInputNamesTheOptionAndTheProblem() {
		expectMessage(() -> BenchArgs.parse("bench test", new String[] { "--iteration", "3" }, defaults()),
			"unknown option --iteration");
		expectMessage(() -> BenchArgs.parse("bench test", new String[] { "--iterations" }, defaults()), "--iterations needs a value");
		expectMessage(() -> BenchArgs.parse("bench test", new String[] { "5" }, defaults()), "expected an option --key, got '5'");
		expectMessage(() -> BenchArgs.parse("bench test", new String[] { "--iterations", "0" }, defaults()).integer("iterations", 1),
			"--iterations must be at least 1, got 0");
		expectMessage(() -> BenchArgs.parse("bench test", new String[] { "--iterations", "five" }, defaults()).integer("iterations", 1),
			"--iterations must be a whole number, got 'five'");
	}

	private static void expectMessage(Runnable r, String part) {
		try {
			r.run();
			fail("expected an IllegalArgumentException containing: " + part);
		}
		catch (IllegalArgumentException e) {
			assertTrue("message '" + e.getMessage() + "' lacks '" + part + "'", e.getMessage().contains(part));
		}
	}
}
