package sc.fiji.meanteacher.exchange;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes maps, lists and scalars as block-style YAML that YAML 1.1 and 1.2 parsers read alike
 * (PyYAML, ruyaml, SnakeYAML): a string is written plain only when it cannot be mistaken for
 * anything else (no leading digit, no YAML punctuation, not a boolean or null word), otherwise
 * double-quoted with escapes; floats always carry a decimal point and a signed exponent when they
 * have one; NaN and infinities are refused. Lists of scalars are written in flow style
 * ({@code [a, b]}), everything else in block style.
 */
final class YamlWriter {

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
	/** Words YAML 1.1 reads as booleans or null. */
	private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan",
		"inf");

	private YamlWriter() {}

	static String write(Map<String, ?> root) {
		StringBuilder b = new StringBuilder();
		map(b, root, 0, null);
		return b.toString();
	}

	/** Entries of {@code m} at {@code indent}; the first after {@code firstPrefix} (a list's "- ") when given. */
	private static void map(StringBuilder b, Map<?, ?> m, int indent, String firstPrefix) {
		boolean first = true;
		for (Map.Entry<?, ?> e : m.entrySet()) {
			if (first && firstPrefix != null) b.append(" ".repeat(indent - firstPrefix.length())).append(firstPrefix);
			else b.append(" ".repeat(indent));
			first = false;
			b.append(scalar(String.valueOf(e.getKey()))).append(':');
			value(b, e.getValue(), indent);
		}
	}

	/** A value after "key:" at {@code indent}. */
	private static void value(StringBuilder b, Object v, int indent) {
		if (v instanceof Map<?, ?> m) {
			if (m.isEmpty()) b.append(" {}\n");
			else {
				b.append('\n');
				map(b, m, indent + 2, null);
			}
		}
		else if (v instanceof List<?> l) {
			if (l.isEmpty() || l.stream().noneMatch(x -> x instanceof Map || x instanceof List)) b.append(' ').append(flow(l)).append('\n');
			else {
				b.append('\n');
				list(b, l, indent + 2);
			}
		}
		else b.append(' ').append(scalar(v)).append('\n');
	}

	private static void list(StringBuilder b, List<?> l, int indent) {
		for (Object item : l) {
			if (item instanceof Map<?, ?> m && !m.isEmpty()) map(b, m, indent + 2, "- ");
			else if (item instanceof List<?> inner && !inner.isEmpty() && inner.stream().anyMatch(x -> x instanceof Map || x instanceof List))
				throw new IllegalArgumentException("nested block lists are not written");
			else b.append(" ".repeat(indent)).append("- ").append(item instanceof List<?> inner ? flow(inner) : item instanceof Map
				? "{}" : scalar(item)).append('\n');
		}
	}

	private static String flow(List<?> l) {
		StringBuilder b = new StringBuilder("[");
		for (int i = 0; i < l.size(); i++) b.append(i == 0 ? "" : ", ").append(scalar(l.get(i)));
		return b.append(']').toString();
	}

	static String scalar(Object v) {
		if (v == null) return "null";
		if (v instanceof Boolean bool) return bool.toString();
		if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return v.toString();
		if (v instanceof Number n) return real(n.doubleValue());
		String s = v.toString();
		if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) return s;
		return quoted(s);
	}

	/** A float that every YAML parser reads as one: decimal point always, exponent signed. */
	static String real(double d) {
		if (!Double.isFinite(d)) throw new IllegalArgumentException("refusing to write a non-finite number (" + d + ") to YAML");
		String s = Double.toString(d); // Locale-independent; "1.0E-6" or "0.25"
		int e = s.indexOf('E');
		if (e < 0) return s;
		String exponent = s.substring(e + 1);
		return s.substring(0, e) + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
	}

	private static String quoted(String s) {
		StringBuilder b = new StringBuilder("\"");
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> b.append("\\\"");
				case '\\' -> b.append("\\\\");
				case '\n' -> b.append("\\n");
				case '\t' -> b.append("\\t");
				case '\r' -> b.append("\\r");
				default -> {
					if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0xfeff)
						b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					else b.append(c);
				}
			}
		}
		return b.append('"').toString();
	}
}
