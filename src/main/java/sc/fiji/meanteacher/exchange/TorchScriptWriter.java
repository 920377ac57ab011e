package sc.fiji.meanteacher.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;

/**
 * Writes a {@link VNet} with its weights as a TorchScript archive without Python: the archive
 * layout of {@code torch.jit.save} ({@link TorchArchive}) with
 * <ul>
 * <li>{@code code/__torch__/meanteacher/vnet.py}: the module classes as TorchScript source, which
 * libtorch compiles at load — a class per stage (named after its attribute), holding a
 * {@code conv} sequence of convolution and normalisation modules as UA-MT's V-Net does, so that
 * the module's {@code state_dict()} has the keys of {@link UaMtLayout} (for 4 stages exactly
 * those of UA-MT's checkpoints);</li>
 * <li>{@code data.pkl}: the module objects (pickle protocol 2), tensors as persistent storage
 * references to {@code data/<n>}; {@code constants.pkl} (no constants), {@code version}.</li>
 * </ul>
 * The forward pass uses {@code torch.conv3d}, {@code torch.conv_transpose3d} (weights in
 * PyTorch's layout), {@code torch.batch_norm} / {@code group_norm} / {@code instance_norm} in
 * inference mode and {@code torch.relu}: input {@code (n, in, z, y, x)}, output logits
 * {@code (n, classes, z, y, x)}, or probabilities (softmax over the classes) for
 * {@link Output#PROBABILITIES}. The model's description travels as attributes of the top module:
 * {@code patch_size_xyz}, {@code class_names}, {@code intensity_normalization},
 * {@code input_scale}, {@code input_spacing_xyz} (empty without a spacing), {@code voxel_size_xyz},
 * {@code axes} ("bczyx") and {@code output}.
 * <p>
 * The source and {@code data.pkl} stay in one class: the classes the source declares and the
 * objects the pickle builds must match attribute for attribute, and both come from the same
 * stage list and {@code Leaf} table.
 */
public final class TorchScriptWriter {

	/** What the module returns. */
	public enum Output {
		/** Logits, as the reference V-Net; {@code TorchScriptPredictor} applies the softmax. */
		LOGITS,
		/** Class probabilities (softmax over the channel axis), for consumers that take the output as it is. */
		PROBABILITIES;

		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	static final String MODULE = "__torch__.meanteacher.vnet";
	static final String TOP = "MeanTeacherVNet";
	private static final String CODE_FILE = "code/__torch__/meanteacher/vnet.py";
	private static final String EPS = "1.0000000000000001e-05";

	/** A leaf module kind: its class and the TorchScript of its forward pass. */
	private enum Leaf {
		CONV3("Conv3x3", "torch.conv3d(x, self.weight, self.bias, [1, 1, 1], [1, 1, 1], [1, 1, 1], 1)"),
		DOWN("DownConv2x2", "torch.conv3d(x, self.weight, self.bias, [2, 2, 2], [0, 0, 0], [1, 1, 1], 1)"),
		UP("UpConv2x2", "torch.conv_transpose3d(x, self.weight, self.bias, [2, 2, 2], [0, 0, 0], [0, 0, 0], 1, [1, 1, 1])"),
		OUT("Conv1x1", "torch.conv3d(x, self.weight, self.bias, [1, 1, 1], [0, 0, 0], [1, 1, 1], 1)"),
		BATCH_NORM("BatchNorm", "torch.batch_norm(x, self.weight, self.bias, self.running_mean, self.running_var, False, "
			+ "0.10000000000000001, " + EPS + ", True)"),
		GROUP_NORM("GroupNorm", "torch.group_norm(x, self.num_groups, self.weight, self.bias, " + EPS + ", True)");

		final String cls;
		final String forward;

		Leaf(String cls, String forward) {
			this.cls = cls;
			this.forward = forward;
		}

		List<String> parameters() {
			return List.of("weight", "bias");
		}

		List<String> buffers() {
			return this == BATCH_NORM ? List.of("running_mean", "running_var", "num_batches_tracked") : List.of();
		}
	}

