package sc.fiji.meanteacher.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.data.SyntheticCase;
import sc.fiji.meanteacher.data.TrainingCase;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.ConsoleProgress;
import sc.fiji.meanteacher.train.MeanTeacherTrainer;
import sc.fiji.meanteacher.train.Method;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingResult;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Trains each method with the same labeled volumes, seed and iteration budget, segments held-out
 * test volumes by sliding window and measures them against their truth.
 */
public final class SemiSupervisedComparison {

	/**
	 * One evaluated model and its test metrics; {@code teacher} marks the EMA teacher of a
	 * Mean Teacher run (the student is what the reference evaluates).
	 */
	public record Run(Method method, boolean teacher, long seed, int labeled, int unlabeled, int iterations,
		double trainSeconds, List<CaseMetrics> metrics, Map<String, LabelVolume> predictions)
	{
		/** The method's name, with "(EMA teacher)" for the teacher. */
		public String label() {
			return method.label() + (teacher ? " (EMA teacher)" : "");
		}

		public double meanDice() {
			return metrics.stream().mapToDouble(CaseMetrics::dice).average().orElse(Double.NaN);
		}
	}

	/** Training and test data of a comparison. */
	public record Data(CaseSet training, List<SyntheticCase> test) {}

	private final ComparisonSettings settings;
	private final PrintStream log;

	public SemiSupervisedComparison(ComparisonSettings settings, PrintStream log) {
		this.settings = settings;
		this.log = log;
	}

	/** The synthetic data: training volumes 0..n-1 (the first ones labeled), test volumes from 10000 on. */
	public Data syntheticData() {
		SyntheticAtriumGenerator gen = new SyntheticAtriumGenerator(settings.dataSeed);
		int[] d = settings.volumeSize;
		List<TrainingCase> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (int i = 0; i < settings.trainCases; i++) {
			SyntheticCase c = gen.generate(i, d[0], d[1], d[2]);
			if (i < settings.labeledCases) labeled.add(new TrainingCase(c.name(), c.image(), c.label()));
			else unlabeled.add(TrainingCase.unlabeled(c.name(), c.image()));
		}
		return new Data(new CaseSet(labeled, unlabeled, List.of(), 2), gen.generate(10_000, settings.testCases, d[0], d[1], d[2]));
	}

	public List<Run> run(Data data) throws IOException {
		List<Run> runs = new ArrayList<>();
		for (long seed : settings.seeds)
			for (Method method : settings.methods)
				runs.addAll(runOne(data, method, seed));
		return runs;
	}

	/** Trains one model and evaluates its student (and, for teacher methods, its EMA teacher). */
	private List<Run> runOne(Data data, Method method, long seed) throws IOException {
		TrainingConfig config = settings.trainingConfig(method, seed);
		Path dir = settings.output.resolve("models").resolve(slug(method) + "-seed" + seed);
		log.println();
		log.println("== " + method.label() + ", seed " + seed + " ==");
		MeanTeacherTrainer trainer = new MeanTeacherTrainer(config, data.training(), dir)
			.addListener(new ConsoleProgress(log, config.logInterval));
		TrainingResult result = trainer.train();
		int unlabeled = method.usesTeacher() ? data.training().unlabeled().size() : 0;
		List<Run> runs = new ArrayList<>();
		runs.add(evaluate(data, method, false, seed, unlabeled, config, result, result.lastModel()));
		if (method.usesTeacher())
			runs.add(evaluate(data, method, true, seed, unlabeled, config, result, dir.resolve(MeanTeacherTrainer.LAST_TEACHER_MODEL)));
		return runs;
	}

	private Run evaluate(Data data, Method method, boolean teacher, long seed, int unlabeled, TrainingConfig config,
		TrainingResult result, Path modelFile) throws IOException
	{
		List<CaseMetrics> metrics = new ArrayList<>();
		Map<String, LabelVolume> predictions = new LinkedHashMap<>();
		try (TrainedModel model = TrainedModel.load(modelFile)) {
			ModelSegmentation segmentation = new ModelSegmentation(model, new SlidingWindowOptions());
			for (SyntheticCase c : data.test()) {
				LabelVolume predicted = segmentation.labels(c.image());
				predictions.put(c.name(), predicted);
				metrics.addAll(SegmentationMetrics.evaluate(predicted, c.label(), 1));
			}
		}
		Run run = new Run(method, teacher, seed, data.training().labeled().size(), unlabeled, config.iterations, result.seconds(),
			metrics, predictions);
		log.printf(java.util.Locale.ROOT, "%s seed %d: test Dice %.4f, trained in %.0f s%n", run.label(), seed, run.meanDice(),
			result.seconds());
		return run;
	}

	/** Writes the predicted label volumes of one seed as TIFFs: {@code labels/<method>/<case>.tif}. */
	public void writeLabels(List<Run> runs, long seed) throws IOException {
		for (Run r : runs) {
			if (r.seed() != seed) continue;
			Path dir = settings.output.resolve("labels").resolve(slug(r));
			Files.createDirectories(dir);
			for (Map.Entry<String, LabelVolume> e : r.predictions().entrySet())
				VolumeIO.writeTiff(e.getValue(), dir.resolve(e.getKey() + ".tif"));
		}
	}

	static String slug(Method m) {
		return m.name().toLowerCase().replace('_', '-');
	}

	static String slug(Run r) {
		return slug(r.method()) + (r.teacher() ? "-teacher" : "");
	}
}
