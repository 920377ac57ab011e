package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.yaml.snakeyaml.Yaml;

public class YamlWriterTest {

	/** Strings that a naive writer would turn into booleans, numbers, nulls, comments, mappings or broken lines. */
	@Test
	public void everyStringReadsBackAsTheSameString() {
		List<String> tricky = List.of("yes", "No", "on", "null", "~", "true", "1.0", "0.5.7", "1e3", "0x1f", "12:30", "- item",
			"key: value", "a # comment", "#hash", "'single'", "\"double\"", "back\\slash", "two\nlines", "tab\there", " padded ",
			"", "@at", "`tick`", "%percent", "&anchor", "*alias", "!tag", "[flow]", "{map}", "a, b", "naïve – ünïcödé", "λ",
			"README.md", "block_one.conv.0.weight", "CC-BY-4.0", "10.1007/978-3-030-32245-8_67", "<<", "=", "?", "|", ">");
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < tricky.size(); i++) m.put("k" + i, tricky.get(i));
		m.put("list", tricky);
		m.put("yes", "a key that is a boolean word");
		Map<String, Object> back = new Yaml().load(YamlWriter.write(m));
		for (int i = 0; i < tricky.size(); i++) assertEquals(tricky.get(i), back.get("k" + i));
		assertEquals(tricky, back.get("list"));
		assertEquals("a key that is a boolean word", back.get("yes"));
	}

	@Test
	public void numbersNestingAndEmptyContainersReadBack() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("int", 16);
		m.put("long", 1L << 40);
		m.put("small", 1e-6);
		m.put("large", 1e17);
		m.put("negative", -2.5);
		m.put("flag", false);
		m.put("nothing", null);
		m.put("empty list", List.of());
		m.put("empty map", Map.of());
		m.put("maps", List.of(Map.of("id", "ensure_dtype", "kwargs", Map.of("dtype", "float32")),
			new LinkedHashMap<>(Map.of("id", "clip", "kwargs", Map.of("min", 0.0, "max", 1.0)))));
		m.put("nested", Map.of("inner", Map.of("deeper", List.of(1, 2, 3))));
		String text = YamlWriter.write(m);
		Map<String, Object> back = new Yaml().load(text);
		assertEquals(16, back.get("int"));
		assertEquals(1L << 40, back.get("long"));
		assertEquals(1e-6, (Double) back.get("small"), 0);
		assertEquals(1e17, (Double) back.get("large"), 0);
		assertEquals(-2.5, (Double) back.get("negative"), 0);
		assertEquals(false, back.get("flag"));
		assertTrue(back.containsKey("nothing") && back.get("nothing") == null);
		assertEquals(List.of(), back.get("empty list"));
		assertEquals(Map.of(), back.get("empty map"));
		assertEquals(m.get("maps"), back.get("maps"));
		assertEquals(m.get("nested"), back.get("nested"));
		// YAML 1.1 reads a float only with a decimal point and a signed exponent
		assertEquals("1.0e-6", YamlWriter.real(1e-6));
		assertEquals("1.0e+17", YamlWriter.real(1e17));
		assertEquals("0.625", YamlWriter.real(0.625));
	}

	@Test
	public void nonFiniteNumbersAreRefused() {
		for (double bad : new double[] { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
			try {
				YamlWriter.write(Map.of("x", bad));
				fail(bad + " written");
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("non-finite"));
			}
	}
}
