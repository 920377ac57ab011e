package sc.fiji.meanteacher.bench;

import java.util.Arrays;
import java.util.List;

/** Median of timings: robust to the odd iteration slowed by a garbage collection or another process. */
final class Median {

	private Median() {}

	/** The median; the mean of the two middle values for an even count; NaN when empty. */
	static double of(List<Double> values) {
		if (values.isEmpty()) return Double.NaN;
		double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(v);
		int m = v.length / 2;
		return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
	}
}
