package sc.fiji.meanteacher.eval;

import java.util.List;

/** Mean ± sd of every metric over the cases, per class (see {@link SummaryStatistic}). */
public final class MetricsSummary {

	private final List<CaseMetrics> cases;

	private MetricsSummary(List<CaseMetrics> cases) { this.cases = cases; }

	public static MetricsSummary of(List<CaseMetrics> cases) {
		return new MetricsSummary(List.copyOf(cases));
	}

	/** The classes present, ascending. */
	public List<Integer> classes() {
		return cases.stream().map(CaseMetrics::classIndex).distinct().sorted().toList();
	}

	/** Summary of {@code metric} over the cases of {@code classIndex}; the unit is ignored for Dice and Jaccard. */
	public SummaryStatistic get(int classIndex, Metric metric, DistanceUnit unit) {
		double[] values = cases.stream().filter(c -> c.classIndex() == classIndex)
			.mapToDouble(c -> c.value(metric, unit)).toArray();
		if (values.length == 0)
			throw new IllegalArgumentException("no case has class " + classIndex + "; classes present: " + classes());
		return SummaryStatistic.of(values);
	}
}
