package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.infer.TorchScriptPredictor;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.Sha256;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.TorchRuntime;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Resampling;
import sc.fiji.meanteacher.volume.Volume;

/**
 * A trained model as a BioImage Model Zoo package (model description format 0.5, read by
 * deepImageJ, ilastik and bioimageio.core): a {@code .zip} holding
 * <ul>
 * <li>{@code rdf.yaml}: name, description, authors, citations (Mean Teacher, UA-MT, V-Net),
 * license, tags, the input {@code (batch, channel, z, y, x)} with its valid sizes
 * ({@code min = step = 2^depth} per spatial axis) and the preprocessing that matches the model's
 * intensity normalisation, the output (class probabilities, same spatial size), the weights and
 * the test tensors, each file with its SHA-256;</li>
 * <li>{@code weights-torchscript.pt}: the network as TorchScript ending in a softmax, written by
 * {@link TorchScriptWriter};</li>
 * <li>for networks of the UA-MT depth (4): {@code weights.pth}, the state dict for
 * {@code vnet_uamt_layout.py} (this plugin's own V-Net in the UA-MT layout, called with
 * {@code softmax=True}), the original weights entry;</li>
 * <li>{@code test_input.npy} (raw intensities, one patch) and {@code test_output.npy} (our
 * network's probabilities for it after the declared preprocessing), {@code cover.png} (a slice
 * of the test input with the predicted outline) and {@code README.md}.</li>
 * </ul>
 * Before the package is written the TorchScript is run through libtorch on the test input and
 * must reproduce our network's output; otherwise nothing is written.
 */
public final class BioImageIoPackage {

