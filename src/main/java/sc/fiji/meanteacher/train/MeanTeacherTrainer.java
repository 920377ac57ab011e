package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.meanteacher.data.Augmenter;
import sc.fiji.meanteacher.data.BatchAssembler;
import sc.fiji.meanteacher.data.BatchFactory;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.TrainingBatch;
import sc.fiji.meanteacher.data.TrainingCase;
import sc.fiji.meanteacher.data.TwoStreamBatchSampler;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.DeviceChoice;
import sc.fiji.meanteacher.net.DeviceSelection;
import sc.fiji.meanteacher.net.TorchRuntime;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.WeightIO;
import sc.fiji.meanteacher.volume.Folders;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Trains a V-Net by Mean Teacher, UA-MT or supervised only (METHOD.md), writing into an output
 * folder: {@code best-model.zip}, {@code last-model.zip} (the student, as in the reference),
 * {@code last-teacher-model.zip} (the EMA teacher), {@code checkpoints/checkpoint-NNNNNN.zip} and
 * {@code training-log.csv}.
 * <p>
 * Repeatable: every random choice of iteration {@code it} derives from (seed, it) — batches,
 * augmentation, teacher noise and, through reseeding libtorch, dropout — so a fixed seed repeats
 * a run and a resumed run continues exactly as the uninterrupted one would have.
 */
public final class MeanTeacherTrainer {

	public static final String BEST_MODEL = "best-model.zip";
	public static final String LAST_MODEL = "last-model.zip";
	/** The EMA teacher after the last iteration (Mean Teacher and UA-MT only). */
	public static final String LAST_TEACHER_MODEL = "last-teacher-model.zip";
	public static final String CHECKPOINTS = Checkpoints.FOLDER;
	public static final String LOG = "training-log.csv";
	/**
	 * libtorch 2.7.1's CPU (oneDNN) convolution backward intermittently returned NaN gradients
	 * when a stage had 4 or 8 channels (seen on AVX-512 and with AVX2 capped), never with 16·2^k.
	 */
	static final int CPU_FILTER_MULTIPLE = 16;

	private final TrainingConfig config;
	private final CaseSet cases;
	/** The data as given (before normalisation), recorded in checkpoints and compared on resume. */
	private final DataFingerprint data;
	private final Path outputDir;
	private final List<TrainingListener> listeners = new ArrayList<>();
	/** The manager of the run in progress, for {@link #liveArrays()}. */
	private volatile NDManager activeManager;
	private volatile boolean cancelRequested;
	/** The device to train on; null for {@code device=auto}. */
	private DeviceSelection device;

	public MeanTeacherTrainer(TrainingConfig config, CaseSet cases, Path outputDir) {
		this.config = config.copy().validate();
		this.outputDir = outputDir;
		this.cases = normalised(cases, this.config.intensity);
		requireEnoughCases();
		this.data = DataFingerprint.of(cases, this.config.method.usesTeacher());
	}

	public MeanTeacherTrainer addListener(TrainingListener listener) {
		listeners.add(listener);
		return this;
	}

	/** Trains on {@code selection}'s device (default: {@link DeviceChoice#AUTO}); its report starts the log. */
	public MeanTeacherTrainer device(DeviceSelection selection) {
		this.device = selection;
		return this;
	}

	/** Asks the run to stop after the current iteration; it still saves its models. */
	public void cancel() {
		cancelRequested = true;
	}

	public TrainingResult train() throws IOException {
		return run(null);
	}

	/** Continues from a checkpoint written by an earlier run with a compatible configuration. */
	public TrainingResult resume(Path checkpoint) throws IOException {
		return run(checkpoint);
	}

	/** The newest checkpoint in an output folder, or null. */
	public static Path latestCheckpoint(Path outputDir) throws IOException {
		return Checkpoints.latest(outputDir);
	}

	/**
	 * Throws, naming what is there, when {@code outputDir} holds another training's checkpoints or
	 * models, which a fresh run would mix with its own; {@link #train()} checks it too.
	 */
	public static void requireFreshOutput(Path outputDir) throws IOException {
		RunFolder.requireFresh(outputDir);
	}

	private static CaseSet normalised(CaseSet cases, IntensityNormalization intensity) {
		return new CaseSet(normalised(cases.labeled(), intensity), normalised(cases.unlabeled(), intensity),
			normalised(cases.validation(), intensity), cases.numClasses());
	}

	private static List<TrainingCase> normalised(List<TrainingCase> cases, IntensityNormalization intensity) {
		List<TrainingCase> out = new ArrayList<>(cases.size());
		for (TrainingCase c : cases) out.add(new TrainingCase(c.name(), intensity.apply(c.image()), c.label()));
		return out;
	}

