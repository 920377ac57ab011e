package sc.fiji.meanteacher.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.annotations.JsonAdapter;

import sc.fiji.meanteacher.model.StrictJson;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.net.WeightInit;
import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelConvention;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Every hyper-parameter of a training run, with the reference defaults of docs/METHOD.md. Plain public
 * fields so that scripts can set them directly ({@code cfg.iterations = 500}) and runs can be
 * saved to and read from JSON; call {@link #validate()} before use.
 */
public final class TrainingConfig {

	/** Recorded by its id; the JSON of a configuration names it as before methods were plugins. */
	@JsonAdapter(TrainingMethodJson.class)
	public TrainingMethod method = TrainingMethods.MEAN_TEACHER;

	// network
	public int numClasses = 2;
	public int baseFilters = 16;
	public int depth = 4;
	public Normalization normalization = Normalization.BATCH;
	public boolean dropout = true;
	public WeightInit weightInit = WeightInit.PYTORCH;

	// data
	/** Applied by the trainer to every volume, recorded in the model and applied again at inference. */
	public IntensityNormalization intensity = IntensityNormalization.ZSCORE;
	public PatchSize patch = new PatchSize(112, 112, 80);
	public int batchSize = 4;
	public int labeledPerBatch = 2;
	public boolean augment = true;
	public double teacherNoiseSd = 0.1;
	public double teacherNoiseClamp = 0.2;
	/**
	 * The label value meaning "not annotated" (sparse labels: such voxels carry no supervised loss);
	 * null when every voxel is annotated. Null, not a default value, so that configurations and
	 * checkpoints of dense runs stay as they were.
	 */
	public Integer unannotated;
	/** What label values mean; null is {@link LabelConvention#CLASSES}. */
	public LabelConvention labelConvention;

	// optimisation
	public int iterations = 6000;
	public double learningRate = 0.01;
	public LearningRateSchedule schedule = LearningRateSchedule.STEP;
	public int lrStepSize = 2500;
	public double lrGamma = 0.1;
	public double momentum = 0.9;
	public double weightDecay = 1e-4;

	// mean teacher
	public double emaDecay = 0.99;
	public double consistencyWeight = 0.1;
	public ConsistencyLoss consistencyLoss = ConsistencyLoss.MSE;
	/** Ramp-up length T in ramp "epochs" of {@link #rampUpStep} iterations. */
	public double rampUpLength = 40;
	public int rampUpStep = 150;
	/** UA-MT: stochastic teacher passes per iteration. */
	public int uncertaintyPasses = 8;

	// copy-paste mean teacher (CopyPasteMethod)
	/**
	 * Share of the iterations spent first on supervised training with labeled patches pasted into
	 * each other, before the teacher's pseudo-labels are used; the paper pre-trains a separate model
	 * for 2000 iterations before 15000 of self-training on LA (0.12 of the whole).
	 */
	public double copyPasteWarmup = 0.12;
	/** Edge of the pasted cube as a share of the patch, per axis (paper: 2/3). */
	public double copyPasteCube = 2.0 / 3;
	/** Weight of the loss on voxels that came from an unlabeled patch (paper: 0.5). */
	public double copyPasteUnlabeledWeight = 0.5;

	// bookkeeping
	public long seed = 1337;
	public int validationInterval = 200;
	public int validationStart = 800;
	public int checkpointInterval = 1000;
	/** Print/notify every this many iterations (listeners get every iteration regardless). */
	public int logInterval = 10;

	public VNetConfig netConfig() {
		return new VNetConfig(1, numClasses, baseFilters, depth, normalization, dropout);
	}

	/** Weight of the unlabeled part of the loss (the consistency for Mean Teacher) at iteration {@code it}. */
	public double consistencyWeightAt(long it) {
		return method.unlabeledWeightAt(it, this);
	}

	public double learningRateAt(long it) {
		return schedule.rate(learningRate, it, iterations, lrStepSize, lrGamma);
	}

	/** Which label voxels are annotated, as the training sees the labels (after {@link #labelConvention()}). */
	public Annotation annotation() {
		if (labelConvention() == LabelConvention.LABKIT) return new Annotation(LabelConvention.NOT_ANNOTATED);
		return unannotated == null ? Annotation.DENSE : new Annotation(unannotated);
	}

	public LabelConvention labelConvention() {
		return labelConvention == null ? LabelConvention.CLASSES : labelConvention;
	}

	/** Unlabeled volumes in one batch: none for supervised-only training. */
	public int unlabeledInBatch() {
		return method.usesTeacher() ? batchSize - labeledPerBatch : 0;
	}

	/** Throws a clear error for an impossible setting. */
	public TrainingConfig validate() {
		if (method == null) throw new IllegalArgumentException("no training method given");
		if (numClasses < 2 || numClasses > 256)
			throw new IllegalArgumentException("classes (with background) must be 2..256, got " + numClasses);
		if (patch == null) throw new IllegalArgumentException("no patch size given");
		netConfig().requirePatchFits(patch.toArray());
		if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
		if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
		if (labeledPerBatch < 1 || labeledPerBatch > batchSize)
			throw new IllegalArgumentException("labeled per batch must be 1.." + batchSize + ", got " + labeledPerBatch);
		if (method.usesTeacher() && labeledPerBatch == batchSize)
			throw new IllegalArgumentException(method.label() + " needs unlabeled volumes in each batch: labeled per batch ("
				+ labeledPerBatch + ") must be smaller than the batch size (" + batchSize + ")");
		requireNormalisable();
		requireUsableAnnotation();
		if (!(learningRate > 0) || Double.isInfinite(learningRate))
			throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
		if (schedule == null) throw new IllegalArgumentException("no learning-rate schedule given");
		if (lrStepSize < 1) throw new IllegalArgumentException("learning-rate step (decay every) must be >= 1 iteration, got " + lrStepSize);
		// a factor <= 0 makes the rate zero or negative: SGD would then climb the loss
		if (!(lrGamma > 0 && lrGamma <= 1))
			throw new IllegalArgumentException("learning-rate factor (lrgamma) must be in (0, 1], got " + lrGamma);
		if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
		if (!(weightDecay >= 0) || Double.isInfinite(weightDecay))
			throw new IllegalArgumentException("weight decay must be a number >= 0, got " + weightDecay);
		if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
		if (!(consistencyWeight >= 0) || Double.isInfinite(consistencyWeight))
			throw new IllegalArgumentException("consistency weight must be a number >= 0, got " + consistencyWeight);
		if (!(rampUpLength >= 0) || Double.isInfinite(rampUpLength))
			throw new IllegalArgumentException("consistency ramp-up must be a number >= 0 (ramp epochs), got " + rampUpLength);
		if (rampUpStep < 1) throw new IllegalArgumentException("iterations per ramp epoch must be >= 1, got " + rampUpStep);
		if (!(teacherNoiseSd >= 0 && teacherNoiseClamp >= 0) || Double.isInfinite(teacherNoiseSd) || Double.isInfinite(teacherNoiseClamp))
			throw new IllegalArgumentException("teacher noise sd and clamp must be numbers >= 0, got " + teacherNoiseSd + " and "
				+ teacherNoiseClamp);
		method.requireValid(this);
		if (validationInterval < 1 || checkpointInterval < 1 || logInterval < 1)
			throw new IllegalArgumentException("validation, checkpoint and log intervals must be >= 1");
		if (validationStart < 0) throw new IllegalArgumentException("validation start must be >= 0, got " + validationStart);
		return this;
	}

	/** The sparse-label settings: one meaning of "not annotated", not a class, and a method that can use it. */
	private void requireUsableAnnotation() {
		if (unannotated != null && (unannotated < 0 || unannotated > 255))
			throw new IllegalArgumentException("the not-annotated label value (unannotated) must be 0..255 or empty, got " + unannotated);
		if (labelConvention() == LabelConvention.LABKIT) {
			if (unannotated != null)
				throw new IllegalArgumentException("labelconvention=labkit already means 0 = not annotated: leave unannotated empty (got "
					+ unannotated + ")");
			if (numClasses > LabelConvention.NOT_ANNOTATED)
				throw new IllegalArgumentException("labelconvention=labkit holds at most " + LabelConvention.NOT_ANNOTATED
					+ " classes, got classes=" + numClasses);
		}
		else if (unannotated != null && unannotated < numClasses)
			throw new IllegalArgumentException("the not-annotated label value " + unannotated + " is class " + unannotated + " of classes="
				+ numClasses + "; use a value of " + numClasses + " or more (e.g. 255)");
		if (annotation().isSparse() && method.mixing() != null)
			throw new IllegalArgumentException(method.label() + " cannot train from sparse labels (unannotated=" + unannotated
				+ ", labelconvention=" + labelConvention().key() + "); use Mean Teacher, UA-MT or supervised only");
	}

	/**
	 * Every forward pass in training mode (the student's on the whole batch, the teacher's on the
	 * unlabeled part) must give the normalisation more than one value per statistic at the deepest
	 * stage: with one, batch norm fails in libtorch and the others output a constant. A batch of
	 * one value cannot be normalised, so the settings are refused rather than trained around.
	 */
	private void requireNormalisable() {
		VNetConfig net = netConfig();
		int[] p = patch.toArray();
		// the teacher's pass is the smaller one: the unlabeled part of the student's batch
		int smallest = method.usesTeacher() ? unlabeledInBatch() : labeledPerBatch;
		long values = net.normalisationValues(p, smallest);
		if (values > 1) return;
		String pass = method.usesTeacher()
			? "the teacher's batch of " + smallest + " (batch " + batchSize + " - labeledbatch " + labeledPerBatch + ")"
			: "a batch of " + smallest + " (labeledbatch; " + method.label() + " trains on the labeled volumes alone)";
		String moreVolumes = method.usesTeacher() ? "batch=" + (labeledPerBatch + 2) + " with labeledbatch=" + labeledPerBatch
			: "labeledbatch=2";
		throw new IllegalArgumentException("patch " + patch + " with depth " + depth + " leaves " + net.deepestVoxels(p)
			+ " voxel(s) per channel at the deepest stage, and " + normalization.name().toLowerCase(Locale.ROOT)
			+ " norm in training needs more than one value per channel there, but " + pass + " gives it " + values + "; use a patch of "
			+ 2 * net.patchMultiple() + " along one axis" + (depth > 1 ? ", depth " + (depth - 1) : "")
			+ (normalization == Normalization.BATCH ? " or " + moreVolumes : ""));
	}

	/** Settings that change no weight and no model: a resumed run may use other values. */
	private static final Set<String> BOOKKEEPING = Set.of("checkpointInterval", "logInterval");
	/**
	 * Former settings that checkpoints of earlier versions still hold: the input scale now comes with
	 * the case set, and the data fingerprint compares it.
	 */
	private static final Set<String> MOVED = Set.of("inputScale");

	/**
	 * The settings that differ from {@code saved} (e.g. a checkpoint's) and change the result, one
	 * "name: value in the checkpoint, value now" each; empty when a resumed run would continue
	 * exactly as the saved one.
	 */
	public List<String> differencesFrom(TrainingConfig saved) {
		JsonObject was = JsonParser.parseString(StrictJson.toJson(saved)).getAsJsonObject();
		JsonObject now = JsonParser.parseString(StrictJson.toJson(this)).getAsJsonObject();
		Set<String> names = new TreeSet<>(was.keySet());
		names.addAll(now.keySet());
		List<String> out = new ArrayList<>();
		for (String name : names) {
			if (BOOKKEEPING.contains(name) || MOVED.contains(name)) continue;
			JsonElement a = was.get(name), b = now.get(name);
			if (!Objects.equals(a, b))
				out.add(name + ": " + (a == null ? "absent" : a.toString()) + " in the checkpoint, " + (b == null ? "absent" : b.toString())
					+ " now");
		}
		return out;
	}

	/**
	 * A copy with the same method object: the JSON round trip would look its id up on the class
	 * path, where a method that only a context lists (one a test registers by hand) is missing.
	 */
	public TrainingConfig copy() {
		JsonObject fields = JsonParser.parseString(StrictJson.toJson(this)).getAsJsonObject();
		fields.remove("method");
		TrainingConfig copy = StrictJson.fromJson(fields.toString(), TrainingConfig.class);
		copy.method = method;
		return copy;
	}

	@Override
	public String toString() {
		return method.label() + ", patch " + Arrays.toString(patch.toArray()) + ", " + iterations + " iterations, batch "
			+ (labeledPerBatch + unlabeledInBatch()) + " (" + labeledPerBatch + " labeled), lr " + learningRate + " " + schedule + ", seed " + seed
			+ (labelConvention() == LabelConvention.LABKIT ? ", Labkit labels (0 = not annotated)"
				: unannotated != null ? ", not-annotated label value " + unannotated : "");
	}
}
