package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.GridTarget;
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
 * must reproduce our network's output; otherwise nothing is written. What {@code rdf.yaml} and
 * {@code README.md} say is {@link BioImageIoDescription}'s.
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
	 * @param policy which existing file the package may replace (never the model's own)
	 * @throws IOException for a target that cannot be written or a failed self-check
	 * @throws IllegalArgumentException for invalid metadata or a sample smaller than the patch
	 */
	public static void write(TrainedModel model, Path target, Metadata meta, Volume sample, OutputPolicy policy) throws IOException {
		ExportTarget.check(target, ".zip", policy);
		Map<String, byte[]> files = files(model, meta, sample);
		ModelArchive.writeZip(target, policy, files);
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
		files.put(README, BioImageIoDescription.readme(model, meta, stateDict).getBytes(StandardCharsets.UTF_8));
		files.put(RDF, YamlWriter.write(BioImageIoDescription.rdf(model, meta, files, stateDict)).getBytes(StandardCharsets.UTF_8));
		return files;
	}

	// --- test tensors

	/** One patch of raw intensities, C order (z, y, x): the centre of the sample on the model's grid, or a synthetic volume. */
	static float[] testPatch(ModelDescriptor d, Volume sample) {
		int[] p = d.patchSize;
		if (sample == null) return new SyntheticAtriumGenerator(1).generate(0, p[0], p[1], p[2]).image().data().clone();
		GridTarget grid = d.grid();
		Volume v = grid.resamples(sample.voxelSize()) ? Resampling.image(sample, Resampling.scaledDims(sample.dims(),
			grid.factors(sample.voxelSize()))) : sample;
		long[] dims = v.dims();
		for (int a = 0; a < 3; a++)
			if (dims[a] < p[a])
				throw new IllegalArgumentException(sample.name() + ": " + dims[0] + "x" + dims[1] + "x" + dims[2] + " voxels"
					+ (v == sample ? "" : " " + grid.instruction()) + " is smaller than the patch "
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

	private static byte[] architectureSource() throws IOException {
		try (InputStream in = BioImageIoPackage.class.getResourceAsStream(ARCHITECTURE_RESOURCE)) {
			if (in == null) throw new IOException("the plugin lacks its resource " + ARCHITECTURE_RESOURCE);
			return in.readAllBytes();
		}
	}
}
