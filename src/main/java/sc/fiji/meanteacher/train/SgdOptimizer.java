package sc.fiji.meanteacher.train;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.net.WeightIO;

/**
 * SGD with momentum and L2 weight decay, exactly as {@code torch.optim.SGD} (no dampening, not
 * Nesterov): {@code g = ∇ + λw; v = μv + g; w −= lr·v}.
 * <p>
 * Written here rather than using DJL's optimiser because the momentum buffers must be saved in
 * checkpoints for an exact resume, and DJL keeps them private.
 */
public final class SgdOptimizer implements AutoCloseable {

	private final List<String> names = new ArrayList<>();
	private final List<Parameter> params = new ArrayList<>();
	private final List<NDArray> momentum = new ArrayList<>();
	private final float mu;
	private final float weightDecay;
	private final NDManager manager;

	public SgdOptimizer(Block net, NDManager parent, double momentum, double weightDecay) {
		this.mu = (float) momentum;
		this.weightDecay = (float) weightDecay;
		this.manager = parent.newSubManager();
		for (Pair<String, Parameter> entry : net.getParameters()) {
			Parameter p = entry.getValue();
			if (!p.requiresGradient()) continue;
			names.add(entry.getKey());
			params.add(p);
			this.momentum.add(manager.zeros(p.getArray().getShape(), p.getArray().getDataType(), p.getArray().getDevice()));
		}
	}

	/** Applies one step with the gradients accumulated by backward, then zeroes them. */
	public void step(double learningRate) {
		float lr = (float) learningRate;
		JniUtils.setGradMode(false);
		for (int i = 0; i < params.size(); i++) {
			NDArray w = params.get(i).getArray();
			NDArray v = momentum.get(i);
			try (NDArray grad = w.getGradient()) {
				if (weightDecay != 0) {
					try (NDArray decay = w.mul(weightDecay)) {
						grad.addi(decay);
					}
				}
				v.muli(mu).addi(grad);
				try (NDArray delta = v.mul(lr)) {
					w.subi(delta);
				}
			}
			JniUtils.zeroGrad((PtNDArray) w);
		}
	}

	/** Momentum buffers, in parameter order, for checkpoints. */
	public NDList state() {
		NDList list = new NDList();
		for (int i = 0; i < params.size(); i++) {
			NDArray v = momentum.get(i);
			v.setName(names.get(i));
			list.add(v);
		}
		return list;
	}

	/** Restores momentum buffers saved by {@link #state()}. */
	public void restore(NDList saved) {
		if (saved.size() != momentum.size())
			throw new IllegalArgumentException("optimiser state holds " + saved.size() + " buffers, the network needs " + momentum.size());
		for (int i = 0; i < momentum.size(); i++) {
			NDArray src = saved.get(i);
			if (!src.getShape().equals(momentum.get(i).getShape()))
				throw new IllegalArgumentException("optimiser state for " + names.get(i) + " has shape "
					+ src.getShape() + ", expected " + momentum.get(i).getShape());
			WeightIO.assign(momentum.get(i), src);
		}
	}

	@Override
	public void close() {
		manager.close();
	}
}