	/** One stage: its attribute name, its convolution kind and its number of (conv, norm, ReLU) units. */
	private record Stage(String name, Leaf conv, int units) {}

	private final VNetConfig cfg;
	private final Map<String, TorchTensor> tensors;
	private final PickleWriter pickle = new PickleWriter();
	private final Map<String, byte[]> storages = new LinkedHashMap<>();

	private TorchScriptWriter(VNetConfig cfg, Map<String, TorchTensor> tensors) {
		this.cfg = cfg;
		this.tensors = tensors;
	}

	/** The archive's bytes, with records under {@code archiveName}/. */
	public static byte[] write(TrainedModel model, String archiveName, Output output) throws IOException {
		VNet net = model.net();
		VNetConfig cfg = net.config();
		Map<String, TorchTensor> tensors = new LinkedHashMap<>();
		for (Pair<String, Parameter> p : net.getParameters()) {
			String key = UaMtLayout.torchName(p.getKey(), cfg.normalization(), cfg.depth());
			try (NDArray torch = UaMtLayout.toTorch(p.getKey(), p.getValue().getArray())) {
				tensors.put(key, TorchTensor.ofFloats(torch.getShape().getShape(), torch.toFloatArray()));
			}
		}
		TorchScriptWriter w = new TorchScriptWriter(cfg, tensors);
		List<Stage> stages = w.stages();
		Map<String, byte[]> records = new LinkedHashMap<>();
		records.put("data.pkl", w.modulePickle(stages, model.descriptor(), output));
		records.put(CODE_FILE, w.code(stages, output).getBytes(StandardCharsets.UTF_8));
		records.put("constants.pkl", new PickleWriter().op(PickleWriter.EMPTY_TUPLE).finish());
		records.putAll(w.storages);
		records.put("version", "3\n".getBytes(StandardCharsets.US_ASCII));
		records.put("byteorder", "little".getBytes(StandardCharsets.US_ASCII));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TorchArchive.write(out, archiveName, records);
		return out.toByteArray();
	}

	/** The stages in forward order: encoder and down-sampling, then up-sampling and decoder. */
	private List<Stage> stages() {
		List<Stage> s = new ArrayList<>();
		int d = cfg.depth();
		for (int level = 0; level <= d; level++) {
			s.add(new Stage(UaMtLayout.encoderBlock(level), Leaf.CONV3, cfg.convsAt(level)));
			if (level < d) s.add(new Stage(UaMtLayout.encoderBlock(level) + "_dw", Leaf.DOWN, 1));
		}
		for (int level = d - 1; level >= 0; level--) {
			s.add(new Stage(UaMtLayout.upBlock(level, d), Leaf.UP, 1));
			s.add(new Stage(UaMtLayout.decoderBlock(level, d), Leaf.CONV3, cfg.convsAt(level)));
		}
		return s;
	}

	private Leaf normLeaf() {
		return switch (cfg.normalization()) {
			case BATCH -> Leaf.BATCH_NORM;
			case GROUP -> Leaf.GROUP_NORM;
			default -> null; // instance norm has no parameters: inline in the stage's code
		};
	}

	private int layersPerUnit() {
		return cfg.normalization() == Normalization.NONE ? 2 : 3;
	}

	// --- TorchScript source

