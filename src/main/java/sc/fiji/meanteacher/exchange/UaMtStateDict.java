package sc.fiji.meanteacher.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.net.WeightIO;

/**
 * Our {@link VNet} as a PyTorch state dict in the layout of the UA-MT / LASeg V-Net
 * ({@code networks/vnet.py}, and {@code export/vnet_uamt_layout.py} of this plugin): keys and
 * tensor layouts from {@link UaMtLayout}, batch norm's {@code num_batches_tracked} added (as 0:
 * our training does not count it), and the kernels' spatial axes in the order of the arrays the
 * Python side will use ({@link AxisOrder}).
 */
public final class UaMtStateDict {

	private static final String FIRST_CONV = "block_one.conv.0.weight";
	private static final String OUT_CONV = "out_conv.weight";
	private static final int LISTED = 6;

	private UaMtStateDict() {}

	/**
	 * The state dict of {@code net} for a PyTorch V-Net fed arrays in {@code order}.
	 *
	 * @throws IllegalArgumentException when the network is not of the UA-MT layout's depth
	 */
	public static Map<String, TorchTensor> of(VNet net, AxisOrder order) {
		VNetConfig cfg = net.config();
		requireUaMtDepth(cfg);
		Map<String, TorchTensor> dict = new LinkedHashMap<>();
		for (Pair<String, Parameter> p : net.getParameters()) {
			String ours = p.getKey();
			String key = UaMtLayout.torchName(ours, cfg.normalization());
			try (NDArray torch = UaMtLayout.toTorch(ours, p.getValue().getArray())) {
				TorchTensor t = TorchTensor.ofFloats(torch.getShape().getShape(), torch.toFloatArray());
				dict.put(key, order.reverseSpatialAxes(t));
			}
			if (key.endsWith(".running_var"))
				dict.put(key.substring(0, key.length() - "running_var".length()) + "num_batches_tracked", TorchTensor.scalarLong(0));
		}
		return dict;
	}

	static void requireUaMtDepth(VNetConfig cfg) {
		if (cfg.depth() != UaMtLayout.DEPTH)
			throw new IllegalArgumentException("the UA-MT V-Net has " + UaMtLayout.DEPTH + " down-sampling stages, this model "
				+ cfg.depth() + "; a PyTorch state dict in that layout cannot hold it (export TorchScript or a BioImage Model Zoo "
				+ "package instead)");
	}

