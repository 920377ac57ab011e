package sc.fiji.meanteacher.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lays out a Fiji update site: the plugin jar and every runtime dependency that Fiji does not
 * already ship go to {@code jars/} (native jars to {@code jars/<platform>/}), the rest is left
 * out. Run by {@code update-site/stage.sh} after Maven has copied the runtime dependencies in
 * repository layout, with the CPU libtorch of every platform the site serves
 * ({@link #nativeClassifiers}); SciJava commands need no {@code plugins/} folder.
 * <p>
 * The separate site "Mean Teacher CUDA" ({@link #stageCudaNatives}) carries only DJL's CUDA
 * natives it is given, one jar per platform in {@code jars/<platform>/} (stage.sh gives Linux's
 * only: that pairing has no Windows JNI), so that CPU users never download them (about 2.4 GB
 * each); DJL, its JNI and the plugin come from the main site.
 */
public final class UpdateSiteStager {

	static final String JARS = "jars";
	/** DJL's CUDA native jars: {@code pytorch-native-cu124} and the like. */
	private static final Pattern CUDA_NATIVES = Pattern.compile("pytorch-native-cu\\d+");
	private static final String JNI_ARTIFACT = "pytorch-jni";
	private static final String NATIVES_PREFIX = "pytorch-native-";

	private final ProvidedArtifacts provided;

	public UpdateSiteStager(ProvidedArtifacts provided) {
		this.provided = provided;
	}

	/** Usage: {@code <plugin.jar> <dependency folder (repository layout)> <provided-by-fiji.txt> <staging folder>}. */
	public static void main(String... args) throws IOException {
		if (args.length == 2 && args[0].equals("--native-classifiers")) {
			try {
				System.out.println(String.join(" ", nativeClassifiers(Paths.get(args[1]))));
			}
			catch (IllegalArgumentException e) {
				System.err.println("stage: " + e.getMessage());
				System.exit(1);
			}
			return;
		}
		if (args.length == 3 && args[0].equals("--cuda-natives")) {
			try {
				System.out.print(stageCudaNatives(Paths.get(args[1]), Paths.get(args[2])).describe());
			}
			catch (IllegalArgumentException e) {
				System.err.println("stage: " + e.getMessage());
				System.exit(1);
			}
			return;
		}
		if (args.length != 4) {
			System.err.println("usage: java " + UpdateSiteStager.class.getName()
				+ " <plugin.jar> <dependency folder (repository layout)> <provided-by-fiji.txt> <staging folder>\n"
				+ "       java " + UpdateSiteStager.class.getName() + " --native-classifiers <dependency folder>\n"
				+ "       java " + UpdateSiteStager.class.getName() + " --cuda-natives <dependency folder> <staging folder>");
			System.exit(2);
		}
		try {
			UpdateSiteStager stager = new UpdateSiteStager(ProvidedArtifacts.read(Paths.get(args[2])));
			System.out.print(stager.stage(Paths.get(args[0]), Paths.get(args[1]), Paths.get(args[3])).describe());
		}
		catch (IllegalArgumentException e) {
			System.err.println("stage: " + e.getMessage());
			System.exit(1);
		}
	}

	/**
	 * Where {@code artifact} goes, relative to the site root; empty when Fiji provides it.
	 */
	public Optional<Path> placement(MavenArtifact artifact) {
		if (provided.contains(artifact)) return Optional.empty();
		Path jars = Paths.get(JARS);
		Path folder = FijiPlatform.of(artifact.classifier()).map(jars::resolve).orElse(jars);
		return Optional.of(folder.resolve(artifact.fileName()));
	}

	/**
	 * Copies the plugin jar and the dependencies that Fiji lacks into {@code target}.
	 *
	 * @param dependencies a folder in Maven repository layout holding the runtime dependencies
	 * @param target a folder that does not exist yet or is empty: staging never deletes anything,
	 *          so a mistyped path (a Fiji installation, say) cannot lose files
	 * @throws IllegalArgumentException naming the file or folder when an input is missing, a
	 *           dependency is not in repository layout, a platform the site serves has no libtorch
	 *           ({@link #nativeClassifiers}), or {@code target} is not empty
	 */
	public StagedTree stage(Path pluginJar, Path dependencies, Path target) throws IOException {
		if (!Files.isRegularFile(pluginJar) || !pluginJar.toString().endsWith(".jar"))
			throw new IllegalArgumentException("plugin jar " + pluginJar + " does not exist (build it first: mvn package)");
		if (!Files.isDirectory(dependencies)) throw new IllegalArgumentException("dependency folder " + dependencies + " does not exist");
		requireEmpty(target);
		List<MavenArtifact> artifacts = artifactsIn(dependencies);
		requireLibtorchForEveryPlatform(dependencies, artifacts);

		List<MavenArtifact> leftToFiji = new ArrayList<>();
		Set<String> unused = new LinkedHashSet<>(provided.keys());
		copy(pluginJar, target.resolve(JARS).resolve(pluginJar.getFileName()));
		for (MavenArtifact a : artifacts) {
			unused.remove(a.key());
			Optional<Path> place = placement(a);
			if (place.isPresent()) copy(a.file(), target.resolve(place.get()));
			else leftToFiji.add(a);
		}
		return new StagedTree(target, listing(target), leftToFiji, unused);
	}

	/**
	 * Lays out the "Mean Teacher CUDA" site: each CUDA native jar of {@code dependencies} in its
	 * platform folder, nothing else.
	 *
	 * @throws IllegalArgumentException naming the jar when the folder holds anything but CUDA native
	 *           jars for known platforms, or none at all, or when {@code target} is not empty
	 */
	public static StagedTree stageCudaNatives(Path dependencies, Path target) throws IOException {
		if (!Files.isDirectory(dependencies)) throw new IllegalArgumentException("dependency folder " + dependencies + " does not exist");
		requireEmpty(target);
		List<MavenArtifact> natives = artifactsIn(dependencies);
		if (natives.isEmpty()) throw new IllegalArgumentException(dependencies + " holds no jar; copy the CUDA natives first (stage.sh --cuda)");
		for (MavenArtifact a : natives) {
			if (!CUDA_NATIVES.matcher(a.artifactId()).matches())
				throw new IllegalArgumentException(a.file() + " is not a CUDA native jar (pytorch-native-cuNNN); the CUDA site carries "
					+ "nothing else, the rest is on the main site");
			if (FijiPlatform.of(a.classifier()).isEmpty())
				throw new IllegalArgumentException(a.file() + ": classifier '" + a.classifier() + "' is no platform Fiji's updater knows");
		}
		for (MavenArtifact a : natives)
			copy(a.file(), target.resolve(JARS).resolve(FijiPlatform.of(a.classifier()).get()).resolve(a.fileName()));
		return new StagedTree(target, listing(target), List.of(), Set.of());
	}

	/**
	 * The platforms of {@link FijiPlatform#SITE_CLASSIFIERS} that the {@code pytorch-jni} jar of
	 * {@code dependencies} serves (it has {@code jnilib/<classifier>/cpu/}), in that order: the site
	 * must carry a libtorch for each, since the plugin installs there and DJL never downloads one.
	 *
	 * @throws IllegalArgumentException when the folder holds no pytorch-jni jar
	 */
	public static List<String> nativeClassifiers(Path dependencies) throws IOException {
		return nativeClassifiers(jniIn(dependencies, artifactsIn(dependencies)));
	}

	private static List<String> nativeClassifiers(MavenArtifact jni) throws IOException {
		Set<String> served = new LinkedHashSet<>();
		try (JarFile jar = new JarFile(jni.file().toFile())) {
			for (JarEntry e : Collections.list(jar.entries())) {
				String[] parts = e.getName().split("/");
				if (parts.length >= 3 && parts[0].equals("jnilib") && parts[2].equals("cpu")) served.add(parts[1]);
			}
		}
		return FijiPlatform.SITE_CLASSIFIERS.stream().filter(served::contains).toList();
	}

	private static MavenArtifact jniIn(Path dependencies, List<MavenArtifact> artifacts) {
		return artifacts.stream().filter(a -> a.artifactId().equals(JNI_ARTIFACT)).findFirst()
			.orElseThrow(() -> new IllegalArgumentException(dependencies + " holds no " + JNI_ARTIFACT
				+ " jar, which says the platforms DJL runs on; copy the runtime dependencies first"));
	}

	private static void requireLibtorchForEveryPlatform(Path dependencies, List<MavenArtifact> artifacts) throws IOException {
		MavenArtifact jni = jniIn(dependencies, artifacts);
		List<String> missing = new ArrayList<>();
		for (String classifier : nativeClassifiers(jni))
			if (artifacts.stream().noneMatch(a -> a.artifactId().startsWith(NATIVES_PREFIX) && a.classifier().equals(classifier)))
				missing.add(classifier + " (" + JARS + "/" + FijiPlatform.of(classifier).orElseThrow() + ")");
		if (!missing.isEmpty())
			throw new IllegalArgumentException(dependencies + " holds no libtorch (" + NATIVES_PREFIX + "*) for " + String.join(", ", missing)
				+ ", which " + jni.fileName() + " serves: without it the plugin cannot start there; stage.sh copies each platform's "
				+ "(mvn -Dpytorch.native.classifier=<platform> dependency:copy-dependencies)");
	}

	/** The jars of a repository-layout folder, sorted by path so that runs are repeatable. */
	static List<MavenArtifact> artifactsIn(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			List<Path> jars = files.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".jar")).sorted().toList();
			List<MavenArtifact> out = new ArrayList<>();
			for (Path jar : jars) out.add(MavenArtifact.fromRepositoryPath(root, jar));
			return out;
		}
	}

	private static void requireEmpty(Path target) throws IOException {
		if (!Files.exists(target)) return;
		if (!Files.isDirectory(target)) throw new IllegalArgumentException("staging target " + target + " is a file, not a folder");
		try (Stream<Path> entries = Files.list(target)) {
			if (entries.findAny().isPresent())
				throw new IllegalArgumentException("staging folder " + target + " is not empty; remove it or name a new folder");
		}
	}

	private static void copy(Path from, Path to) throws IOException {
		// Fiji's updater keys files by name, so two jars of one name cannot both live on a site.
		if (Files.exists(to)) throw new IllegalArgumentException(from + " and another jar would both be staged as " + to);
		Files.createDirectories(to.getParent());
		Files.copy(from, to);
	}

	private static List<StagedTree.StagedFile> listing(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			List<StagedTree.StagedFile> out = new ArrayList<>();
			for (Path p : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList())
				out.add(new StagedTree.StagedFile(root.relativize(p), Files.size(p)));
			return out;
		}
	}
}
