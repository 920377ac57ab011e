package sc.fiji.meanteacher.site;

import java.nio.file.Path;

/**
 * One jar of a Maven repository-layout folder ({@code group/path/artifactId/version/file}), as
 * {@code dependency:copy-dependencies -Dmdep.useRepositoryLayout=true} writes it. The layout is
 * what makes the coordinates unambiguous: a bare file name such as {@code api-0.36.0.jar} does
 * not say that it is DJL's.
 *
 * @param classifier empty when the jar has none
 */
public record MavenArtifact(String groupId, String artifactId, String version, String classifier, Path file) {

	/** {@code groupId:artifactId}, the form the provided-by-Fiji list uses. */
	public String key() {
		return groupId + ":" + artifactId;
	}

	/** The jar's own file name, which is also its name on the update site. */
	public String fileName() {
		return file.getFileName().toString();
	}

	/**
	 * Reads the coordinates of {@code jar} from its place under {@code root}.
	 *
	 * @throws IllegalArgumentException naming the jar when its path does not follow the repository layout
	 */
	public static MavenArtifact fromRepositoryPath(Path root, Path jar) {
		Path relative = root.relativize(jar);
		int n = relative.getNameCount();
		String name = jar.getFileName().toString();
		if (n < 4 || !name.endsWith(".jar"))
			throw notInLayout(jar, "expected <group path>/<artifactId>/<version>/<artifactId>-<version>[-<classifier>].jar under " + root);
		String artifactId = relative.getName(n - 3).toString();
		String version = relative.getName(n - 2).toString();
		String prefix = artifactId + "-" + version;
		String rest = name.substring(0, name.length() - ".jar".length());
		if (!rest.startsWith(prefix)) throw notInLayout(jar, "the file name does not start with '" + prefix + "'");
		String classifier = rest.substring(prefix.length());
		if (!classifier.isEmpty() && !classifier.startsWith("-"))
			throw notInLayout(jar, "unexpected text '" + classifier + "' after '" + prefix + "'");
		String groupId = relative.subpath(0, n - 3).toString().replace(relative.getFileSystem().getSeparator(), ".");
		return new MavenArtifact(groupId, artifactId, version, classifier.isEmpty() ? "" : classifier.substring(1), jar);
	}

	private static IllegalArgumentException notInLayout(Path jar, String problem) {
		return new IllegalArgumentException(jar + ": not a Maven repository-layout jar (" + problem + ")");
	}
}
