package sc.fiji.meanteacher.command;

import java.nio.file.Path;

import org.scijava.prefs.PrefService;

import sc.fiji.meanteacher.device.LocalLibtorch;

/**
 * The local libtorch folder a Fiji user chose in <em>Mean Teacher Device Info</em>, kept in Fiji's
 * preferences and handed to {@link LocalLibtorch} before every command, so that whichever command
 * starts the engine first starts it from that folder.
 */
final class LibtorchPreference {

	static final String KEY = "libtorchFolder";

	private LibtorchPreference() {}

	/** Hands the remembered folder (or none) to {@link LocalLibtorch}; a missing service leaves things as they are. */
	static void apply(PrefService prefs) {
		if (prefs == null) return;
		Path folder = remembered(prefs);
		LocalLibtorch.preferFolder(folder);
	}

	static Path remembered(PrefService prefs) {
		String value = prefs.get(LibtorchPreference.class, KEY);
		return value == null || value.isBlank() ? null : Path.of(value);
	}

	static void remember(PrefService prefs, Path folder) {
		prefs.put(LibtorchPreference.class, KEY, folder.toAbsolutePath().toString());
		LocalLibtorch.preferFolder(folder.toAbsolutePath());
	}

	static void forget(PrefService prefs) {
		prefs.remove(LibtorchPreference.class, KEY);
		LocalLibtorch.preferFolder(null);
	}
}
