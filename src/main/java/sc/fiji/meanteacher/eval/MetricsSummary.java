package sc.fiji.meanteacher.eval;

import java.util.ArrayList;
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

	/** Cases of {@code classIndex} whose surface distances are undefined, which the distance means leave out. */
	public List<CaseMetrics> withoutDistances(int classIndex) {
		return cases.stream().filter(c -> c.classIndex() == classIndex && c.distancesUndefinedBecause() != null).toList();
	}

	/**
	 * One sentence per class whose distance means leave cases out, naming them and why ("HD95 and
	 * ASD of class 1 cover 1 of 6 cases; left out: b (empty prediction), …"); empty when none does.
	 */
	public List<String> coverageNotes() {
		List<String> notes = new ArrayList<>();
		for (int c : classes()) {
			List<CaseMetrics> out = withoutDistances(c);
			if (out.isEmpty()) continue;
			long all = cases.stream().filter(m -> m.classIndex() == c).count();
			List<String> named = out.stream().map(m -> m.caseName() + " (" + m.distancesUndefinedBecause() + ")").toList();
			notes.add("HD95 and ASD of class " + c + " cover " + (all - out.size()) + " of " + all + " cases; left out, with no "
				+ "surface to measure from: " + String.join(", ", named.size() <= 20 ? named : named.subList(0, 20))
				+ (named.size() <= 20 ? "" : " and " + (named.size() - 20) + " more"));
		}
		return notes;
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
