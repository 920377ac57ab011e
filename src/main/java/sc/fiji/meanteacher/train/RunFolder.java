package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.meanteacher.files.AtomicFiles;

/**
 * The output folder of one training run: a run owns it ({@link RunLock} while it runs), so a fresh
 * run refuses a folder holding another run's files; a run first removes the half-written
 * temporaries a killed process left there ({@link TrainingLog} drops the log lines of iterations
 * that are redone); and the folder's file system must hold everything the run will write before
 * the first iteration starts. The names of the files a run writes there are here, one home for
 * every class that writes or looks for them.
 */
public final class RunFolder {

	public static final String BEST_MODEL = "best-model.zip";
	public static final String LAST_MODEL = "last-model.zip";
	/** The EMA teacher after the last iteration (methods with a teacher only). */
	public static final String LAST_TEACHER_MODEL = "last-teacher-model.zip";
	public static final String CHECKPOINTS = Checkpoints.FOLDER;
	public static final String LOG = "training-log.csv";
	/** The lock file of a run's folder: {@link RunLock}. */
	public static final String LOCK = RunLock.FILE;

	/** Checkpoints that exist at once at most: the kept ones plus the one being written. */
	static final int CHECKPOINTS_AT_ONCE = Checkpoints.KEPT + 1;

	private RunFolder() {}

	/**
	 * Throws, naming what is there, when {@code dir} holds files of a run: checkpoints, models or a
	 * training log. Only a log, of a run with the same settings and data ({@code previousRun}, from
	 * the folder's lock file) that was killed before its first checkpoint, lets this run start over:
	 * it has nothing to resume and would redo exactly those iterations.
	 *
	 * @param data this run's data, or null to compare the settings alone (before the data is read)
	 * @return whether this run starts that run over
	 */
	static boolean requireFresh(Path dir, TrainerState previousRun, TrainingConfig config, DataFingerprint data) throws IOException {
		List<Path> checkpoints = Checkpoints.all(dir);
		List<String> found = new ArrayList<>();
		for (Path c : checkpoints) found.add(Checkpoints.FOLDER + "/" + c.getFileName());
		for (String model : List.of(RunFolder.BEST_MODEL, RunFolder.LAST_MODEL, RunFolder.LAST_TEACHER_MODEL))
			if (Files.exists(dir.resolve(model))) found.add(model);
		boolean log = Files.exists(dir.resolve(RunFolder.LOG));
		if (found.isEmpty() && !log) return false;
		if (found.isEmpty() && previousRun != null && Checkpoints.differences(previousRun, config, data).isEmpty()) return true;
		if (log) found.add(RunFolder.LOG);
		throw new IllegalArgumentException("output folder " + dir.toAbsolutePath() + " already holds another training's results "
			+ (found.size() <= 4 ? found : found.subList(0, 4) + " and " + (found.size() - 4) + " more")
			+ (!checkpoints.isEmpty() ? ": continue that training with resume=latest (same settings and data), or train into another folder"
				: ": it holds no checkpoint, so resume=latest cannot continue that training; train into another folder, or delete them "
					+ "first"));
	}

	/** Deletes the temporaries of interrupted saves in the folder and its checkpoints; returns them. */
	static List<Path> removeLeftovers(Path dir) throws IOException {
		List<Path> removed = new ArrayList<>(AtomicFiles.removeLeftovers(dir));
		removed.addAll(AtomicFiles.removeLeftovers(dir.resolve(Checkpoints.FOLDER)));
		return removed;
	}

	/**
	 * Most bytes the run's files take at once: {@link #CHECKPOINTS_AT_ONCE} checkpoints (student,
	 * teacher and momentum) and its models (best, last, last teacher) plus one being replaced.
	 *
	 * @param modelBytes bytes of one network's parameters
	 */
	static long bytesWritten(long modelBytes, boolean withTeacher) {
		long checkpoint = modelBytes * (withTeacher ? 3 : 2);
		int models = withTeacher ? 3 : 2;
		return CHECKPOINTS_AT_ONCE * checkpoint + (models + 1) * modelBytes;
	}

	/** Throws, with both figures, when the file system of {@code dir} has less than {@code bytes} free. */
	static void requireSpace(Path dir, long bytes) throws IOException {
		requireSpace(dir, bytes, Files.getFileStore(dir).getUsableSpace());
	}

	static void requireSpace(Path dir, long bytes, long free) throws IOException {
		if (free < bytes)
			throw new IOException(String.format(Locale.ROOT, "output folder %s: its file system has %.1f MB free, but this training "
				+ "writes up to %.1f MB (checkpoints and models); free some space or train into a folder on another disk",
				dir.toAbsolutePath(), free / 1e6, bytes / 1e6));
	}
}