	private void requireEnoughCases() {
		int needU = config.unlabeledInBatch();
		if (cases.labeled().size() < config.labeledPerBatch)
			throw new IllegalArgumentException(cases.labeled().size() + " labeled volume(s), but a batch needs "
				+ config.labeledPerBatch + " labeled; label more volumes or lower 'labeled per batch'");
		if (cases.unlabeled().size() < needU)
			throw new IllegalArgumentException(cases.unlabeled().size() + " unlabeled volume(s), but a " + config.method.label()
				+ " batch needs " + needU + " unlabeled; add unlabeled volumes or lower the batch size");
		for (TrainingCase c : cases.labeled()) c.requireLabelsBelow(config.numClasses);
		for (TrainingCase c : cases.validation()) c.requireLabelsBelow(config.numClasses);
		if (labelWarnings().size() == cases.labeled().size())
			throw new IllegalArgumentException("every labeled volume is all background (label 0 only): there is no structure to learn; "
				+ "check that the labels folder holds the label images");
	}

	/** Labeled volumes without a foreground voxel: they only teach "background". */
	private List<String> labelWarnings() {
		List<String> out = new ArrayList<>();
		for (TrainingCase c : cases.labeled())
			if (c.label().maxLabel() == 0) out.add("labeled volume '" + c.name() + "' is all background (label 0 only)");
		return out;
	}

	private TrainingResult run(Path checkpoint) throws IOException {
		Folders.writable("output folder", outputDir);
		if (checkpoint == null) RunFolder.requireFresh(outputDir);
		else Checkpoints.requireSameRun(outputDir, config, data, checkpoint);
		List<Path> leftovers = RunFolder.removeLeftovers(outputDir);
		DeviceSelection selection = device != null ? device : DeviceChoice.AUTO.select();
		Device on = selection.device();
		boolean gpu = on.isGpu();
		MemoryEstimate.requireTrainingFits(config, on);
		if (!gpu && config.baseFilters % CPU_FILTER_MULTIPLE != 0)
			throw new IllegalArgumentException("base filters must be a multiple of " + CPU_FILTER_MULTIPLE + " on the CPU, got "
				+ config.baseFilters + " (libtorch 2.7.1's CPU convolution backward returned NaN gradients for 4 and 8)");
		Engine engine = TorchRuntime.engine();
		long startNanos = System.nanoTime();
		for (TrainingListener l : listeners) l.deviceChosen(selection);
		for (String line : selection.lines()) announce(line);
		for (Path leftover : leftovers) announce("removed " + leftover + ", left by an interrupted save");
		try (NDManager base = engine.newBaseManager(on)) {
			activeManager = base;
			engine.setRandomSeed(iterationSeed(config.seed, -1));
			VNet student = VNet.create(config.netConfig(), base, config.patch, config.weightInit);
			VNet teacher = null;
			EmaTeacher ema = null;
			if (config.method.usesTeacher()) {
				teacher = VNet.create(config.netConfig(), base, config.patch, config.weightInit);
				teacher.freezeParameters(true);
				ema = new EmaTeacher(student, teacher, config.emaDecay);
			}
			try (SgdOptimizer sgd = new SgdOptimizer(student, base, config.momentum, config.weightDecay)) {
				RunFolder.requireSpace(outputDir, RunFolder.bytesWritten(WeightIO.bytes(student), teacher != null));
				TrainerState state = checkpoint == null ? freshState()
					: Checkpoints.restore(checkpoint, config, data, base, student, teacher, sgd);
				if (checkpoint == null) Files.deleteIfExists(outputDir.resolve(LOG));
				else RunFolder.truncateLog(outputDir.resolve(LOG), state.nextIteration);
				for (String w : labelWarnings()) announce("warning: " + w);
				announce(checkpoint == null ? "training " + config + " on " + cases + (gpu ? " (" + selection.name() + ")" : " (CPU, "
					+ TorchRuntime.threads() + " threads)") : "resumed from " + checkpoint + " at iteration " + state.nextIteration);
				Loop loop = new Loop(base, student, teacher, ema, sgd, state, startNanos);
				return loop.run();
			}
		}
		finally {
			activeManager = null;
		}
	}

	/**
	 * NDArrays the run in progress holds (networks, optimizer state, the iteration's arrays), or -1
	 * when none runs. Constant from one iteration to the next unless arrays leak; for leak checks.
	 */
	public int liveArrays() {
		NDManager m = activeManager;
		return m == null ? -1 : m.getManagedArrays().size();
	}

