package sc.fiji.meanteacher.infer;

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
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;

/** This plugin's own model: a folder or {@code .zip} holding {@code model.json} and the weights. */
@Plugin(type = ModelFormat.class, priority = Priority.NORMAL)
public final class NativeModelFormat implements ModelFormat {

	@Override
	public String name() {
		return "Mean Teacher model";
	}

	/** A folder with {@code model.json}, or a zip with a {@code model.json} entry (also inside one top folder). */
	@Override
	public boolean canOpen(Path path) {
		if (Files.isDirectory(path)) return Files.isRegularFile(path.resolve(ModelDescriptor.DESCRIPTOR_FILE));
		if (!Files.isRegularFile(path)) return false;
		try (ZipFile zip = new ZipFile(path.toFile())) {
			for (ZipEntry e : Collections.list(zip.entries()))
				if (e.getName().equals(ModelDescriptor.DESCRIPTOR_FILE) || e.getName().endsWith("/" + ModelDescriptor.DESCRIPTOR_FILE))
					return true;
			return false;
		}
		catch (IOException e) {
			return false;
		}
	}

	@Override
	public SegmentationModel open(Path path, Device device, Supplier<BareNetwork> bare) throws IOException {
		TrainedModel model = TrainedModel.load(path, device);
		return new SegmentationModel() {
			@Override
			public ModelSegmentation segmentation(SlidingWindowOptions options) {
				return new ModelSegmentation(model, options);
			}

			@Override
			public List<String> classNames() {
				List<String> names = model.descriptor().classNames;
				return names == null ? List.of() : names;
			}

			@Override
			public void close() {
				model.close();
			}
		};
	}
}
