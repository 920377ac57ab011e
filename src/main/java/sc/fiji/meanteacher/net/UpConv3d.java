package sc.fiji.meanteacher.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 3-D transposed convolution with kernel 2 and stride 2, which DJL's PyTorch engine lacks.
 * <p>
 * Each input voxel produces a disjoint 2×2×2 output block, so the operation equals a 1×1×1
 * convolution to {@code 8·out} channels followed by a 3-D pixel shuffle that moves those eight
 * channels into the block. The bias is one per output channel, as in
 * {@code torch.nn.ConvTranspose3d}, so the parameter count matches the reference.
 * Weight layout: {@code (out·8, in, 1, 1, 1)} with channel {@code o·8 + a·4 + b·2 + c} feeding
 * output offset (z+a, y+b, x+c) — PyTorch's {@code (in, out, a, b, c)} weight permuted.
 */
final class UpConv3d extends AbstractBlock {

	private final int filters;
	private final Parameter weight;
	private final Parameter bias;

	UpConv3d(int filters) {
		this.filters = filters;
		weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
		bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
			.optShape(new Shape(filters)).build());
	}

	/**
	 * The fan-in PyTorch computes for the equivalent {@code ConvTranspose3d} weight
	 * {@code (in, out, 2, 2, 2)}: its second dimension times the kernel, i.e. {@code out·8}.
	 */
	long torchFanIn() {
		return filters * 8L;
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		weight.setShape(new Shape(filters * 8L, inputShapes[0].get(1), 1, 1, 1));
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = ps.getValue(weight, x.getDevice(), training);
		NDArray b = ps.getValue(bias, x.getDevice(), training);
		Shape s = x.getShape();
		long n = s.get(0), d = s.get(2), h = s.get(3), wd = s.get(4);
		NDArray conv = Conv3d.conv3d(x, w).singletonOrThrow();
		NDArray blocks = conv.reshape(n, filters, 2, 2, 2, d, h, wd);
		NDArray interleaved = blocks.transpose(0, 1, 5, 2, 6, 3, 7, 4);
		NDArray y = Release.after(interleaved.reshape(n, filters, 2 * d, 2 * h, 2 * wd), interleaved, blocks, conv);
		NDArray bias = ChannelBroadcast.view(b, filters, y);
		return new NDList(Release.after(y.add(bias), bias, y));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape s = inputShapes[0];
		return new Shape[] { new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3), 2 * s.get(4)) };
	}
}
