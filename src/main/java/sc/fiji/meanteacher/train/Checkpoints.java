package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import com.google.gson.JsonParseException;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.StrictJson;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.WeightIO;

/**
 * Checkpoints of a run in {@code <output>/checkpoints/checkpoint-NNNNNN.zip}: the student as a
 * model file (so a checkpoint also segments) plus the teacher, the optimiser's momentum and the
 * trainer's bookkeeping — everything a resumed run needs to continue exactly. Written atomically;
 * the newest two are kept.
 */
final class Checkpoints {

	static final String FOLDER = "checkpoints";
	private static final String TEACHER_FILE = "teacher.npz";
	private static final String OPTIMIZER_FILE = "optimizer.npz";
	private static final String STATE_FILE = "trainer-state.json";
	private static final String NAME_PATTERN = "checkpoint-\\d+\\.zip";
	static final int KEPT = 2;

	private Checkpoints() {}

	/** The newest checkpoint in an output folder, or null. */
	static Path latest(Path outputDir) throws IOException {
		List<Path> all = all(outputDir);
		return all.isEmpty() ? null : all.get(all.size() - 1);
	}

	/** The checkpoints in an output folder, oldest first. */
	static List<Path> all(Path outputDir) throws IOException {
		Path dir = outputDir.resolve(FOLDER);
		if (!Files.isDirectory(dir)) return List.of();
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(p -> p.getFileName().toString().matches(NAME_PATTERN)).sorted().toList();
		}
	}

	/**
	 * The newest checkpoint in an output folder that can be resumed ({@link #unreadable}), or null
	 * when there is none; each newer one is skipped, with one line to {@code skipped} naming it,
	 * why, and the checkpoint taken instead.
	 *
	 * @throws IllegalArgumentException when the folder holds checkpoints but none of them reads
	 */
	static Path latestReadable(Path outputDir, Consumer<String> skipped) throws IOException {
		List<Path> all = all(outputDir);
		List<String> problems = new ArrayList<>();
		for (int i = all.size() - 1; i >= 0; i--) {
			String problem = unreadable(all.get(i));
			if (problem == null) {
				for (String p : problems) skipped.accept("resume=latest skips " + p + "; it resumes from " + all.get(i));
				return all.get(i);
			}
			problems.add(problem);
		}
		if (all.isEmpty()) return null;
		throw new IllegalArgumentException("resume=latest, but no checkpoint in " + outputDir + " can be read (" + String.join("; ", problems)
			+ "); train afresh into another folder");
	}

	/**
	 * Why {@code checkpoint} cannot be resumed (a truncated or corrupt archive, not a checkpoint,
	 * parts missing), naming the file; null when it reads. Reads the whole archive, so that a cut
	 * anywhere shows.
	 */
	static String unreadable(Path checkpoint) {
		try {
			Map<String, byte[]> entries = ModelArchive.read(checkpoint);
			byte[] state = entries.get(STATE_FILE);
			if (state == null) return checkpoint + ": not a checkpoint (no " + STATE_FILE + "; a model file?)";
			parseState(checkpoint, state);
			if (!entries.containsKey(OPTIMIZER_FILE)) return checkpoint + ": truncated checkpoint: " + OPTIMIZER_FILE + " is missing";
			return null;
		}
		catch (IOException e) {
			return e.getMessage();
		}
	}

	/**
	 * Throws unless every checkpoint in {@code outputDir} but {@code resumed} was made by the run
	 * that {@code config} and {@code data} describe: a resumed run prunes the folder's older checkpoints and
	 * {@code resume=latest} takes the newest, so another run's checkpoints there would be
	 * deleted or, worse, continued on this run's data.
	 */
	static void requireSameRun(Path outputDir, TrainingConfig config, DataFingerprint data, Path resumed) throws IOException {
		for (Path checkpoint : all(outputDir)) {
			// the checkpoint resumed from is compared by restore(), whose message fits it better
			if (Files.isSameFile(checkpoint, resumed)) continue;
			TrainerState saved;
			try {
				saved = readState(checkpoint);
			}
			catch (IOException e) {
				// one that does not read continues no run (resume=latest skips it) and is replaced or pruned by the next saves
				continue;
			}
			List<String> differences = differences(saved, config, data);
			if (!differences.isEmpty())
				throw new IllegalArgumentException(outputDir.toAbsolutePath() + " holds checkpoints of another run (" + checkpoint.getFileName()
					+ ": " + String.join("; ", differences) + "); train into another folder");
		}
	}

	/** The trainer state of a checkpoint, without reading its weights. */
	static TrainerState readState(Path checkpoint) throws IOException {
		byte[] json;
		try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
			ZipEntry e = zip.getEntry(STATE_FILE);
			if (e == null) throw new IOException(checkpoint + ": not a checkpoint (no " + STATE_FILE + "; a model file?)");
			try (InputStream in = zip.getInputStream(e)) {
				json = in.readAllBytes();
			}
		}
		catch (ZipException e) {
			throw new IOException(checkpoint + ": truncated or corrupt checkpoint (" + e.getMessage() + ")", e);
		}
		return parseState(checkpoint, json);
	}

	private static TrainerState parseState(Path checkpoint, byte[] json) throws IOException {
		try {
			TrainerState state = StrictJson.fromJson(new String(json, StandardCharsets.UTF_8), TrainerState.class);
			if (state == null || state.config == null) throw new IOException(checkpoint + ": " + STATE_FILE + " holds no configuration");
			return state;
		}
		catch (JsonParseException e) {
			throw new IOException(checkpoint + ": " + STATE_FILE + " is not valid JSON (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * Settings and data of a saved run (a checkpoint's, a lock file's) that differ from this run's,
	 * each named; empty when it is this run's. Null {@code data} compares the settings alone.
	 */
	static List<String> differences(TrainerState saved, TrainingConfig config, DataFingerprint data) {
		List<String> out = new ArrayList<>(config.differencesFrom(saved.config));
		if (saved.data != null && data != null) out.addAll(data.differencesFrom(saved.data));
		return out;
	}

	/** Writes a checkpoint of the model entries (student), teacher, optimiser and state; returns its path. */
	static Path save(Path outputDir, OutputPolicy files, Map<String, byte[]> model, VNet teacher, SgdOptimizer sgd, TrainerState state)
		throws IOException
	{
		Map<String, byte[]> entries = new LinkedHashMap<>(model);
		if (teacher != null) entries.put(TEACHER_FILE, npz(WeightIO.parameters(teacher)));
		entries.put(OPTIMIZER_FILE, npz(sgd.state()));
		entries.put(STATE_FILE, StrictJson.toJson(state).getBytes(StandardCharsets.UTF_8));
		Path dir = outputDir.resolve(FOLDER);
		Path file = dir.resolve(String.format(Locale.ROOT, "checkpoint-%06d.zip", state.nextIteration));
		ModelArchive.writeZip(file, files, entries);
		prune(outputDir);
		return file;
	}

	/**
	 * Loads a checkpoint into the networks and optimiser; throws naming the file when it is not a
	 * checkpoint, is truncated, or was made with other settings or data (each difference named).
	 */
	static TrainerState restore(Path checkpoint, TrainingConfig config, DataFingerprint data, NDManager base, VNet student, VNet teacher,
		SgdOptimizer sgd) throws IOException
	{
		Map<String, byte[]> entries = ModelArchive.read(checkpoint);
		ModelDescriptor d = TrainedModel.readDescriptor(checkpoint, entries);
		byte[] stateJson = entries.get(STATE_FILE);
		if (stateJson == null) throw new IOException(checkpoint + ": not a checkpoint (no " + STATE_FILE + "; a model file?)");
		TrainerState state = parseState(checkpoint, stateJson);
		List<String> differences = differences(state, config, data);
		if (!differences.isEmpty())
			throw new IllegalArgumentException(checkpoint + " was made with other settings or data, so resuming it would not continue "
				+ "that run: " + String.join("; ", differences) + ". Resume with the settings and data it was made with, or train "
				+ "afresh into another folder");
		if (state.nextIteration > config.iterations)
			throw new IllegalArgumentException(checkpoint + ": checkpoint is at iteration " + state.nextIteration
				+ ", beyond the " + config.iterations + " iterations asked for");
		read(student, base, entries, d.weights, checkpoint);
		if (teacher != null) read(teacher, base, entries, TEACHER_FILE, checkpoint);
		byte[] opt = entries.get(OPTIMIZER_FILE);
		if (opt == null) throw new IOException(checkpoint + ": truncated checkpoint: " + OPTIMIZER_FILE + " is missing");
		try (NDList momentum = NDList.decode(base, opt)) {
			sgd.restore(momentum);
		}
		state.config = config;
		// a checkpoint of an earlier version records no data: this run's from now on
		state.data = data;
		return state;
	}

	private static void read(VNet net, NDManager base, Map<String, byte[]> entries, String name, Path source) throws IOException {
		byte[] bytes = entries.get(name);
		if (bytes == null) throw new IOException(source + ": truncated checkpoint: " + name + " is missing");
		WeightIO.read(net, base, bytes, source + " (" + name + ")");
	}

	private static byte[] npz(NDList arrays) {
		try {
			return WeightIO.npz(arrays);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void prune(Path outputDir) throws IOException {
		List<Path> all = all(outputDir);
		for (int i = 0; i < all.size() - KEPT; i++) Files.deleteIfExists(all.get(i));
	}
}
