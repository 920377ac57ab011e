package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.net.WeightIO;

/**
 * Trains a V-Net by a {@link TrainingMethod} (Mean Teacher, UA-MT, copy-paste Mean Teacher, supervised only: docs/METHOD.md),
 * writing into an output folder: {@code best-model.zip}, {@code last-model.zip} (the student, as in
 * the reference), {@code last-teacher-model.zip} (the EMA teacher),
 * {@code checkpoints/checkpoint-NNNNNN.zip}, {@code training-log.csv} and {@code training.lock}
 * (held while it runs: {@link RunLock}). This class checks and sets a run up; {@link TrainingLoop} runs its iterations.
 * <p>
 * Repeatable: every random choice of iteration {@code it} derives from (seed, it) — batches,
 * augmentation, teacher noise and, through reseeding libtorch, dropout — so a fixed seed repeats
 * a run and a resumed run continues exactly as the uninterrupted one would have.
 */
public final class SegmentationTrainer {


	private final TrainingConfig config;
	private final TrainingData data;
	private final Path outputDir;
	private final ListenerList listeners = new ListenerList();
	/** The manager of the run in progress, for {@link #liveArrays()}. */
	private volatile NDManager activeManager;
	private volatile boolean cancelRequested;
	/** The device to train on; null for {@code device=auto}. */
	private DeviceSelection device;

	/** @throws IllegalArgumentException for an impossible setting or cases that cannot fill its batches */
	public SegmentationTrainer(TrainingConfig config, CaseSet cases, Path outputDir) {
		this.config = config.copy().validate();
		this.outputDir = outputDir;
		this.data = TrainingData.prepare(this.config, cases);
	}

	public SegmentationTrainer addListener(TrainingListener listener) {
		listeners.add(listener);
		return this;
	}

	/** Trains on {@code selection}'s device (default: {@link DeviceChoice#AUTO}); its report starts the log. */
	public SegmentationTrainer device(DeviceSelection selection) {
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
	 * The checkpoint a {@code resume} setting names: none for empty, for "latest" the newest in
	 * {@code outputDir} that reads (each newer one that does not is skipped, with a line to
	 * {@code skipped} naming it and why), else the file it names.
	 *
	 * @throws IllegalArgumentException when "latest" finds no readable checkpoint, or the file
	 *           named does not exist or cannot be resumed (truncated, corrupt, not a checkpoint)
	 */
	public static Path checkpointToResume(Path outputDir, String resume, Consumer<String> skipped) throws IOException {
		String r = resume == null ? "" : resume.trim();
		if (r.isEmpty()) return null;
		if (r.equalsIgnoreCase("latest")) {
			Path latest = Checkpoints.latestReadable(outputDir, skipped);
			if (latest == null) throw new IllegalArgumentException("resume=latest, but " + outputDir + " holds no checkpoint");
			return latest;
		}
		Path file = Path.of(r);
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("checkpoint " + file.toAbsolutePath() + " does not exist");
		String problem = Checkpoints.unreadable(file);
		if (problem != null)
			throw new IllegalArgumentException(problem + "; it cannot be resumed: resume=latest uses the newest readable checkpoint of "
				+ "the folder, or name an older one");
		return file;
	}

	/**
	 * Throws, naming the reason, when {@code outputDir} cannot take this run now: another training
	 * holds it ({@link RunLock}), or, for a fresh run ({@code checkpoint} null), it holds another
	 * training's files, which a fresh run would mix with its own. For the checks a command makes
	 * before it reads its data; {@link #train()} and {@link #resume} make them again, under the lock.
	 */
	public static void requireUsableOutput(Path outputDir, TrainingConfig config, Path checkpoint) throws IOException {
		RunLock.requireFree(outputDir);
		if (checkpoint == null) RunFolder.requireFresh(outputDir, RunLock.lastRun(outputDir), config, null);
	}

	/**
	 * Checks the folder and the device, builds the networks, restores a checkpoint, then runs the
	 * loop. A run that created the output folder and fails before writing a file into it (a
	 * refusal of the device, the memory or the disk room) removes it again, with the lock file it
	 * left; a folder that existed stays. Inside, the folder is locked for the run ({@link RunLock}).
	 */
	private TrainingResult run(Path checkpoint) throws IOException {
		boolean created = !Files.exists(outputDir);
		try {
			return runIn(checkpoint);
		}
		catch (IOException | RuntimeException e) {
			if (created) {
				Files.deleteIfExists(outputDir.resolve(RunLock.FILE));
				Folders.deleteIfEmpty(outputDir);
			}
			throw e;
		}
	}

	private TrainingResult runIn(Path checkpoint) throws IOException {
		Folders.writable("output folder", outputDir);
		try (RunLock lock = RunLock.acquire(outputDir, freshState())) {
			boolean startsOver = checkpoint == null && RunFolder.requireFresh(outputDir, lock.previousRun, config, data.fingerprint);
			if (checkpoint != null) Checkpoints.requireSameRun(outputDir, config, data.fingerprint, checkpoint);
			return runLocked(checkpoint, startsOver);
		}
	}

	private TrainingResult runLocked(Path checkpoint, boolean startsOver) throws IOException {
		List<Path> leftovers = RunFolder.removeLeftovers(outputDir);
		DeviceSelection selection = device != null ? device : DeviceChoice.AUTO.select();
		Device on = selection.device();
		DeviceLimits.requireTrainable(config, on);
		long startNanos = System.nanoTime();
		listeners.deviceChosen(selection);
		for (String line : selection.lines()) listeners.message(line);
		for (Path leftover : leftovers) listeners.message("removed " + leftover + ", left by an interrupted save");
		if (startsOver) listeners.message("starting over: this run's earlier start in " + outputDir + " ended before its first checkpoint");
		try (NDManager base = TorchRuntime.engine().newBaseManager(on)) {
			activeManager = base;
			try (Networks nets = Networks.create(config, base)) {
				RunFolder.requireSpace(outputDir, RunFolder.bytesWritten(WeightIO.bytes(nets.student), nets.teacher != null));
				TrainerState state = checkpoint == null ? freshState()
					: Checkpoints.restore(checkpoint, config, data.fingerprint, base, nets.student, nets.teacher, nets.sgd);
				// the folder is this run's (RunFolder): a fresh run writes new files, a resumed one replaces its earlier run's
				OutputPolicy files = OutputPolicy.of(checkpoint != null);
				TrainingLog log = TrainingLog.start(outputDir, files, checkpoint != null, state.nextIteration);
				for (String w : data.warnings(config)) listeners.message("warning: " + w);
				String sparse = data.sparseLabelNote(config);
				if (sparse != null) listeners.message(sparse);
				listeners.message(checkpoint == null ? "training " + config + data.cases.grid().describe() + " on " + data.cases + (on.isGpu() ? " (" + selection.name()
					+ ")" : " (CPU, " + TorchRuntime.threads() + " threads)") : "resumed from " + checkpoint + " at iteration "
					+ state.nextIteration);
				ActiveRun run = new ActiveRun(config, data, outputDir, files, base, nets, state, listeners);
				// in the order the files are written: the log, the models, then a checkpoint
				List<RunOutput> outputs = List.of(log, new ModelFiles(run), new CheckpointWriter(run));
				return new TrainingLoop(run, outputs, () -> cancelRequested, startNanos).run();
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
		s.data = data.fingerprint;
		s.labeled = data.cases.labeled().size();
		s.unlabeled = data.unlabeledUsed(config);
		return s;
	}
}
