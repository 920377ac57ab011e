package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.meanteacher.volume.AtomicFiles;

/**
 * The output folder of one training run: a run owns it, so a fresh run refuses a folder holding
 * another run's results; a resumed run first removes the half-written temporaries a killed process
 * left there ({@link TrainingLog} drops the log lines of iterations that are redone); and the folder's file system must hold
 * everything the run will write before the first iteration starts.
 */
final class RunFolder {

	/** Checkpoints that exist at once at most: the kept ones plus the one being written. */
	static final int CHECKPOINTS_AT_ONCE = Checkpoints.KEPT + 1;

	private RunFolder() {}

	/** Throws, naming what is there, when {@code dir} holds checkpoints or models of a run. */
	static void requireFresh(Path dir) throws IOException {
		List<String> found = new ArrayList<>();
		for (Path c : Checkpoints.all(dir)) found.add(Checkpoints.FOLDER + "/" + c.getFileName());
		for (String model : List.of(MeanTeacherTrainer.BEST_MODEL, MeanTeacherTrainer.LAST_MODEL, MeanTeacherTrainer.LAST_TEACHER_MODEL))
			if (Files.exists(dir.resolve(model))) found.add(model);
		if (found.isEmpty()) return;
		throw new IllegalArgumentException("output folder " + dir.toAbsolutePath() + " already holds another training's results "
			+ (found.size() <= 4 ? found : found.subList(0, 4) + " and " + (found.size() - 4) + " more")
			+ ": continue that training with resume=latest (same settings and data), or train into another folder");
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
