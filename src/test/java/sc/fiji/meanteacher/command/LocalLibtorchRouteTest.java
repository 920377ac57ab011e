package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.Assume;
import org.junit.Test;
import org.scijava.command.CommandModule;

import sc.fiji.meanteacher.device.DjlPairing;
import sc.fiji.meanteacher.device.LibtorchPlatform;
import sc.fiji.meanteacher.process.ChildJvm;
import sc.fiji.meanteacher.train.RunFolder;

/**
 * The local-libtorch route on the CPU: the CPU libtorch of the native jar on the test class path,
 * unpacked by hand into a temporary folder laid out like a libtorch zip, is named by
 * {@code -Dmeanteacher.libtorch} in a fresh JVM (libtorch loads once per process). The report
 * must name that folder, the process must have mapped libtorch_cpu from there and nowhere else,
 * and a short training must work from it. Folders that cannot work fail the command before any work.
 */
public class LocalLibtorchRouteTest extends CommandTestBase {

	private static final String TRAIN = TrainCommand.TITLE;

	/** The CPU build's jar on the class path, or null. */
	private static Path cpuNativeJar() throws Exception {
		for (URL url : Collections.list(LocalLibtorchRouteTest.class.getClassLoader().getResources("native/lib/pytorch.properties"))) {
			Properties p = new Properties();
			try (InputStream in = url.openStream()) {
				p.load(in);
			}
			if ("cpu".equals(p.getProperty("flavor")) && LibtorchPlatform.current().classifier().equals(p.getProperty("classifier"))
				&& url.openConnection() instanceof JarURLConnection c)
				return Path.of(c.getJarFileURL().toURI());
		}
		return null;
	}

	/** Unpacks the jar's libraries to {@code <root>/lib} and records the version in {@code <root>/build-version}, as a libtorch zip does. */
	private static Path unpack(Path jar, Path root) throws IOException {
		Path lib = Files.createDirectories(root.resolve("lib"));
		String prefix = "pytorch/cpu/" + LibtorchPlatform.current().classifier() + "/";
		try (JarFile j = new JarFile(jar.toFile())) {
			for (JarEntry e : Collections.list(j.entries())) {
				if (e.isDirectory() || !e.getName().startsWith(prefix)) continue;
				try (InputStream in = j.getInputStream(e)) {
					Files.copy(in, lib.resolve(e.getName().substring(prefix.length())));
				}
			}
		}
		Files.writeString(root.resolve("build-version"), DjlPairing.fromClassPath().libtorchVersion() + "+cpu\n");
		return lib;
	}

	private Path demoData() throws Exception {
		Path demo = tmp.getRoot().toPath().resolve("demo");
		CommandModule m = CommandTestSupport.run(context, DemoDataCommand.class,
			Map.of("output", demo.toFile(), "cases", 3, "labeled", 2, "size", "24,24,16", "seed", 5L));
		assertFalse(m.getCancelReason(), m.isCanceled());
		return demo;
	}

	private static String trainArgs(Path demo, Path out) {
		return "images='" + demo.resolve("images") + "',labels='" + demo.resolve("labels") + "',output='" + out
			+ "',patch='16,16,16',filters=16,depth=2,iterations=2,batch=2,labeledbatch=1,progress=1,device='auto'";
	}

	private static int child(Path libtorch, List<String> lines, String... mainArgs) throws Exception {
		List<String> args = new ArrayList<>();
		args.add(libtorch.toString());
		args.addAll(List.of(mainArgs));
		return ChildJvm.run(LocalLibtorchChild.class, 1, args, lines::add);
	}

	@Test
	public void aHandUnpackedCpuLibtorchIsTheOneLoadedAndTrains() throws Exception {
		Assume.assumeTrue("needs /proc/self/maps (Linux)", Files.isReadable(Path.of("/proc/self/maps")));
		Path jar = cpuNativeJar();
		Assume.assumeTrue("no CPU native jar for this platform on the class path", jar != null);
		Path root = tmp.getRoot().toPath().resolve("libtorch");
		Path lib = unpack(jar, root);
		Path demo = demoData(), out = tmp.getRoot().toPath().resolve("model");

		List<String> lines = new ArrayList<>();
		int status = child(root, lines, "--headless", "--run", TRAIN, trainArgs(demo, out));
		String all = String.join("\n", lines);
		assertEquals(all, 0, status);
		String version = DjlPairing.fromClassPath().libtorchVersion();
		assertTrue(all, lines.contains("[INFO] libtorch: " + lib + " (local folder named by -Dmeanteacher.libtorch, " + version
			+ "+cpu (from " + root.resolve("build-version") + "))"));
		assertTrue(all, lines.stream().anyMatch(l -> l.equals("[INFO] libtorch build: cpu") || l.startsWith("[INFO] libtorch build: cpu; ")));
		assertTrue(all, lines.contains("[INFO] device: cpu (device=auto)"));
		assertTrue(all, all.contains("summary = Mean Teacher: 2 iterations"));
		assertTrue(Files.isRegularFile(out.resolve(RunFolder.BEST_MODEL)));
		assertEquals(3, Files.readAllLines(out.resolve(RunFolder.LOG)).size());

		List<String> mapped = lines.stream().filter(l -> l.startsWith("MAPPED ")).map(l -> l.substring("MAPPED ".length())).toList();
		assertFalse(all, mapped.isEmpty());
		for (String m : mapped) assertEquals(all, lib.resolve(System.mapLibraryName("torch_cpu")).toString(), m);
	}

	@Test
	public void aFolderThatCannotWorkFailsTheCommandBeforeAnyWork() throws Exception {
		Path demo = demoData(), out = tmp.getRoot().toPath().resolve("model");
		Path missing = tmp.getRoot().toPath().resolve("no-libtorch");
		List<String> lines = new ArrayList<>();
		int status = child(missing, lines, "--headless", "--run", TRAIN, trainArgs(demo, out));
		String all = String.join("\n", lines);
		assertNotEquals(all, 0, status);
		assertTrue(all, all.contains("Train: libtorch folder " + missing + " does not exist [named by -Dmeanteacher.libtorch]"));

		// A libtorch zip of another version (stand-in files: the version is refused before any library loads).
		Path other = tmp.newFolder("libtorch-2.4.0").toPath(), lib = Files.createDirectories(other.resolve("lib"));
		for (String name : List.of("torch", "torch_cpu", "c10")) Files.createFile(lib.resolve(System.mapLibraryName(name)));
		Files.writeString(other.resolve("build-version"), "2.4.0+cpu\n");
		lines.clear();
		status = child(other, lines, "--headless", "--run", TRAIN, trainArgs(demo, out));
		all = String.join("\n", lines);
		assertNotEquals(all, 0, status);
		assertTrue(all, all.contains("Train: libtorch folder " + lib + " holds libtorch 2.4.0+cpu (from " + other.resolve("build-version")
			+ "), but DJL "));
		assertFalse("nothing written", Files.exists(out));
		assertFalse(all, all.contains("MAPPED "));
	}
}
