package sc.fiji.meanteacher.infer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.scijava.plugin.SciJavaPlugin;

import ai.djl.Device;

/**
 * A kind of model file Segment applies, as SciJava's {@code IOPlugin} is a kind of image file: it
 * says from a file's content (not its name) whether it reads it, and opens it for segmentation.
 * Formats are SciJava plugins of this type ({@code @Plugin(type = ModelFormat.class)});
 * {@link ModelFormats} picks the first, by priority, that can open a file. The worked example to
 * copy is the test class {@code sc.fiji.meanteacher.example.ThresholdModelFormat} (README, "Extending").
 */
public interface ModelFormat extends SciJavaPlugin {

	/** What the format is, for messages ("Mean Teacher model", "TorchScript"). */
	String name();

	/** Whether {@code path} is a file or folder of this format; false, never an exception, for anything else. */
	boolean canOpen(Path path);

	/**
	 * Opens {@code path} for segmentation.
	 *
	 * @param device where the network computes
	 * @param bare what to assume when the file does not record it (a network from elsewhere), asked for
	 *          only then: formats that record everything never call it
	 * @throws IOException naming the file when it cannot be opened
	 */
	SegmentationModel open(Path path, Device device, Supplier<BareNetwork> bare) throws IOException;
}
