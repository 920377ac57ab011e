package sc.fiji.meanteacher.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.meanteacher.process.ChildJvm;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * Training benchmark (not a test): median seconds per iteration after a warm-up, the per-stage
 * profile, peak RSS and parameter count of the reference V-Net for each patch size × method ×
 * libtorch thread count. Each row runs in its own JVM ({@link TrainingRun}), since libtorch's
 * thread count is fixed when its engine starts and peak RSS is a per-process high-water mark.
 * <p>
 * Prints one aligned table, then one {@code BENCH train key=value ...} line per row for scripts.
 */
public final class TrainingBenchmark {

	static final Map<String, String> OPTIONS = new LinkedHashMap<>();
	static {
		OPTIONS.put("patches", "32x32x32,64x64x48");
		OPTIONS.put("methods", "mean-teacher,supervised,ua-mt");
		OPTIONS.put("threads", "1,2");
		OPTIONS.put("warmup", "1");
		OPTIONS.put("iterations", "5");
		OPTIONS.put("seed", "1337");
		OPTIONS.put("margin", "16");
		OPTIONS.put("cases", "4");
	}

	private TrainingBenchmark() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static String usage() {
		return "usage: bench train [options]\n"
			+ "  Median seconds per training iteration (batch 4, 2 labeled; supervised: the 2 labeled only), per-stage\n"
			+ "  profile, peak RSS and parameter count of the reference V-Net (16 filters, depth 4), each row in its own JVM.\n"
			+ BenchArgs.describe(OPTIONS);
	}

	/** Runs the benchmark; returns 0, 1 when a row failed, 2 for bad options. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		if (BenchArgs.wantsHelp(args)) {
			out.print(usage());
			return 0;
		}
		List<Row> rows;
		BenchArgs a;
		try {
			a = BenchArgs.parse("bench train", args, OPTIONS);
			rows = plan(a);
		}
		catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			err.print(usage());
			return 2;
		}
		out.println("bench train " + a);
		out.printf(Locale.ROOT, "%d rows, each in a fresh JVM; %d processors, load average %s, malloc environment: %s%n", rows.size(),
			Runtime.getRuntime().availableProcessors(), ProcessMemory.loadAverage(), ProcessMemory.mallocEnvironment());

		List<TrainingMeasurement> done = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			out.printf(Locale.ROOT, "%n[%d/%d] %s, patch %s, %d thread(s)%n", i + 1, rows.size(), row.method.label(), Sizes.format(row.patch),
				row.threads);
			List<TrainingMeasurement> found = new ArrayList<>();
			int status;
			try {
				status = ChildJvm.run(TrainingRun.class, row.threads, row.arguments(a), line -> {
					TrainingMeasurement m = TrainingMeasurement.parse(line);
					if (m != null) found.add(m);
					else out.println("  | " + line);
				});
			}
			catch (Exception e) {
				if (e instanceof InterruptedException) Thread.currentThread().interrupt();
				failures.add(row + ": could not run (" + e + ")");
				break;
			}
			if (status != 0 || found.size() != 1) failures.add(row + ": failed, exit status " + status + " (output above)");
			else done.add(found.get(0));
		}

		out.printf(Locale.ROOT, "%nTraining benchmark: median seconds per iteration after %s warm-up iteration(s), over %s measured; "
			+ "stage columns are medians of each stage (load average now %s)%n", a.string("warmup"), a.string("iterations"),
			ProcessMemory.loadAverage());
		table(done).print(out);
		for (String f : failures) out.println("FAILED " + f);
		out.println();
		for (TrainingMeasurement m : done) out.println(m.toLine());
		return failures.isEmpty() ? 0 : 1;
	}

	private static TextTable table(List<TrainingMeasurement> rows) {
		TextTable t = new TextTable("method", "patch", "threads", "batch", "s/it", "data wait", "teacher", "student fwd",
			"backward", "optimizer", "peak RSS GB", "parameters");
		for (TrainingMeasurement m : rows) {
			var s = m.stages();
			t.row(m.method(), Sizes.format(m.patch()), m.threads(), m.batch() + " (" + m.labeled() + " lab.)",
				f3(m.secondsPerIteration()), f3(s.dataWait()), f3(s.teacher()), f3(s.studentForward()), f3(s.backward()),
				f3(s.optimizer()), ProcessMemory.gigabytes(m.peakRssBytes()), String.format(Locale.ROOT, "%,d", m.parameters()));
		}
		return t;
	}

	private static String f3(double v) {
		return String.format(Locale.ROOT, "%.3f", v);
	}

	/** Every configuration, checked before any JVM starts so that a bad patch fails at once. */
	private static List<Row> plan(BenchArgs a) {
		List<int[]> patches = new ArrayList<>();
		for (String p : a.list("patches")) patches.add(Sizes.parse("bench train: --patches", p));
		List<TrainingMethod> methods = new ArrayList<>();
		for (String m : a.list("methods")) methods.add(TrainingMethods.fromName(m));
		List<Integer> threads = new ArrayList<>();
		for (String t : a.list("threads")) {
			try {
				threads.add(Integer.parseInt(t));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("bench train: --threads takes whole numbers, got '" + t + "'");
			}
			if (threads.get(threads.size() - 1) < 1) throw new IllegalArgumentException("bench train: --threads must be >= 1, got " + t);
		}
		a.integer("warmup", 1);
		a.integer("iterations", 1);
		a.integer("margin", 0);
		a.integer("cases", 2);
		a.wholeNumber("seed");
		List<Row> rows = new ArrayList<>();
		for (int[] patch : patches) {
			TrainingConfig c = new TrainingConfig();
			c.patch = PatchSize.of(patch);
			c.validate();
			for (TrainingMethod m : methods)
				for (int t : threads) rows.add(new Row(m, patch, t));
		}
		return rows;
	}

	/** One configuration to measure. */
	private record Row(TrainingMethod method, int[] patch, int threads) {
		List<String> arguments(BenchArgs a) {
			return List.of("--method", method.slug(), "--patch", Sizes.format(patch), "--warmup", a.string("warmup"),
				"--iterations", a.string("iterations"), "--seed", a.string("seed"), "--margin", a.string("margin"), "--cases",
				a.string("cases"));
		}

		@Override
		public String toString() {
			return method.slug() + " " + Sizes.format(patch) + " threads=" + threads;
		}
	}
}
