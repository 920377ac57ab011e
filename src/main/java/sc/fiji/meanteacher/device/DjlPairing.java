package sc.fiji.meanteacher.device;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the DJL jars on the class path pair with, read from their own property files without
 * starting the engine: the libtorch version the PyTorch engine was built for
 * ({@code pytorch-engine.properties}), the JNI builds the {@code pytorch-jni} jar carries
 * ({@code jnilib/<classifier>/<flavor>/}), and the libtorch builds bundled in native jars
 * ({@code native/lib/pytorch.properties} of {@code pytorch-native-cpu}, {@code pytorch-native-cu124} …).
 *
 * @param djlVersion DJL's version, e.g. {@code 0.36.0}
 * @param libtorchVersion the libtorch version that DJL pairs with, e.g. {@code 2.7.1}
 * @param jniVersion the {@code pytorch-jni} version, e.g. {@code 2.7.1-0.36.0}; empty when that jar is missing
 * @param bundled the libtorch builds in native jars on the class path
 */
public record DjlPairing(String djlVersion, String libtorchVersion, String jniVersion, List<BundledLibtorch> bundled) {

	/** Where DJL's engine jar records its versions. */
	static final String ENGINE_PROPERTIES = "pytorch-engine.properties";
	static final String JNI_PROPERTIES = "jnilib/pytorch.properties";
	static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
	private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");

	/**
	 * A libtorch build inside a native jar.
	 *
	 * @param version as the jar records it, e.g. {@code 2.7.1-20250812}
	 * @param flavor {@code cpu}, {@code cu124} …
	 * @param classifier {@code linux-x86_64} …
	 * @param jar the jar's file name, or the resource's address when it is not in a jar
	 */
	public record BundledLibtorch(String version, String flavor, String classifier, String jar) {

		/** {@code cpu 2.7.1 (pytorch-native-cpu-2.7.1-linux-x86_64.jar)} */
		public String describe() {
			return flavor + " " + releaseOf(version) + " for " + classifier + " (" + jar + ")";
		}
	}

	public DjlPairing {
		bundled = List.copyOf(bundled);
	}

	/** Reads the class path of this class's loader. */
	public static DjlPairing fromClassPath() {
		ClassLoader loader = DjlPairing.class.getClassLoader();
		Properties engine = properties(loader.getResource(ENGINE_PROPERTIES));
		Properties jni = properties(loader.getResource(JNI_PROPERTIES));
		List<BundledLibtorch> bundled = new ArrayList<>();
		try {
			for (URL url : Collections.list(loader.getResources(NATIVE_PROPERTIES))) {
				Properties p = properties(url);
				bundled.add(new BundledLibtorch(p.getProperty("version", "?"), p.getProperty("flavor", "?"),
					p.getProperty("classifier", "?"), jarName(url)));
			}
		}
		catch (IOException e) {
			// an unreadable class path entry: report what could be read
		}
		return new DjlPairing(engine.getProperty("djl_version", "?"), engine.getProperty("pytorch_version", "?"),
			jni.getProperty("jni_version", ""), bundled);
	}

	/** Whether the {@code pytorch-jni} jar carries the JNI library for {@code flavor} on {@code platform}. */
	public static boolean hasJni(LibtorchPlatform platform, String flavor) {
		String file = platform.libraryFile("djl_torch");
		return DjlPairing.class.getClassLoader().getResource("jnilib/" + platform.classifier() + "/" + flavor + "/" + file) != null;
	}

	/**
	 * The JNI flavors the {@code pytorch-jni} jar carries for {@code platform} (its
	 * {@code jnilib/<classifier>/<flavor>/} folders), for messages naming what a local libtorch could be.
	 */
	public static List<String> jniFlavors(LibtorchPlatform platform) {
		URL url = DjlPairing.class.getClassLoader().getResource(JNI_PROPERTIES);
		List<String> out = new ArrayList<>();
		if (url == null) return out;
		String prefix = "jnilib/" + platform.classifier() + "/";
		try {
			if (!(url.openConnection() instanceof JarURLConnection c)) return out;
			try (JarFile jar = new JarFile(Path.of(c.getJarFileURL().toURI()).toFile())) {
				for (JarEntry e : Collections.list(jar.entries())) {
					String name = e.getName();
					if (!e.isDirectory() || !name.startsWith(prefix)) continue;
					String flavor = name.substring(prefix.length()).replace("/", "");
					if (!flavor.isEmpty()) out.add(flavor);
				}
			}
		}
		catch (Exception e) {
			// unreadable jar: no flavors to name
		}
		Collections.sort(out);
		return out;
	}

	/** The release of a libtorch version as DJL or PyTorch writes it: {@code 2.7.1-20250812} and {@code 2.7.1+cu128} are {@code 2.7.1}. */
	public static String releaseOf(String version) {
		Matcher m = RELEASE.matcher(version == null ? "" : version.trim());
		return m.lookingAt() ? m.group() : version;
	}

	private static Properties properties(URL url) {
		Properties p = new Properties();
		if (url == null) return p;
		try (InputStream in = url.openStream()) {
			p.load(in);
		}
		catch (IOException e) {
			// missing or unreadable: the fields stay unknown
		}
		return p;
	}

	private static String jarName(URL url) {
		try {
			URLConnection c = url.openConnection();
			if (c instanceof JarURLConnection jar) return Path.of(jar.getJarFileURL().toURI()).getFileName().toString();
		}
		catch (Exception e) {
			// fall through: name the resource itself
		}
		return url.toString();
	}
}
