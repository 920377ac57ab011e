package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.OutputPolicy;

/**
 * {@code training-log.csv}: one row per iteration with its losses, consistency weight, learning
 * rate and seconds. A fresh run starts the file anew; a resumed one keeps the rows of the
 * iterations before its first and logs the redone ones again, so each iteration appears once.
 */
final class TrainingLog implements RunOutput {

	static final String HEADER = "iteration,loss,supervised,consistency,weight,lr,seconds";

	private final Path file;

	private TrainingLog(Path file) {
		this.file = file;
	}

	/** The log of a run in {@code outputDir} whose first iteration is {@code nextIteration} (0: a fresh run). */
	static TrainingLog start(Path outputDir, OutputPolicy files, boolean resumed, long nextIteration) throws IOException {
		Path file = outputDir.resolve(RunFolder.LOG);
		if (resumed) truncate(file, files, nextIteration);
		else Files.deleteIfExists(file);
		return new TrainingLog(file);
	}

	@Override
	public void iterationDone(IterationReport r) throws IOException {
		StringBuilder sb = new StringBuilder();
		if (!Files.exists(file)) sb.append(HEADER).append('\n');
		sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.4f%n", r.iteration(), r.loss(), r.supervisedLoss(),
			r.consistencyLoss(), r.consistencyWeight(), r.learningRate(), r.profile().total()));
		Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/**
	 * Keeps the header and the rows of iterations before {@code nextIteration} of a CSV log whose
	 * rows start with the 0-based iteration: a resumed run redoes the later ones and logs them again.
	 */
	static void truncate(Path log, OutputPolicy files, long nextIteration) throws IOException {
		if (!Files.exists(log)) return;
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		StringBuilder kept = new StringBuilder();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (i == 0 && !startsWithIteration(line)) kept.append(line).append('\n');
			else if (startsWithIteration(line) && iterationOf(line) < nextIteration && isComplete(line, lines.get(0)))
				kept.append(line).append('\n');
		}
		AtomicFiles.write(log, files, kept.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static boolean startsWithIteration(String line) {
		int comma = line.indexOf(',');
		return comma > 0 && line.substring(0, comma).chars().allMatch(Character::isDigit);
	}

	private static long iterationOf(String line) {
		return Long.parseLong(line.substring(0, line.indexOf(',')));
	}

	/** A row cut short by a kill has fewer fields than the header. */
	private static boolean isComplete(String line, String header) {
		return line.split(",", -1).length == header.split(",", -1).length;
	}
}
