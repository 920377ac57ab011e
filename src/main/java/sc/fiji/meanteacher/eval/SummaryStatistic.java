package sc.fiji.meanteacher.eval;

import java.util.Locale;

/**
 * Mean ± sample standard deviation of one metric over cases.
 *
 * @param mean mean of the defined (non-NaN) values; NaN when there are none
 * @param sd sample standard deviation (divides by n - 1, like {@code np.std(ddof=1)}); NaN when
 *          fewer than two values are defined
 * @param count number of defined values used
 * @param undefined number of NaN values left out (cases where a mask was empty)
 */
public record SummaryStatistic(double mean, double sd, int count, int undefined) {

	/** Summarises {@code values}, ignoring NaN (infinities are kept and propagate). */
	public static SummaryStatistic of(double[] values) {
		int n = 0;
		double sum = 0;
		for (double v : values)
			if (!Double.isNaN(v)) {
				sum += v;
				n++;
			}
		double mean = n == 0 ? Double.NaN : sum / n;
		double squares = 0;
		for (double v : values)
			if (!Double.isNaN(v)) squares += (v - mean) * (v - mean);
		double sd = n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1));
		return new SummaryStatistic(mean, sd, n, values.length - n);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%.4f ± %.4f (n=%d%s)", mean, sd, count,
			undefined == 0 ? "" : ", " + undefined + " undefined");
	}
}
