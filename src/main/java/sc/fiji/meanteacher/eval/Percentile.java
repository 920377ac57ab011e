package sc.fiji.meanteacher.eval;

import java.util.Arrays;

/**
 * Percentiles as numpy computes them by default ({@code np.percentile}, method "linear", the one
 * medpy's and MONAI's HD95 use): sort the n values, take the virtual index
 * {@code (n - 1) * q / 100} and interpolate linearly between the two neighbouring values.
 */
final class Percentile {

	private Percentile() {}

	/** The {@code percent}-th percentile of {@code values} (not modified); NaN when there are none. */
	static double linear(double[] values, double percent) {
		if (!(percent >= 0 && percent <= 100))
			throw new IllegalArgumentException("percentile must be in [0, 100], got " + percent);
		if (values.length == 0) return Double.NaN;
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double index = (sorted.length - 1) * (percent / 100);
		int below = (int) Math.floor(index);
		if (below >= sorted.length - 1) return sorted[sorted.length - 1];
		double t = index - below, a = sorted[below], b = sorted[below + 1];
		// numpy interpolates from the nearer end; doing the same keeps results bit-identical to it
		return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
	}
}