	/** The model description format version written (the latest at the time of writing). */
	public static final String FORMAT_VERSION = "0.5.7";
	public static final String RDF = "rdf.yaml", README = "README.md", COVER = "cover.png", TORCHSCRIPT = "weights-torchscript.pt",
		STATE_DICT = "weights.pth", ARCHITECTURE = "vnet_uamt_layout.py", TEST_INPUT = "test_input.npy",
		TEST_OUTPUT = "test_output.npy";
	static final String INPUT_ID = "raw", OUTPUT_ID = "probabilities";
	/** bioimage.io's default epsilon of zero_mean_unit_variance and scale_range. */
	static final double EPS = 1e-6;
	private static final String ARCHITECTURE_RESOURCE = "/sc/fiji/meanteacher/export/" + ARCHITECTURE;
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+\\- ()]{5,128}");
	private static final Pattern LICENSE = Pattern.compile("[A-Za-z0-9.+-]+");
	private static final double SELF_CHECK_TOLERANCE = 1e-4;
	private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
		"break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
		"in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

	/** What the model files do not say: how the package presents itself. */
	public static final class Metadata {
		/** 5 to 128 letters, digits, spaces and _ + - ( ). */
		public String name = "Mean Teacher V-Net";
		public String description = "";
		/** Author names, at least one. */
		public List<String> authors = new ArrayList<>();
		/** An SPDX license identifier. */
		public String license = "CC-BY-4.0";
		/** Tags besides those every package of this plugin gets. */
		public List<String> tags = new ArrayList<>();
	}

	private BioImageIoPackage() {}

	/**
	 * Writes the package.
	 *
	 * @param sample an image on its original grid to take the test patch from (its centre, after
	 *          the model's input scale); null for a synthetic left-atrium-like volume
	 * @throws IOException for a target that cannot be written or a failed self-check
	 * @throws IllegalArgumentException for invalid metadata or a sample smaller than the patch
	 */
	public static void write(TrainedModel model, Path target, Metadata meta, Volume sample, boolean overwrite) throws IOException {
		ExportTarget.check(target, ".zip", overwrite);
		Map<String, byte[]> files = files(model, meta, sample);
		ModelArchive.writeZip(target, files);
	}

	/** The package's files by name, rdf.yaml first. */
	static Map<String, byte[]> files(TrainedModel model, Metadata meta, Volume sample) throws IOException {
		validate(meta);
		ModelDescriptor d = model.descriptor();
		VNetConfig cfg = model.net().config();
		PatchSize patch = PatchSize.of(d.patchSize);
		int classes = cfg.numClasses();
		float[] raw = testPatch(d, sample);
		float[] input = preprocess(raw, IntensityNormalization.fromName(d.intensityNormalization));
		float[] probabilities = new VNetPredictor(model.net(), model.manager(), classes, patch).predict(input, 1);
		byte[] torchScript = TorchScriptWriter.write(model, "weights-torchscript", TorchScriptWriter.Output.PROBABILITIES);
		selfCheck(torchScript, patch, classes, input, probabilities);

		long[] inShape = patch.tensorShape(1, 1), outShape = patch.tensorShape(1, classes);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(RDF, null); // placeholder: first in the zip, written last (it holds the others' checksums)
		files.put(README, null);
		files.put(COVER, CoverImage.png(raw, argmax(probabilities, classes), patch.x(), patch.y(), patch.z()));
		files.put(TEST_INPUT, Npy.write(inShape, raw));
		files.put(TEST_OUTPUT, Npy.write(outShape, probabilities));
		files.put(TORCHSCRIPT, torchScript);
		boolean stateDict = cfg.depth() == UaMtLayout.DEPTH;
		if (stateDict) {
			files.put(STATE_DICT, StateDictFile.encode("weights", UaMtStateDict.of(model.net(), AxisOrder.ZYX)));
			files.put(ARCHITECTURE, architectureSource());
		}
		files.put(README, readme(model, meta, stateDict).getBytes(StandardCharsets.UTF_8));
		files.put(RDF, YamlWriter.write(rdf(model, meta, files, stateDict)).getBytes(StandardCharsets.UTF_8));
		return files;
	}

	// --- test tensors

	/** One patch of raw intensities, C order (z, y, x): the centre of the sample on the model's grid, or a synthetic volume. */
	static float[] testPatch(ModelDescriptor d, Volume sample) {
		int[] p = d.patchSize;
		if (sample == null) return new SyntheticAtriumGenerator(1).generate(0, p[0], p[1], p[2]).image().data().clone();
		Volume v = d.inputScale == 1 ? sample : Resampling.image(sample, Resampling.scaledDims(sample.dims(), d.inputScale));
		long[] dims = v.dims();
		for (int a = 0; a < 3; a++)
			if (dims[a] < p[a])
				throw new IllegalArgumentException(sample.name() + ": " + dims[0] + "x" + dims[1] + "x" + dims[2] + " voxels"
					+ (d.inputScale == 1 ? "" : " after the model's input scale " + d.inputScale) + " is smaller than the patch "
					+ p[0] + "x" + p[1] + "x" + p[2] + " along " + "xyz".charAt(a) + "; give a larger sample image");
		int ox = (int) (dims[0] - p[0]) / 2, oy = (int) (dims[1] - p[1]) / 2, oz = (int) (dims[2] - p[2]) / 2;
		float[] data = v.data(), out = new float[p[0] * p[1] * p[2]];
		int nx = (int) dims[0], ny = (int) dims[1];
		for (int z = 0; z < p[2]; z++)
			for (int y = 0; y < p[1]; y++)
				System.arraycopy(data, ((z + oz) * ny + y + oy) * nx + ox, out, (z * p[1] + y) * p[0], p[0]);
		return out;
	}

	/**
	 * The preprocessing the package declares, as bioimage.io defines it: zero_mean_unit_variance
	 * {@code (x − mean) / (std + 1e-6)}; scale_range over the 0.5th and 99.5th percentiles
	 * {@code (x − lo) / (hi − lo + 1e-6)} then clip to [0, 1]; or nothing. The same as our
	 * {@link IntensityNormalization} but for the epsilon.
	 */
	static float[] preprocess(float[] raw, IntensityNormalization norm) {
		float[] out = new float[raw.length];
		switch (norm) {
			case ZSCORE -> {
				double mean = 0, sq = 0;
				for (float v : raw) mean += v;
				mean /= raw.length;
				for (float v : raw) sq += (v - mean) * (v - mean);
				double sd = Math.sqrt(sq / raw.length);
				for (int i = 0; i < raw.length; i++) out[i] = (float) ((raw[i] - mean) / (sd + EPS));
			}
			case PERCENTILE_MINMAX -> {
				float[] sorted = raw.clone();
				Arrays.sort(sorted);
				double lo = percentile(sorted, 0.5), hi = percentile(sorted, 99.5);
				for (int i = 0; i < raw.length; i++) out[i] = (float) Math.min(1, Math.max(0, (raw[i] - lo) / (hi - lo + EPS)));
			}
			default -> System.arraycopy(raw, 0, out, 0, raw.length);
		}
		return out;
	}

	/** numpy's default (linear) percentile of sorted values. */
	private static double percentile(float[] sorted, double p) {
		double rank = p / 100 * (sorted.length - 1);
		int below = (int) Math.floor(rank), above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
	}

	private static int[] argmax(float[] p, int classes) {
		int n = p.length / classes;
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			int best = 0;
			for (int c = 1; c < classes; c++) if (p[c * n + i] > p[best * n + i]) best = c;
			labels[i] = best;
		}
		return labels;
	}

	/** Runs the exported TorchScript in libtorch; it must give our network's probabilities. */
	private static void selfCheck(byte[] torchScript, PatchSize patch, int classes, float[] input, float[] expected) throws IOException {
		Path tmp = Files.createTempFile("mean-teacher-export-", ".pt");
		try {
			Files.write(tmp, torchScript);
			float[] got;
			try (TorchScriptPredictor ts = TorchScriptPredictor.load(tmp, patch, classes, true)) {
				got = ts.predict(input, 1);
			}
			double max = 0;
			for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - expected[i]));
			if (!(max <= SELF_CHECK_TOLERANCE))
				throw new IOException("the exported TorchScript does not reproduce the network (max difference " + max
					+ "); nothing was written");
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	// --- rdf.yaml

	private static Map<String, Object> rdf(TrainedModel model, Metadata meta, Map<String, byte[]> files, boolean stateDict) {
		ModelDescriptor d = model.descriptor();
		VNetConfig cfg = model.net().config();
		int m = cfg.patchMultiple();
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("format_version", FORMAT_VERSION);
		r.put("type", "model");
		r.put("name", meta.name.trim());
		r.put("description", description(model, meta));
		List<Object> authors = new ArrayList<>();
		for (String a : meta.authors) if (!a.isBlank()) authors.add(map("name", a.trim()));
		r.put("authors", authors);
		r.put("cite", List.of(
			map("text", "Tarvainen A, Valpola H. Mean teachers are better role models: weight-averaged consistency targets improve "
				+ "semi-supervised deep learning results. NeurIPS 2017.", "doi", "10.48550/arXiv.1703.01780"),
			map("text", "Yu L, Wang S, Li X, Fu C-W, Heng P-A. Uncertainty-aware self-ensembling model for semi-supervised 3D left "
				+ "atrium segmentation. MICCAI 2019.", "doi", "10.1007/978-3-030-32245-8_67"),
			map("text", "Milletari F, Navab N, Ahmadi S-A. V-Net: fully convolutional neural networks for volumetric medical image "
				+ "segmentation. 3DV 2016.", "doi", "10.1109/3DV.2016.79")));
		r.put("license", meta.license.trim());
		r.put("documentation", README);
		r.put("covers", List.of(COVER));
		Set<String> tags = new LinkedHashSet<>(List.of("3d", "semantic-segmentation", "pytorch", "fiji", "vnet", "mean-teacher",
			"semi-supervised"));
		for (String t : meta.tags) if (!t.isBlank()) tags.add(t.trim().toLowerCase(Locale.ROOT));
		r.put("tags", new ArrayList<>(tags));
		r.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
			.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("Z", "+00:00"));

		List<Object> inAxes = new ArrayList<>();
		inAxes.add(map("type", "batch"));
		inAxes.add(map("type", "channel", "channel_names", List.of("intensity")));
		List<Object> outAxes = new ArrayList<>();
		outAxes.add(map("type", "batch"));
		outAxes.add(map("type", "channel", "channel_names", channelNames(d, cfg)));
		for (int a = 2; a >= 0; a--) {
			String id = String.valueOf("xyz".charAt(a));
			inAxes.add(map("type", "space", "id", id, "size", map("min", m, "step", m), "scale", d.voxelSize[a]));
			outAxes.add(map("type", "space", "id", id, "size", map("tensor_id", INPUT_ID, "axis_id", id), "scale", d.voxelSize[a]));
		}
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("id", INPUT_ID);
		input.put("description", "raw intensities of one volume" + (d.inputScale == 1 ? ""
			: ", resampled by " + d.inputScale + " per axis first (as the training images were)"));
		input.put("axes", inAxes);
		input.put("test_tensor", file(TEST_INPUT, files));
		input.put("data", map("type", "float32"));
		input.put("preprocessing", preprocessing(IntensityNormalization.fromName(d.intensityNormalization)));
		r.put("inputs", List.of(input));
		Map<String, Object> output = new LinkedHashMap<>();
		output.put("id", OUTPUT_ID);
		output.put("description", "probability of each class (softmax over the channel axis); the label is the most probable class");
		output.put("axes", outAxes);
		output.put("test_tensor", file(TEST_OUTPUT, files));
		output.put("data", map("type", "float32", "range", List.of(0.0, 1.0)));
		r.put("outputs", List.of(output));

		Map<String, Object> weights = new LinkedHashMap<>();
		String version = TorchRuntime.engine().getVersion();
		if (stateDict) {
			Map<String, Object> arch = new LinkedHashMap<>(file(ARCHITECTURE, files));
			arch.put("callable", "VNet");
			arch.put("kwargs", map("n_channels", cfg.inChannels(), "n_classes", cfg.numClasses(), "n_filters", cfg.baseFilters(),
				"normalization", pythonNormalization(cfg.normalization()), "has_dropout", false, "softmax", true));
			Map<String, Object> sd = new LinkedHashMap<>(file(STATE_DICT, files));
			sd.put("architecture", arch);
			sd.put("pytorch_version", version);
			weights.put("pytorch_state_dict", sd);
		}
		Map<String, Object> ts = new LinkedHashMap<>(file(TORCHSCRIPT, files));
		if (stateDict) ts.put("parent", "pytorch_state_dict");
		ts.put("pytorch_version", version);
		weights.put("torchscript", ts);
		r.put("weights", weights);
		r.put("config", map("mean_teacher_fiji", config(d)));
		return r;
	}

	private static List<Object> preprocessing(IntensityNormalization norm) {
		List<Object> steps = new ArrayList<>();
		steps.add(map("id", "ensure_dtype", "kwargs", map("dtype", "float32")));
		List<String> spatial = List.of("z", "y", "x");
		switch (norm) {
			case ZSCORE -> steps.add(map("id", "zero_mean_unit_variance", "kwargs", map("axes", spatial, "eps", EPS)));
			case PERCENTILE_MINMAX -> {
				steps.add(map("id", "scale_range", "kwargs", map("axes", spatial, "min_percentile", 0.5, "max_percentile", 99.5, "eps", EPS)));
				steps.add(map("id", "clip", "kwargs", map("min", 0.0, "max", 1.0)));
			}
			default -> {}
		}
		steps.add(map("id", "ensure_dtype", "kwargs", map("dtype", "float32")));
		return steps;
	}

	private static Map<String, Object> config(ModelDescriptor d) {
		Map<String, Object> c = new LinkedHashMap<>();
		c.put("patch_size_xyz", List.of(d.patchSize[0], d.patchSize[1], d.patchSize[2]));
		c.put("input_scale", d.inputScale);
		c.put("voxel_size_xyz", List.of(d.voxelSize[0], d.voxelSize[1], d.voxelSize[2]));
		c.put("intensity_normalization", d.intensityNormalization);
		c.put("class_names", classNames(d));
		ModelDescriptor.Provenance t = d.training;
		if (t.method != null) c.put("method", t.method);
		if (t.importedFrom != null) {
			c.put("imported_from", t.importedFrom);
			c.put("imported_axis_order", t.importedAxisOrder);
		}
		else {
			c.put("labeled_volumes", t.labeled);
			c.put("unlabeled_volumes", t.unlabeled);
			c.put("iterations", t.iterations);
			c.put("seed", t.seed);
		}
		if (Double.isFinite(t.bestValidationDice)) c.put("best_validation_dice", t.bestValidationDice);
		if (t.date != null) c.put("trained", t.date);
		c.put("software", "Mean Teacher for Fiji " + pluginVersion());
		return c;
	}

	private static Map<String, Object> file(String name, Map<String, byte[]> files) {
		return map("source", name, "sha256", Sha256.hex(files.get(name)));
	}

	private static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	private static String pythonNormalization(Normalization n) {
		return switch (n) {
			case BATCH -> "batchnorm";
			case GROUP -> "groupnorm";
			case INSTANCE -> "instancenorm";
			case NONE -> "none";
		};
	}

	private static List<String> classNames(ModelDescriptor d) {
		return d.classNames == null || d.classNames.isEmpty() ? ModelDescriptor.defaultClassNames(d.architecture.numClasses)
			: d.classNames;
	}

	/** Class names as the identifiers bioimage.io requires for channel names, unique. */
	static List<String> channelNames(ModelDescriptor d, VNetConfig cfg) {
		List<String> out = new ArrayList<>();
		for (String n : classNames(d)) {
			String id = n.trim().replaceAll("[^A-Za-z0-9_]+", "_");
			if (id.isEmpty() || Character.isDigit(id.charAt(0))) id = "class_" + id;
			if (PYTHON_KEYWORDS.contains(id)) id += "_";
			String unique = id;
			for (int k = 2; out.contains(unique); k++) unique = id + "_" + k;
			out.add(unique);
		}
		return out;
	}

	private static String description(TrainedModel model, Metadata meta) {
		if (meta.description != null && !meta.description.isBlank()) return meta.description.trim();
		ModelDescriptor d = model.descriptor();
		String how = d.training.importedFrom != null ? "imported from the PyTorch checkpoint " + d.training.importedFrom
			: "trained with " + (d.training.method == null ? "Mean Teacher for Fiji" : d.training.method) + " in Mean Teacher for Fiji";
		return "3-D V-Net segmenting " + String.join(", ", classNames(d).subList(1, classNames(d).size())) + " from "
			+ "background, " + how + "." + (d.inputScale == 1 ? "" : " Resample images by " + d.inputScale + " per axis first.");
	}

	static void validate(Metadata meta) {
		if (meta.name == null || !NAME.matcher(meta.name.trim()).matches())
			throw new IllegalArgumentException("model name '" + meta.name + "' must be 5 to 128 letters, digits, spaces or _ + - ( )");
		if (meta.description != null && meta.description.length() > 1024)
			throw new IllegalArgumentException("description is " + meta.description.length() + " characters long; at most 1024");
		if (meta.authors == null || meta.authors.stream().allMatch(String::isBlank))
			throw new IllegalArgumentException("at least one author is needed");
		for (String a : meta.authors)
			if (a.contains("/") || a.contains("\\")) throw new IllegalArgumentException("author name '" + a + "' may not contain / or \\");
		if (meta.license == null || !LICENSE.matcher(meta.license.trim()).matches())
			throw new IllegalArgumentException("license '" + meta.license + "' is not an SPDX identifier (e.g. CC-BY-4.0, MIT)");
	}

	/** The plugin's version from its jar, or "(development build)" when run from classes. */
	static String pluginVersion() {
		String v = BioImageIoPackage.class.getPackage().getImplementationVersion();
		return v == null ? "(development build)" : v;
	}

	private static byte[] architectureSource() throws IOException {
		try (InputStream in = BioImageIoPackage.class.getResourceAsStream(ARCHITECTURE_RESOURCE)) {
			if (in == null) throw new IOException("the plugin lacks its resource " + ARCHITECTURE_RESOURCE);
			return in.readAllBytes();
		}
	}

	// --- README.md

	private static String readme(TrainedModel model, Metadata meta, boolean stateDict) {
		ModelDescriptor d = model.descriptor();
		VNetConfig cfg = model.net().config();
		ModelDescriptor.Provenance t = d.training;
		String nl = "\n";
		StringBuilder b = new StringBuilder();
		b.append("# ").append(meta.name.trim()).append(nl).append(nl).append(description(model, meta)).append(nl).append(nl);
		b.append("## Network").append(nl).append(nl);
		b.append("V-Net with ").append(cfg.depth()).append(" down-sampling stages, ").append(cfg.baseFilters())
			.append(" base filters, ").append(pythonNormalization(cfg.normalization())).append(", ").append(cfg.numClasses())
			.append(" classes (").append(String.join(", ", classNames(d))).append("). Trained on patches of ")
			.append(d.patchSize[0]).append(" x ").append(d.patchSize[1]).append(" x ").append(d.patchSize[2])
			.append(" voxels (x, y, z); any size that is a multiple of ").append(cfg.patchMultiple())
			.append(" along every axis works. Voxel size of the training data (x, y, z): ")
			.append(d.voxelSize[0]).append(", ").append(d.voxelSize[1]).append(", ").append(d.voxelSize[2]).append('.').append(nl)
			.append(nl);
		if (t.importedFrom != null)
			b.append("Imported from the PyTorch checkpoint `").append(t.importedFrom).append("` (arrays in ")
				.append(t.importedAxisOrder).append(" order at training; the kernels were converted to z, y, x).").append(nl).append(nl);
		else
			b.append("Training: ").append(t.method).append(", ").append(t.labeled).append(" labeled and ").append(t.unlabeled)
				.append(" unlabeled volumes, ").append(t.iterations).append(" iterations, seed ").append(t.seed).append('.').append(nl)
				.append(nl);
		b.append("## Input and output").append(nl).append(nl);
		b.append("- Input `").append(INPUT_ID).append("`: axes batch, channel, z, y, x (one channel, float32), raw intensities. ")
			.append(preprocessingText(IntensityNormalization.fromName(d.intensityNormalization))).append(nl);
		if (d.inputScale != 1)
			b.append("- The training images were resampled by ").append(d.inputScale).append(" per axis; resample new images the ")
				.append("same way first (this package cannot do it) and the labels back afterwards.").append(nl);
		b.append("- Output `").append(OUTPUT_ID).append("`: the probability of each class, axes batch, channel, z, y, x, same ")
			.append("size as the input; the label of a voxel is its most probable class.").append(nl).append(nl);
		b.append("Large volumes are segmented tile by tile (e.g. tiles of the training patch size, overlapping by half); ")
			.append("the normalisation statistics belong to the whole volume.").append(nl).append(nl);
		b.append("## Use").append(nl).append(nl);
		b.append("- **deepImageJ** (Fiji): install the package's zip, then run it on a 3-D stack.").append(nl);
		b.append("- **bioimageio.core / ilastik**: `bioimageio predict` or ilastik's Neural Network Classification with this zip.")
			.append(nl);
		b.append("- **Python**: `torch.jit.load(\"").append(TORCHSCRIPT).append("\")` takes a (1, 1, z, y, x) float tensor");
		if (stateDict)
			b.append("; or `VNet(**kwargs)` from `").append(ARCHITECTURE).append("` with `load_state_dict(torch.load(\"")
				.append(STATE_DICT).append("\"))` (the kwargs are in rdf.yaml; `softmax=False` gives logits as UA-MT's V-Net)");
		b.append(". Arrays in z, y, x order, as `tifffile.imread` gives them.").append(nl);
		b.append("- **Mean Teacher for Fiji**: *Segment with Mean Teacher* takes `").append(TORCHSCRIPT).append("` as its model.")
			.append(nl).append(nl);
		b.append("## Validation").append(nl).append(nl);
		if (Double.isFinite(t.bestValidationDice))
			b.append(String.format(Locale.ROOT, "Best validation Dice during training: %.4f (iteration %d). ", t.bestValidationDice,
				t.bestIteration));
		b.append("`").append(TEST_INPUT).append("` and `").append(TEST_OUTPUT).append("` are one patch and this network's output ")
			.append("for it; `bioimageio test` reproduces them. To validate on your data, segment held-out volumes with ")
			.append("ground truth and compare with *Evaluate Mean Teacher Segmentation* (Dice, Jaccard, HD95, ASD).").append(nl)
			.append(nl);
		b.append("## Citation").append(nl).append(nl);
		b.append("Tarvainen & Valpola, NeurIPS 2017 (Mean Teacher); Yu et al., MICCAI 2019 (UA-MT); Milletari et al., 3DV 2016 ")
			.append("(V-Net). Packaged by Mean Teacher for Fiji ").append(pluginVersion()).append('.').append(nl);
		return b.toString();
	}

	private static String preprocessingText(IntensityNormalization norm) {
		return switch (norm) {
			case ZSCORE -> "Preprocessing: zero mean, unit variance over the whole volume.";
			case PERCENTILE_MINMAX -> "Preprocessing: the 0.5th and 99.5th percentiles mapped to 0 and 1, clipped to [0, 1].";
			default -> "No preprocessing: give intensities normalised as for training.";
		};
	}
}
