package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.VoxelSpacing;

/**
 * What a TorchScript archive written by {@link TorchScriptWriter} says about its network (the top
 * module's attributes), so that it can be segmented with without asking for patch size, classes
 * and normalisation.
 *
 * @param patch the patch the network was trained on
 * @param classNames one per class, background first
 * @param intensityNormalization the model's intensity normalisation id
 * @param inputScale factor images are resampled by before the network sees them
 * @param inputSpacing voxel size images are resampled to before the network sees them, null for
 *          none (and in files written before the attribute existed)
 * @param voxelSize voxel size x, y, z of the training data
 * @param probabilities whether the network returns probabilities (else logits)
 */
public record TorchScriptInfo(PatchSize patch, List<String> classNames, String intensityNormalization, double inputScale,
	VoxelSpacing inputSpacing, double[] voxelSize, boolean probabilities)
{
	/**
	 * The description in {@code file}, or null when it is not a TorchScript archive of this plugin
	 * (any other TorchScript file, or a file that cannot be read: libtorch reports on those).
	 */
	public static TorchScriptInfo read(Path file) {
		try {
			TorchArchive a = TorchArchive.read(file, "TorchScript file");
			Object root = TorchUnpickler.load(a.record(file, "data.pkl"), file + ": data.pkl", null);
			if (!(root instanceof PickleReader.Instance top)
				|| !top.type.is(TorchScriptWriter.MODULE, TorchScriptWriter.TOP)) return null;
			Map<Object, Object> at = top.attributes();
			List<?> patch = (List<?>) at.get("patch_size_xyz"), voxel = (List<?>) at.get("voxel_size_xyz");
			List<String> names = new ArrayList<>();
			for (Object n : (List<?>) at.get("class_names")) names.add((String) n);
			int[] p = new int[3];
			double[] v = new double[3];
			for (int i = 0; i < 3; i++) {
				p[i] = ((Number) patch.get(i)).intValue();
				v[i] = ((Number) voxel.get(i)).doubleValue();
			}
			List<?> spacing = (List<?>) at.get("input_spacing_xyz");
			VoxelSpacing s = spacing == null || spacing.isEmpty() ? null : new VoxelSpacing(((Number) spacing.get(0)).doubleValue(),
				((Number) spacing.get(1)).doubleValue(), ((Number) spacing.get(2)).doubleValue());
			return new TorchScriptInfo(PatchSize.of(p), List.copyOf(names), (String) at.get("intensity_normalization"),
				((Number) at.get("input_scale")).doubleValue(), s, v, "probabilities".equals(at.get("output")));
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/** The grid images are brought to before the network sees them: the spacing if there is one, else the scale. */
	public GridTarget grid() {
		return new GridTarget(inputScale, inputSpacing);
	}

	/** Loads the network with its own patch size and class count. */
	public TorchScriptPredictor load(Path file) throws IOException {
		return TorchScriptPredictor.load(file, patch, classNames.size(), probabilities);
	}

	/** As {@link #load(Path)}, onto {@code device}. */
	public TorchScriptPredictor load(Path file, Device device) throws IOException {
		return TorchScriptPredictor.load(file, patch, classNames.size(), probabilities, device);
	}
}
