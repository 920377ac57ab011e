package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.infer.PatchPredictor;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * A TorchScript network (a file written by {@code torch.jit.save}, e.g. the Python reference's
 * V-Net after {@code torch.jit.trace}) as a {@link PatchPredictor}: patches {@code (n, 1, z, y, x)}
 * in, logits {@code (n, C, z, y, x)} out, turned into probabilities by a softmax over the classes
 * (or probabilities out, passed on as they are, for a network that ends with its own softmax).
 * <p>
 * A TorchScript file records neither the patch size it was trained on nor its class count, so the
 * caller gives both; one trial pass on a zero patch at load checks them against the network, so a
 * wrong class count or a network of another shape is reported when the file is opened, before any
 * image is segmented or any output written. Owns a libtorch module: close it.
 */
public final class TorchScriptPredictor implements PatchPredictor, AutoCloseable {

	private final Path file;
	private final Model model;
	private final PatchSize patch;
	private final int numClasses;
	private final boolean outputsProbabilities;

	private TorchScriptPredictor(Path file, Model model, PatchSize patch, int numClasses, boolean outputsProbabilities) {
		this.file = file;
		this.model = model;
		this.patch = patch;
		this.numClasses = numClasses;
		this.outputsProbabilities = outputsProbabilities;
	}

	/**
	 * Loads {@code file} onto the engine's device (GPU when there is one).
	 *
	 * @param patch patch size x, y, z the network takes
	 * @param numClasses classes the network predicts, background included
	 * @throws IOException naming the file when it is missing or not a TorchScript file libtorch reads
	 * @throws IllegalArgumentException for an invalid patch or class count, or when the trial pass
	 *           fails or its output is not {@code (1, numClasses, z, y, x)}
	 */
	public static TorchScriptPredictor load(Path file, PatchSize patch, int numClasses) throws IOException {
		return load(file, patch, numClasses, false);
	}

	/**
	 * As {@link #load(Path, PatchSize, int)} for a network that returns class probabilities already
	 * (e.g. the TorchScript of a BioImage Model Zoo package exported by this plugin) when
	 * {@code outputsProbabilities} is set: its output is passed on without a second softmax.
	 */
	public static TorchScriptPredictor load(Path file, PatchSize patch, int numClasses, boolean outputsProbabilities)
		throws IOException
	{
		return load(file, patch, numClasses, outputsProbabilities, null);
	}

	/** As {@link #load(Path, PatchSize, int, boolean)}, onto {@code device} (null: the engine's default, as {@code device=auto}). */
	public static TorchScriptPredictor load(Path file, PatchSize patch, int numClasses, boolean outputsProbabilities, Device device)
		throws IOException
	{
		if (patch == null) throw new IllegalArgumentException(file + ": no patch size given");
		if (numClasses < 2)
			throw new IllegalArgumentException(file + ": need at least 2 classes (background + 1), got " + numClasses);
		if (!Files.exists(file)) throw new IOException(file + ": no such file");
		if (!Files.isRegularFile(file)) throw new IOException(file + ": is a folder, not a TorchScript (.pt) file");
		TorchRuntime.engine();
		String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		Model model = Model.newInstance(name, device != null ? device : TorchRuntime.device(), "PyTorch");
		try {
			// mapLocation: a network saved on a GPU is moved to this machine's device while loading.
			model.load(file, name, Map.of("mapLocation", "true"));
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new IOException(file + ": not a TorchScript file libtorch can read (" + summary(e) + ")", e);
		}
		TorchScriptPredictor predictor = new TorchScriptPredictor(file, model, patch, numClasses, outputsProbabilities);
		try {
			predictor.predict(new float[(int) patch.voxels()], 1);
		}
		catch (RuntimeException e) {
			model.close();
			throw e;
		}
		return predictor;
	}

	/** The file this network was loaded from. */
	public Path file() {
		return file;
	}

	@Override
	public int numClasses() {
		return numClasses;
	}

	@Override
	public PatchSize patchSize() {
		return patch;
	}

	@Override
	public boolean onGpu() {
		return model.getNDManager().getDevice().isGpu();
	}

	/** @throws IllegalArgumentException naming the file when the network fails or returns another shape */
	@Override
	public float[] predict(float[] windows, int n) {
		Shape in = new Shape(patch.tensorShape(n, 1));
		try (NDManager scope = model.getNDManager().newSubManager()) {
			NDList out;
			try {
				out = model.getBlock().forward(new ParameterStore(scope, false), new NDList(scope.create(windows, in)), false);
			}
			catch (RuntimeException e) {
				throw new IllegalArgumentException(file + ": the TorchScript network failed on input " + in + " (n, 1, z, y, x): "
					+ summary(e), e);
			}
			NDArray scores = logitsOf(out, in).toType(DataType.FLOAT32, false);
			return (outputsProbabilities ? scores : scores.softmax(1)).toFloatArray();
		}
	}

	private NDArray logitsOf(NDList out, Shape in) {
		Shape expected = new Shape(in.get(0), numClasses, in.get(2), in.get(3), in.get(4));
		if (out.size() != 1)
			throw new IllegalArgumentException(file + ": the TorchScript network returns " + out.size()
				+ " tensors; expected one tensor of logits " + expected);
		Shape got = out.get(0).getShape();
		if (got.equals(expected)) return out.get(0);
		boolean onlyClassesDiffer = got.dimension() == 5 && got.get(0) == expected.get(0)
			&& got.slice(2).equals(expected.slice(2));
		if (onlyClassesDiffer)
			throw new IllegalArgumentException(file + ": the TorchScript network predicts " + got.get(1)
				+ " classes, but " + numClasses + " were given");
		throw new IllegalArgumentException(file + ": the TorchScript network returns shape " + got + " for input " + in
			+ "; expected logits " + expected + " (n, classes, z, y, x) of the patch size given");
	}

	/**
	 * The useful line of a libtorch message: TorchScript failures put a traceback first and the
	 * error ("RuntimeError: mat1 and mat2 shapes cannot be multiplied ...") last, other messages
	 * carry a C++ stack trace after their first line.
	 */
	private static String summary(Throwable e) {
		String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
		String[] lines = m.split("\\R");
		for (int i = lines.length - 1; i >= 0; i--)
			if (lines[i].matches("\\w*Error: .*")) return lines[i];
		return lines[0];
	}

	@Override
	public void close() {
		model.close();
	}
}
