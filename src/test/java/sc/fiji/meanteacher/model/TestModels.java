package sc.fiji.meanteacher.model;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.net.WeightInit;

/** Small V-Net models with seeded, non-default parameters for tests of the model file and inference. */
public final class TestModels {

	/** Patch of every test model: the smallest that a depth-3 V-Net accepts. */
	public static final int[] PATCH = { 8, 8, 8 };

	private TestModels() {}

	/** A 2-class batch-norm V-Net with dropout, as the reference but smaller. */
	public static VNetConfig config(int baseFilters, int depth) {
		return new VNetConfig(1, 2, baseFilters, depth, Normalization.BATCH, true);
	}

	/**
	 * A model of {@code cfg} whose every parameter is drawn from {@code seed}: He-initialised
	 * weights and random biases, affine norm parameters and running statistics, so that a loader
	 * that dropped or reset any of them would change the network's output.
	 */
	public static TrainedModel random(VNetConfig cfg, long seed) {
		return random(cfg, seed, PATCH);
	}

	/** As {@link #random(VNetConfig, long)} with another patch size (a depth-4 network needs 16). */
	public static TrainedModel random(VNetConfig cfg, long seed, int[] patch) {
		TorchRuntime.engine().setRandomSeed((int) seed);
		NDManager manager = TorchRuntime.engine().newBaseManager(TorchRuntime.device());
		VNet net = VNet.create(cfg, manager, patch, WeightInit.HE_NORMAL);
		Random rnd = new Random(seed);
		for (Pair<String, Parameter> p : net.getParameters()) {
			Parameter.Type type = p.getValue().getType();
			if (type == Parameter.Type.WEIGHT) continue;
			NDArray a = p.getValue().getArray();
			float[] v = new float[(int) a.size()];
			for (int i = 0; i < v.length; i++) {
				double g = rnd.nextGaussian();
				v[i] = (float) (type == Parameter.Type.RUNNING_VAR ? 0.5 + rnd.nextDouble()
					: type == Parameter.Type.GAMMA ? 1 + 0.2 * g : 0.2 * g);
			}
			a.set(v);
		}
		ModelDescriptor d = ModelDescriptor.of(cfg, patch);
		d.training.method = "test";
		return new TrainedModel(d, net, manager);
	}
}
