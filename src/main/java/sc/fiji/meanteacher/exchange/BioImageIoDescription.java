package sc.fiji.meanteacher.exchange;

import static sc.fiji.meanteacher.exchange.BioImageIoPackage.ARCHITECTURE;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.COVER;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.EPS;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.FORMAT_VERSION;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.INPUT_ID;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.OUTPUT_ID;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.README;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.STATE_DICT;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.TEST_INPUT;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.TEST_OUTPUT;
import static sc.fiji.meanteacher.exchange.BioImageIoPackage.TORCHSCRIPT;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.exchange.BioImageIoPackage.Metadata;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.Sha256;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.IntensityNormalization;

/**
 * What a {@link BioImageIoPackage} says about its model: {@code rdf.yaml} (as the map
 * {@link YamlWriter} writes, each file named with its SHA-256) and {@code README.md}, from the
 * model's description and the package's {@link Metadata}. The package builds and checks the files;
 * this class only describes them. The two documents stay in one class because they say the same
 * things (name, classes, normalisation, provenance, citations) through the same helpers and must
 * agree.
 */
final class BioImageIoDescription {

	private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
		"break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
		"in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

	private BioImageIoDescription() {}

	/** {@code rdf.yaml}; {@code files} holds every other file of the package (their checksums go in). */
	static Map<String, Object> rdf(TrainedModel model, Metadata meta, Map<String, byte[]> files, boolean stateDict) {
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
		String resample = d.grid().instruction();
		input.put("description", "raw intensities of one volume" + (resample == null ? ""
			: ", " + resample + " first (as the training images were)"));
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
		if (t.methodSettings != null) c.put("method_settings", t.methodSettings);
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
			+ "background, " + how + "." + (d.grid().instruction() == null ? "" : " Images must be " + d.grid().instruction() + " first.");
	}

	/** The plugin's version from its jar, or "(development build)" when run from classes. */
	private static String pluginVersion() {
		String v = BioImageIoPackage.class.getPackage().getImplementationVersion();
		return v == null ? "(development build)" : v;
	}

	// --- README.md

	/** {@code README.md}: the network, its input and output, how to use, validate and cite it. */
	static String readme(TrainedModel model, Metadata meta, boolean stateDict) {
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
		if (d.grid().instruction() != null)
			b.append("- The training images were ").append(d.grid().instruction()).append("; resample new images the ")
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
