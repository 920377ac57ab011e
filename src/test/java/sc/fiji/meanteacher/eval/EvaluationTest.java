package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import sc.fiji.meanteacher.volume.LabelVolume;

/** Every case is scored for every class any case has, so a class a truth lacks still counts false positives. */
public class EvaluationTest {

	private static LabelVolume labels(String name, int... values) {
		byte[] b = new byte[values.length];
		for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
		return LabelVolume.wrap(name, b, new long[] { values.length, 1, 1 }, null);
	}

	@Test
	public void withoutAClassListEveryClassOfAnyCaseIsScoredInEveryCase() {
		Evaluation e = new Evaluation(null);
		e.add("b", labels("b", 0, 1, 1, 0), labels("b", 0, 1, 1, 0));
		e.add("a", labels("a", 0, 2, 2, 1), labels("a", 0, 2, 2, 0));
		List<CaseMetrics> m = e.metrics();
		assertEquals(List.of("b/1", "b/2", "a/1", "a/2"), m.stream().map(c -> c.caseName() + "/" + c.classIndex()).toList());
		assertEquals("b lacks class 2 in both: nothing there, nothing found", 1, m.get(1).dice(), 0);
		assertEquals("a's class 1 is a false positive its truth lacks", 0, m.get(2).dice(), 0);
		assertEquals(1, m.get(3).dice(), 0);
	}

	/**
	 * A case with nothing in its prediction and truth is one case for class 1, as any other: its
	 * Dice is 1 and, with no surface on either side, its HD95 and ASD are undefined.
	 */
	@Test
	public void aCaseEmptyInPredictionAndTruthIsScoredOnceWithoutDistances() {
		Evaluation e = new Evaluation(null);
		e.add("a", labels("a", 0, 1, 1, 0), labels("a", 0, 1, 0, 0));
		e.add("empty", labels("empty", 0, 0, 0, 0), labels("empty", 0, 0, 0, 0));
		List<CaseMetrics> m = e.metrics();
		assertEquals(List.of("a/1", "empty/1"), m.stream().map(c -> c.caseName() + "/" + c.classIndex()).toList());
		CaseMetrics empty = m.get(1);
		assertEquals(1, empty.dice(), 0);
		assertTrue(Double.isNaN(empty.value(Metric.HD95_POOLED, DistanceUnit.VOXELS)));
		assertTrue(Double.isNaN(empty.value(Metric.ASD, DistanceUnit.PHYSICAL)));
		assertEquals("empty prediction and truth", empty.distancesUndefinedBecause());
		SummaryStatistic hd95 = MetricsSummary.of(m).get(1, Metric.HD95_POOLED, DistanceUnit.VOXELS);
		assertEquals("the distance mean covers only the case with surfaces", 1, hd95.count());
		assertEquals(1, hd95.undefined());
	}

	@Test
	public void aClassListScoresExactlyThoseClasses() {
		Evaluation e = new Evaluation(new int[] { 2 });
		e.add("a", labels("a", 0, 2, 2, 1), labels("a", 0, 2, 0, 0));
		List<CaseMetrics> m = e.metrics();
		assertEquals(1, m.size());
		assertEquals(2 * 1.0 / 3, m.get(0).dice(), 1e-12);
	}
}
