package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Collections;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;

import ai.djl.Device;
import sc.fiji.meanteacher.infer.BareNetwork;
import sc.fiji.meanteacher.infer.ModelFormat;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SegmentationModel;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.volume.IntensityNormalization;

/**
 * A TorchScript archive ({@code torch.jit.save}): one exported by this plugin describes itself
 * ({@link TorchScriptInfo}: patch, classes, normalisation, input scale); any other is a
 * {@link BareNetwork} the user describes.
 */
@Plugin(type = ModelFormat.class, priority = Priority.HIGH)
public final class TorchScriptFormat implements ModelFormat {

	@Override
	public String name() {
		return "TorchScript";
	}

	/**
	 * A zip with TorchScript's records: its module code ({@code <archive>/code/…}) or
	 * {@code constants.pkl}, which a {@code torch.save} state dict has neither of.
	 */
	@Override
	public boolean canOpen(Path path) {
		if (!Files.isRegularFile(path)) return false;
		try (ZipFile zip = new ZipFile(path.toFile())) {
			for (ZipEntry e : Collections.list(zip.entries())) {
				String[] parts = e.getName().split("/");
				if (parts.length >= 2 && (parts[1].equals("code") || parts.length == 2 && parts[1].equals("constants.pkl"))) return true;
			}
			return false;
		}
		catch (IOException e) {
			return false;
		}
	}

	@Override
	public SegmentationModel open(Path path, Device device, Supplier<BareNetwork> bare) throws IOException {
		TorchScriptInfo info = TorchScriptInfo.read(path);
		BareNetwork described = info == null ? bare.get() : null;
		TorchScriptPredictor net = info != null ? info.load(path, device)
			: TorchScriptPredictor.load(path, described.patch(), described.classes(), false, device);
		return new SegmentationModel() {
			@Override
			public ModelSegmentation segmentation(SlidingWindowOptions options) {
				return info != null ? new ModelSegmentation(net, IntensityNormalization.fromName(info.intensityNormalization()), options,
					info.grid()) : new ModelSegmentation(net, described.intensity(), options);
			}

			@Override
			public List<String> classNames() {
				return info == null ? List.of() : info.classNames();
			}

			@Override
			public void close() {
				net.close();
			}
		};
	}
}
