package sc.fiji.meanteacher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The import rule of each package of the plugin, as its {@code package-info.java} states it, and
 * the check of the sources against those rules.
 * <p>
 * <b>The rule format.</b> Beside its prose, every package-info's javadoc holds two lines, usually
 * in a {@code <pre>} block:
 *
 * <pre>
 * Plugin packages: data, net, volume
 * Libraries: ai.djl, com.google.gson, org.scijava.plugin
 * </pre>
 *
 * {@code Plugin packages} lists the packages of the plugin this one may use, named below
 * {@code sc.fiji.meanteacher} ({@code volume.nifti} for {@code sc.fiji.meanteacher.volume.nifti});
 * the package itself is always allowed and the entry package {@code sc.fiji.meanteacher} can be
 * named by no one, since nothing lies above it. {@code Libraries} lists prefixes of the other
 * imports, cut at a dot: {@code ij} allows {@code ij.io.Opener}, {@code ij.ImagePlus} allows that
 * class alone. The JDK's {@code java.*} is always allowed ({@code javax.*} is not: Swing is the
 * user interface's). {@code none} or nothing after the colon is the empty list.
 * <p>
 * Checked are the {@code import} lines of every source and its fully qualified references to the
 * plugin's classes in code (comments and string literals do not count); the rules between them
 * must form no cycle.
 */
final class PackageRules {

	static final String ROOT = "sc.fiji.meanteacher";
	static final String PLUGIN_PACKAGES_KEY = "Plugin packages:";
	static final String LIBRARIES_KEY = "Libraries:";