	/**
	 * NDArrays the run in progress holds on any device but its own, or -1 when none runs: 0 while
	 * networks, teacher and optimizer state stay on the training device.
	 */
	public int liveArraysOffDevice() {
		NDManager m = activeManager;
		if (m == null) return -1;
		Device on = m.getDevice();
		return (int) m.getManagedArrays().stream().filter(a -> !on.equals(a.getDevice())).count();
	}

	private TrainerState freshState() {
		TrainerState s = new TrainerState();
		s.config = config;
		s.data = data;
		s.labeled = cases.labeled().size();
		s.unlabeled = config.method.usesTeacher() ? cases.unlabeled().size() : 0;
		return s;
	}

	/** The iteration loop of one run, with its network state. */
	private final class Loop {
		final NDManager base;
		final VNet student;
		final VNet teacher;
		final EmaTeacher ema;
		final SgdOptimizer sgd;
		final TrainerState state;
		final long startNanos;
		final Engine engine = TorchRuntime.engine();
		final Validation validation;
		final TrainingStep trainingStep;

		Loop(NDManager base, VNet student, VNet teacher, EmaTeacher ema, SgdOptimizer sgd, TrainerState state, long startNanos) {
			this.base = base;
			this.student = student;
			this.teacher = teacher;
			this.ema = ema;
			this.sgd = sgd;
			this.state = state;
			this.startNanos = startNanos;
			this.validation = new Validation(cases.validation(), config.numClasses, config.patch);
			this.trainingStep = new TrainingStep(config, student, teacher, ema, sgd, engine);
		}

