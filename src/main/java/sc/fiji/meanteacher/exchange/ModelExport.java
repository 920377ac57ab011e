package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.model.TrainedModel;

/**
 * Writes a trained model in the formats other software reads: a PyTorch state dict for the
 * UA-MT / LASeg V-Net ({@code .pth}), a TorchScript archive ({@code .pt}) and a BioImage Model
 * Zoo package ({@code .zip}, see {@link BioImageIoPackage}). Every export checks its target
 * first and writes atomically: an existing file is replaced only as the {@link OutputPolicy}
 * allows (never the model's own file), and a failure leaves no partial file.
 */
public final class ModelExport {

	private ModelExport() {}

	/**
	 * The weights as a state dict that {@code torch.load} reads and the UA-MT V-Net's
	 * {@code load_state_dict} accepts (keys and layouts in {@link UaMtStateDict}).
	 *
	 * @param order axis order of the arrays the Python side will feed the network
	 * @throws IllegalArgumentException when the model is not of the UA-MT depth (4)
	 */
	public static void stateDict(TrainedModel model, Path target, AxisOrder order, OutputPolicy policy) throws IOException {
		ExportTarget.check(target, ".pth", policy);
		Map<String, TorchTensor> dict = UaMtStateDict.of(model.net(), order);
		ExportTarget.write(target, policy, StateDictFile.encode(archiveName(target), dict));
	}

	/**
	 * The network with its weights as a TorchScript archive: {@code torch.jit.load} and libtorch
	 * ({@link sc.fiji.meanteacher.exchange.TorchScriptPredictor}) run it; inputs
	 * {@code (n, 1, z, y, x)} normalised as the model's intensity normalisation says, outputs
	 * logits {@code (n, classes, z, y, x)}. Patch size, class names, normalisation, voxel size and
	 * input scale travel as module attributes (see {@link TorchScriptWriter}).
	 */
	public static void torchScript(TrainedModel model, Path target, OutputPolicy policy) throws IOException {
		ExportTarget.check(target, ".pt", policy);
		ExportTarget.write(target, policy, TorchScriptWriter.write(model, archiveName(target), TorchScriptWriter.Output.LOGITS));
	}

	/** The archive's top folder: the file name without extension, as PyTorch names it. */
	static String archiveName(Path target) {
		String name = target.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
		return name.isEmpty() ? "archive" : name;
	}
}
