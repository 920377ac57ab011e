package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertEquals;

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

	@Test
	public void aClassListScoresExactlyThoseClasses() {
		Evaluation e = new Evaluation(new int[] { 2 });
		e.add("a", labels("a", 0, 2, 2, 1), labels("a", 0, 2, 0, 0));
		List<CaseMetrics> m = e.metrics();
		assertEquals(1, m.size());
		assertEquals(2 * 1.0 / 3, m.get(0).dice(), 1e-12);
	}
}
