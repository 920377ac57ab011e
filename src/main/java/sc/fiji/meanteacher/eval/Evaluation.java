package sc.fiji.meanteacher.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.meanteacher.volume.LabelVolume;

/**
 * The metrics of a set of cases, scored one after another. Every case is scored once for each of
 * the classes asked for or, without a list, for every class any case has (class 1 at least): a
 * case lacking class c in both volumes scores a perfect "nothing there" Dice without surface
 * distances, one lacking it only in its truth keeps its false positives. The metrics come out in
 * case order, then class order.
 */
public final class Evaluation {

	private final int[] requested;
	private final List<CaseMetrics> metrics = new ArrayList<>();
	/** Per case, the highest label of its prediction and truth (only without a class list). */
	private final Map<String, Integer> highestLabel = new LinkedHashMap<>();

	/** @param classes the classes to score in every case, or null for every class found in any truth or prediction */
	public Evaluation(int[] classes) {
		this.requested = classes == null ? null : classes.clone();
	}

	/** Scores one case. */
	public void add(String name, LabelVolume predicted, LabelVolume truth) {
		if (requested != null) {
			metrics.addAll(SegmentationMetrics.evaluate(predicted, truth, requested));
			return;
		}
		int highest = Math.max(truth.maxLabel(), predicted.maxLabel());
		highestLabel.put(name, highest);
		metrics.addAll(SegmentationMetrics.evaluate(predicted, truth, upTo(highest)));
	}

	/** The metrics of every case added, each case for every class (see the class comment). */
	public List<CaseMetrics> metrics() {
		if (requested != null) return List.copyOf(metrics);
		List<CaseMetrics> all = new ArrayList<>(metrics);
		int highest = Math.max(1, highestLabel.values().stream().mapToInt(Integer::intValue).max().orElse(1));
		// add scored each case up to its own highest label, and class 1 even when that is 0
		for (Map.Entry<String, Integer> e : highestLabel.entrySet())
			for (int c = scoredUpTo(e.getValue()) + 1; c <= highest; c++) all.add(CaseMetrics.bothEmpty(e.getKey(), c));
		List<String> order = new ArrayList<>(highestLabel.keySet());
		all.sort(Comparator.comparing((CaseMetrics m) -> order.indexOf(m.caseName())).thenComparingInt(CaseMetrics::classIndex));
		return all;
	}

	/** The classes 1 .. {@link #scoredUpTo} of a case whose highest label is {@code highest}. */
	private static int[] upTo(int highest) {
		int[] out = new int[scoredUpTo(highest)];
		for (int c = 1; c <= out.length; c++) out[c - 1] = c;
		return out;
	}

	/** The last class {@link #add} scores in a case whose highest label is {@code highest}: class 1 at least. */
	private static int scoredUpTo(int highest) {
		return Math.max(1, highest);
	}
}