	private String code(List<Stage> stages, Output output) {
		StringBuilder c = new StringBuilder();
		for (Leaf leaf : Leaf.values()) {
			if ((leaf == Leaf.BATCH_NORM || leaf == Leaf.GROUP_NORM) && leaf != normLeaf()) continue;
			c.append("class ").append(leaf.cls).append("(Module):\n");
			c.append("  __parameters__ = [").append(quotedList(leaf.parameters())).append("]\n");
			c.append("  __buffers__ = [").append(quotedList(leaf.buffers())).append("]\n");
			for (String p : leaf.parameters()) c.append("  ").append(p).append(" : Tensor\n");
			for (String b : leaf.buffers()) c.append("  ").append(b).append(" : Tensor\n");
			if (leaf == Leaf.GROUP_NORM) c.append("  num_groups : int\n");
			c.append("  training : bool\n");
			method(c, leaf.cls, "return " + leaf.forward);
		}
		for (Stage s : stages) {
			String seq = "Seq_" + s.name();
			c.append("class ").append(seq).append("(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
			List<String> body = new ArrayList<>();
			for (int u = 0; u < s.units(); u++) {
				int conv = layersPerUnit() * u;
				c.append("  __annotations__[\"").append(conv).append("\"] = ").append(MODULE).append('.').append(s.conv().cls).append('\n');
				body.add("_" + conv + " = getattr(self, \"" + conv + "\")");
				body.add("x = (_" + conv + ").forward(x, )");
				if (normLeaf() != null) {
					c.append("  __annotations__[\"").append(conv + 1).append("\"] = ").append(MODULE).append('.').append(normLeaf().cls)
						.append('\n');
					body.add("_" + (conv + 1) + " = getattr(self, \"" + (conv + 1) + "\")");
					body.add("x = (_" + (conv + 1) + ").forward(x, )");
				}
				else if (cfg.normalization() == Normalization.INSTANCE)
					body.add("x = torch.instance_norm(x, None, None, None, None, True, 0.10000000000000001, " + EPS + ", True)");
				body.add("x = torch.relu(x)");
			}
			body.add("return x");
			method(c, seq, body.toArray(new String[0]));
			c.append("class Stage_").append(s.name()).append("(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
			c.append("  conv : ").append(MODULE).append('.').append(seq).append('\n');
			method(c, "Stage_" + s.name(), "conv = self.conv", "return (conv).forward(x, )");
		}
		c.append("class ").append(TOP).append("(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n");
		c.append("  patch_size_xyz : List[int]\n  class_names : List[str]\n  intensity_normalization : str\n");
		c.append("  input_scale : float\n  input_spacing_xyz : List[float]\n  voxel_size_xyz : List[float]\n  axes : str\n");
		c.append("  output : str\n");
		for (Stage s : stages) c.append("  ").append(s.name()).append(" : ").append(MODULE).append(".Stage_").append(s.name()).append('\n');
		c.append("  out_conv : ").append(MODULE).append('.').append(Leaf.OUT.cls).append('\n');
		List<String> body = new ArrayList<>();
		for (Stage s : stages) body.add(s.name() + " = self." + s.name());
		body.add("out_conv = self.out_conv");
		int d = cfg.depth();
		body.add("h = x");
		int k = 0;
		for (int level = 0; level <= d; level++) {
			body.add("h = (" + stages.get(k++).name() + ").forward(h, )");
			if (level < d) {
				body.add("s" + level + " = h");
				body.add("h = (" + stages.get(k++).name() + ").forward(h, )");
			}
		}
		for (int level = d - 1; level >= 0; level--) {
			body.add("h = torch.add((" + stages.get(k++).name() + ").forward(h, ), s" + level + ")");
			body.add("h = (" + stages.get(k++).name() + ").forward(h, )");
		}
		body.add("logits = (out_conv).forward(h, )");
		body.add(output == Output.PROBABILITIES ? "return torch.softmax(logits, 1)" : "return logits");
		method(c, TOP, body.toArray(new String[0]));
		return c.toString();
	}

	private static void method(StringBuilder c, String cls, String... body) {
		c.append("  def forward(self: ").append(MODULE).append('.').append(cls).append(",\n    x: Tensor) -> Tensor:\n");
		for (String line : body) c.append("    ").append(line).append('\n');
	}

	private static String quotedList(List<String> names) {
		StringBuilder b = new StringBuilder();
		for (String n : names) b.append('"').append(n).append("\", ");
		return b.toString();
	}

	// --- data.pkl

	/** Attribute {@code name}: a TorchScript {@code List[float]}. */
	private void doubles(String name, double[] values) {
		PickleWriter p = pickle;
		p.string(name).global("torch.jit._pickle", "build_doublelist");
		p.op(PickleWriter.MARK).op(PickleWriter.EMPTY_LIST).op(PickleWriter.MARK);
		for (double v : values) p.real(v);
		p.op(PickleWriter.APPENDS).op(PickleWriter.TUPLE).op(PickleWriter.REDUCE);
	}

	private byte[] modulePickle(List<Stage> stages, ModelDescriptor d, Output output) {
		PickleWriter p = pickle;
		beginObject(TOP);
		p.string("patch_size_xyz").global("torch.jit._pickle", "build_intlist");
		p.op(PickleWriter.MARK).op(PickleWriter.EMPTY_LIST).op(PickleWriter.MARK);
		for (int v : d.patchSize) p.integer(v);
		p.op(PickleWriter.APPENDS).op(PickleWriter.TUPLE).op(PickleWriter.REDUCE);
		p.string("class_names").global("torch.jit._pickle", "restore_type_tag");
		p.op(PickleWriter.EMPTY_LIST);
		List<String> names = d.classNames == null || d.classNames.isEmpty() ? ModelDescriptor.defaultClassNames(cfg.numClasses())
			: d.classNames;
		p.op(PickleWriter.MARK);
		for (String n : names) p.string(n);
		p.op(PickleWriter.APPENDS).string("List[str]").op(PickleWriter.TUPLE2).op(PickleWriter.REDUCE);
		p.string("intensity_normalization").string(d.intensityNormalization);
		p.string("input_scale").real(d.inputScale);
		doubles("input_spacing_xyz", d.inputSpacing == null ? new double[0] : d.inputSpacing);
		doubles("voxel_size_xyz", d.voxelSize);
		p.string("axes").string("bczyx");
		p.string("output").string(output.id());
		for (Stage s : stages) {
			p.string(s.name());
			beginObject("Stage_" + s.name());
			p.string("conv");
			beginObject("Seq_" + s.name());
			for (int u = 0; u < s.units(); u++) {
				int conv = layersPerUnit() * u;
				p.string(Integer.toString(conv));
				leaf(s.conv(), s.name() + ".conv." + conv);
				if (normLeaf() != null) {
					p.string(Integer.toString(conv + 1));
					leaf(normLeaf(), s.name() + ".conv." + (conv + 1));
				}
			}
			endObject();
			endObject();
		}
		p.string("out_conv");
		leaf(Leaf.OUT, "out_conv");
		endObject();
		return p.finish();
	}

	/** Class reference, NEWOBJ, the state dict opened with "training": False. */
	private void beginObject(String cls) {
		pickle.global(MODULE, cls).op(PickleWriter.EMPTY_TUPLE).op(PickleWriter.NEWOBJ);
		pickle.op(PickleWriter.EMPTY_DICT).op(PickleWriter.MARK);
		pickle.string("training").bool(false);
	}

	private void endObject() {
		pickle.op(PickleWriter.SETITEMS).op(PickleWriter.BUILD);
	}

	private void leaf(Leaf leaf, String prefix) {
		beginObject(leaf.cls);
		for (String name : leaf.parameters()) tensor(name, prefix + "." + name, true);
		for (String name : leaf.buffers()) {
			if (name.equals("num_batches_tracked")) {
				pickle.string(name);
				storeTensor(TorchTensor.scalarLong(0), false);
			}
			else tensor(name, prefix + "." + name, false);
		}
		if (leaf == Leaf.GROUP_NORM)
			pickle.string("num_groups").integer(Normalization.groupsFor((int) tensors.get(prefix + ".weight").numel()));
		endObject();
	}

	private void tensor(String attribute, String key, boolean parameter) {
		TorchTensor t = tensors.get(key);
		if (t == null) throw new IllegalStateException("no tensor " + key + " in the network (layout mismatch)");
		pickle.string(attribute);
		storeTensor(t, parameter);
	}

	private void storeTensor(TorchTensor t, boolean requiresGrad) {
		String key = Integer.toString(storages.size());
		StateDictFile.writeTensor(pickle, key, t, requiresGrad);
		storages.put("data/" + key, t.data());
	}
}
