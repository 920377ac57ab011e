package sc.fiji.meanteacher.model;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.VoxelSpacing;

/**
 * The {@code model.json} of a trained model: what a later session needs to rebuild the network
 * and to prepare an image exactly as the training images were prepared, plus where it came from.
 */
public final class ModelDescriptor {

	public static final String FORMAT = "mean-teacher-fiji-model";
	public static final int FORMAT_VERSION = 1;
	public static final String WEIGHTS_FILE = "weights.npz";
	public static final String DESCRIPTOR_FILE = "model.json";

	public String format = FORMAT;
	public int formatVersion = FORMAT_VERSION;
	public Architecture architecture = new Architecture();
	/** Patch size x, y, z the network was trained on (and the sliding window's default). */
	public int[] patchSize;
	/** Name of the intensity normalisation applied to every input (e.g. "zscore"). */
	public String intensityNormalization = "zscore";
	public List<String> classNames = new ArrayList<>();
	/** Voxel size x, y, z of the training data (after resampling by {@link #inputScale} or to {@link #inputSpacing}). */
	public double[] voxelSize = { 1, 1, 1 };
	/**
	 * Length unit of {@link #voxelSize} ("mm", "µm"); absent when the training images had none, and
	 * in models written before the field existed.
	 */
	public String voxelUnit;
	/**
	 * Factor the training images were resampled by from their original grid (0.5 = half the voxels
	 * per axis); segmentation resamples new images by it and brings the labels back to their grid.
	 * Models written before the field existed lack it and read as 1.
	 */
	public double inputScale = 1;
	/**
	 * Voxel size x, y, z the training images were resampled to from their own voxel sizes (Train's
	 * {@code spacing}), in {@link #voxelUnit}; segmentation resamples new images from theirs to it
	 * and brings the labels back to their grid. Absent (null) when the training used a factor
	 * ({@link #inputScale}) or neither; with it, {@link #inputScale} is 1.
	 */
	public double[] inputSpacing;
	public Provenance training = new Provenance();
	public String weights = WEIGHTS_FILE;

	public static final class Architecture {
		public String name = "vnet";
		public int inChannels = 1;
		public int numClasses = 2;
		public int baseFilters = 16;
		public int depth = 4;
		public String normalization = "batch";
		public boolean dropout = true;
	}

	public static final class Provenance {
		public String method;
		/**
		 * The settings of the method that the shared ones do not cover, by their configuration name
		 * (copy-paste's warm-up, cube and unlabeled weight); absent for a method without any.
		 */
		public Map<String, Double> methodSettings;
		public int labeled;
		public int unlabeled;
		/**
		 * Sparse labels: the label value that meant "not annotated" in the training labels (as the
		 * user gave them) and their convention ("classes" or "labkit"); both absent for dense labels.
		 */
		public Integer unannotated;
		public String labelConvention;
		public int iterations;
		public long seed;
		/** NaN when the run had no validation; model.json then leaves the field out (JSON has no NaN). */
		public double bestValidationDice = Double.NaN;
		public int bestIteration = -1;
		public String date;
		public String software = "mean-teacher-fiji";
		/**
		 * For a network imported from a PyTorch checkpoint (method "imported"): the checkpoint's file
		 * name and the axis order of the arrays it was trained on; absent for models trained here.
		 */
		public String importedFrom;
		public String importedAxisOrder;

		/**
		 * The provenance of a network trained here, dated now.
		 *
		 * @param bestValidationDice NaN without validation
		 * @param bestIteration 0-based, -1 without validation
		 */
		public static Provenance trained(String method, int labeled, int unlabeled, int iterations, long seed,
			double bestValidationDice, int bestIteration)
		{
			Provenance p = new Provenance();
			p.method = method;
			p.labeled = labeled;
			p.unlabeled = unlabeled;
			p.iterations = iterations;
			p.seed = seed;
			p.bestValidationDice = bestValidationDice;
			p.bestIteration = bestIteration;
			p.date = OffsetDateTime.now().toString();
			return p;
		}
	}

	public static ModelDescriptor of(VNetConfig net, int[] patch) {
		ModelDescriptor d = new ModelDescriptor();
		d.architecture.inChannels = net.inChannels();
		d.architecture.numClasses = net.numClasses();
		d.architecture.baseFilters = net.baseFilters();
		d.architecture.depth = net.depth();
		d.architecture.normalization = net.normalization().name().toLowerCase(Locale.ROOT);
		d.architecture.dropout = net.dropout();
		d.patchSize = patch.clone();
		d.classNames.addAll(defaultClassNames(net.numClasses()));
		return d;
	}

