package sc.fiji.meanteacher.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import sc.fiji.meanteacher.train.IterationReport.StageTimes;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * One row of the training benchmark: a configuration and what it cost. It travels from the JVM
 * that measured it to the one that prints the table as a {@code BENCH train key=value ...} line,
 * which is also the machine-readable output.
 *
 * @param method short method id (mean-teacher, supervised, ua-mt)
 * @param batch volumes per batch (labeled + unlabeled)
 * @param iterations measured iterations (after the warm-up)
 * @param secondsPerIteration median wall time of one measured iteration
 * @param stages median seconds of each stage, taken stage by stage
 * @param peakRssBytes the measuring process's peak resident memory, -1 when unknown
 * @param parameters trainable parameters of the network
 */
record TrainingMeasurement(String method, int[] patch, int threads, int batch, int labeled, int warmup, int iterations,
	double secondsPerIteration, StageTimes stages, long peakRssBytes, long parameters)
{
	static final String PREFIX = "BENCH train ";

	String toLine() {
		return PREFIX + String.format(Locale.ROOT,
			"method=%s patch=%s threads=%d batch=%d labeled=%d warmup=%d iterations=%d sec_per_it=%.3f data_wait=%.4f teacher=%.3f "
				+ "student_forward=%.3f backward=%.3f optimizer=%.3f rss_gb=%s params=%d",
			method, Sizes.format(patch), threads, batch, labeled, warmup, iterations, secondsPerIteration, stages.dataWait(),
			stages.teacher(), stages.studentForward(), stages.backward(), stages.optimizer(),
			ProcessMemory.gigabytes(peakRssBytes), parameters);
	}

	/** Reads a line written by {@link #toLine()}; null when the line is not one. */
	static TrainingMeasurement parse(String line) {
		if (!line.startsWith(PREFIX)) return null;
		Map<String, String> kv = new LinkedHashMap<>();
		for (String token : line.substring(PREFIX.length()).trim().split("\\s+")) {
			int eq = token.indexOf('=');
			if (eq > 0) kv.put(token.substring(0, eq), token.substring(eq + 1));
		}
		try {
			String rss = kv.get("rss_gb");
			return new TrainingMeasurement(kv.get("method"), Sizes.parse("patch", kv.get("patch")),
				Integer.parseInt(kv.get("threads")), Integer.parseInt(kv.get("batch")), Integer.parseInt(kv.get("labeled")),
				Integer.parseInt(kv.get("warmup")), Integer.parseInt(kv.get("iterations")), Double.parseDouble(kv.get("sec_per_it")),
				new StageTimes(Double.parseDouble(kv.get("data_wait")), Double.parseDouble(kv.get("teacher")),
					Double.parseDouble(kv.get("student_forward")), Double.parseDouble(kv.get("backward")),
					Double.parseDouble(kv.get("optimizer"))),
				rss.equals("n/a") ? -1 : Math.round(Double.parseDouble(rss) * 1e9), Long.parseLong(kv.get("params")));
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("malformed benchmark line '" + line + "': " + e.getMessage(), e);
		}
	}
}
