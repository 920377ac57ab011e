package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A text file naming cases, one a line, as the commands' {@code labeledlist},
 * {@code unlabeledlist} and {@code caselist} take it: the same format as an LA {@code cases.list}.
 */
public final class CaseList {

	private CaseList() {}

	/**
	 * The names in {@code file}, in order; blank lines and lines starting with '#' are skipped.
	 *
	 * @param known which names exist
	 * @param where what {@code known} describes, for the error message (e.g. the folder)
	 * @throws IllegalArgumentException naming the file when it cannot be read, names no case, names
	 *           one twice, or names one that is not {@code known} (that name and its line too)
	 */
	public static List<String> read(Path file, Predicate<String> known, String where) {
		Path absolute = file.toAbsolutePath();
		List<String> lines;
		try {
			lines = Files.readAllLines(absolute);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(absolute + ": cannot read the case list (" + e + ")", e);
		}
		List<String> names = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < lines.size(); i++) {
			String name = lines.get(i).trim();
			if (name.isEmpty() || name.startsWith("#")) continue;
			if (!seen.add(name)) throw new IllegalArgumentException(absolute + ": line " + (i + 1) + " names case '" + name
				+ "' a second time");
			if (!known.test(name))
				throw new IllegalArgumentException(absolute + ": line " + (i + 1) + ": unknown case '" + name + "', not in " + where);
			names.add(name);
		}
		if (names.isEmpty()) throw new IllegalArgumentException(absolute + ": names no cases");
		return names;
	}
}