	/**
	 * The description of a trained network: its architecture and patch, the default class names, and
	 * how its inputs are prepared — intensity normalisation, voxel size (after resampling) with its
	 * unit (null for none) and the grid the training images were resampled to.
	 */
	public static ModelDescriptor trained(VNetConfig net, int[] patch, double[] voxelSize, String voxelUnit,
		String intensityNormalization, GridTarget grid, Provenance training)
	{
		ModelDescriptor d = of(net, patch);
		d.voxelSize = voxelSize.clone();
		d.voxelUnit = voxelUnit;
		d.intensityNormalization = intensityNormalization;
		d.inputScale = grid.scale();
		d.inputSpacing = grid.spacing() == null ? null : grid.spacing().toArray();
		d.training = training;
		return d;
	}

	/**
	 * Replaces the default class names by {@code names} (background first), as the training data
	 * named them; an empty list keeps the defaults. Returns this descriptor.
	 *
	 * @throws IllegalArgumentException when there are names, but not one per class
	 */
	public ModelDescriptor withClassNames(List<String> names) {
		if (names.isEmpty()) return this;
		if (names.size() != architecture.numClasses)
			throw new IllegalArgumentException(names.size() + " class names " + names + " for a network of " + architecture.numClasses
				+ " classes");
		classNames = new ArrayList<>(names);
		return this;
	}

	/** "background", then "foreground" for 2 classes, else "class 1", "class 2", ... */
	public static List<String> defaultClassNames(int numClasses) {
		List<String> names = new ArrayList<>();
		names.add("background");
		for (int c = 1; c < numClasses; c++) names.add(numClasses == 2 ? "foreground" : "class " + c);
		return names;
	}

	/** The network configuration; throws naming the problem for anything this version cannot build. */
	public VNetConfig netConfig(String source) {
		if (architecture == null) throw new IllegalArgumentException(source + ": model.json has no architecture");
		if (!"vnet".equalsIgnoreCase(architecture.name))
			throw new IllegalArgumentException(source + ": unknown architecture '" + architecture.name + "' (this version reads vnet)");
		try {
			if (architecture.normalization == null) throw new IllegalArgumentException("no normalisation");
			VNetConfig cfg = new VNetConfig(architecture.inChannels, architecture.numClasses, architecture.baseFilters,
				architecture.depth, Normalization.fromName(architecture.normalization), architecture.dropout);
			if (patchSize == null) throw new IllegalArgumentException("no patch size");
			cfg.requirePatchFits(patchSize);
			return cfg;
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": invalid architecture in model.json: " + e.getMessage(), e);
		}
	}

	/** Throws unless this descriptor is of a format and version this software reads. */
	public void requireSupported(String source) {
		if (!FORMAT.equals(format))
			throw new IllegalArgumentException(source + ": not a Mean Teacher model (model.json format is '" + format + "')");
		if (formatVersion < 1)
			throw new IllegalArgumentException(source + ": model.json has an invalid format version " + formatVersion
				+ " (versions start at 1): the file is damaged or was not written by this plugin");
		if (formatVersion > FORMAT_VERSION)
			throw new IllegalArgumentException(source + ": model format version " + formatVersion
				+ " is newer than this plugin reads (1.." + FORMAT_VERSION + "); update the plugin");
	}

	/**
	 * Throws, naming {@code source} and the field, unless this descriptor is supported and
	 * complete: a buildable network, a known intensity normalisation, one name per class, three
	 * positive voxel sizes, a positive input scale and a weights file name. Checked at load, so a broken model.json is
	 * reported when the model is opened rather than half-way through a segmentation.
	 */
	public void requireValid(String source) {
		requireSupported(source);
		netConfig(source);
		try {
			IntensityNormalization.fromName(intensityNormalization);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": model.json: " + e.getMessage(), e);
		}
		if (classNames != null && !classNames.isEmpty() && classNames.size() != architecture.numClasses)
			throw new IllegalArgumentException(source + ": model.json names " + classNames.size() + " classes "
				+ classNames + " but the network predicts " + architecture.numClasses);
		if (voxelSize == null || voxelSize.length != 3 || Arrays.stream(voxelSize).anyMatch(v -> !(v > 0) || Double.isInfinite(v)))
			throw new IllegalArgumentException(source + ": model.json voxel size must be 3 positive numbers (x, y, z), got "
				+ Arrays.toString(voxelSize));
		if (!(inputScale > 0) || Double.isInfinite(inputScale))
			throw new IllegalArgumentException(source + ": model.json inputScale must be a positive number, got " + inputScale);
		try {
			grid();
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": model.json inputScale/inputSpacing: " + e.getMessage(), e);
		}
		if (weights == null || weights.isBlank())
			throw new IllegalArgumentException(source + ": model.json does not name its weights file");
	}

	/** The grid images are brought to before the network sees them: {@link #inputSpacing} if given, else {@link #inputScale}. */
	public GridTarget grid() {
		return new GridTarget(inputScale, inputSpacing == null ? null : VoxelSpacing.of(inputSpacing));
	}
}
