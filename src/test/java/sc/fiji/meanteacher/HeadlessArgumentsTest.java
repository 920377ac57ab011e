package sc.fiji.meanteacher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The headless parameter string: every way of quoting a value, and a sentence naming each mistake. */
public class HeadlessArgumentsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void valuesMayBeQuotedBracketedOrBare() {
		Map<String, String> p = HeadlessArguments.parse(
			" images='/data/it''s here', labels = '/data/Bob\\'s', output=[/data/with, comma], note=\"say \\\"hi\\\"\", "
				+ "iterations=500,win='C:\\data\\img',empty='' ");
		assertEquals("/data/it's here", p.get("images"));
		assertEquals("/data/Bob's", p.get("labels"));
		assertEquals("/data/with, comma", p.get("output"));
		assertEquals("say \"hi\"", p.get("note"));
		assertEquals("500", p.get("iterations"));
		assertEquals("C:\\data\\img", p.get("win"));
		assertEquals("", p.get("empty"));
		assertEquals(Map.of("images", "/data/img"), HeadlessArguments.parse("images=/data/img"));
		assertEquals(Map.of(), HeadlessArguments.parse(""));
	}

	@Test
	public void malformedStringsNameThePlace() {
		assertMessage("images: the value's opening ' at position 8 is never closed", () -> HeadlessArguments.parse("images='/data"));
		assertMessage("expected key=value at position 1 of the parameters, got 'iterations'",
			() -> HeadlessArguments.parse("iterations,seed=1"));
		assertMessage("seed is given twice", () -> HeadlessArguments.parse("seed=1,seed=2"));
		assertMessage("images: the value /data/it's holds a quote", () -> HeadlessArguments.parse("images=/data/it's"));
		assertMessage("images: unexpected text after the value at position 16", () -> HeadlessArguments.parse("images='/data' x,seed=1"));
	}

	@Test
	public void valuesAreConvertedOrTheKeyIsNamed() {
		assertEquals(500, HeadlessArguments.convert("iterations", " 500 ", int.class));
		assertEquals(-3L, HeadlessArguments.convert("seed", "-3", long.class));
		assertEquals(0.5, HeadlessArguments.convert("scale", "0.5", double.class));
		assertEquals(true, HeadlessArguments.convert("tta", "TRUE", boolean.class));
		assertMessage("iterations: 'abc' is not a whole number", () -> HeadlessArguments.convert("iterations", "abc", int.class));
		assertMessage("iterations: 3000000000 is out of range (-2147483648 to 2147483647)",
			() -> HeadlessArguments.convert("iterations", "3000000000", int.class));
		assertMessage("seed: 99999999999999999999 is out of range", () -> HeadlessArguments.convert("seed", "99999999999999999999", long.class));
		assertMessage("lr: 'NaN' is not a finite number", () -> HeadlessArguments.convert("lr", "NaN", double.class));
		assertMessage("tta: 'yes please' is neither true nor false", () -> HeadlessArguments.convert("tta", "yes please", boolean.class));
	}

	/** Through the command line: a misspelled key or a bad value is one sentence and exit status 2, not a stack trace. */
	@Test
	public void commandLineNamesTheBadKeyOrValue() throws Exception {
		String images = tmp.getRoot().toString();
		assertFails("Train Mean Teacher has no parameter 'imagez'; did you mean 'images'?", "Train Mean Teacher",
			"imagez='" + images + "',output='" + images + "/m'");
		assertFails("Train Mean Teacher: iterations: 'abc' is not a whole number", "Train Mean Teacher",
			"images='" + images + "',output='" + images + "/m',iterations=abc");
		assertFails("Segment with Mean Teacher: input: " + images + ": is a folder, not a TIFF file; to segment every image in a folder, "
			+ "give it as folder=", "Segment with Mean Teacher", "model='" + images + "/m.zip',input='" + images + "'");
		assertFails("input: " + images + "/none.tif: no such file", "Segment with Mean Teacher", "model='x.zip',input='" + images + "/none.tif'");
		Path notTiff = Files.writeString(tmp.getRoot().toPath().resolve("notes.tif"), "text");
		assertFails("input: " + notTiff + ": ", "Segment with Mean Teacher", "model='x.zip',input='" + notTiff + "'");
		Path empty = Files.write(tmp.getRoot().toPath().resolve("empty.tif"), new byte[0]);
		assertFails("input: " + empty + ": is empty (0 bytes), not a TIFF file", "Segment with Mean Teacher",
			"model='x.zip',input='" + empty + "'");
	}

	/** The texts that head the dialogs' groups are no keys: not settable, not listed among the parameters. */
	@Test
	public void dialogHeadersAreNotParameters() {
		String text = failure("Train Mean Teacher", "dataheader='x',output='" + tmp.getRoot() + "'");
		assertTrue(text, text.contains("Train Mean Teacher has no parameter 'dataheader'"));
		String listed = text.substring(text.indexOf("Its parameters: "));
		assertTrue(listed, listed.contains("source, ") && listed.contains("preset, ") && listed.contains("iterations, "));
		assertTrue(listed, !listed.contains("header") && !listed.contains("openimages"));
	}

	/**
	 * device (Train, Segment) and shard (Segment) are keys like any other: misspelled, they are named
	 * with the closest key; given, they reach the command, which refuses a bad value with exit status 1.
	 */
	@Test
	public void deviceAndShardAreHeadlessKeys() throws Exception {
		String dir = tmp.getRoot().toString();
		assertFails("Train Mean Teacher has no parameter 'devise'; did you mean 'device'?", "Train Mean Teacher",
			"images='" + dir + "',output='" + dir + "/m',devise=cpu");
		String segment = failure("Segment with Mean Teacher", "model='" + dir + "/m.zip',folder='" + dir + "',shards='0/2'");
		assertTrue(segment, segment.contains("has no parameter 'shards'; did you mean 'shard'?"));
		String listed = segment.substring(segment.indexOf("Its parameters: "));
		assertTrue(listed, listed.contains("caselist, shard, output") && listed.contains(", device"));

		Path model = sc.fiji.meanteacher.command.CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path images = Files.createDirectories(tmp.getRoot().toPath().resolve("images"));
		String refused = refusal("Segment with Mean Teacher", "model='" + model + "',folder='" + images + "',output='" + dir
			+ "/labels',shard='3/2',device=cpu");
		assertTrue(refused, refused.contains("Segment: shard: 3/2 does not exist: i counts from 0 and must be below n (0/2 ... 1/2)"));
		refused = refusal("Train Mean Teacher", "images='" + images + "',output='" + dir + "/m',device='cuda:0'");
		assertTrue(refused, refused.contains("Train: device: 'cuda:0' is not auto, cpu or gpuN (gpu0, gpu1, ...)"));
	}

	/** What Main writes to stderr for a command that refuses its input: exit status 2, no stack trace. */
	private static String refusal(String title, String parameters) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), "--headless",
			"--run", title, parameters);
		String text = err.toString(StandardCharsets.UTF_8);
		assertEquals(text, Main.USAGE, status);
		assertTrue("no stack trace: " + text, !text.contains("\tat "));
		return text;
	}

	private static void assertFails(String expected, String title, String parameters) {
		String text = failure(title, parameters);
		assertTrue(text, text.contains(expected));
	}

	/** What Main writes to stderr for {@code parameters}, which it must refuse as bad usage without a stack trace. */
	private static String failure(String title, String parameters) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), "--headless",
			"--run", title, parameters);
		String text = err.toString(StandardCharsets.UTF_8);
		assertEquals(text, Main.USAGE, status);
		assertTrue("no stack trace: " + text, !text.contains("\tat "));
		return text;
	}

	/** A path with an apostrophe, quoted the SQL way, reaches the command intact. */
	@Test
	public void pathWithAnApostropheWorks() throws Exception {
		Path demo = tmp.getRoot().toPath().resolve("Bob's data");
		assertEquals(Main.OK, Main.run("--headless", "--run", "Mean Teacher Demo Data",
			"output='" + demo.toString().replace("'", "''") + "',cases=1,labeled=1,size='16,16,8'"));
		assertTrue(Files.exists(demo.resolve("images").resolve("synthetic-000.tif")));
	}

	private static void assertMessage(String expected, org.junit.function.ThrowingRunnable r) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r);
		assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
	}
}
