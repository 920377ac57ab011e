package sc.fiji.meanteacher.site;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;

/**
 * Stages update sites from fake repository-layout folders (small zips named like the real jars),
 * with the project's own {@code update-site/provided-by-fiji.txt}, and checks the real test
 * classpath against that list.
 */
public class UpdateSiteStagingTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static ProvidedArtifacts fijiList;

	@BeforeClass
	public static void readList() throws IOException {
		// Surefire runs in the project folder and names it in "basedir"; JUnitCore runs from there too.
		fijiList = ProvidedArtifacts.read(Paths.get(System.getProperty("basedir", ""), "update-site", "provided-by-fiji.txt"));
	}

	private static final String JNI = "ai/djl/pytorch/pytorch-jni/2.7.1-0.36.0/pytorch-jni-2.7.1-0.36.0.jar";
	private static final String NATIVES = "ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-";

	/**
	 * The runtime dependencies of this project as stage.sh has copy-dependencies lay them out
	 * (coordinates as in the pom), with the CPU natives of the three platforms the site serves.
	 */
	private Path fakeDependencies() throws IOException {
		Path repo = tmp.newFolder("deps").toPath();
		// The JNI folders of the real pytorch-jni 2.7.1-0.36.0 (unzip -l).
		fakeJar(repo.resolve(JNI), "jnilib/linux-aarch64/cpu/", "jnilib/linux-x86_64/cpu/", "jnilib/linux-x86_64/cu128/",
			"jnilib/osx-aarch64/cpu/", "jnilib/win-x86_64/cpu/", "jnilib/win-x86_64/cu128/");
		for (String path : List.of( //
			"ai/djl/api/0.36.0/api-0.36.0.jar", //
			"ai/djl/pytorch/pytorch-engine/0.36.0/pytorch-engine-0.36.0.jar", //
			NATIVES + "linux-x86_64.jar", //
			NATIVES + "win-x86_64.jar", //
			NATIVES + "osx-aarch64.jar", //
			"io/jhdf/jhdf/0.9.4/jhdf-0.9.4.jar", //
			"com/ning/compress-lzf/1.1.2/compress-lzf-1.1.2.jar", //
			"org/lz4/lz4-java/1.8.0/lz4-java-1.8.0.jar", //
			"net/imagej/ij/1.54p/ij-1.54p.jar", //
			"org/scijava/scijava-common/2.100.1/scijava-common-2.100.1.jar", //
			"org/scijava/parsington/3.1.0/parsington-3.1.0.jar", //
			"net/imglib2/imglib2/8.0.0/imglib2-8.0.0.jar", //
			"com/google/code/gson/gson/2.10.1/gson-2.10.1.jar", //
			"net/java/dev/jna/jna/5.14.0/jna-5.14.0.jar", //
			"org/apache/commons/commons-compress/1.28.0/commons-compress-1.28.0.jar", //
			"org/apache/commons/commons-lang3/3.18.0/commons-lang3-3.18.0.jar", //
			"commons-io/commons-io/2.20.0/commons-io-2.20.0.jar", //
			"commons-codec/commons-codec/1.19.0/commons-codec-1.19.0.jar", //
			"org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"))
			fakeJar(repo.resolve(path));
		return repo;
	}

	/** A valid, nearly empty jar whose first entry names it, so that copies can be told apart; then {@code entries}. */
	private static Path fakeJar(Path file, String... entries) throws IOException {
		Files.createDirectories(file.getParent());
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("META-INF/" + file.getFileName() + ".txt"));
			zip.closeEntry();
			for (String entry : entries) {
				zip.putNextEntry(new ZipEntry(entry));
				zip.closeEntry();
			}
		}
		return file;
	}

	@Test
	public void stagesThePluginAndWhatFijiLacks() throws IOException {
		Path deps = fakeDependencies();
		Path plugin = fakeJar(tmp.getRoot().toPath().resolve("target/mean-teacher-0.1.0-SNAPSHOT.jar"));
		Path site = tmp.getRoot().toPath().resolve("site");
		StagedTree tree = new UpdateSiteStager(fijiList).stage(plugin, deps, site);

		Set<String> expected = Set.of("jars/mean-teacher-0.1.0-SNAPSHOT.jar", "jars/api-0.36.0.jar",
			"jars/pytorch-engine-0.36.0.jar", "jars/pytorch-jni-2.7.1-0.36.0.jar",
			"jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar", "jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar",
			"jars/macos-arm64/pytorch-native-cpu-2.7.1-osx-aarch64.jar", "jars/jhdf-0.9.4.jar", "jars/compress-lzf-1.1.2.jar");
		assertEquals(new TreeSet<>(expected), filesUnder(site));
		assertEquals(new TreeSet<>(expected), new TreeSet<>(tree.files().stream().map(f -> slashed(f.path())).toList()));
		assertArrayEquals(Files.readAllBytes(deps.resolve("ai/djl/api/0.36.0/api-0.36.0.jar")),
			Files.readAllBytes(site.resolve("jars/api-0.36.0.jar")));
		assertArrayEquals(Files.readAllBytes(deps.resolve(NATIVES + "win-x86_64.jar")),
			Files.readAllBytes(site.resolve("jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar")));
		long bytes = Files.size(plugin);
		for (MavenArtifact a : UpdateSiteStager.artifactsIn(deps))
			if (expected.contains("jars/" + a.fileName()) || a.artifactId().equals("pytorch-native-cpu")) bytes += Files.size(a.file());
		assertEquals(bytes, tree.totalBytes());

		assertEquals(Set.of("ij", "scijava-common", "parsington", "imglib2", "gson", "jna", "commons-compress",
			"commons-lang3", "commons-io", "commons-codec", "slf4j-api", "lz4-java"),
			Set.copyOf(tree.leftToFiji().stream().map(MavenArtifact::artifactId).toList()));
		assertTrue(tree.unusedEntries().toString(), tree.unusedEntries().isEmpty());
		assertFalse(Files.exists(site.resolve("plugins")));
	}

	/**
	 * A site without the CPU libtorch of a platform that DJL's JNI jar serves (Linux, Windows, Apple
	 * silicon) would install on that platform and fail there: refused, naming the platforms, before
	 * anything is copied.
	 */
	@Test
	public void refusesASiteWithoutEveryPlatformsLibtorch() throws IOException {
		Path deps = fakeDependencies();
		Files.delete(deps.resolve(NATIVES + "win-x86_64.jar"));
		Files.delete(deps.resolve(NATIVES + "osx-aarch64.jar"));
		Path plugin = fakeJar(tmp.getRoot().toPath().resolve("mean-teacher-0.1.0.jar"));
		Path site = tmp.getRoot().toPath().resolve("site");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UpdateSiteStager(fijiList).stage(plugin, deps, site));
		assertEquals(deps + " holds no libtorch (pytorch-native-*) for win-x86_64 (jars/win64), osx-aarch64 (jars/macos-arm64), "
			+ "which pytorch-jni-2.7.1-0.36.0.jar serves: without it the plugin cannot start there; stage.sh copies each platform's "
			+ "(mvn -Dpytorch.native.classifier=<platform> dependency:copy-dependencies)", e.getMessage());
		assertFalse(Files.exists(site));
	}

	/**
	 * The platforms stage.sh fetches CPU libtorch for: those of the site that the JNI jar serves. The
	 * CUDA pairing's pytorch-jni 2.5.1-0.33.0 has no Windows library, so its main site carries no
	 * Windows libtorch and is staged without one; Linux on ARM is served by the JNI but not by the site.
	 */
	@Test
	public void thePlatformsNeedingLibtorchAreTheSitesThatTheJniServes() throws IOException {
		Path deps = fakeDependencies();
		assertEquals(List.of("linux-x86_64", "win-x86_64", "osx-aarch64"), UpdateSiteStager.nativeClassifiers(deps));

		Path cudaPairing = tmp.newFolder("cuda-pairing").toPath();
		fakeJar(cudaPairing.resolve("ai/djl/pytorch/pytorch-jni/2.5.1-0.33.0/pytorch-jni-2.5.1-0.33.0.jar"),
			"jnilib/linux-x86_64/cpu/", "jnilib/linux-x86_64/cu124/", "jnilib/osx-aarch64/cpu/");
		fakeJar(cudaPairing.resolve("ai/djl/pytorch/pytorch-native-cpu/2.5.1/pytorch-native-cpu-2.5.1-linux-x86_64.jar"));
		fakeJar(cudaPairing.resolve("ai/djl/pytorch/pytorch-native-cpu/2.5.1/pytorch-native-cpu-2.5.1-osx-aarch64.jar"));
		assertEquals(List.of("linux-x86_64", "osx-aarch64"), UpdateSiteStager.nativeClassifiers(cudaPairing));
		Path site = tmp.getRoot().toPath().resolve("cuda-pairing-site");
		new UpdateSiteStager(fijiList).stage(fakeJar(tmp.getRoot().toPath().resolve("mean-teacher-0.1.0.jar")), cudaPairing, site);
		assertEquals(new TreeSet<>(Set.of("jars/mean-teacher-0.1.0.jar", "jars/pytorch-jni-2.5.1-0.33.0.jar",
			"jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar", "jars/macos-arm64/pytorch-native-cpu-2.5.1-osx-aarch64.jar")),
			filesUnder(site));

		// Without the JNI jar nothing says which platforms need libtorch.
		Path noJni = tmp.newFolder("no-jni").toPath();
		fakeJar(noJni.resolve("ai/djl/api/0.36.0/api-0.36.0.jar"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateSiteStager.nativeClassifiers(noJni));
		assertEquals(noJni + " holds no pytorch-jni jar, which says the platforms DJL runs on; copy the runtime dependencies first",
			e.getMessage());
	}

	/**
	 * The "Mean Teacher CUDA" site: stand-ins for the two CUDA native jars (the real ones are about
	 * 2.4 GB each) go to their platform folders, and nothing else is accepted there.
	 */
	@Test
	public void theCudaSiteCarriesOnlyTheCudaNativesPerPlatform() throws IOException {
		Path deps = tmp.newFolder("cuda-deps").toPath();
		Path linux = fakeJar(deps.resolve("ai/djl/pytorch/pytorch-native-cu124/2.5.1/pytorch-native-cu124-2.5.1-linux-x86_64.jar"));
		Path windows = fakeJar(deps.resolve("ai/djl/pytorch/pytorch-native-cu124/2.5.1/pytorch-native-cu124-2.5.1-win-x86_64.jar"));
		Path site = tmp.getRoot().toPath().resolve("cuda-site");
		StagedTree tree = UpdateSiteStager.stageCudaNatives(deps, site);
		Set<String> expected = Set.of("jars/linux64/pytorch-native-cu124-2.5.1-linux-x86_64.jar",
			"jars/win64/pytorch-native-cu124-2.5.1-win-x86_64.jar");
		assertEquals(new TreeSet<>(expected), filesUnder(site));
		assertArrayEquals(Files.readAllBytes(windows), Files.readAllBytes(site.resolve("jars/win64/pytorch-native-cu124-2.5.1-win-x86_64.jar")));
		assertEquals(Files.size(linux) + Files.size(windows), tree.totalBytes());
		assertFalse(tree.describe(), tree.describe().contains("Left to Fiji"));

		// The JNI, the CPU natives and the rest belong to the main site.
		fakeJar(deps.resolve("ai/djl/pytorch/pytorch-jni/2.5.1-0.33.0/pytorch-jni-2.5.1-0.33.0.jar"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> UpdateSiteStager.stageCudaNatives(deps, tmp.getRoot().toPath().resolve("again")));
		assertTrue(e.getMessage(), e.getMessage().endsWith("pytorch-jni-2.5.1-0.33.0.jar is not a CUDA native jar (pytorch-native-cuNNN); "
			+ "the CUDA site carries nothing else, the rest is on the main site"));
		assertFalse(Files.exists(tmp.getRoot().toPath().resolve("again").resolve("jars")));
		e = assertThrows(IllegalArgumentException.class,
			() -> UpdateSiteStager.stageCudaNatives(tmp.newFolder("nothing").toPath(), tmp.getRoot().toPath().resolve("empty")));
		assertTrue(e.getMessage(), e.getMessage().endsWith("holds no jar; copy the CUDA natives first (stage.sh --cuda)"));
	}

	/** The pom's CUDA pairing: a profile that is never on by default and names a CUDA native artifact. */
	@Test
	public void theCudaProfileIsNeverActiveByDefault() throws Exception {
		Path pom = Paths.get(System.getProperty("basedir", ""), "pom.xml");
		org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
		org.w3c.dom.NodeList profiles = doc.getElementsByTagName("profile");
		Set<String> ids = new TreeSet<>();
		for (int i = 0; i < profiles.getLength(); i++) {
			org.w3c.dom.Element p = (org.w3c.dom.Element) profiles.item(i);
			String id = p.getElementsByTagName("id").item(0).getTextContent();
			ids.add(id);
			if (id.startsWith("cuda")) assertEquals(id + " has an activation", 0, p.getElementsByTagName("activation").getLength());
		}
		assertTrue(ids.toString(), ids.containsAll(Set.of("cuda", "cuda-pairing-on-cpu")));
		String artifact = doc.getElementsByTagName("cuda.pytorch.native.artifact").item(0).getTextContent();
		assertTrue(artifact, artifact.matches("pytorch-native-cu\\d+"));
		assertEquals("pytorch-native-cpu", doc.getElementsByTagName("pytorch.native.artifact").item(0).getTextContent());
	}

	@Test
	public void readsCoordinatesFromTheRepositoryLayout() {
		Path root = Paths.get("/repo");
		MavenArtifact nativeJar = MavenArtifact.fromRepositoryPath(root,
			root.resolve("ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-osx-aarch64.jar"));
		assertEquals(new MavenArtifact("ai.djl.pytorch", "pytorch-native-cpu", "2.7.1", "osx-aarch64", nativeJar.file()), nativeJar);
		MavenArtifact api = MavenArtifact.fromRepositoryPath(root, root.resolve("ai/djl/api/0.36.0/api-0.36.0.jar"));
		assertEquals("ai.djl:api", api.key());
		assertEquals("", api.classifier());

		UpdateSiteStager stager = new UpdateSiteStager(fijiList);
		assertEquals(Optional.of(Paths.get("jars/macos-arm64/pytorch-native-cpu-2.7.1-osx-aarch64.jar")), stager.placement(nativeJar));
		assertEquals(Optional.of(Paths.get("jars/api-0.36.0.jar")), stager.placement(api));
		assertEquals(Optional.empty(),
			stager.placement(MavenArtifact.fromRepositoryPath(root, root.resolve("net/imagej/ij/1.54p/ij-1.54p.jar"))));
	}

	@Test
	public void rejectsJarsOutsideTheRepositoryLayout() throws IOException {
		Path deps = fakeDependencies();
		fakeJar(deps.resolve("loose-1.0.jar"));
		Path plugin = fakeJar(tmp.getRoot().toPath().resolve("mean-teacher-0.1.0.jar"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new UpdateSiteStager(fijiList).stage(plugin, deps, tmp.getRoot().toPath().resolve("site")));
		assertTrue(e.getMessage(), e.getMessage().contains("loose-1.0.jar: not a Maven repository-layout jar"));

		e = assertThrows(IllegalArgumentException.class, () -> MavenArtifact.fromRepositoryPath(Paths.get("/r"),
			Paths.get("/r/org/x/thing/2.0/other-2.0.jar")));
		assertTrue(e.getMessage(), e.getMessage().contains("does not start with 'thing-2.0'"));
	}

	@Test
	public void refusesAFolderThatIsNotEmpty() throws IOException {
		Path deps = fakeDependencies();
		Path plugin = fakeJar(tmp.getRoot().toPath().resolve("mean-teacher-0.1.0.jar"));
		Path fiji = tmp.newFolder("Fiji.app").toPath();
		Path ours = fakeJar(fiji.resolve("jars/ij-1.54p.jar"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new UpdateSiteStager(fijiList).stage(plugin, deps, fiji));
		assertTrue(e.getMessage(), e.getMessage().contains(fiji + " is not empty"));
		assertEquals(Set.of("jars/ij-1.54p.jar"), filesUnder(fiji));
		assertTrue(Files.isRegularFile(ours));

		e = assertThrows(IllegalArgumentException.class, () -> new UpdateSiteStager(fijiList).stage(
			tmp.getRoot().toPath().resolve("missing.jar"), deps, tmp.getRoot().toPath().resolve("new")));
		assertTrue(e.getMessage(), e.getMessage().contains("missing.jar does not exist"));
	}

	@Test
	public void rejectsAMalformedListLine() throws IOException {
		Path list = tmp.newFile("provided.txt").toPath();
		Files.writeString(list, "# comment\nnet.imagej:ij   # core\n\njust-a-name\n");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProvidedArtifacts.read(list));
		assertTrue(e.getMessage(), e.getMessage().contains("provided.txt line 4: 'just-a-name' is not groupId:artifactId"));
	}

	/**
	 * The real classpath: every DJL jar it holds (the runtime ones, natives included) goes on the
	 * site, the ImageJ/SciJava core stays with Fiji.
	 */
	@Test
	public void theRealDjlJarsWouldBeStagedAndTheCoreWouldNot() throws URISyntaxException {
		Path repository = repositoryRootOf(Context.class, "org.scijava");
		UpdateSiteStager stager = new UpdateSiteStager(fijiList);
		List<String> djl = new ArrayList<>();
		Set<String> core = new TreeSet<>();
		for (String entry : testClassPath()) {
			Path jar = Paths.get(entry).toAbsolutePath();
			if (!jar.startsWith(repository) || !entry.endsWith(".jar")) continue;
			MavenArtifact a = MavenArtifact.fromRepositoryPath(repository, jar);
			Optional<Path> place = stager.placement(a);
			if (a.groupId().startsWith("ai.djl")) {
				assertTrue(a.key() + " would not be staged", place.isPresent());
				String folder = a.classifier().isEmpty() ? "jars" : "jars/" + FijiPlatform.of(a.classifier()).orElse("?");
				assertEquals(a.key(), folder, slashed(place.get().getParent()));
				djl.add(a.artifactId());
			}
			if (Set.of("ij", "scijava-common", "imglib2").contains(a.artifactId())) {
				assertEquals(a.key() + " would be staged", Optional.empty(), place);
				core.add(a.artifactId());
			}
		}
		assertEquals(Set.of("api", "pytorch-engine", "pytorch-jni", "pytorch-native-cpu"), Set.copyOf(djl));
		assertEquals(Set.of("ij", "scijava-common", "imglib2"), core);
	}

	/** The local repository holding {@code c}'s jar, found by walking up from the jar past its coordinates. */
	private static Path repositoryRootOf(Class<?> c, String groupId) throws URISyntaxException {
		Path jar = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
		// file → version → artifactId → one folder per group segment
		Path root = jar.getParent().getParent().getParent();
		for (int i = 0; i < groupId.split("\\.").length; i++) root = root.getParent();
		return root;
	}

	/** Surefire hands the forked JVM a one-jar manifest classpath and the real one in this property. */
	private static List<String> testClassPath() {
		String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return List.of(cp.split(File.pathSeparator));
	}

	private static Set<String> filesUnder(Path root) throws IOException {
		try (var files = Files.walk(root)) {
			return new TreeSet<>(files.filter(Files::isRegularFile).map(p -> slashed(root.relativize(p))).toList());
		}
	}

	private static String slashed(Path p) {
		return p.toString().replace(File.separatorChar, '/');
	}
}
