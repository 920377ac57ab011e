package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.IntensityNormalization;

/**
 * Turns a PyTorch checkpoint of the UA-MT / LASeg V-Net (a {@code .pth} state dict written by
 * {@code torch.save}, PyTorch ≥ 1.6) into a model of this plugin, read without Python. The
 * checkpoint holds the network only; what a model also needs — the patch size, the intensity
 * normalisation, class names, voxel size, input scale and the axis order of the arrays the
 * network was trained on — comes from {@link Settings}.
 */
public final class ModelImport {

	/** What a checkpoint does not say. */
	public static final class Settings {
		/** Patch size x, y, z (the reference's 112, 112, 80 for LA). */
		public int[] patch = { 112, 112, 80 };
		/** Intensity normalisation the network's inputs had ({@link IntensityNormalization#id()}). */
		public String intensityNormalization = IntensityNormalization.ZSCORE.id();
		/** One name per class, background first; empty for "background", "foreground" / "class k". */
		public List<String> classNames = new ArrayList<>();
		/** Factor the training images were resampled by (1 = not resampled). */
		public double inputScale = 1;
		/** Voxel size x, y, z of the training data. */
		public double[] voxelSize = { 1, 1, 1 };
		/** Axis order of the arrays the network was trained on: x,y,z for the LA HDF5 files of UA-MT. */
		public AxisOrder axisOrder = AxisOrder.XYZ;
		/** Key of the state dict inside a checkpoint dict; null to find it. */
		public String entry;
	}

	private ModelImport() {}

	/**
	 * Reads {@code checkpoint} into a new model (close it).
	 *
	 * @throws IOException naming the file for anything unreadable or of another architecture
	 * @throws IllegalArgumentException for settings that do not fit the network
	 */
	public static TrainedModel fromStateDict(Path checkpoint, Settings settings) throws IOException {
		Map<String, TorchTensor> dict = StateDictFile.read(checkpoint, settings.entry);
		VNetConfig cfg;
		try {
			cfg = UaMtStateDict.configOf(dict, checkpoint.toString());
		}
		catch (IllegalArgumentException e) {
			throw new IOException(e.getMessage(), e);
		}
		ModelDescriptor d = descriptor(cfg, checkpoint, settings);
		NDManager manager = TorchRuntime.engine().newBaseManager(TorchRuntime.device());
		try {
			VNet net = VNet.create(cfg, manager, d.patchSize);
			try {
				UaMtStateDict.load(net, dict, settings.axisOrder, checkpoint.toString());
			}
			catch (IllegalArgumentException e) {
				throw new IOException(e.getMessage(), e);
			}
			return new TrainedModel(d, net, manager);
		}
		catch (IOException | RuntimeException e) {
			manager.close();
			throw e;
		}
	}

	private static ModelDescriptor descriptor(VNetConfig cfg, Path checkpoint, Settings s) {
		if (s.patch == null) throw new IllegalArgumentException("a patch size is needed: the checkpoint does not record one");
		cfg.requirePatchFits(s.patch);
		ModelDescriptor d = ModelDescriptor.of(cfg, s.patch);
		d.intensityNormalization = IntensityNormalization.fromName(s.intensityNormalization).id();
		if (s.classNames != null && !s.classNames.isEmpty()) {
			if (s.classNames.size() != cfg.numClasses())
				throw new IllegalArgumentException(s.classNames.size() + " class names given " + s.classNames + ", but the checkpoint's "
					+ "network predicts " + cfg.numClasses() + " classes (background included)");
			d.classNames = new ArrayList<>(s.classNames);
		}
		if (!(s.inputScale > 0) || Double.isInfinite(s.inputScale))
			throw new IllegalArgumentException("input scale must be a positive number, got " + s.inputScale);
		d.inputScale = s.inputScale;
		if (s.voxelSize == null || s.voxelSize.length != 3 || Arrays.stream(s.voxelSize).anyMatch(v -> !(v > 0) || Double.isInfinite(v)))
			throw new IllegalArgumentException("voxel size must be 3 positive numbers (x, y, z), got " + Arrays.toString(s.voxelSize));
		d.voxelSize = s.voxelSize.clone();
		d.training.method = "imported";
		d.training.importedFrom = checkpoint.getFileName().toString();
		d.training.importedAxisOrder = s.axisOrder.id();
		d.training.date = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
		d.requireValid(checkpoint.toString());
		return d;
	}
}
