package sc.fiji.meanteacher;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.ImagePlus;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * The {@code "key='value',key=value,…"} parameter string of a headless {@code --run}, parsed and
 * converted here rather than by SciJava's expression parser, which answered a misspelled key, a
 * word where a number belongs or an unquoted path with a stack trace, and could not take a path
 * holding an apostrophe.
 * <p>
 * Pairs are separated by commas. A value is {@code 'quoted'} (inside, {@code ''} or {@code \'}
 * stands for an apostrophe; other backslashes are kept, for Windows paths), {@code "quoted"}
 * ({@code \"} for a double quote), {@code [bracketed]} as ImageJ macros write it, or bare text up to
 * the next comma. Every problem is an {@link IllegalArgumentException} that names the key or
 * the position.
 * <p>
 * Only the keys given here reach the command, and SciJava marks just those as resolved: an input
 * left out keeps its field's initial value and stays unresolved, which is how
 * {@code PresetPreprocessor} tells what a caller gave from what a preset may fill.
 */
final class HeadlessArguments {

	private HeadlessArguments() {}

	/** The pairs of {@code text} in order, values unquoted. */
	static Map<String, String> parse(String text) {
		Map<String, String> pairs = new LinkedHashMap<>();
		int i = skipSpaces(text, 0);
		while (i < text.length()) {
			int eq = text.indexOf('=', i);
			int comma = text.indexOf(',', i);
			if (eq < 0 || comma >= 0 && comma < eq)
				throw new IllegalArgumentException("expected key=value at position " + (i + 1) + " of the parameters, got '"
					+ text.substring(i, comma < 0 ? text.length() : comma).trim() + "'");
			String key = text.substring(i, eq).trim();
			if (!key.matches("[A-Za-z_][A-Za-z0-9_]*"))
				throw new IllegalArgumentException("'" + key + "' (before the = at position " + (eq + 1) + ") is not a parameter name");
			int start = skipSpaces(text, eq + 1);
			StringBuilder value = new StringBuilder();
			int end = readValue(text, start, key, value);
			if (pairs.put(key, value.toString()) != null) throw new IllegalArgumentException(key + " is given twice");
			i = skipSpaces(text, end);
			if (i < text.length()) {
				if (text.charAt(i) != ',')
					throw new IllegalArgumentException(key + ": unexpected text after the value at position " + (i + 1)
						+ " (quote values that hold commas or quotes)");
				i = skipSpaces(text, i + 1);
			}
		}
		return pairs;
	}

	/** Reads the value starting at {@code start} into {@code value}; returns the index after it. */
	private static int readValue(String text, int start, String key, StringBuilder value) {
		if (start >= text.length()) return start;
		char open = text.charAt(start);
		if (open == '\'' || open == '"') {
			for (int i = start + 1; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == open) {
					value.append(open);
					i++;
				}
				else if (c == open && open == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
					value.append('\'');
					i++;
				}
				else if (c == open) return i + 1;
				else value.append(c);
			}
			throw new IllegalArgumentException(key + ": the value's opening " + open + " at position " + (start + 1) + " is never closed");
		}
		if (open == '[') {
			int close = text.indexOf(']', start + 1);
			if (close < 0) throw new IllegalArgumentException(key + ": the value's [ at position " + (start + 1) + " is never closed");
			value.append(text, start + 1, close);
			return close + 1;
		}
		int comma = text.indexOf(',', start);
		int end = comma < 0 ? text.length() : comma;
		String bare = text.substring(start, end).trim();
		if (bare.indexOf('\'') >= 0 || bare.indexOf('"') >= 0)
			throw new IllegalArgumentException(key + ": the value " + bare + " holds a quote; quote the whole value, e.g. "
				+ key + "='it''s here'");
		value.append(bare);
		return end;
	}

	private static int skipSpaces(String text, int i) {
		while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
		return i;
	}

	/**
	 * The user-settable inputs of a command: neither services nor the context, nor the
	 * {@link ItemVisibility#MESSAGE} texts that head a dialog's groups (the macro recorder leaves
	 * those out as well).
	 */
	static List<ModuleItem<?>> parameters(ModuleInfo info) {
		List<ModuleItem<?>> items = new ArrayList<>();
		for (ModuleItem<?> item : info.inputs())
			if (!Service.class.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(item.getType())
				&& item.getVisibility() != ItemVisibility.MESSAGE) items.add(item);
		return items;
	}

	/**
	 * The command inputs for {@code pairs}, each converted to its parameter's type.
	 *
	 * @throws IllegalArgumentException naming an unknown key (and the closest known one) or a value that does not convert
	 */
	static Map<String, Object> inputs(ModuleInfo info, Map<String, String> pairs) {
		Map<String, ModuleItem<?>> byName = new LinkedHashMap<>();
		for (ModuleItem<?> item : parameters(info)) byName.put(item.getName(), item);
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (Map.Entry<String, String> pair : pairs.entrySet()) {
			ModuleItem<?> item = byName.get(pair.getKey());
			if (item == null) throw new IllegalArgumentException(unknownKey(info, pair.getKey(), byName.keySet()));
			inputs.put(pair.getKey(), convert(pair.getKey(), pair.getValue(), item.getType()));
		}
		return inputs;
	}

	private static String unknownKey(ModuleInfo info, String key, Iterable<String> known) {
		String closest = null;
		int best = Integer.MAX_VALUE;
		for (String k : known) {
			int d = editDistance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
			if (d < best) {
				best = d;
				closest = k;
			}
		}
		return info.getTitle() + " has no parameter '" + key + "'" + (closest != null && best <= 2 ? "; did you mean '" + closest + "'?" : "")
			+ " Its parameters: " + String.join(", ", known);
	}

	private static int editDistance(String a, String b) {
		int[] row = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) row[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			int diagonal = row[0];
			row[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int above = row[j];
				row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
				diagonal = above;
			}
		}
		return row[b.length()];
	}

	static Object convert(String key, String value, Class<?> type) {
		String v = value.trim();
		if (type == int.class || type == Integer.class) return (int) whole(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
		if (type == long.class || type == Long.class) return whole(key, v, Long.MIN_VALUE, Long.MAX_VALUE);
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			double d;
			try {
				d = Double.parseDouble(v);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
			}
			if (!Double.isFinite(d)) throw new IllegalArgumentException(key + ": '" + value + "' is not a finite number");
			return type == float.class || type == Float.class ? (Object) (float) d : (Object) d;
		}
		if (type == boolean.class || type == Boolean.class) {
			if (v.equalsIgnoreCase("true")) return true;
			if (v.equalsIgnoreCase("false")) return false;
			throw new IllegalArgumentException(key + ": '" + value + "' is neither true nor false");
		}
		if (type == File.class) return new File(value);
		if (type == ImagePlus.class) return image(key, value);
		return value;
	}

	private static long whole(String key, String v, long min, long max) {
		if (!v.matches("[+-]?\\d+")) throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number");
		try {
			long n = Long.parseLong(v);
			if (n >= min && n <= max) return n;
		}
		catch (NumberFormatException e) {
			// too large for a long: reported below
		}
		throw new IllegalArgumentException(key + ": " + v + " is out of range (" + min + " to " + max + ")");
	}

	/** An image parameter given as a path: the TIFF it names, or why it cannot be read. */
	private static ImagePlus image(String key, String path) {
		if (path.isBlank()) return null;
		try {
			return VolumeIO.openTiff(Path.of(path));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(key + ": " + e.getMessage()
				+ (new File(path).isDirectory() ? "; to segment every image in a folder, give it as folder=" : ""), e);
		}
	}
}
