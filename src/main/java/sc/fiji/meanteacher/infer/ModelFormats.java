package sc.fiji.meanteacher.infer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.scijava.plugin.PluginService;

import ai.djl.Device;

/**
 * Opens a model file with the first of the registered {@link ModelFormat}s (highest priority
 * first, as {@link PluginInstances} finds them) that can open it. A file none of them claims —
 * missing, cut off, or no model at all — is reported by this plugin's own format, whose reader
 * says what is wrong with it.
 */
public final class ModelFormats {

	private final List<ModelFormat> formats;

	/** @param formats the registered formats, highest priority first */
	public ModelFormats(List<? extends ModelFormat> formats) {
		this.formats = List.copyOf(formats);
	}

	/**
	 * The formats registered in a context, or on the class path without one.
	 *
	 * @param plugins the context's plugin service, or null without a context
	 */
	public static ModelFormats registered(PluginService plugins) {
		return new ModelFormats(PluginInstances.of(ModelFormat.class, plugins));
	}

	/** The format that opens {@code path}: the first that can, else this plugin's own (for its error message). */
	public ModelFormat formatOf(Path path) {
		for (ModelFormat f : formats)
			if (f.canOpen(path)) return f;
		return formats.stream().filter(f -> f instanceof NativeModelFormat).findFirst().orElseGet(NativeModelFormat::new);
	}

	public SegmentationModel open(Path path, Device device, Supplier<BareNetwork> bare) throws IOException {
		return formatOf(path).open(path, device, bare);
	}
}
