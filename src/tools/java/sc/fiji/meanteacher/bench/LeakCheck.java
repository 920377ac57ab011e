package sc.fiji.meanteacher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * Trains many iterations and samples, every {@code every} iterations, the NDArrays the run holds
 * and the process's resident memory: a leak shows as a growing count or RSS after the first
 * samples (glibc keeps freed memory, so a flat RSS means the working set does not grow).
 */
final class LeakCheck {

	static final Map<String, String> OPTIONS = new LinkedHashMap<>();
	static {
		OPTIONS.put("method", "mean-teacher");
		OPTIONS.put("patch", "32x32x32");
		OPTIONS.put("iterations", "1000");
		OPTIONS.put("every", "100");
		OPTIONS.put("seed", "1337");
	}

	private LeakCheck() {}

	/** One sample after an iteration. */
	record Sample(long iteration, int liveArrays, long rssBytes, long heapBytes, double secondsPerIteration) {}

	static String usage() {
		return "usage: bench leak [options]\n  NDArrays held and resident memory while training, sampled at intervals.\n"
			+ BenchArgs.describe(OPTIONS);
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		if (BenchArgs.wantsHelp(args)) {
			out.print(usage());
			return 0;
		}
		BenchArgs a;
		try {
			a = BenchArgs.parse("bench leak", args, OPTIONS);
		}
		catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			err.print(usage());
			return 2;
		}
		try {
			List<Sample> samples = measure(TrainingMethods.fromName(a.string("method")), a.size("patch"), a.integer("iterations", 2),
				a.integer("every", 1), a.wholeNumber("seed"), out);
			print(samples, out);
			return 0;
		}
		catch (IOException | RuntimeException e) {
			e.printStackTrace(err);
			return 1;
		}
	}

	static List<Sample> measure(TrainingMethod method, int[] patch, int iterations, int every, long seed, PrintStream out) throws IOException {
		TrainingConfig config = new TrainingConfig();
		config.method = method;
		config.patch = PatchSize.of(patch);
		config.iterations = iterations;
		config.seed = seed;
		config.rampUpLength = 1;
		config.rampUpStep = Math.max(1, iterations / 4); // full consistency weight early: every code path runs
		config.checkpointInterval = Integer.MAX_VALUE;
		config.validate();
		out.printf(Locale.ROOT, "bench leak: %s, patch %s, %d iterations, sample every %d%n", method.label(), Sizes.format(patch),
			iterations, every);
		CaseSet data = SyntheticCases.caseSet(seed, new int[] { patch[0] + 16, patch[1] + 16, patch[2] + 16 }, 0, 4,
			method.usesTeacher() ? 4 : 0);
		Path dir = SyntheticCases.scratchFolder();
		List<Sample> samples = new ArrayList<>();
		try {
			SegmentationTrainer trainer = new SegmentationTrainer(config, data, dir);
			trainer.addListener(new TrainingListener() {
				long last = System.nanoTime();

				@Override
				public void iterationDone(IterationReport r) {
					long it = r.iteration() + 1;
					if (it % every != 0 && it != 1) return;
					long now = System.nanoTime();
					Runtime rt = Runtime.getRuntime();
					Sample s = new Sample(it, trainer.liveArrays(), ProcessMemory.residentBytes(), rt.totalMemory() - rt.freeMemory(),
						it == 1 ? Double.NaN : (now - last) / 1e9 / every);
					if (it != 1) last = now;
					samples.add(s);
					out.printf(Locale.ROOT, "  iteration %5d: %d NDArrays, RSS %.0f MB%n", it, s.liveArrays(), s.rssBytes() / 1e6);
				}
			});
			trainer.train();
		}
		finally {
			SyntheticCases.delete(dir);
		}
		return samples;
	}

	static void print(List<Sample> samples, PrintStream out) {
		TextTable t = new TextTable("iteration", "NDArrays held", "RSS MB", "Java heap MB", "s/it since last");
		for (Sample s : samples)
			t.row(Long.toString(s.iteration()), Integer.toString(s.liveArrays()), String.format(Locale.ROOT, "%.0f", s.rssBytes() / 1e6),
				String.format(Locale.ROOT, "%.0f", s.heapBytes() / 1e6),
				Double.isNaN(s.secondsPerIteration()) ? "-" : String.format(Locale.ROOT, "%.3f", s.secondsPerIteration()));
		out.println();
		t.print(out);
		if (samples.size() >= 3) {
			Sample second = samples.get(1), end = samples.get(samples.size() - 1);
			int min = samples.stream().skip(1).mapToInt(Sample::liveArrays).min().orElse(-1);
			int max = samples.stream().skip(1).mapToInt(Sample::liveArrays).max().orElse(-1);
			out.printf(Locale.ROOT, "%nBENCH leak iterations=%d arrays_min=%d arrays_max=%d rss_mb_at_%d=%.0f rss_mb_at_%d=%.0f "
				+ "rss_growth_mb=%.0f%n", end.iteration(), min, max, second.iteration(), second.rssBytes() / 1e6, end.iteration(),
				end.rssBytes() / 1e6, (end.rssBytes() - second.rssBytes()) / 1e6);
		}
	}
}
