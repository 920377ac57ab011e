package sc.fiji.meanteacher.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The artifacts Fiji already ships, by {@code groupId:artifactId} (versions are Fiji's business):
 * an update site that carried its own copy would shadow Fiji's and could break other plugins.
 * Read from a text file with one entry per line; {@code #} starts a comment.
 */
public final class ProvidedArtifacts {

	private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+");

	private final Set<String> keys;

	public ProvidedArtifacts(Set<String> keys) {
		this.keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
	}

	/**
	 * Parses the list file.
	 *
	 * @throws IllegalArgumentException naming the file and line of an entry that is not {@code groupId:artifactId}
	 */
	public static ProvidedArtifacts read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("provided-artifacts list " + file + " does not exist");
		List<String> lines = Files.readAllLines(file);
		Set<String> keys = new LinkedHashSet<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			int hash = line.indexOf('#');
			String entry = (hash < 0 ? line : line.substring(0, hash)).trim();
			if (entry.isEmpty()) continue;
			if (!ENTRY.matcher(entry).matches())
				throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + entry + "' is not groupId:artifactId");
			keys.add(entry);
		}
		return new ProvidedArtifacts(keys);
	}

	public boolean contains(MavenArtifact artifact) {
		return keys.contains(artifact.key());
	}

	/** The entries, in file order. */
	public Set<String> keys() {
		return keys;
	}
}