	/**
	 * The network a UA-MT layout state dict describes: input channels and base filters from
	 * {@code block_one.conv.0.weight}, classes from {@code out_conv.weight}, the normalisation
	 * from the keys after the first convolution; depth 4, no dropout (inference only).
	 *
	 * @throws IllegalArgumentException naming {@code source} when the dict is not of that layout
	 */
	public static VNetConfig configOf(Map<String, TorchTensor> dict, String source) {
		TorchTensor first = dict.get(FIRST_CONV), out = dict.get(OUT_CONV);
		if (first == null || out == null)
			throw new IllegalArgumentException(source + ": not a state dict of the UA-MT / LASeg V-Net: it lacks "
				+ (first == null ? FIRST_CONV : OUT_CONV) + " (its keys begin " + listed(new ArrayList<>(dict.keySet())) + ")");
		if (first.shape().length != 5 || out.shape().length != 5)
			throw new IllegalArgumentException(source + ": " + FIRST_CONV + " " + first.shapeText() + " and " + OUT_CONV + " "
				+ out.shapeText() + " must be 3-D convolution weights (5 dimensions)");
		Normalization norm;
		if (dict.containsKey("block_one.conv.1.running_mean")) norm = Normalization.BATCH;
		else if (dict.containsKey("block_one.conv.1.weight")) norm = Normalization.GROUP;
		else if (dict.containsKey("block_two.conv.3.weight")) norm = Normalization.INSTANCE;
		else if (dict.containsKey("block_two.conv.2.weight")) norm = Normalization.NONE;
		else
			throw new IllegalArgumentException(source + ": not a state dict of the UA-MT / LASeg V-Net: block_two has neither "
				+ "block_two.conv.3.weight nor block_two.conv.2.weight");
		try {
			return new VNetConfig((int) first.shape()[1], (int) out.shape()[0], (int) first.shape()[0], UaMtLayout.DEPTH, norm, false);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Copies a state dict into {@code net} after checking that it holds exactly the network's
	 * tensors: every missing key, unexpected key and tensor of the wrong shape is named.
	 *
	 * @param order the axis order of the arrays the PyTorch network was trained on
	 * @throws IllegalArgumentException naming {@code source} and every mismatch
	 */
	public static void load(VNet net, Map<String, TorchTensor> dict, AxisOrder order, String source) {
		VNetConfig cfg = net.config();
		requireUaMtDepth(cfg);
		Map<String, Pair<String, Shape>> expected = new LinkedHashMap<>();
		Set<String> normPrefixes = new LinkedHashSet<>();
		for (Pair<String, Parameter> p : net.getParameters()) {
			String key = UaMtLayout.torchName(p.getKey(), cfg.normalization());
			expected.put(key, new Pair<>(p.getKey(), UaMtLayout.torchShape(p.getKey(), p.getValue().getArray().getShape())));
			if (key.endsWith(".running_mean")) normPrefixes.add(key.substring(0, key.length() - "running_mean".length()));
		}
		List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), misShaped = new ArrayList<>();
		boolean anisotropic = false;
		for (Map.Entry<String, Pair<String, Shape>> e : expected.entrySet()) {
			TorchTensor t = dict.get(e.getKey());
			long[] want = e.getValue().getValue().getShape();
			if (t == null) missing.add(e.getKey());
			else if (!java.util.Arrays.equals(t.shape(), want)) {
				misShaped.add(e.getKey() + " is " + t.shapeText() + ", expected " + TorchTensor.shapeText(want));
				anisotropic |= t.shape().length == 5 && want.length == 5 && want[2] == 2 && (t.shape()[2] == 1 || t.shape()[3] == 1
					|| t.shape()[4] == 1);
			}
			else if (!t.dtype().isFloatingPoint())
				misShaped.add(e.getKey() + " holds " + t.dtype().name().toLowerCase(java.util.Locale.ROOT) + " values, not floats");
		}
		for (String key : dict.keySet()) {
			if (expected.containsKey(key)) continue;
			boolean counter = key.endsWith(".num_batches_tracked")
				&& normPrefixes.contains(key.substring(0, key.length() - "num_batches_tracked".length()));
			if (!counter) unexpected.add(key);
		}
		if (!missing.isEmpty() || !unexpected.isEmpty() || !misShaped.isEmpty()) {
			StringBuilder m = new StringBuilder(source).append(": the state dict does not fit a UA-MT V-Net with ")
				.append(cfg.baseFilters()).append(" base filters, ").append(cfg.numClasses()).append(" classes and ")
				.append(cfg.normalization().name().toLowerCase(java.util.Locale.ROOT)).append(" normalisation");
			if (!missing.isEmpty()) m.append("; missing keys (").append(missing.size()).append("): ").append(listed(missing));
			if (!unexpected.isEmpty()) m.append("; unexpected keys (").append(unexpected.size()).append("): ").append(listed(unexpected));
			if (!misShaped.isEmpty()) m.append("; wrong shapes (").append(misShaped.size()).append("): ").append(listed(misShaped));
			if (anisotropic)
				m.append(". Its down- or up-sampling kernels are anisotropic (e.g. LASeg's networks/vnet.py samples the fourth "
					+ "stage by (2, 2, 1)); this plugin's V-Net samples by 2 along every axis");
			throw new IllegalArgumentException(m.toString());
		}
		JniUtils.setGradMode(false);
		Map<String, Parameter> params = new LinkedHashMap<>();
		for (Pair<String, Parameter> p : net.getParameters()) params.put(p.getKey(), p.getValue());
		NDManager base = params.values().iterator().next().getArray().getManager();
		try (NDManager scope = base.newSubManager()) {
			for (Map.Entry<String, Pair<String, Shape>> e : expected.entrySet()) {
				String ours = e.getValue().getKey();
				TorchTensor t = order.reverseSpatialAxes(dict.get(e.getKey()));
				NDArray torch = scope.create(t.floats(), new Shape(t.shape()));
				NDArray dst = params.get(ours).getArray();
				WeightIO.assign(dst, UaMtLayout.fromTorch(ours, torch).toType(dst.getDataType(), false));
			}
		}
	}

	private static String listed(List<String> items) {
		if (items.isEmpty()) return "none";
		List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
		return String.join(", ", shown) + (items.size() > LISTED ? " and " + (items.size() - LISTED) + " more" : "");
	}
}
