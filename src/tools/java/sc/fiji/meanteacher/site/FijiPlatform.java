package sc.fiji.meanteacher.site;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a native jar goes on the update site. Fiji's updater treats {@code jars/<platform>/} as
 * specific to that platform (it installs the file only there), so a native library for one
 * operating system is not downloaded by all the others. DJL names its native jars by classifier.
 */
public final class FijiPlatform {

	/** DJL classifier → Fiji updater platform name. */
	private static final Map<String, String> BY_CLASSIFIER = Map.of( //
		"linux-x86_64", "linux64", //
		"linux-aarch64", "linux-arm64", //
		"osx-x86_64", "macos64", //
		"osx-aarch64", "macos-arm64", //
		"win-x86_64", "win64");

	/**
	 * The platforms whose CPU libtorch the main site carries, by DJL's classifier: Linux and Windows
	 * on x86-64, macOS on Apple silicon (jars/linux64, jars/win64, jars/macos-arm64). Each is needed
	 * only where the site's pytorch-jni serves it ({@link UpdateSiteStager#nativeClassifiers}).
	 */
	public static final List<String> SITE_CLASSIFIERS = List.of("linux-x86_64", "win-x86_64", "osx-aarch64");

	private FijiPlatform() {}

	/** The platform folder for a native classifier; empty for platform-independent jars. */
	public static Optional<String> of(String classifier) {
		return Optional.ofNullable(BY_CLASSIFIER.get(classifier));
	}
}
