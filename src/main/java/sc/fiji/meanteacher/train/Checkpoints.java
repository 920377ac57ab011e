package sc.fiji.meanteacher.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.model.ModelDescriptor;
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
	private static final int KEPT = 2;

	private Checkpoints() {}

	/** The newest checkpoint in an output folder, or null. */
	static Path latest(Path outputDir) throws IOException {
		Path dir = outputDir.resolve(FOLDER);
		if (!Files.isDirectory(dir)) return null;
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(p -> p.getFileName().toString().matches(NAME_PATTERN)).max(Path::compareTo).orElse(null);
		}
	}

	/** Writes a checkpoint of the model entries (student), teacher, optimiser and state; returns its path. */
	static Path save(Path outputDir, Map<String, byte[]> model, VNet teacher, SgdOptimizer sgd, TrainerState state)
		throws IOException
	{
		Map<String, byte[]> entries = new LinkedHashMap<>(model);
		if (teacher != null) entries.put(TEACHER_FILE, npz(WeightIO.parameters(teacher)));
		entries.put(OPTIMIZER_FILE, npz(sgd.state()));
		entries.put(STATE_FILE, TrainingJson.toJson(state).getBytes(StandardCharsets.UTF_8));
		Path dir = outputDir.resolve(FOLDER);
		Path file = dir.resolve(String.format(Locale.ROOT, "checkpoint-%06d.zip", state.nextIteration));
		ModelArchive.writeZip(file, entries);
		prune(dir);
		return file;
	}

	/**
	 * Loads a checkpoint into the networks and optimiser; throws naming the file when it is not a
	 * checkpoint, is truncated, or was made with an incompatible configuration.
	 */
	static TrainerState restore(Path checkpoint, TrainingConfig config, NDManager base, VNet student, VNet teacher,
		SgdOptimizer sgd) throws IOException
	{
		Map<String, byte[]> entries = ModelArchive.read(checkpoint);
		ModelDescriptor d = TrainedModel.readDescriptor(checkpoint, entries);
		byte[] stateJson = entries.get(STATE_FILE);
		if (stateJson == null) throw new IOException(checkpoint + ": not a checkpoint (no " + STATE_FILE + "; a model file?)");
		TrainerState state = TrainingJson.fromJson(new String(stateJson, StandardCharsets.UTF_8), TrainerState.class);
		TrainingConfig saved = state.config;
		if (saved.method != config.method || !Arrays.equals(saved.patch, config.patch)
			|| !saved.netConfig().equals(config.netConfig()) || saved.seed != config.seed
			|| saved.inputScale != config.inputScale)
			throw new IllegalArgumentException(checkpoint + ": checkpoint was made with " + saved + " / " + saved.netConfig()
				+ ", which does not match " + config + " / " + config.netConfig());
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
		return state;
	}

	private static void read(VNet net, NDManager base, Map<String, byte[]> entries, String name, Path source) throws IOException {
		byte[] bytes = entries.get(name);
		if (bytes == null) throw new IOException(source + ": truncated checkpoint: " + name + " is missing");
		WeightIO.read(net, base, bytes, source + " (" + name + ")");
	}

	private static byte[] npz(NDList arrays) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			arrays.encode(out, NDList.Encoding.NPZ);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	private static void prune(Path dir) throws IOException {
		List<Path> all;
		try (Stream<Path> files = Files.list(dir)) {
			all = files.filter(f -> f.getFileName().toString().matches(NAME_PATTERN)).sorted().toList();
		}
		for (int i = 0; i < all.size() - KEPT; i++) Files.deleteIfExists(all.get(i));
	}
}
