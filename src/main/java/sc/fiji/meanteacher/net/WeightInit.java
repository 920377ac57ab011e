package sc.fiji.meanteacher.net;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How a new network's convolution weights and biases are drawn. Normalisation layers always start
 * at scale 1 and shift 0.
 */
public enum WeightInit {

	/**
	 * PyTorch's default for {@code Conv3d} and {@code ConvTranspose3d}, which the reference V-Net
	 * keeps: weights and biases uniform in ±1/√fan_in (kaiming-uniform with a = √5). Measured on
	 * the left-atrium split: 6 to 7 Dice points above {@link #HE_NORMAL} at 800 iterations.
	 */
	PYTORCH("pytorch"),

	/**
	 * He normal, sd √(2/fan_in) with DJL's fan-in (input channels × kernel voxels of the stored
	 * weight), biases 0: the first releases' choice, kept for comparison and drawn exactly as then.
	 */
	HE_NORMAL("he");

	private final String id;

	WeightInit(String id) {
		this.id = id;
	}

	public String id() { return id; }

	public static WeightInit fromName(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		for (WeightInit w : values())
			if (w.id.equals(n) || w.name().toLowerCase(Locale.ROOT).equals(n)) return w;
		throw new IllegalArgumentException("unknown weight initialisation '" + name + "' (pytorch or he)");
	}

	/**
	 * Gives the convolutions of {@code net}, just initialised by DJL with He-normal weights and zero
	 * biases ({@link VNet}'s initialiser), this scheme: for {@link #PYTORCH} every weight and bias
	 * is redrawn from libtorch's generator, in block order, weight before bias.
	 */
	void apply(Block net) {
		if (this == HE_NORMAL) return;
		JniUtils.setGradMode(false);
		visit(net);
	}

	private void visit(Block block) {
		if (block instanceof Conv3d || block instanceof UpConv3d) {
			NDArray w = block.getParameters().get("weight").getArray();
			Parameter b = block.getParameters().get("bias");
			long fanIn = block instanceof UpConv3d up ? up.torchFanIn() : fanInOfConv(w.getShape());
			draw(w, fanIn);
			if (b != null) draw(b.getArray(), fanIn);
			return;
		}
		for (Block child : block.getChildren().values()) visit(child);
	}

	/** Input channels × kernel voxels of a {@code (out, in, k, k, k)} weight. */
	private static long fanInOfConv(Shape s) {
		long receptive = 1;
		for (int i = 2; i < s.dimension(); i++) receptive *= s.get(i);
		return s.get(1) * receptive;
	}

	private static void draw(NDArray target, long fanIn) {
		float bound = (float) (1 / Math.sqrt(fanIn));
		try (NDArray value = target.getManager().randomUniform(-bound, bound, target.getShape(), target.getDataType(),
			target.getDevice()))
		{
			WeightIO.assign(target, value);
		}
	}
}