	private static final Pattern PACKAGE_LINE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
	private static final Pattern IMPORT_LINE = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;",
		Pattern.MULTILINE);
	private static final Pattern QUALIFIED_REFERENCE = Pattern.compile("(?<![\\w.])" + Pattern.quote(ROOT) + "(?:\\.\\w+)+");

	/**
	 * One package's rule.
	 *
	 * @param pkg the package's full name
	 * @param file the package-info that states it, as messages name it
	 * @param pluginPackages the plugin's packages it may use, named below {@link #ROOT}
	 * @param libraries the prefixes its other imports may start with
	 */
	record Rule(String pkg, String file, Set<String> pluginPackages, Set<String> libraries) {}

	/** A source file: its path as messages name it, and its text. */
	record Source(String file, String text) {}

	private PackageRules() {}

	/** Reads the rule of the package-info {@code text}; refuses one without exactly one line of each key. */
	static Rule parseRule(String file, String text) {
		String pkg = packageOf(file, text);
		List<String> pluginPackages = ruleLines(file, text, PLUGIN_PACKAGES_KEY);
		List<String> libraries = ruleLines(file, text, LIBRARIES_KEY);
		return new Rule(pkg, file, items(pluginPackages.get(0)), items(libraries.get(0)));
	}

	/**
	 * Every break of the rules by the sources, one message each, naming the file and line, the
	 * import or reference, and the package-info to update if it is meant to be; also a source whose
	 * package has no rule, and a rule naming a package that does not exist.
	 */
	static List<String> violations(List<Rule> rules, List<Source> sources) {
		Map<String, Rule> byPackage = byPackage(rules);
		List<String> found = new ArrayList<>();
		for (Rule rule : rules) {
			for (String named : rule.pluginPackages()) {
				if (!byPackage.containsKey(full(named)))
					found.add(rule.file() + " lists '" + named + "' under '" + PLUGIN_PACKAGES_KEY + "', which is no package of the plugin");
			}
		}
		for (Source source : sources) {
			String pkg = packageOf(source.file(), source.text());
			Rule rule = byPackage.get(pkg);
			if (rule == null) {
				found.add(source.file() + " is in package " + pkg + ", which has no package-info.java with '"
					+ PLUGIN_PACKAGES_KEY + "' and '" + LIBRARIES_KEY + "' lines: add one");
				continue;
			}
			String code = codeOnly(source.text());
			Set<String> reported = new LinkedHashSet<>();
			Matcher imports = IMPORT_LINE.matcher(code);
			while (imports.find()) {
				String problem = check(rule, imports.group(1), "imports");
				if (problem != null && reported.add(imports.group(1)))
					found.add(source.file() + ":" + lineOf(code, imports.start(1)) + " " + problem);
			}
			Matcher references = QUALIFIED_REFERENCE.matcher(code);
			while (references.find()) {
				String name = references.group();
				if (isInImportOrPackageLine(code, references.start())) continue;
				String problem = check(rule, name, "refers to");
				if (problem != null && reported.add(name))
					found.add(source.file() + ":" + lineOf(code, references.start()) + " " + problem);
			}
		}
		return found;
	}

	/**
	 * Every cycle among the rules, one message each ({@code a → b → a}) naming the package-infos
	 * that allow it; empty when the packages form layers.
	 */
	static List<String> cycles(List<Rule> rules) {
		Map<String, Rule> byPackage = byPackage(rules);
		Map<String, Integer> state = new TreeMap<>();
		List<String> found = new ArrayList<>();
		for (String pkg : byPackage.keySet())
			visit(pkg, byPackage, state, new ArrayList<>(), found);
		return found;
	}

	/** The rules of every package-info and every source file under the given source roots. */
	static List<Rule> readRules(Path repository, Path... sourceRoots) {
		List<Rule> rules = new ArrayList<>();
		for (Path file : javaFiles(sourceRoots)) {
			if (file.getFileName().toString().equals("package-info.java"))
				rules.add(parseRule(shown(repository, file), read(file)));
		}
		return rules;
	}

	/** Every Java source file under the given roots other than the package-infos. */
	static List<Source> readSources(Path repository, Path... sourceRoots) {
		List<Source> sources = new ArrayList<>();
		for (Path file : javaFiles(sourceRoots)) {
			if (!file.getFileName().toString().equals("package-info.java"))
				sources.add(new Source(shown(repository, file), read(file)));
		}
		return sources;
	}

	/**
	 * The text with comments and the insides of string, text-block and character literals
	 * replaced by spaces, line breaks kept (so line numbers still hold).
	 */
	static String codeOnly(String text) {
		StringBuilder code = new StringBuilder(text);
		int i = 0;
		while (i < text.length()) {
			int end;
			if (text.startsWith("//", i)) end = indexOrEnd(text, "\n", i);
			else if (text.startsWith("/*", i)) end = indexOrEnd(text, "*/", i + 2) + 2;
			else if (text.startsWith("\"\"\"", i)) end = literalEnd(text, "\"\"\"", i + 3);
			else if (text.charAt(i) == '"') end = literalEnd(text, "\"", i + 1);
			else if (text.charAt(i) == '\'') end = literalEnd(text, "'", i + 1);
			else {
				i++;
				continue;
			}
			end = Math.min(end, text.length());
			for (int k = i; k < end; k++) {
				if (text.charAt(k) != '\n') code.setCharAt(k, ' ');
			}
			i = end;
		}
		return code.toString();
	}

	/** Why {@code name} breaks {@code rule} (a sentence after the file name), or null when it keeps it. */
	private static String check(Rule rule, String name, String verb) {
		if (name.equals(ROOT) || name.startsWith(ROOT + ".")) {
			String target = packageOfName(name);
			if (target.equals(rule.pkg())) return null;
			if (target.equals(ROOT))
				return verb + " " + name + " of the entry package " + ROOT + ", which no package may use (it is the top layer)";
			String named = target.substring(ROOT.length() + 1);
			if (rule.pluginPackages().contains(named)) return null;
			return verb + " " + name + " of package " + named + ", which its rule does not allow: if it is meant to, add '"
				+ named + "' to the '" + PLUGIN_PACKAGES_KEY + "' line of " + rule.file() + " (and mind the layers: no cycles)";
		}
		if (name.startsWith("java.")) return null;
		for (String prefix : rule.libraries()) {
			if (name.equals(prefix) || name.startsWith(prefix + ".")) return null;
		}
		return verb + " " + name + ", which its rule does not allow: if it is meant to, add it or a prefix of it to the '"
			+ LIBRARIES_KEY + "' line of " + rule.file();
	}

	/** The package of a plugin name: its segments up to the first class name (upper case) or {@code *}. */
	private static String packageOfName(String name) {
		StringBuilder pkg = new StringBuilder();
		for (String segment : name.split("\\.")) {
			if (segment.equals("*") || Character.isUpperCase(segment.charAt(0))) break;
			if (pkg.length() > 0) pkg.append('.');
			pkg.append(segment);
		}
		return pkg.toString();
	}

	private static void visit(String pkg, Map<String, Rule> byPackage, Map<String, Integer> state, List<String> path,
		List<String> found)
	{
		Integer seen = state.get(pkg);
		if (seen != null && seen == 2) return;
		if (seen != null && seen == 1) {
			List<String> cycle = new ArrayList<>(path.subList(path.indexOf(pkg), path.size()));
			cycle.add(pkg);
			Set<String> files = new TreeSet<>();
			for (String member : cycle.subList(0, cycle.size() - 1))
				files.add(byPackage.get(member).file());
			found.add("the rules let packages use each other in a circle, " + String.join(" → ", relative(cycle))
				+ ": remove one of these allowances from " + String.join(", ", files));
			return;
		}
		Rule rule = byPackage.get(pkg);
		if (rule == null) return;
		state.put(pkg, 1);
		path.add(pkg);
		for (String named : new TreeSet<>(rule.pluginPackages()))
			visit(full(named), byPackage, state, path, found);
		path.remove(path.size() - 1);
		state.put(pkg, 2);
	}

	private static List<String> relative(List<String> packages) {
		return packages.stream().map(p -> p.equals(ROOT) ? ROOT : p.substring(ROOT.length() + 1)).toList();
	}

	private static List<String> ruleLines(String file, String text, String key) {
		List<String> values = new ArrayList<>();
		for (String line : text.split("\n")) {
			String content = line.strip();
			if (content.startsWith("*")) content = content.substring(1).strip();
			if (content.startsWith(key)) values.add(content.substring(key.length()));
		}
		if (values.size() != 1)
			throw new IllegalArgumentException(file + " needs exactly one line '" + key + " …' in its javadoc (it has "
				+ values.size() + "); the format is described in " + PackageRules.class.getSimpleName() + ".java");
		return values;
	}

	private static Set<String> items(String list) {
		Set<String> items = new TreeSet<>(Arrays.asList(list.strip().split("[,\\s]+")));
		items.remove("");
		items.remove("none");
		return items;
	}

	private static Map<String, Rule> byPackage(List<Rule> rules) {
		Map<String, Rule> byPackage = new TreeMap<>();
		for (Rule rule : rules) {
			Rule earlier = byPackage.put(rule.pkg(), rule);
			if (earlier != null)
				throw new IllegalArgumentException(rule.file() + " and " + earlier.file() + " both state the rule of " + rule.pkg());
		}
		return byPackage;
	}

	private static String full(String relativeName) {
		return ROOT + "." + relativeName;
	}

	private static String packageOf(String file, String text) {
		Matcher m = PACKAGE_LINE.matcher(codeOnly(text));
		if (!m.find()) throw new IllegalArgumentException(file + " has no package line");
		return m.group(1);
	}

	private static boolean isInImportOrPackageLine(String code, int index) {
		int lineStart = code.lastIndexOf('\n', index - 1) + 1;
		String before = code.substring(lineStart, index).strip();
		return before.startsWith("import") || before.startsWith("package");
	}

	private static int lineOf(String text, int index) {
		int line = 1;
		for (int i = 0; i < index; i++) {
			if (text.charAt(i) == '\n') line++;
		}
		return line;
	}

	private static int indexOrEnd(String text, String what, int from) {
		int at = text.indexOf(what, from);
		return at < 0 ? text.length() : at;
	}

	/** The index just past the closing {@code quote} of a literal whose content starts at {@code from}. */
	private static int literalEnd(String text, String quote, int from) {
		int i = from;
		while (i < text.length()) {
			if (text.charAt(i) == '\\') i += 2;
			else if (text.startsWith(quote, i)) return i + quote.length();
			else if (quote.length() == 1 && text.charAt(i) == '\n') return i;
			else i++;
		}
		return text.length();
	}

	private static List<Path> javaFiles(Path... roots) {
		List<Path> files = new ArrayList<>();
		for (Path root : roots) {
			if (!Files.isDirectory(root)) continue;
			try (Stream<Path> walk = Files.walk(root)) {
				walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return files;
	}

	private static String shown(Path repository, Path file) {
		return repository.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
