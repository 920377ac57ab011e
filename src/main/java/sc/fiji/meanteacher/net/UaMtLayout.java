package sc.fiji.meanteacher.net;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The state-dict layout of the PyTorch V-Net of the UA-MT / LASeg code (and of
 * {@code export/vnet_uamt_layout.py}): how each parameter of our {@link VNet} with 4 down-sampling
 * stages is named there and how its tensor is laid out.
 * <ul>
 * <li>Stages: encoder level 0..4 = {@code block_one .. block_five}, its down-sampling
 * {@code block_one_dw .. block_four_dw}; decoder level 3..0 = {@code block_six .. block_nine}, the
 * up-sampling into decoder level l is named after the stage that feeds it
 * ({@code block_five_up} into level 3, then {@code block_six_up}, ...); the output convolution
 * {@code out_conv}.</li>
 * <li>Inside a stage, unit j's convolution is {@code conv.<3j>} and its normalisation
 * {@code conv.<3j+1>} (each unit is conv, norm, ReLU); batch norm's gamma/beta/running statistics
 * are {@code weight/bias/running_mean/running_var}.</li>
 * <li>Up-sampling weights: ours {@code (out·8, in, 1, 1, 1)}, channel {@code o·8 + a·4 + b·2 + c};
 * PyTorch's {@code ConvTranspose3d} {@code (in, out, 2, 2, 2)} at {@code [i, o, a, b, c]}.</li>
 * </ul>
 * Tensor axes are passed through unchanged: our tensors are (z, y, x), so a network trained on
 * arrays in another axis order sees its kernels transposed (see the model-exchange notes in README).
 */
public final class UaMtLayout {

	/** The UA-MT network has exactly this many down-sampling stages. */
	public static final int DEPTH = 4;

	private static final String[] ENCODER = { "block_one", "block_two", "block_three", "block_four", "block_five" };
	private static final String[] DECODER = { "block_nine", "block_eight", "block_seven", "block_six" };
	private static final Pattern STAGE = Pattern.compile(
		"\\d+(enc|down|up|dec)(\\d+)_\\d+(conv|norm)(\\d+)_(weight|bias|gamma|beta|runningMean|runningVar)");
	private static final Pattern OUTPUT = Pattern.compile("\\d+out_(weight|bias)");

	private UaMtLayout() {}

	/** The PyTorch state-dict key of one of our parameter names (as {@code VNet.getParameters()} gives them). */
	public static String torchName(String ourName) {
		Matcher out = OUTPUT.matcher(ourName);
		if (out.matches()) return "out_conv." + out.group(1);
		Matcher m = STAGE.matcher(ourName);
		if (!m.matches()) throw new IllegalArgumentException("'" + ourName + "' is not a parameter of a V-Net");
		int level = Integer.parseInt(m.group(2));
		int unit = Integer.parseInt(m.group(4));
		String kind = m.group(1);
		int maxLevel = kind.equals("enc") ? DEPTH : DEPTH - 1;
		if (level > maxLevel) throw new IllegalArgumentException("'" + ourName + "' belongs to a V-Net deeper than the UA-MT layout's "
			+ DEPTH + " down-sampling stages");
		String block = switch (kind) {
			case "enc" -> ENCODER[level];
			case "down" -> ENCODER[level] + "_dw";
			case "up" -> (level == DEPTH - 1 ? ENCODER[DEPTH] : DECODER[level + 1]) + "_up";
			default -> DECODER[level];
		};
		int index = 3 * unit + (m.group(3).equals("norm") ? 1 : 0);
		String param = switch (m.group(5)) {
			case "gamma" -> "weight";
			case "beta" -> "bias";
			case "runningMean" -> "running_mean";
			case "runningVar" -> "running_var";
			default -> m.group(5);
		};
		return block + ".conv." + index + "." + param;
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
