package sc.fiji.meanteacher.infer;

import java.util.Locale;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import sc.fiji.meanteacher.device.OutOfMemory;
import sc.fiji.meanteacher.device.OutOfMemoryException;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * A DJL network as a {@link PatchPredictor}: a batch of patches in, softmax probabilities out.
 * Each call works in its own sub-manager so nothing but the returned floats outlives it.
 */
public final class VNetPredictor implements PatchPredictor {

	private final Block net;
	private final NDManager manager;
	private final int numClasses;
	private final PatchSize patch;

	/**
	 * @param net a network mapping {@code (n, 1, z, y, x)} to logits {@code (n, C, z, y, x)}
	 * @param manager the manager (and device) the network's parameters live on
	 */
	public VNetPredictor(Block net, NDManager manager, int numClasses, PatchSize patch) {
		this.net = net;
		this.manager = manager;
		this.numClasses = numClasses;
		this.patch = patch;
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
		return manager.getDevice().isGpu();
	}

	@Override
	public float[] predict(float[] windows, int n) {
		try (NDManager scope = manager.newSubManager()) {
			NDArray x = scope.create(windows, new Shape(patch.tensorShape(n, 1)));
			NDArray logits = net.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
			return logits.softmax(1).toFloatArray();
		}
		catch (EngineException e) {
			if (!OutOfMemory.isOutOfMemory(e)) throw e;
			throw new OutOfMemoryException(String.format(Locale.ROOT,
				"out of %s memory: %d windows of patch %s in one forward pass did not fit on %s; lower 'Windows per forward "
					+ "pass' (windows=) or use a model with a smaller patch. libtorch: %s", manager.getDevice().isGpu() ? "GPU" : "host",
				n, patch, manager.getDevice().isGpu() ? "gpu" + manager.getDevice().getDeviceId() : "the CPU",
				OutOfMemory.firstLine(e)), e);
		}
	}
}
