package sc.fiji.meanteacher.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Drops whole channels (PyTorch's {@code Dropout3d}, missing in DJL) while training and scales the
 * kept ones by 1/(1-p); identity at inference. The mask comes from libtorch's generator, which the
 * trainer reseeds every iteration so runs repeat and resume exactly.
 */
final class ChannelDropout3d extends AbstractBlock {

	private final double p;

	ChannelDropout3d(double p) {
		if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
		this.p = p;
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		if (!training || p == 0) return new NDList(x);
		Shape s = x.getShape();
		NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(s.get(0), s.get(1), 1, 1, 1), DataType.FLOAT32, x.getDevice())
			.gte(p).toType(DataType.FLOAT32, false).muli((float) (1 / (1 - p)));
		return new NDList(x.mul(keep));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		return inputShapes;
	}
}
