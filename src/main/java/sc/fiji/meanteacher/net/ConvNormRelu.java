package sc.fiji.meanteacher.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * One or more (convolution → normalisation → ReLU) units in sequence. Kernel 3 / padding 1 keeps
 * the size (V-Net stage); kernel 2 / stride 2 halves it (down-sampling); an {@link UpConv3d}
 * doubles it (up-sampling).
 */
final class ConvNormRelu extends AbstractBlock {

	/** Each unit: its convolution and its normalisation (null for none). */
	private final List<Block[]> units = new ArrayList<>();

	private ConvNormRelu() {}

	/** {@code units} × (3×3×3 convolution, padding 1). */
	static ConvNormRelu stage(int units, int filters, Normalization norm) {
		ConvNormRelu b = new ConvNormRelu();
		for (int i = 0; i < units; i++)
			b.addUnit(i, Conv3d.builder().setKernelShape(new Shape(3, 3, 3)).optPadding(new Shape(1, 1, 1))
				.setFilters(filters).build(), filters, norm);
		return b;
	}

	/** 2×2×2 convolution with stride 2. */
	static ConvNormRelu down(int filters, Normalization norm) {
		ConvNormRelu b = new ConvNormRelu();
		b.addUnit(0, Conv3d.builder().setKernelShape(new Shape(2, 2, 2)).optStride(new Shape(2, 2, 2))
			.setFilters(filters).build(), filters, norm);
		return b;
	}

	/** Stride-2 transposed convolution (kernel 2). */
	static ConvNormRelu up(int filters, Normalization norm) {
		ConvNormRelu b = new ConvNormRelu();
		b.addUnit(0, new UpConv3d(filters), filters, norm);
		return b;
	}

	private void addUnit(int i, Block conv, int filters, Normalization norm) {
		addChildBlock("conv" + i, conv);
		Block n = NormBlocks.create(norm, filters);
		if (n != null) addChildBlock("norm" + i, n);
		units.add(new Block[] { conv, n });
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray input = inputs.singletonOrThrow();
		NDArray x = input;
		for (Block[] unit : units) {
			NDArray y = unit[0].forward(ps, new NDList(x), training, params).singletonOrThrow();
			if (unit[1] != null) y = Release.after(unit[1].forward(ps, new NDList(y), training, params).singletonOrThrow(), y);
			NDArray r = Activation.relu(y);
			y.close();
			if (x != input) x.close();
			x = r;
		}
		return new NDList(x);
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape[] s = inputShapes;
		for (Block child : children.values())
			s = child.getOutputShapes(s);
		return s;
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		Shape[] s = inputShapes;
		for (Block child : children.values()) {
			child.initialize(manager, dataType, s);
			s = child.getOutputShapes(s);
		}
	}
}
