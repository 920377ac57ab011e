package sc.fiji.meanteacher.net;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The state-dict layout of the PyTorch V-Net of the UA-MT / LASeg code (and of
 * {@code export/vnet_uamt_layout.py}): how each parameter of our {@link VNet} with 4 down-sampling
 * stages is named there and how its tensor is laid out. Networks of other depths get names of the
 * same scheme (the TorchScript export uses them; UA-MT's own networks all have 4 stages).
 * <ul>
 * <li>Stages: encoder level 0..4 = {@code block_one .. block_five}, its down-sampling
 * {@code block_one_dw .. block_four_dw}; decoder level 3..0 = {@code block_six .. block_nine}, the
 * up-sampling into decoder level l is named after the stage that feeds it
 * ({@code block_five_up} into level 3, then {@code block_six_up}, ...); the output convolution
 * {@code out_conv}.</li>
 * <li>Inside a stage, unit j's convolution is {@code conv.<3j>} and its normalisation
 * {@code conv.<3j+1>} (each unit is conv, norm, ReLU; without normalisation conv, ReLU, so the
 * convolution is {@code conv.<2j>}); batch norm's gamma/beta/running statistics are
 * {@code weight/bias/running_mean/running_var} (PyTorch adds {@code num_batches_tracked}).</li>
 * <li>Up-sampling weights: ours {@code (out·8, in, 1, 1, 1)}, channel {@code o·8 + a·4 + b·2 + c};
 * PyTorch's {@code ConvTranspose3d} {@code (in, out, 2, 2, 2)} at {@code [i, o, a, b, c]}.</li>
 * </ul>
 * Tensor axes are passed through unchanged: our tensors are (z, y, x), so a network trained on
 * arrays in another axis order needs its kernels' spatial axes reversed
 * ({@code exchange.AxisOrder}; README, "Bring a model from Python").
 */
public final class UaMtLayout {

	/** The UA-MT network has exactly this many down-sampling stages. */
	public static final int DEPTH = 4;

	/** Stage names: block_one .. block_nine for 4 stages, continued the same way for other depths. */
	private static final String[] WORDS = { "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen" };
	private static final Pattern STAGE = Pattern.compile(
		"\\d+(enc|down|up|dec)(\\d+)_\\d+(conv|norm)(\\d+)_(weight|bias|gamma|beta|runningMean|runningVar)");
	private static final Pattern OUTPUT = Pattern.compile("\\d+out_(weight|bias)");

	private UaMtLayout() {}

	/**
	 * The PyTorch state-dict key of one of our parameter names (as {@code VNet.getParameters()}
	 * gives them) in a network with normalisation layers.
	 */
	public static String torchName(String ourName) {
		return torchName(ourName, Normalization.BATCH);
	}

	/** As {@link #torchName(String)} for a network with normalisation {@code norm}. */
	public static String torchName(String ourName, Normalization norm) {
		return torchName(ourName, norm, DEPTH);
	}

	/**
	 * As {@link #torchName(String)} for a V-Net with normalisation {@code norm} and {@code depth}
	 * down-sampling stages: the UA-MT names for depth 4, the same scheme continued for other depths
	 * (encoder stages from {@code block_one}, then the decoder stages; 2·depth + 1 in all).
	 */
	public static String torchName(String ourName, Normalization norm, int depth) {
		if (depth < 1 || 2 * depth >= WORDS.length)
			throw new IllegalArgumentException("no stage names for a V-Net with " + depth + " down-sampling stages");
		Matcher out = OUTPUT.matcher(ourName);
		if (out.matches()) return "out_conv." + out.group(1);
		Matcher m = STAGE.matcher(ourName);
		if (!m.matches()) throw new IllegalArgumentException("'" + ourName + "' is not a parameter of a V-Net");
		int level = Integer.parseInt(m.group(2));
		int unit = Integer.parseInt(m.group(4));
		String kind = m.group(1);
		int maxLevel = kind.equals("enc") ? depth : depth - 1;
		if (level > maxLevel)
			throw new IllegalArgumentException("'" + ourName + "' belongs to a V-Net deeper than " + (depth == DEPTH
				? "the UA-MT layout's " : "") + depth + " down-sampling stages");
		String block = switch (kind) {
			case "enc" -> encoderBlock(level);
			case "down" -> encoderBlock(level) + "_dw";
			case "up" -> upBlock(level, depth);
			default -> decoderBlock(level, depth);
		};
		int layersPerUnit = norm == Normalization.NONE ? 2 : 3;
		int index = layersPerUnit * unit + (m.group(3).equals("norm") ? 1 : 0);
		String param = switch (m.group(5)) {
			case "gamma" -> "weight";
			case "beta" -> "bias";
			case "runningMean" -> "running_mean";
			case "runningVar" -> "running_var";
			default -> m.group(5);
		};
		return block + ".conv." + index + "." + param;
	}

	/** {@code block_<k>} of encoder stage {@code level} (0 = full resolution). */
	public static String encoderBlock(int level) {
		return "block_" + WORDS[level];
	}

	/** The decoder stage at {@code level} of a V-Net with {@code depth} stages (block_six .. block_nine for depth 4). */
	public static String decoderBlock(int level, int depth) {
		return "block_" + WORDS[2 * depth - level];
	}

	/** The up-sampling into decoder {@code level}, named after the stage that feeds it ({@code block_five_up} into level 3). */
	public static String upBlock(int level, int depth) {
		return (level == depth - 1 ? encoderBlock(depth) : decoderBlock(level + 1, depth)) + "_up";
	}

	/** Whether our parameter is an up-sampling weight, whose layout differs from PyTorch's. */
	public static boolean isUpConvWeight(String ourName) {
		Matcher m = STAGE.matcher(ourName);
		return m.matches() && m.group(1).equals("up") && m.group(3).equals("conv") && m.group(5).equals("weight");
	}

	/** The PyTorch shape of one of our parameters. */
	public static Shape torchShape(String ourName, Shape ours) {
		if (!isUpConvWeight(ourName)) return ours;
		return new Shape(ours.get(1), ours.get(0) / 8, 2, 2, 2);
	}

	/** Our tensor in PyTorch's layout (a new array, same manager). */
	public static NDArray toTorch(String ourName, NDArray ours) {
		if (!isUpConvWeight(ourName)) return ours.duplicate();
		Shape s = ours.getShape();
		long out = s.get(0) / 8, in = s.get(1);
		return ours.reshape(out, 2, 2, 2, in).transpose(4, 0, 1, 2, 3).duplicate();
	}

	/** A PyTorch tensor in our layout (a new array, same manager). */
	public static NDArray fromTorch(String ourName, NDArray torch) {
		if (!isUpConvWeight(ourName)) return torch.duplicate();
		Shape s = torch.getShape();
		long in = s.get(0), out = s.get(1);
		return torch.transpose(1, 2, 3, 4, 0).reshape(out * 8, in, 1, 1, 1);
	}
}
