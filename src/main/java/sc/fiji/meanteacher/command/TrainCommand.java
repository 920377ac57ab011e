package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.PluginService;
import org.scijava.task.TaskService;
import org.scijava.widget.ChoiceWidget;
import org.scijava.widget.FileWidget;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.net.WeightInit;
import sc.fiji.meanteacher.train.CopyPasteMethod;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.LearningRateSchedule;
import sc.fiji.meanteacher.train.MeanTeacherMethod;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.SupervisedOnlyMethod;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingPreset;
import sc.fiji.meanteacher.train.TrainingResult;
import sc.fiji.meanteacher.train.UncertaintyAwareMethod;
import sc.fiji.meanteacher.ui.EscapeStop;
import sc.fiji.meanteacher.ui.HtmlText;
import sc.fiji.meanteacher.ui.TrainingProgress;
import sc.fiji.meanteacher.ui.TrainingStatus;
import sc.fiji.meanteacher.ui.TrainingWindow;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelConvention;
import sc.fiji.meanteacher.volume.LaLayout;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.VoxelSpacing;

/**
 * Trains a model from images in folders or from the images open in Fiji ({@code source}). Folders:
 * an images folder and a labels folder (same file names; an image without a label file is
 * unlabeled), or a folder in the LA layout ({@link LaLayout}), whose cases train labeled or
 * unlabeled as the {@code labeledlist} and {@code unlabeledlist} files name them: with 80 cases of
 * which some are held out for testing, an explicit list is the only safe default, so
 * {@code labeledlist} is required there and an empty {@code unlabeledlist} means no unlabeled case.
 * A Medical Segmentation Decathlon dataset ({@code dataset.json}) trains its training pairs
 * labeled and its other {@code imagesTr} files unlabeled, its {@code test} images unlabeled too
 * with {@code testasunlabeled}; its {@code labels} must name {@code classes} classes, and the
 * model records their names.
 * Labels may be sparse: {@code unannotated} names the label value of the voxels left unpainted, or
 * {@code labelconvention=labkit} reads 0 as not annotated and k as class k − 1 (a Labkit labeling);
 * presets leave both alone, as they leave the classes.
 * Open images: {@link OpenImageCases}' naming rule. Every volume is resampled first, by
 * {@code scale} (a factor of its own grid) or to {@code spacing} (a voxel size, from its own
 * voxel size), never both ({@link GridTarget}); the model records which, so that segmentation
 * resamples new images alike. A preset's {@code scale} gives way to a {@code spacing}.
 * <p>
 * A {@code preset} ({@link TrainingPreset}) fills every budget input the caller left out (see
 * {@link PresetPreprocessor}); without one the reference preset gives the reference
 * hyper-parameters (docs/METHOD.md). Parameters are not persisted, so a macro or headless call gets
 * exactly the preset's values for what it leaves out. In Fiji a {@link TrainingWindow} shows the
 * run and can stop it; so can Esc and {@link #stop()}. The run is also a SciJava task
 * ({@link CommandTask}), which Fiji's task list and scripts can cancel.
 * <p>
 * The output folder belongs to one training, whichever the source: a run refuses a folder another
 * training is running in, a fresh run refuses a folder holding another run's checkpoints, models or
 * log, and {@code resume} continues only a run with the same settings and data (the trainer names
 * what differs). All are checked before any image is read, and again under the folder's lock.
 * <p>
 * Its length is its {@code @Parameter} fields (about forty), which are its dialog and its macro
 * keys and so stay in the command; which cases it reads is {@link TrainingSource}'s, the training
 * the engine's.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + TrainCommand.TITLE)
public class TrainCommand extends MeanTeacherCommand {

	public static final String TITLE = "Train Mean Teacher";
	public static final String FOLDERS = TrainingSource.FOLDERS, OPEN_IMAGES = TrainingSource.OPEN_IMAGES;
	static final String CANCELLED_IN_WINDOW = "training cancelled in the training window";
	static final String INTERRUPTED = "training interrupted";

	@Parameter(label = "Train on", choices = { FOLDERS, OPEN_IMAGES }, style = ChoiceWidget.RADIO_BUTTON_HORIZONTAL_STYLE,
		persist = false)
	private String source = FOLDERS;

	@Parameter(label = "Open images", visibility = ItemVisibility.MESSAGE, required = false, persist = false,
		initializer = "describeOpenImages")
	private String openimages = "";

	@Parameter(label = "Folders: images (TIFF stacks or NIfTI, Decathlon dataset.json, or LA layout: <case>/mri_norm2.h5)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false)
	private File images;

	@Parameter(label = "Folders: labels (same file names; not for Decathlon or LA layout)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false)
	private File labels;

	@Parameter(label = "LA layout: labeled cases (text file, one name a line)", style = FileWidget.OPEN_STYLE,
		required = false, persist = false)
	private File labeledlist;

	@Parameter(label = "LA layout: unlabeled cases (text file; empty = none)", style = FileWidget.OPEN_STYLE,
		required = false, persist = false)
	private File unlabeledlist;

	@Parameter(label = "Output model folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	private File output;

	/**
	 * The built-in methods' labels. SciJava takes a plain command's choices from this annotation
	 * only (a dynamic command would make CommandService.run return no module for scripts), so
	 * another registered {@link sc.fiji.meanteacher.train.TrainingMethod} is named in macros and
	 * scripts, not picked here; a test keeps this list equal to the registered built-ins.
	 */
	@Parameter(label = "Method", choices = { MeanTeacherMethod.LABEL, UncertaintyAwareMethod.LABEL, CopyPasteMethod.LABEL,
		SupervisedOnlyMethod.LABEL }, persist = false)
	private String method = MeanTeacherMethod.LABEL;

	@Parameter(label = "Preset (fills the fields below: choose it first)", choices = { TrainingPreset.QUICK_DEMO_LABEL,
		TrainingPreset.CPU_REDUCED_LABEL, TrainingPreset.REFERENCE_LABEL }, callback = "presetChanged", persist = false)
	private String preset = TrainingPreset.REFERENCE_LABEL;

	@Parameter(label = "Patch size x,y,z", persist = false)
	private String patch = "112,112,80";

	@Parameter(label = "Iterations", min = "1", persist = false)
	private int iterations = 6000;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String dataheader = header("Data");

	@Parameter(label = "Resample by (1 = as is, 0.5 = half size)", description = "A factor of each volume's own grid, the same on "
		+ "every axis; leave it at 1 when a spacing is given (the two are exclusive)", persist = false)
	private double scale = 1;

	@Parameter(label = "Resample to voxel size x,y,z (empty = as is)", description = "Target voxel size in the images' own unit, "
		+ "e.g. 0.4,0.4,0.4: each volume is resampled from its own voxel size to it (anisotropic stacks made isotropic); "
		+ "images need a voxel size; exclusive with a scale other than 1, and a preset's scale gives way to it",
		required = false, persist = false)
	private String spacing = "";

	@Parameter(label = "Classes (with background)", min = "2", max = "256", persist = false)
	private int classes = 2;

	@Parameter(label = "Decathlon dataset: train on its test images too, unlabeled", persist = false)
	private boolean testasunlabeled = false;

	@Parameter(label = "Intensity normalisation", choices = { "zscore", "none", "percentile-0.5-99.5" }, persist = false)
	private String intensity = "zscore";

	@Parameter(label = "Not-annotated label value (empty = every voxel annotated)", description = "Sparse labels: the label value of "
		+ "the voxels left unpainted, e.g. 255; they carry no supervised loss (not to be confused with the unlabeled volumes); "
		+ "a value of 'classes' or more, 0..255", required = false, persist = false)
	private String unannotated = "";

	@Parameter(label = "Label convention", choices = { "classes", "labkit" }, description = "classes: value k is class k; labkit: 0 is "
		+ "not annotated and k >= 1 is class k-1 (a Labkit labeling saved as an index image, background painted as its first "
		+ "label); leave the not-annotated value empty with labkit", persist = false)
	private String labelconvention = "classes";

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String optimiserheader = header("Batch and optimiser");

	@Parameter(label = "Batch size", min = "1", persist = false)
	private int batch = 4;

	@Parameter(label = "Labeled per batch", min = "1", persist = false)
	private int labeledbatch = 2;

	@Parameter(label = "Learning rate", persist = false)
	private double lr = 0.01;

	@Parameter(label = "Learning-rate schedule", choices = { "step", "poly", "constant" }, persist = false)
	private String schedule = "step";

	@Parameter(label = "Step schedule: decay every (iterations)", min = "1", persist = false)
	private int lrstep = 2500;

	@Parameter(label = "Step schedule: factor", persist = false)
	private double lrgamma = 0.1;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String consistencyheader = header("Consistency (Mean Teacher and UA-MT)");

	@Parameter(label = "Consistency weight", persist = false)
	private double consistency = 0.1;

	@Parameter(label = "Consistency ramp-up (ramp epochs)", persist = false)
	private double rampup = 40;

	@Parameter(label = "Iterations per ramp epoch", min = "1", persist = false)
	private int rampstep = 150;

	@Parameter(label = "EMA decay", persist = false)
	private double ema = 0.99;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String copypasteheader = header("Copy-paste Mean Teacher");

	@Parameter(label = "Supervised warm-up (share of the iterations)", persist = false)
	private double bcpwarmup = 0.12;

	@Parameter(label = "Pasted cube (share of the patch per axis)", persist = false)
	private double bcpcube = 2.0 / 3;

	@Parameter(label = "Weight of voxels from unlabeled patches", persist = false)
	private double bcpweight = 0.5;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String networkheader = header("Network");

	@Parameter(label = "Base filters", min = "1", persist = false)
	private int filters = 16;

	@Parameter(label = "Down-sampling stages", min = "1", persist = false)
	private int depth = 4;

	@Parameter(label = "Weight initialisation", choices = { "pytorch", "he" }, persist = false)
	private String init = "pytorch";

	@Parameter(label = "Seed", persist = false)
	private long seed = 1337;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String validationheader = header("Validation and checkpoints");

	@Parameter(label = "Labeled images held out for validation", min = "0", persist = false)
	private int validation = 0;

	@Parameter(label = "Validate every (iterations)", min = "1", persist = false)
	private int valinterval = 200;

	@Parameter(label = "Validate from iteration", min = "0", persist = false)
	private int valstart = 800;

	@Parameter(label = "Checkpoint every (iterations)", min = "1", persist = false)
	private int checkpoint = 1000;

	@Parameter(label = "Resume from checkpoint (empty, 'latest' or a checkpoint file)", required = false, persist = false)
	private String resume = "";

	@Parameter(label = "Progress line every (iterations)", min = "1", persist = false)
	private int progress = 10;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String deviceheader = header("Device");

	@Parameter(label = "Device (auto, cpu, gpu0, gpu1, ...)", persist = false)
	private String device = "auto";

	/** Path of the best model (a String: SciJava displays no File outputs). */
	@Parameter(label = "Best model", type = ItemIO.OUTPUT)
	private String model;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT)
	private String summary;

	/** Lists the training methods, with any a context registered by hand; null for a command made without a context. */
	@Parameter(required = false)
	private PluginService plugins;

	/** Shows the run in Fiji's task list, where scripts can cancel it ({@link CommandTask}); null without a context. */
	@Parameter(required = false)
	private TaskService tasks;

	private volatile SegmentationTrainer trainer;
	private volatile boolean stopRequested;

	@Override
	protected void execute() throws IOException {
		// An unknown name fails here: PresetPreprocessor left the inputs as they were.
		TrainingPreset.fromName(preset);
		TrainingConfig config = config();
		GridTarget grid = grid();
		// Before the data is read: a GPU asked for and not usable fails here, with the reason.
		DeviceSelection on = DeviceChoice.parse(device).select();
		TrainingSource from = new TrainingSource(source, images, labels, labeledlist, unlabeledlist, testasunlabeled, classes,
			grid);
		if (ParameterValues.isEmpty(output)) throw new IllegalArgumentException("no output folder given");
		// Settled before the data is read (which can take minutes) and before a window opens.
		Folders.requireCreatable("output folder", output.toPath());
		Path checkpoint = SegmentationTrainer.checkpointToResume(output.toPath(), resume, log::warn);
		SegmentationTrainer.requireUsableOutput(output.toPath(), config, checkpoint);
		// Made now, so that an Esc from before this run is forgotten but one while the images are read counts.
		EscapeStop escape = new EscapeStop(this::stop);
		TrainingProgress shown = new TrainingProgress(config, validation);
		TrainingWindow window = isHeadless() ? null
			: TrainingWindow.open(TITLE + ": " + output.getName(), shown, this::stop, () -> cancel(CANCELLED_IN_WINDOW));
		CommandTask task = CommandTask.start(tasks, TITLE + ": " + output.getName(), config.iterations, this::cancel);
		TrainingResult r;
		try {
			// The trainer normalises; reading only resamples.
			CaseSet cases = from.read(config.method, this::showStatus);
			if (validation > 0) cases = cases.withValidation(validation);
			if (isCanceled()) {
				if (window != null) window.ended(false, true, "cancelled before training began; nothing was written");
				return;
			}
			trainer = new SegmentationTrainer(config, cases, output.toPath()).device(on);
			// a stop or cancel (a termination signal, say) while the images were read
			if (stopRequested || isCanceled()) trainer.cancel();
			trainer.addListener(new TrainingStatus(status, log, progress)).addListener(interruptWatch()).addListener(escape)
				.addListener(taskProgress(task));
			if (window != null) trainer.addListener(window);
			r = checkpoint == null ? trainer.train() : trainer.resume(checkpoint);
		}
		catch (RuntimeException | IOException e) {
			if (window != null && shown.iterationsDone() == 0) window.frame().dispose();
			else if (window != null) window.failed(e.getMessage());
			throw e;
		}
		finally {
			task.close();
		}
		boolean stopped = r.cancelled() && stopRequested && !isCanceled();
		model = r.bestModel().toString();
		summary = r.summary(config.method.label(), iterations, stopped);
		showStatus(summary);
		if (window != null) window.ended(stopped, r.cancelled() && !stopped, summary);
		if (r.cancelled() && !stopped)
			cancel("training cancelled after " + r.iterationsDone() + " iterations; models saved in " + output);
	}

	/**
	 * Ends the run after the current iteration, or before the first when called earlier: the best
	 * and last models are saved and the command returns normally. The training window's Stop, Esc
	 * and scripts call this; {@link #cancel(String)} ends the run as cancelled instead.
	 */
	public void stop() {
		end(null);
	}

	/** Fiji's cancel, the window's Cancel, a cancelled task and an interrupt: the run ends as {@link #stop()} does, but cancelled. */
	@Override
	public void cancel(String reason) {
		end(reason);
	}

	/**
	 * The one way a run ends early, whoever asks: the trainer stops at the next iteration and still
	 * saves its models and a checkpoint.
	 *
	 * @param cancelReason null for a stop (the command returns normally), else why it is cancelled
	 */
	private void end(String cancelReason) {
		// flag first, trainer second: execute() reads them in the other order, so one of us cancels it
		if (cancelReason == null) stopRequested = true;
		else super.cancel(cancelReason);
		SegmentationTrainer t = trainer;
		if (t != null) t.cancel();
	}

	/**
	 * Fills the inputs a caller left out, before a dialog shows them or the command runs (called by
	 * {@link PresetPreprocessor}): {@code source} becomes "Open images" when no images folder is
	 * given and images are open, and the budget inputs take the chosen preset's values.
	 *
	 * @param given whether the caller (macro, script, command line) set the input of that name
	 */
	void fillLeftOut(Predicate<String> given) {
		if (!given.test("source") && !given.test("images") && !OpenImageCases.openImages().isEmpty()) source = OPEN_IMAGES;
		TrainingPreset.find(preset).ifPresent(p -> applyPreset(p, key -> !given.test(key)));
	}

	/** In the dialog: choosing a preset fills all of its fields. */
	protected void presetChanged() {
		TrainingPreset.find(preset).ifPresent(p -> applyPreset(p, key -> true));
	}

	/** The dialog's summary of the open images and the naming rule (titles are escaped for the HTML label). */
	protected void describeOpenImages() {
		openimages = "<html>Open images: " + HtmlText.escape(OpenImageCases.describe(OpenImageCases.openImages())) + "<br><i>"
			+ HtmlText.escape(OpenImageCases.RULE) + "</i>";
	}

	/**
	 * Sets the budget inputs for which {@code set} holds to the values of {@code p}: resampling, patch,
	 * iterations, batch, optimiser, consistency, network size, validation, checkpoint and progress
	 * intervals. Method, classes, normalisation, initialisation, seed and held-out count are left alone.
	 */
	void applyPreset(TrainingPreset p, Predicate<String> set) {
		applySettings(p.config(), p.inputScale(), set);
	}

	/** Sets the budget inputs for which {@code set} holds to the settings of {@code c}, and the scale to {@code inputScale}, as {@link #applyPreset} does. */
	void applySettings(TrainingConfig c, double inputScale, Predicate<String> set) {
		// a spacing is not a budget key: the preset's factor gives way to it rather than contradict it
		if (set.test("scale")) scale = spacing == null || spacing.isBlank() ? inputScale : 1;
		for (ConfigInput input : CONFIG_INPUTS)
			if (input.isBudget() && set.test(input.key())) input.fromSetting(c, this);
	}

	/**
	 * The {@code labelconvention} setting: null for {@code classes}, the default, so that a dense
	 * run's configuration, checkpoints and fingerprint read as they did before the setting existed.
	 */
	static LabelConvention labelConvention(String text) {
		LabelConvention c = LabelConvention.parse(text);
		return c == LabelConvention.CLASSES ? null : c;
	}

	/** The {@code unannotated} setting: null when empty; one line naming the value unless an integer 0..255. */
	static Integer notAnnotatedValue(String text) {
		if (text == null || text.isBlank()) return null;
		try {
			int v = Integer.parseInt(text.trim());
			if (v >= 0 && v <= 255) return v;
		}
		catch (NumberFormatException e) {
			// refused below with the other values
		}
		throw new IllegalArgumentException("unannotated (the not-annotated label value) must be an integer 0..255 or empty, got '"
			+ text.trim() + "'");
	}

	TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		// not in the table: a method's name is looked up among those the context lists
		c.method = TrainingMethods.fromName(plugins, method);
		for (ConfigInput input : CONFIG_INPUTS)
			input.toSetting(this, c);
		return c.validate();
	}

	/** The factor the cases are resampled by as they are read (the {@code scale} input). */
	double scale() {
		return scale;
	}

	/**
	 * The grid the cases are brought to as they are read: {@code scale} or {@code spacing}.
	 *
	 * @throws IllegalArgumentException naming the value for a bad scale or spacing, or both given
	 */
	GridTarget grid() {
		return GridTarget.of(scale, VoxelSpacing.parse("spacing", spacing));
	}

	/** A thread interrupt (Fiji's way to stop a command) cancels like {@link #cancel(String)}. */
	private TrainingListener interruptWatch() {
		return new TrainingListener() {
			@Override
			public void iterationDone(IterationReport report) {
				if (Thread.currentThread().isInterrupted() && !isCanceled() && !stopRequested) cancel(INTERRUPTED);
			}
		};
	}

	/** The iterations done, as the task's progress. */
	private static TrainingListener taskProgress(CommandTask task) {
		return new TrainingListener() {
			@Override
			public void iterationDone(IterationReport report) {
				task.progress(report.iteration() + 1, "iteration " + (report.iteration() + 1) + "/" + report.iterations());
			}
		};
	}

	/**
	 * The inputs that are {@link TrainingConfig} settings, in the order {@link #config()} reads (and
	 * so checks) them: the one place that pairs an input with its setting, read one way by
	 * {@link #config()} and the other by {@link #applySettings} for the budget inputs a preset sets.
	 */
	private static final List<ConfigInput> CONFIG_INPUTS = List.of(
		ConfigInput.fixed("classes", "numClasses"),
		ConfigInput.fixed("unannotated", "unannotated", TrainCommand::notAnnotatedValue),
		ConfigInput.fixed("labelconvention", "labelConvention", TrainCommand::labelConvention),
		ConfigInput.budget("patch", "patch", (String text) -> PatchSize.parse("patch", text), PatchSize::toParameter),
		ConfigInput.budget("iterations", "iterations"),
		ConfigInput.budget("batch", "batchSize"),
		ConfigInput.budget("labeledbatch", "labeledPerBatch"),
		ConfigInput.budget("lr", "learningRate"),
		ConfigInput.budget("schedule", "schedule", LearningRateSchedule::fromName,
			(LearningRateSchedule s) -> s.name().toLowerCase(Locale.ROOT)),
		ConfigInput.budget("lrstep", "lrStepSize"),
		ConfigInput.budget("lrgamma", "lrGamma"),
		ConfigInput.budget("ema", "emaDecay"),
		ConfigInput.budget("consistency", "consistencyWeight"),
		ConfigInput.budget("rampup", "rampUpLength"),
		ConfigInput.budget("rampstep", "rampUpStep"),
		ConfigInput.fixed("bcpwarmup", "copyPasteWarmup"),
		ConfigInput.fixed("bcpcube", "copyPasteCube"),
		ConfigInput.fixed("bcpweight", "copyPasteUnlabeledWeight"),
		ConfigInput.fixed("intensity", "intensity", IntensityNormalization::fromName),
		ConfigInput.budget("filters", "baseFilters"),
		ConfigInput.budget("depth", "depth"),
		ConfigInput.fixed("init", "weightInit", WeightInit::fromName),
		ConfigInput.fixed("seed", "seed"),
		ConfigInput.budget("valinterval", "validationInterval"),
		ConfigInput.budget("valstart", "validationStart"),
		ConfigInput.budget("checkpoint", "checkpointInterval"),
		ConfigInput.budget("progress", "logInterval"));

	/**
	 * One input that is a setting: the command's field (named as its macro key) and the
	 * configuration's, with how a value turns from one into the other. Fields, not accessors, so
	 * that a row names each side once; a misspelt name fails as the class loads, and
	 * {@code TrainPresetTest} round-trips every row.
	 *
	 * @param toSetting the input's value as the setting's (text parsed, numbers as they are)
	 * @param toInput the setting's value as the input's, or null for an input no preset sets
	 */
	private record ConfigInput(Field input, Field setting, Function<Object, Object> toSetting, Function<Object, Object> toInput) {

		/** A budget input a preset sets, with the same value as its setting. */
		static ConfigInput budget(String key, String setting) {
			return new ConfigInput(inputField(key), settingField(setting), Function.identity(), Function.identity());
		}

		/** A budget input a preset sets, text parsed into its setting and the setting written back as text. */
		@SuppressWarnings("unchecked")
		static <I, S> ConfigInput budget(String key, String setting, Function<I, S> parse, Function<S, I> format) {
			return new ConfigInput(inputField(key), settingField(setting), v -> parse.apply((I) v), v -> format.apply((S) v));
		}

		/** An input presets leave alone, with the same value as its setting. */
		static ConfigInput fixed(String key, String setting) {
			return new ConfigInput(inputField(key), settingField(setting), Function.identity(), null);
		}

		/** An input presets leave alone, text parsed into its setting. */
		@SuppressWarnings("unchecked")
		static <I, S> ConfigInput fixed(String key, String setting, Function<I, S> parse) {
			return new ConfigInput(inputField(key), settingField(setting), v -> parse.apply((I) v), null);
		}

		String key() {
			return input.getName();
		}

		boolean isBudget() {
			return toInput != null;
		}

		void toSetting(TrainCommand from, TrainingConfig to) {
			copy(input, from, setting, to, toSetting);
		}

		void fromSetting(TrainingConfig from, TrainCommand to) {
			copy(setting, from, input, to, toInput);
		}

		private static void copy(Field source, Object from, Field target, Object to, Function<Object, Object> convert) {
			try {
				target.set(to, convert.apply(source.get(from)));
			}
			catch (IllegalAccessException e) {
				throw new IllegalStateException("cannot copy " + source.getName() + " to " + target.getName(), e);
			}
		}

		private static Field inputField(String key) {
			try {
				return TrainCommand.class.getDeclaredField(key);
			}
			catch (NoSuchFieldException e) {
				throw new IllegalStateException("Train has no input " + key, e);
			}
		}

		private static Field settingField(String name) {
			try {
				return TrainingConfig.class.getField(name);
			}
			catch (NoSuchFieldException e) {
				throw new IllegalStateException("TrainingConfig has no setting " + name, e);
			}
		}
	}
}