		TrainingResult run() throws IOException {
			long first = state.nextIteration;
			boolean cancelled = false;
			try (BatchAssembler batches = BatchAssembler.start(batchFactory(), first, config.iterations)) {
				long waitedBefore = 0;
				for (long it = first; it < config.iterations; it++) {
					if (cancelRequested) {
						cancelled = true;
						announce("cancelled after iteration " + it + "; saving the models");
						break;
					}
					long t0 = System.nanoTime();
					TrainingBatch batch = batches.take();
					double wait = (batches.waitNanos() - waitedBefore) / 1e9;
					waitedBefore = batches.waitNanos();
					IterationReport r = step(batch, wait, first, t0);
					state.nextIteration = it + 1;
					for (TrainingListener l : listeners) l.iterationDone(r);
					appendLog(r);
					if (validationDue(it)) validate(it);
					if ((it + 1) % config.checkpointInterval == 0 && it + 1 < config.iterations) saveCheckpoint();
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				cancelled = true;
			}
			catch (EngineException e) {
				RuntimeException oom = MemoryEstimate.outOfMemory(e, config, base.getDevice());
				throw oom != null ? oom : e;
			}
			Path last = outputDir.resolve(LAST_MODEL);
			save(student, last, state.nextIteration);
			if (teacher != null) save(teacher, outputDir.resolve(LAST_TEACHER_MODEL), state.nextIteration);
			Path best = outputDir.resolve(BEST_MODEL);
			if (state.bestIteration < 0) save(student, best, state.nextIteration);
			if (cancelled && state.nextIteration > 0) saveCheckpoint();
			announce("saved " + last + " and " + best);
			return new TrainingResult(best, last, state.nextIteration, state.bestDice, state.bestIteration, cancelled,
				(System.nanoTime() - startNanos) / 1e9);
		}

		boolean validationDue(long it) {
			if (cases.validation().isEmpty()) return false;
			long done = it + 1;
			return done >= config.validationStart && done % config.validationInterval == 0 || done == config.iterations;
		}

		BatchFactory batchFactory() {
			List<Volume> images = new ArrayList<>();
			List<LabelVolume> labels = new ArrayList<>();
			for (TrainingCase c : cases.labeled()) {
				images.add(c.image());
				labels.add(c.label());
			}
			List<Volume> unlabeled = new ArrayList<>();
			if (config.method.usesTeacher()) for (TrainingCase c : cases.unlabeled()) unlabeled.add(c.image());
			int u = config.unlabeledInBatch();
			TwoStreamBatchSampler sampler = new TwoStreamBatchSampler(images.size(), unlabeled.size(),
				config.labeledPerBatch + u, config.labeledPerBatch, config.seed);
			BatchFactory f = new BatchFactory(images, labels, unlabeled, sampler, new Augmenter(config.patch), config.augment);
			return config.method.usesTeacher() ? f.withTeacherNoise(config.teacherNoiseSd, config.teacherNoiseClamp) : f;
		}

		IterationReport step(TrainingBatch batch, double dataWait, long first, long t0) {
			long it = batch.iteration();
			int[] p = config.patch;
			int n = batch.batchSize(), nl = batch.labeledCount();
			double weight = config.consistencyWeightAt(it);
			double lr = config.learningRateAt(it);
			try (NDManager scope = base.newSubManager()) {
				engine.setRandomSeed(iterationSeed(config.seed, it));
				long tStart = System.nanoTime();
				NDArray x = scope.create(batch.images(), new Shape(n, 1, p[2], p[1], p[0]));
				NDArray y = scope.create(ByteBuffer.wrap(batch.labels()), new Shape(nl, 1, p[2], p[1], p[0]), DataType.UINT8);
				NDArray noise = teacher == null || batch.teacherNoise() == null ? null
					: scope.create(batch.teacherNoise(), new Shape(n, 1, p[2], p[1], p[0])).get(nl + ":");
				TrainingStep.Outcome o = trainingStep.run(scope, x, y, noise, weight, lr, it);
				double sup = o.supervised(), cons = o.consistency();
				if (!Double.isFinite(sup) || !Double.isFinite(cons))
					throw new TrainingDivergedException("training diverged: the loss became " + (Double.isFinite(sup) ? cons : sup)
						+ " at iteration " + (it + 1) + "; lower the learning rate or resume from the last checkpoint");
				long tEnd = System.nanoTime();
				IterationReport.StageTimes times = new IterationReport.StageTimes(dataWait, (o.teacherDone() - tStart) / 1e9,
					(o.forwardDone() - o.teacherDone()) / 1e9, (o.backwardDone() - o.forwardDone()) / 1e9,
					(tEnd - o.backwardDone()) / 1e9);
				double elapsed = (tEnd - startNanos) / 1e9;
				double perIt = elapsed / (it + 1 - first);
				return new IterationReport(it, config.iterations, sup + weight * cons, sup, cons, weight, lr, elapsed,
					perIt * (config.iterations - it - 1), times);
			}
		}

		void validate(long it) throws IOException {
			double dice = validation.meanDice(student, base);
			boolean best = Double.isNaN(state.bestDice) || dice > state.bestDice;
			if (best) {
				state.bestDice = dice;
				state.bestIteration = it;
				save(student, outputDir.resolve(BEST_MODEL), it + 1);
			}
			for (TrainingListener l : listeners) l.validationDone(it, dice, best);
		}

		void save(VNet net, Path target, long iterationsDone) throws IOException {
			new TrainedModel(describe(iterationsDone), net, base).save(target);
		}

		ModelDescriptor describe(long iterationsDone) {
			ModelDescriptor d = ModelDescriptor.of(config.netConfig(), config.patch);
			TrainingCase any = cases.labeled().get(0);
			d.voxelSize = any.image().voxelSize();
			d.intensityNormalization = config.intensity.id();
			d.inputScale = config.inputScale;
			d.training.method = config.method.label();
			d.training.labeled = state.labeled;
			d.training.unlabeled = state.unlabeled;
			d.training.iterations = (int) iterationsDone;
			d.training.seed = config.seed;
			d.training.bestValidationDice = state.bestDice;
			d.training.bestIteration = (int) state.bestIteration;
			d.training.date = OffsetDateTime.now().toString();
			return d;
		}

		void saveCheckpoint() throws IOException {
			Map<String, byte[]> model = new TrainedModel(describe(state.nextIteration), student, base).entries();
			announce("checkpoint " + Checkpoints.save(outputDir, model, teacher, sgd, state));
		}

		void appendLog(IterationReport r) throws IOException {
			Path log = outputDir.resolve(LOG);
			StringBuilder sb = new StringBuilder();
			if (!Files.exists(log)) sb.append("iteration,loss,supervised,consistency,weight,lr,seconds\n");
			sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.4f%n", r.iteration(), r.loss(), r.supervisedLoss(),
				r.consistencyLoss(), r.consistencyWeight(), r.learningRate(), r.profile().total()));
			Files.writeString(log, sb, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
		}
	}

	private void announce(String text) {
		for (TrainingListener l : listeners) l.message(text);
	}

	/** libtorch takes an int seed: mix (seed, iteration) into one. */
	static int iterationSeed(long seed, long iteration) {
		long z = seed * 0x9E3779B97F4A7C15L + iteration + 0x632BE59BD9B4E019L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return (int) ((z ^ (z >>> 31)) & 0x7fffffff);
	}
}
