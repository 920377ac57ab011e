package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.VNet;

/** What the parts of a run in progress share: its settings, data, folder, networks, bookkeeping and listeners. */
final class ActiveRun {

	final TrainingConfig config;
	final TrainingData data;
	final Path outputDir;
	/** What the run may write over in its folder. */
	final OutputPolicy files;
	final NDManager base;
	final Networks nets;
	final TrainerState state;
	final TrainingListener listeners;

	ActiveRun(TrainingConfig config, TrainingData data, Path outputDir, OutputPolicy files, NDManager base, Networks nets,
		TrainerState state, TrainingListener listeners)
	{
		this.config = config;
		this.data = data;
		this.outputDir = outputDir;
		this.files = files;
		this.base = base;
		this.nets = nets;
		this.state = state;
		this.listeners = listeners;
	}

	/** The model description of a network after {@code iterationsDone} iterations of this run. */
	ModelDescriptor describe(long iterationsDone) {
		ModelDescriptor.Provenance training = ModelDescriptor.Provenance.trained(config.method.label(), state.labeled, state.unlabeled,
			(int) iterationsDone, config.seed, state.bestDice, (int) state.bestIteration);
		Map<String, Double> settings = config.method.settings(config);
		if (!settings.isEmpty()) training.methodSettings = settings;
		if (config.annotation().isSparse()) {
			training.unannotated = config.unannotated;
			training.labelConvention = config.labelConvention().key();
		}
		return ModelDescriptor.trained(config.netConfig(), config.patch.toArray(), data.voxelSize(), data.voxelUnit(), config.intensity.id(),
			data.cases.grid(), training).withClassNames(data.cases.classNames());
	}

	/** The student as a model's files (model.json and weights), for a checkpoint. */
	Map<String, byte[]> studentEntries() throws IOException {
		return new TrainedModel(describe(state.nextIteration), nets.student, base).entries();
	}

	/** Saves {@code net} as a model file. */
	void save(VNet net, Path target, long iterationsDone) throws IOException {
		new TrainedModel(describe(iterationsDone), net, base).save(target, files);
	}

	void announce(String text) {
		listeners.message(text);
	}
}
