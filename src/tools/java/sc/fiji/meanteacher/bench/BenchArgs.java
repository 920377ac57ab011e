package sc.fiji.meanteacher.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.meanteacher.volume.Sizes;

/**
 * {@code --key value} command-line options of a benchmark, each with a default. The defaults name
 * every option the benchmark knows, so a typo fails instead of being silently ignored.
 */
final class BenchArgs {

	private final String command;
	private final Map<String, String> values;

	private BenchArgs(String command, Map<String, String> values) {
		this.command = command;
		this.values = values;
	}

	/**
	 * @param command the benchmark's name, for messages
	 * @param defaults every known option (without "--") and its default, in the order to print them
	 * @throws IllegalArgumentException for an unknown option, a missing value or a stray argument
	 */
	static BenchArgs parse(String command, String[] args, Map<String, String> defaults) {
		Map<String, String> values = new LinkedHashMap<>(defaults);
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--"))
				throw new IllegalArgumentException(command + ": expected an option --key, got '" + arg + "'");
			String key = arg.substring(2);
			if (!defaults.containsKey(key))
				throw new IllegalArgumentException(command + ": unknown option " + arg + " (known: " + String.join(", ",
					defaults.keySet().stream().map(k -> "--" + k).toList()) + ")");
			if (i + 1 >= args.length)
				throw new IllegalArgumentException(command + ": option " + arg + " needs a value");
			values.put(key, args[++i]);
		}
		return new BenchArgs(command, values);
	}

	/** True when the arguments ask for help instead of a run. */
	static boolean wantsHelp(String[] args) {
		for (String a : args)
			if (a.equals("--help") || a.equals("-h")) return true;
		return false;
	}

	/** One line per option with its default, for usage messages. */
	static String describe(Map<String, String> defaults) {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> e : defaults.entrySet())
			sb.append(String.format(Locale.ROOT, "  --%-18s default: %s%n", e.getKey(), e.getValue().isEmpty() ? "(none)" : e.getValue()));
		return sb.toString();
	}

	String string(String key) {
		String v = values.get(key);
		if (v == null) throw new IllegalStateException(command + ": option --" + key + " is not declared");
		return v.trim();
	}

	boolean isSet(String key) {
		return !string(key).isEmpty();
	}

	int integer(String key, int min) {
		long n = wholeNumber(key);
		if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(command + ": --" + key + " is too large: " + n);
		if (n < min) throw new IllegalArgumentException(command + ": --" + key + " must be at least " + min + ", got " + n);
		return (int) n;
	}

	long wholeNumber(String key) {
		String v = string(key);
		try {
			return Long.parseLong(v);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(command + ": --" + key + " must be a whole number, got '" + v + "'");
		}
	}

	double decimal(String key) {
		String v = string(key);
		try {
			return Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(command + ": --" + key + " must be a number, got '" + v + "'");
		}
	}

	boolean flag(String key) {
		String v = string(key).toLowerCase(Locale.ROOT);
		if (v.equals("true") || v.equals("yes")) return true;
		if (v.equals("false") || v.equals("no")) return false;
		throw new IllegalArgumentException(command + ": --" + key + " must be true or false, got '" + v + "'");
	}

	/** A comma-separated list, blanks dropped; fails when empty. */
	List<String> list(String key) {
		List<String> items = new ArrayList<>();
		for (String s : string(key).split(","))
			if (!s.isBlank()) items.add(s.trim());
		if (items.isEmpty()) throw new IllegalArgumentException(command + ": --" + key + " needs at least one value");
		return items;
	}

	/** A size such as {@code 64x64x48} (x, y, z). */
	int[] size(String key) {
		return Sizes.parse(command + ": --" + key, string(key));
	}

	/** Every option and its value, as one line. */
	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		for (Map.Entry<String, String> e : values.entrySet())
			sb.append(sb.length() == 0 ? "" : " ").append("--").append(e.getKey()).append(' ')
				.append(e.getValue().isEmpty() ? "''" : e.getValue());
		return sb.toString();
	}
}
