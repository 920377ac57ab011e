package sc.fiji.meanteacher.site;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a staging run did: the files now in the update-site tree (relative paths, sorted), the
 * dependencies left to Fiji, and list entries that matched no dependency (a stale list).
 */
public record StagedTree(Path root, List<StagedFile> files, List<MavenArtifact> leftToFiji, Set<String> unusedEntries) {

	/** One staged file, its path relative to the tree's root and its size. */
	public record StagedFile(Path path, long bytes) {}

	public long totalBytes() {
		return files.stream().mapToLong(StagedFile::bytes).sum();
	}

	/** A listing for the console. */
	public String describe() {
		StringBuilder s = new StringBuilder("Staged update site in " + root + ":\n");
		for (StagedFile f : files) s.append(String.format(Locale.ROOT, "  %-60s %9s%n", f.path(), megabytes(f.bytes())));
		s.append(String.format(Locale.ROOT, "  %d files, %s in all%n", files.size(), megabytes(totalBytes())));
		if (!leftToFiji.isEmpty()) {
			s.append("Left to Fiji (provided-by-fiji list):");
			for (MavenArtifact a : leftToFiji) s.append(' ').append(a.artifactId());
			s.append('\n');
		}
		if (!unusedEntries.isEmpty()) s.append("List entries that are no dependency: ").append(unusedEntries).append('\n');
		return s.toString();
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
	}
}
