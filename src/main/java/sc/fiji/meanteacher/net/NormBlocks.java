package sc.fiji.meanteacher.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/** Normalisation blocks for {@link Normalization}. */
final class NormBlocks {

	static final int GROUPS = 16;
	static final float EPS = 1e-5f;

	private NormBlocks() {}

	/** The block for {@code norm} over {@code channels}, or null for {@link Normalization#NONE}. */
	static Block create(Normalization norm, int channels) {
		switch (norm) {
			case BATCH:
				// DJL's momentum is PyTorch's (1 - momentum): 0.9 here = PyTorch's default 0.1.
				return BatchNorm.builder().optMomentum(0.9f).optEpsilon(EPS).build();
			case GROUP:
				return new GroupNorm(Normalization.groupsFor(channels), channels, true);
			case INSTANCE:
				return new GroupNorm(channels, channels, false);
			default:
				return null;
		}
	}

	/**
	 * Group normalisation over (channels of a group × spatial); with {@code groups == channels} and
	 * no affine parameters it is instance normalisation.
	 */
	static final class GroupNorm extends AbstractBlock {
		private final int groups;
		private final int channels;
		private final Parameter gamma;
		private final Parameter beta;

		GroupNorm(int groups, int channels, boolean affine) {
			if (channels % groups != 0)
				throw new IllegalArgumentException(channels + " channels cannot be split into " + groups + " groups");
			this.groups = groups;
			this.channels = channels;
			if (affine) {
				gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
					.optShape(new Shape(channels)).optInitializer(new ConstantInitializer(1)).build());
				beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
					.optShape(new Shape(channels)).optInitializer(new ConstantInitializer(0)).build());
			}
			else {
				gamma = null;
				beta = null;
			}
		}

		@Override
		protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
			NDArray x = inputs.singletonOrThrow();
			Shape s = x.getShape();
			NDArray g = x.reshape(s.get(0), groups, -1);
			NDArray mean = g.mean(new int[] { 2 }, true);
			NDArray centred = g.sub(mean);
			NDArray var = centred.square().mean(new int[] { 2 }, true);
			NDArray y = centred.div(var.add(EPS).sqrt()).reshape(s);
			if (gamma != null) {
				NDArray gm = ChannelBroadcast.view(ps.getValue(gamma, x.getDevice(), training), channels, y);
				NDArray bt = ChannelBroadcast.view(ps.getValue(beta, x.getDevice(), training), channels, y);
				y = y.mul(gm).add(bt);
			}
			return new NDList(y);
		}

		@Override
		public Shape[] getOutputShapes(Shape[] inputShapes) {
			return inputShapes;
		}
	}
}
