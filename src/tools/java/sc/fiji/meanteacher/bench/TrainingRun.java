package sc.fiji.meanteacher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.train.IterationReport.StageTimes;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * Measures one training configuration in this JVM: the reference V-Net (16 filters, depth 4),
 * batch 4 with 2 labeled (supervised: the 2 labeled only), on synthetic volumes a little larger
 * than the patch. {@link TrainingBenchmark} runs each row in a fresh JVM through this class's
 * {@code main}, because libtorch fixes its thread count when the engine starts and the peak-RSS
 * counter only ever grows; run directly, it measures one row with the threads of
 * {@code -Dmeanteacher.threads} and prints its {@code BENCH train} line last.
 */
public final class TrainingRun {

	static final Map<String, String> OPTIONS = new LinkedHashMap<>();
	static {
		OPTIONS.put("method", "mean-teacher");
		OPTIONS.put("patch", "32x32x32");
		OPTIONS.put("warmup", "1");
		OPTIONS.put("iterations", "5");
		OPTIONS.put("seed", "1337");
		OPTIONS.put("margin", "16");
		OPTIONS.put("cases", "4");
	}

	private TrainingRun() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		if (BenchArgs.wantsHelp(args)) {
			out.println("usage: TrainingRun [options]   (one row of bench train, in this JVM)");
			out.print(BenchArgs.describe(OPTIONS));
			return 0;
		}
		try {
			BenchArgs a = BenchArgs.parse("bench train row", args, OPTIONS);
			TrainingMeasurement m = measure(TrainingMethods.fromName(a.string("method")), a.size("patch"), a.integer("warmup", 1),
				a.integer("iterations", 1), a.wholeNumber("seed"), a.integer("margin", 0), a.integer("cases", 2), out);
			out.println(m.toLine());
			return 0;
		}
		catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 2;
		}
		catch (Exception e) {
			e.printStackTrace(err);
			return 1;
		}
	}

	/**
	 * Trains {@code warmup + iterations} iterations and reports the medians of the measured ones.
	 *
	 * @param margin voxels the volumes exceed the patch by on each axis, so crops differ
	 * @param cases labeled volumes, and as many unlabeled ones for the methods with a teacher
	 */
	static TrainingMeasurement measure(TrainingMethod method, int[] patch, int warmup, int iterations, long seed, int margin, int cases,
		PrintStream out) throws IOException
	{
		TrainingConfig config = new TrainingConfig();
		config.method = method;
		config.patch = PatchSize.of(patch);
		config.iterations = warmup + iterations;
		config.seed = seed;
		config.checkpointInterval = Integer.MAX_VALUE;
		config.validate();
		int threads = TorchRuntime.threads();
		int batch = config.labeledPerBatch + config.unlabeledInBatch();
		out.printf(Locale.ROOT, "%s, patch %s, batch %d (%d labeled), %d threads: %d warm-up + %d measured iterations on %d+%d "
			+ "synthetic volumes of %s%n", method.label(), Sizes.format(patch), batch, config.labeledPerBatch, threads, warmup,
			iterations, cases, method.usesTeacher() ? cases : 0, Sizes.format(volumeSize(patch, margin)));

		Timing timing = new Timing(warmup, out);
		// supervised training gets no unlabeled cases: the run reports exactly the data it uses
		CaseSet data = SyntheticCases.caseSet(seed, volumeSize(patch, margin), 0, cases, method.usesTeacher() ? cases : 0);
		Path dir = SyntheticCases.scratchFolder();
		try {
			new SegmentationTrainer(config, data, dir).addListener(timing).train();
		}
		finally {
			SyntheticCases.delete(dir);
		}
		long rss = ProcessMemory.peakResidentBytes();
		return new TrainingMeasurement(method.slug(), patch, threads, batch, config.labeledPerBatch, warmup, iterations,
			Median.of(timing.wall), timing.stageMedians(), rss, trainableParameters(config));
	}

	private static int[] volumeSize(int[] patch, int margin) {
		return new int[] { patch[0] + margin, patch[1] + margin, patch[2] + margin };
	}

	/** Counted on a fresh network after training, so it does not add to the peak memory measured. */
	private static long trainableParameters(TrainingConfig config) {
		try (NDManager manager = TorchRuntime.engine().newBaseManager(TorchRuntime.device())) {
			return VNet.create(config.netConfig(), manager, config.patch.toArray()).trainableParameterCount();
		}
	}

	/** Wall time between consecutive iterations and the trainer's per-stage profile, after the warm-up. */
	private static final class Timing implements TrainingListener {
		final int warmup;
		final PrintStream out;
		final List<Double> wall = new ArrayList<>();
		final List<StageTimes> stages = new ArrayList<>();
		long last = System.nanoTime();

		Timing(int warmup, PrintStream out) {
			this.warmup = warmup;
			this.out = out;
		}

		@Override
		public void iterationDone(IterationReport r) {
			long now = System.nanoTime();
			double seconds = (now - last) / 1e9;
			last = now;
			boolean measured = r.iteration() >= warmup;
			if (measured) {
				wall.add(seconds);
				stages.add(r.profile());
			}
			StageTimes s = r.profile();
			out.printf(Locale.ROOT, "  iteration %d/%d%s  %.3f s  (data wait %.4f, teacher %.3f, student forward %.3f, backward %.3f, "
				+ "optimizer %.3f)  loss %.4f%n", r.iteration() + 1, r.iterations(), measured ? "" : " warm-up", seconds, s.dataWait(),
				s.teacher(), s.studentForward(), s.backward(), s.optimizer(), r.loss());
		}

		@Override
		public void message(String text) {
			out.println("  " + text);
		}

		StageTimes stageMedians() {
			return new StageTimes(median(StageTimes::dataWait), median(StageTimes::teacher), median(StageTimes::studentForward),
				median(StageTimes::backward), median(StageTimes::optimizer));
		}

		private double median(ToDoubleFunction<StageTimes> stage) {
			return Median.of(stages.stream().map(s -> stage.applyAsDouble(s)).toList());
		}
	}
}
