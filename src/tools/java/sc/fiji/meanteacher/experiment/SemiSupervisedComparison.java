package sc.fiji.meanteacher.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.Evaluation;
import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.CaseBatch;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.process.ChildJvm;
import sc.fiji.meanteacher.train.ConsoleProgress;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingResult;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaLayout;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Resampling;
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
	public record Run(TrainingMethod method, boolean teacher, long seed, int labeled, int unlabeled, int iterations,
		double trainSeconds, List<CaseMetrics> metrics, List<CaseMetrics> originalMetrics, Map<String, LabelVolume> predictions)
	{
		/** The method's name, with "(EMA teacher)" for the teacher. */
		public String label() {
			return method.label() + (teacher ? " (EMA teacher)" : "");
		}

		public double meanDice() {
			return meanDice(metrics);
		}

		/** Mean Dice of {@code metrics}, e.g. a run's {@link #originalMetrics()}. */
		public static double meanDice(List<CaseMetrics> metrics) {
			return metrics.stream().mapToDouble(CaseMetrics::dice).average().orElse(Double.NaN);
		}
	}

	/**
	 * Training and test data of a comparison. {@code originalLabels} holds the truth of test cases
	 * that were resampled, on their original grid (empty for synthetic data).
	 */
	public record Data(CaseSet training, List<Case> test, Map<String, LabelVolume> originalLabels) {}

	private final ComparisonSettings settings;
	private final PrintStream log;

	public SemiSupervisedComparison(ComparisonSettings settings, PrintStream log) {
		this.settings = settings;
		this.log = log;
	}

	/** The comparison's data: synthetic, or the LA cases of {@code settings.laFolder}. */
	public Data data() throws IOException {
		return settings.laFolder == null ? syntheticData() : laData();
	}

	/** As {@link #data()} without the test cases: what a JVM that only trains one run needs. */
	Data trainingData() throws IOException {
		return settings.laFolder == null ? syntheticData(false) : laData(false);
	}

	/** The synthetic data: training volumes 0..n-1 (the first ones labeled), test volumes from 10000 on. */
	public Data syntheticData() {
		return syntheticData(true);
	}

	private Data syntheticData(boolean withTest) {
		SyntheticAtriumGenerator gen = new SyntheticAtriumGenerator(settings.dataSeed);
		int[] d = settings.volumeSize;
		List<Case> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (int i = 0; i < settings.trainCases; i++) {
			Case c = gen.generate(i, d[0], d[1], d[2]);
			if (i < settings.labeledCases) labeled.add(c);
			else unlabeled.add(Case.unlabeled(c.name(), c.image()));
		}
		List<Case> test = new ArrayList<>();
		if (withTest)
			for (Case c : gen.generate(10_000, settings.testCases, d[0], d[1], d[2]))
				test.add(c);
		return new Data(new CaseSet(labeled, unlabeled, List.of(), 2), test, Map.of());
	}

	/**
	 * Real data: the cases of {@code settings.laFolder} in a fixed random order (seeded by the data
	 * seed), the first {@code testCases} held out for testing, of the rest the first
	 * {@code labeledCases} labeled and the others (up to {@code trainCases}) unlabeled; so runs with 8
	 * and 16 labels share the test set and the 16 include the 8. Every volume is resampled by
	 * {@code scale}; the test labels are also kept on their original grid. Writes the split to
	 * {@code test.list}, {@code labeled.list} and {@code unlabeled.list} in the output folder.
	 */
	public Data laData() throws IOException {
		return laData(true);
	}

	private Data laData(boolean withTest) throws IOException {
		List<String> names = new ArrayList<>(LaLayout.caseNames(settings.laFolder));
		Collections.shuffle(names, new Random(settings.dataSeed));
		int needed = settings.testCases + settings.labeledCases + 1;
		if (names.size() < needed)
			throw new IllegalArgumentException(settings.laFolder + ": " + names.size() + " cases, but " + settings.testCases
				+ " test + " + settings.labeledCases + " labeled + at least 1 unlabeled are needed");
		List<String> testNames = names.subList(0, settings.testCases);
		List<String> rest = names.subList(settings.testCases, names.size());
		List<String> labeledNames = rest.subList(0, settings.labeledCases);
		List<String> unlabeledNames = rest.subList(settings.labeledCases, Math.min(rest.size(), settings.trainCases));
		CaseSet training = CaseSet.fromLaLayout(settings.laFolder, labeledNames, unlabeledNames, settings.scale);
		if (!withTest) return new Data(training, List.of(), Map.of());

		Files.createDirectories(settings.output);
		for (var e : Map.of("test.list", testNames, "labeled.list", labeledNames, "unlabeled.list", unlabeledNames).entrySet())
			AtomicFiles.write(settings.output.resolve(e.getKey()), RERUN,
				(String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
		List<Case> test = new ArrayList<>();
		Map<String, LabelVolume> originalLabels = new LinkedHashMap<>();
		for (String name : testNames) {
			Case c = LaCaseReader.read(settings.laFolder, name, true);
			originalLabels.put(name, c.label());
			test.add(c.resampled(settings.scale, CaseSet.LA_NUM_CLASSES));
		}
		log.printf(Locale.ROOT, "read %d labeled, %d unlabeled and %d test cases, resampled by %.3g (e.g. %s -> %s)%n",
			training.labeled().size(), training.unlabeled().size(), test.size(), settings.scale,
			Arrays.toString(originalLabels.get(testNames.get(0)).dims()), Arrays.toString(test.get(0).image().dims()));
		return new Data(training, test, originalLabels);
	}

	/**
	 * Trains every (seed, method) and evaluates each model; with {@code parallel > 1} several runs
	 * train at once, each in its own JVM on one libtorch thread (DJL records gradients for one
	 * training per process), its progress in its model folder's {@code progress.log}. The result is
	 * in (seed, method) order either way.
	 */
	public List<Run> run(Data data) throws IOException {
		List<Callable<List<Run>>> jobs = new ArrayList<>();
		for (long seed : settings.seeds)
			for (TrainingMethod method : settings.methods)
				jobs.add(() -> runOne(data, method, seed));
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.parallel));
		try {
			List<Future<List<Run>>> futures = new ArrayList<>();
			for (Callable<List<Run>> job : jobs) futures.add(pool.submit(job));
			List<Run> runs = new ArrayList<>();
			for (Future<List<Run>> f : futures) runs.addAll(f.get());
			return runs;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof IOException io) throw io;
			if (e.getCause() instanceof RuntimeException re) throw re;
			throw new IOException(e.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Trains one model and evaluates its student (and, for teacher methods, its EMA teacher). */
	private List<Run> runOne(Data data, TrainingMethod method, long seed) throws IOException, InterruptedException {
		Path dir = modelFolder(method, seed);
		String title = method.label() + ", seed " + seed;
		// A training refuses a folder holding another run's models; this one is the comparison's own, from an earlier run.
		if (Files.exists(dir)) {
			log.println("replacing the earlier comparison's " + dir);
			Folders.deleteTree(dir);
		}
		double seconds;
		if (settings.parallel <= 1) {
			log.println();
			log.println("== " + title + " ==");
			seconds = train(data, method, seed, log);
		}
		else {
			seconds = trainInChildJvm(method, seed, title);
		}
		TrainingConfig config = settings.trainingConfig(method, seed);
		int unlabeled = method.usesTeacher() ? data.training().unlabeled().size() : 0;
		List<Run> runs = new ArrayList<>();
		runs.add(evaluate(data, method, false, seed, unlabeled, config, seconds, dir.resolve(RunFolder.LAST_MODEL)));
		if (method.usesTeacher())
			runs.add(evaluate(data, method, true, seed, unlabeled, config, seconds, dir.resolve(RunFolder.LAST_TEACHER_MODEL)));
		return runs;
	}

	/** Trains one run in this process, logging to {@code progress}; returns the training seconds. */
	public double train(Data data, TrainingMethod method, long seed, PrintStream progress) throws IOException {
		TrainingConfig config = settings.trainingConfig(method, seed);
		TrainingResult result = new SegmentationTrainer(config, data.training(), modelFolder(method, seed))
			.addListener(new ConsoleProgress(progress, config.logInterval)).train();
		return result.seconds();
	}

	/** Line a child JVM prints when its run is trained. */
	static final String TRAINED = "TRAINED seconds=";

	/** The main job's own output folder: a rerun replaces the earlier run's files (README). */
	static final OutputPolicy RERUN = OutputPolicy.of(true);

	private double trainInChildJvm(TrainingMethod method, long seed, String title) throws IOException, InterruptedException {
		Path dir = modelFolder(method, seed);
		Files.createDirectories(dir);
		Path progress = dir.resolve("progress.log");
		log.println("started " + title + " in its own JVM (progress in " + progress + ")");
		List<String> args = new ArrayList<>(settings.arguments);
		args.add(ComparisonSettings.ONLY_OPTION);
		args.add(method.slug() + "@" + seed);
		double[] seconds = { Double.NaN };
		int status;
		try (PrintStream out = new PrintStream(Files.newOutputStream(progress), true, StandardCharsets.UTF_8)) {
			status = ChildJvm.run(MainJob.class, 1, args, line -> {
				out.println(line);
				if (line.startsWith(TRAINED)) seconds[0] = Double.parseDouble(line.substring(TRAINED.length()));
			});
		}
		if (status != 0 || Double.isNaN(seconds[0]))
			throw new IOException(title + " failed in its JVM (exit status " + status + "), see " + progress);
		log.printf(Locale.ROOT, "trained %s in %.0f s%n", title, seconds[0]);
		return seconds[0];
	}

	private Path modelFolder(TrainingMethod method, long seed) {
		return settings.output.resolve("models").resolve(method.slug() + "-seed" + seed);
	}

	private Run evaluate(Data data, TrainingMethod method, boolean teacher, long seed, int unlabeled, TrainingConfig config,
		double trainSeconds, Path modelFile) throws IOException
	{
		// class 1, the foreground: the comparison's data has two classes
		Evaluation working = new Evaluation(new int[] { 1 }), original = new Evaluation(new int[] { 1 });
		Map<String, LabelVolume> predictions = new LinkedHashMap<>();
		Map<String, Case> test = new LinkedHashMap<>();
		for (Case c : data.test()) test.put(c.name(), c);
		try (TrainedModel model = TrainedModel.load(modelFile)) {
			ModelSegmentation segmentation = new ModelSegmentation(model, new SlidingWindowOptions());
			CaseBatch.uninterrupted().run(List.copyOf(test.keySet()), name -> {
				Case c = test.get(name);
				LabelVolume predicted = segmentation.labels(c.image());
				predictions.put(name, predicted);
				working.add(name, predicted, c.label());
				LabelVolume truth = data.originalLabels().get(name);
				if (truth != null) original.add(name, Resampling.labels(predicted, truth.dims(), data.training().numClasses()), truth);
			});
		}
		List<CaseMetrics> metrics = working.metrics(), originalMetrics = original.metrics();
		Run run = new Run(method, teacher, seed, data.training().labeled().size(), unlabeled, config.iterations, trainSeconds,
			metrics, originalMetrics, predictions);
		log.printf(Locale.ROOT, "%s seed %d: test Dice %.4f, trained in %.0f s%n", run.label(), seed, run.meanDice(), trainSeconds);
		return run;
	}

	/** Writes the predicted label volumes of one seed as TIFFs: {@code labels/<method>/<case>.tif}. */
	public void writeLabels(List<Run> runs, long seed) throws IOException {
		for (Run r : runs) {
			if (r.seed() != seed) continue;
			Path dir = settings.output.resolve("labels").resolve(slug(r));
			Files.createDirectories(dir);
			for (Map.Entry<String, LabelVolume> e : r.predictions().entrySet())
				VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(e.getValue()), dir.resolve(e.getKey() + ".tif"), RERUN);
		}
	}

	/** The folder and CSV name of an evaluated model: the method's slug, "-teacher" for an EMA teacher. */
	static String slug(Run r) {
		return r.method().slug() + (r.teacher() ? "-teacher" : "");
	}
}
