package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.net.WeightInit;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.LearningRateSchedule;
import sc.fiji.meanteacher.train.MeanTeacherTrainer;
import sc.fiji.meanteacher.train.Method;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingResult;
import sc.fiji.meanteacher.ui.LossPlot;
import sc.fiji.meanteacher.ui.TrainingStatus;
import sc.fiji.meanteacher.volume.CaseList;
import sc.fiji.meanteacher.volume.Folders;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaLayout;

/**
 * Trains a model from an images folder and a labels folder (same file names; an image without a
 * label file is unlabeled), or from a folder in the LA layout ({@link LaLayout}), whose cases train
 * labeled or unlabeled as the {@code labeledlist} and {@code unlabeledlist} files name them: with
 * 80 cases of which some are held out for testing, an explicit list is the only safe default, so
 * {@code labeledlist} is required there and an empty {@code unlabeledlist} means no unlabeled case.
 * Every volume is resampled by {@code scale} first, and the model records that factor so that
 * segmentation resamples new images alike. Defaults are the reference hyper-parameters
 * (METHOD.md). Parameters are not persisted, so a macro or headless call gets exactly these
 * defaults for what it leaves out. The output folder belongs to one training: a fresh run refuses a
 * folder holding another run's checkpoints or models, and {@code resume} continues only a run with
 * the same settings and data (the trainer names what differs).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + TrainCommand.TITLE)
public class TrainCommand extends MeanTeacherCommand {

	public static final String TITLE = "Train Mean Teacher";

	@Parameter(label = "Images folder (TIFF stacks, or LA layout: <case>/mri_norm2.h5)", style = FileWidget.DIRECTORY_STYLE,
		persist = false)
	private File images;

	@Parameter(label = "Labels folder (same file names; not for the LA layout)", style = FileWidget.DIRECTORY_STYLE,
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

	@Parameter(label = "Resample by (1 = as is, 0.5 = half size)", persist = false)
	private double scale = 1;

	@Parameter(label = "Method", choices = { "Mean Teacher", "UA-MT", "Supervised only" }, persist = false)
	private String method = "Mean Teacher";

	@Parameter(label = "Classes (with background)", min = "2", max = "256", persist = false)
	private int classes = 2;

	@Parameter(label = "Patch size x,y,z", persist = false)
	private String patch = "112,112,80";

	@Parameter(label = "Iterations", min = "1", persist = false)
	private int iterations = 6000;

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

	@Parameter(label = "EMA decay", persist = false)
	private double ema = 0.99;

	@Parameter(label = "Consistency weight", persist = false)
	private double consistency = 0.1;

	@Parameter(label = "Consistency ramp-up (ramp epochs)", persist = false)
	private double rampup = 40;

	@Parameter(label = "Iterations per ramp epoch", min = "1", persist = false)
	private int rampstep = 150;

	@Parameter(label = "Intensity normalisation", choices = { "zscore", "none", "percentile-0.5-99.5" }, persist = false)
	private String intensity = "zscore";

	@Parameter(label = "Base filters", min = "1", persist = false)
	private int filters = 16;

	@Parameter(label = "Down-sampling stages", min = "1", persist = false)
	private int depth = 4;

	@Parameter(label = "Weight initialisation", choices = { "pytorch", "he" }, persist = false)
	private String init = "pytorch";

	@Parameter(label = "Seed", persist = false)
	private long seed = 1337;

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

	/** Path of the best model (a String: SciJava displays no File outputs). */
	@Parameter(label = "Best model", type = ItemIO.OUTPUT)
	private String model;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT)
	private String summary;

	private volatile MeanTeacherTrainer trainer;

	@Override
	protected void execute() throws IOException {
		TrainingConfig config = config();
		Path imageDir = ParameterValues.folder("images", images);
		if (ParameterValues.isEmpty(output)) throw new IllegalArgumentException("no output folder given");
		// Settled before the data is read, which can take minutes.
		Folders.requireCreatable("output folder", output.toPath());
		Path from = checkpointToResume();
		if (from == null) MeanTeacherTrainer.requireFreshOutput(output.toPath());
		// The trainer normalises; reading only resamples.
		CaseSet cases = LaLayout.isLaLayout(imageDir) ? laCases(imageDir, config) : tiffCases(imageDir);
		if (validation > 0) cases = cases.withValidation(validation);
		trainer = new MeanTeacherTrainer(config, cases, output.toPath());
		trainer.addListener(new TrainingStatus(status, log, progress)).addListener(interruptWatch());
		if (!isHeadless()) trainer.addListener(new LossPlot(TITLE + ": " + output.getName(), progress));
		TrainingResult r = from == null ? trainer.train() : trainer.resume(from);
		model = r.bestModel().toString();
		String validated = Double.isNaN(r.bestDice()) ? "no validation"
			: String.format(Locale.ROOT, "best validation Dice %.4f", r.bestDice());
		summary = String.format(Locale.ROOT, "%s: %d iterations in %s, %s, best model %s%s", Method.fromName(method).label(),
			r.iterationsDone(), IterationReport.formatDuration(r.seconds()), validated, r.bestModel(), r.cancelled() ? " (cancelled)" : "");
		showStatus(summary);
		if (r.cancelled()) cancel("training cancelled after " + r.iterationsDone() + " iterations; models saved in " + output);
	}

	@Override
	public void cancel(String reason) {
		// Fiji's cancel stops training at the next iteration; the trainer still saves its models.
		MeanTeacherTrainer t = trainer;
		if (t != null) t.cancel();
		super.cancel(reason);
	}

	TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		c.method = Method.fromName(method);
		c.numClasses = classes;
		c.patch = ParameterValues.triple("patch", patch);
		c.inputScale = scale;
		c.iterations = iterations;
		c.batchSize = batch;
		c.labeledPerBatch = labeledbatch;
		c.learningRate = lr;
		c.schedule = LearningRateSchedule.fromName(schedule);
		c.lrStepSize = lrstep;
		c.lrGamma = lrgamma;
		c.emaDecay = ema;
		c.consistencyWeight = consistency;
		c.rampUpLength = rampup;
		c.rampUpStep = rampstep;
		c.intensity = IntensityNormalization.fromName(intensity);
		c.baseFilters = filters;
		c.depth = depth;
		c.weightInit = WeightInit.fromName(init);
		c.seed = seed;
		c.validationInterval = valinterval;
		c.validationStart = valstart;
		c.checkpointInterval = checkpoint;
		c.logInterval = progress;
		return c.validate();
	}

	private CaseSet tiffCases(Path imageDir) {
		if (!ParameterValues.isEmpty(labeledlist) || !ParameterValues.isEmpty(unlabeledlist))
			throw new IllegalArgumentException("labeledlist and unlabeledlist are for a folder in the LA layout (<case>/"
				+ LaCaseReader.CASE_FILE + "), but " + imageDir.toAbsolutePath()
				+ " holds TIFF images: there, an image with a file in the labels folder is labeled");
		Path labelDir = ParameterValues.folder("labels", labels);
		return CaseSet.fromFolders(imageDir, labelDir, classes, IntensityNormalization.NONE, scale);
	}

	private CaseSet laCases(Path root, TrainingConfig config) {
		String where = root.toAbsolutePath() + " (no <case>/" + LaCaseReader.CASE_FILE + ")";
		if (!ParameterValues.isEmpty(labels))
			throw new IllegalArgumentException(root.toAbsolutePath() + " is in the LA layout, whose labels are in each case's "
				+ LaCaseReader.CASE_FILE + "; leave the labels folder empty and name the labeled cases in labeledlist");
		if (ParameterValues.isEmpty(labeledlist))
			throw new IllegalArgumentException(root.toAbsolutePath() + " is in the LA layout: give labeledlist, a text file "
				+ "naming the labeled training cases one a line (and unlabeledlist for the unlabeled ones)");
		List<String> labeled = CaseList.read(labeledlist.toPath(), n -> LaLayout.hasCase(root, n), where);
		List<String> unlabeled = ParameterValues.isEmpty(unlabeledlist) ? List.of()
			: CaseList.read(unlabeledlist.toPath(), n -> LaLayout.hasCase(root, n), where);
		for (String name : unlabeled)
			if (labeled.contains(name)) throw new IllegalArgumentException("case '" + name + "' is in both labeledlist "
				+ labeledlist.getAbsolutePath() + " and unlabeledlist " + unlabeledlist.getAbsolutePath());
		if (unlabeled.isEmpty() && config.method.usesTeacher())
			throw new IllegalArgumentException(config.method.label() + " learns from unlabeled cases: name them in "
				+ "unlabeledlist, a text file with one case a line (or train \"Supervised only\")");
		showStatus("reading " + labeled.size() + " labeled and " + unlabeled.size() + " unlabeled cases from " + root
			+ (scale == 1 ? "" : ", resampled by " + scale));
		return CaseSet.fromLaLayout(root, labeled, unlabeled, scale, IntensityNormalization.NONE);
	}

	private Path checkpointToResume() throws IOException {
		String r = resume == null ? "" : resume.trim();
		if (r.isEmpty()) return null;
		if (r.equalsIgnoreCase("latest")) {
			Path latest = MeanTeacherTrainer.latestCheckpoint(output.toPath());
			if (latest == null) throw new IllegalArgumentException("resume=latest, but " + output + " holds no checkpoint");
			return latest;
		}
		File f = new File(r);
		if (!f.isFile()) throw new IllegalArgumentException("checkpoint " + f.getAbsolutePath() + " does not exist");
		return f.toPath();
	}

	/** A thread interrupt (Fiji's way to stop a command) cancels like {@link #cancel(String)}. */
	private TrainingListener interruptWatch() {
		return new TrainingListener() {
			@Override
			public void iterationDone(IterationReport report) {
				if (Thread.currentThread().isInterrupted()) trainer.cancel();
			}
		};
	}
}
