package sc.fiji.meanteacher.net;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import ai.djl.util.PairList;

/**
 * V-Net (Milletari et al. 2016) in the topology of the semi-supervised left-atrium literature:
 * an encoder of {@code depth + 1} convolution stages (1, 2, 3, 3, 3 convolutions) joined by
 * stride-2 convolutions that double the filters, a mirrored decoder whose stride-2 transposed
 * convolutions halve them and whose skips are added (not concatenated), and a 1×1×1 output
 * convolution to class logits. Input {@code (n, channels, z, y, x)}, output
 * {@code (n, classes, z, y, x)}: logits, not probabilities.
 */
public final class VNet extends AbstractBlock {

	private final VNetConfig config;
	private final List<Block> encoder = new ArrayList<>();
	private final List<Block> down = new ArrayList<>();
	private final List<Block> up = new ArrayList<>();
	private final List<Block> decoder = new ArrayList<>();
	private final Block dropout;
	private final Block output;

	public VNet(VNetConfig config) {
		this.config = config;
		Normalization norm = config.normalization();
		int d = config.depth();
		for (int level = 0; level <= d; level++) {
			encoder.add(addChildBlock("enc" + level, ConvNormRelu.stage(config.convsAt(level), config.filters(level), norm)));
			if (level < d) down.add(addChildBlock("down" + level, ConvNormRelu.down(config.filters(level + 1), norm)));
		}
		for (int level = d - 1; level >= 0; level--) {
			up.add(addChildBlock("up" + level, ConvNormRelu.up(config.filters(level), norm)));
			decoder.add(addChildBlock("dec" + level, ConvNormRelu.stage(config.convsAt(level), config.filters(level), norm)));
		}
		dropout = config.dropout() ? addChildBlock("dropout", new ChannelDropout3d(VNetConfig.DROPOUT_P)) : null;
		output = addChildBlock("out", Conv3d.builder().setKernelShape(new Shape(1, 1, 1)).setFilters(config.numClasses()).build());
		// DJL draws He-normal weights and zero biases; WeightInit may redraw them (see create).
		setInitializer(new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2), Parameter.Type.WEIGHT);
	}

	public VNetConfig config() {
		return config;
	}

	/**
	 * Creates and initialises the network for a patch with PyTorch's default initialisation (as the
	 * reference); parameters are drawn from libtorch's generator, so call
	 * {@code engine.setRandomSeed} first for a repeatable start.
	 */
	public static VNet create(VNetConfig config, NDManager manager, int[] patch) {
		return create(config, manager, patch, WeightInit.PYTORCH);
	}

	/** {@link #create(VNetConfig, NDManager, int[])} with the given initialisation. */
	public static VNet create(VNetConfig config, NDManager manager, int[] patch, WeightInit init) {
		config.requirePatchFits(patch);
		VNet net = new VNet(config);
		net.initialize(manager, DataType.FLOAT32, new Shape(1, config.inChannels(), patch[2], patch[1], patch[0]));
		init.apply(net);
		return net;
	}

	/** Number of trainable parameters (running statistics excluded). */
	public long trainableParameterCount() {
		long n = 0;
		for (Parameter p : getParameters().values())
			if (p.requiresGradient()) n += p.getArray().size();
		return n;
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray input = inputs.singletonOrThrow();
		int d = config.depth();
		NDArray[] skips = new NDArray[d];
		NDArray x = input;
		for (int level = 0; level < d; level++) {
			skips[level] = next(encoder.get(level), ps, x, input, training, params);
			x = apply(down.get(level), ps, skips[level], training, params);
		}
		x = next(encoder.get(d), ps, x, input, training, params);
		if (dropout != null) x = next(dropout, ps, x, input, training, params);
		for (int i = 0; i < d; i++) {
			int level = d - 1 - i;
			NDArray upsampled = next(up.get(i), ps, x, input, training, params);
			x = Release.after(upsampled.add(skips[level]), upsampled, skips[level]);
			x = next(decoder.get(i), ps, x, input, training, params);
		}
		if (dropout != null) x = next(dropout, ps, x, input, training, params);
		return new NDList(next(output, ps, x, input, training, params));
	}

	private static NDArray apply(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
		return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
	}

	/** {@link #apply}, then closes {@code x} unless it is the caller's input (see {@link Release}). */
	private static NDArray next(Block b, ParameterStore ps, NDArray x, NDArray input, boolean training,
		PairList<String, Object> params)
	{
		NDArray y = apply(b, ps, x, training, params);
		return x == input ? y : Release.after(y, x);
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		return new Shape[] { new Shape(s.get(0), config.numClasses(), s.get(2), s.get(3), s.get(4)) };
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		Shape[] s = inputShapes;
		int d = config.depth();
		Shape[][] skipShapes = new Shape[d][];
		for (int level = 0; level < d; level++) {
			s = init(encoder.get(level), manager, dataType, s);
			skipShapes[level] = s;
			s = init(down.get(level), manager, dataType, s);
		}
		s = init(encoder.get(d), manager, dataType, s);
		if (dropout != null) dropout.initialize(manager, dataType, s);
		for (int i = 0; i < d; i++) {
			s = init(up.get(i), manager, dataType, s);
			s = init(decoder.get(i), manager, dataType, s);
		}
		init(output, manager, dataType, s);
	}

	private static Shape[] init(Block b, NDManager manager, DataType dataType, Shape[] in) {
		b.initialize(manager, dataType, in);
		return b.getOutputShapes(in);
	}
}
