package sc.fiji.meanteacher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.ConsoleProgress;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingResult;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * The weights the inference benchmark segments with: a user's model file, or a V-Net trained
 * briefly (supervised) on synthetic cases, so that both sliding-window settings are compared on
 * a network that actually segments something.
 *
 * @param model the loaded model; the caller closes it
 * @param origin where the weights came from, for the printed output
 */
record BenchModel(TrainedModel model, String origin) {

	static BenchModel load(Path file) throws IOException {
		TrainedModel m = TrainedModel.load(file);
		ModelDescriptor.Provenance p = m.descriptor().training;
		return new BenchModel(m, "loaded from " + file + " (" + p.method + ", " + p.iterations + " iterations, patch "
			+ Sizes.format(m.descriptor().patchSize) + ")");
	}

	/**
	 * Trains the reference V-Net supervised (batch 2) for {@code iterations} on synthetic cases
	 * {@code 1 .. cases} (case 0 is the benchmark's test volume), at the reference learning rate.
	 *
	 * @param saveAs where to keep a copy of the trained model, or null
	 */
	static BenchModel trainBriefly(long seed, int[] size, int[] patch, int cases, int iterations, Path saveAs, PrintStream out)
		throws IOException
	{
		TrainingConfig config = new TrainingConfig();
		config.method = TrainingMethods.SUPERVISED;
		config.patch = PatchSize.of(patch);
		config.iterations = iterations;
		config.seed = seed;
		config.checkpointInterval = Integer.MAX_VALUE;
		config.validate();
		out.printf(Locale.ROOT, "training the weights: supervised, %d iterations, patch %s, batch %d, on %d synthetic %s cases%n", iterations,
			Sizes.format(patch), config.labeledPerBatch, cases, Sizes.format(size));
		CaseSet data = SyntheticCases.caseSet(seed, size, 1, cases, 0);
		Path dir = SyntheticCases.scratchFolder();
		try {
			TrainingResult r = new SegmentationTrainer(config, data, dir).addListener(new ConsoleProgress(out, 10)).train();
			if (saveAs != null) {
				Files.copy(r.lastModel(), saveAs, StandardCopyOption.REPLACE_EXISTING);
				out.println("saved the trained model as " + saveAs);
			}
			String origin = String.format(Locale.ROOT,
				"quick supervised training: %d iterations, patch %s, batch %d, %d synthetic %s cases (seed %d), %.0f s (%.2f s/it)",
				iterations, Sizes.format(patch), config.labeledPerBatch, cases, Sizes.format(size), seed, r.seconds(),
				r.seconds() / iterations);
			return new BenchModel(TrainedModel.load(r.lastModel()), origin);
		}
		finally {
			SyntheticCases.delete(dir);
		}
	}
}
