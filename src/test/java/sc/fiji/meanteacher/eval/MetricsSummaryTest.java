package sc.fiji.meanteacher.eval;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class MetricsSummaryTest {

	@Test
	public void sampleStandardDeviation() {
		// mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, sd = sqrt(5 / 3)
		SummaryStatistic s = SummaryStatistic.of(new double[] { 1, 2, 3, 4 });
		assertEquals(2.5, s.mean(), 1e-12);
		assertEquals(Math.sqrt(5 / 3.0), s.sd(), 1e-12);
		assertEquals(4, s.count());
		assertEquals(0, s.undefined());
	}

	@Test
	public void nanIsLeftOutAndCounted() {
		SummaryStatistic s = SummaryStatistic.of(new double[] { Double.NaN, 1, 3 });
		assertEquals(2, s.mean(), 1e-12);
		assertEquals(Math.sqrt(2), s.sd(), 1e-12);
		assertEquals(2, s.count());
		assertEquals(1, s.undefined());
		SummaryStatistic one = SummaryStatistic.of(new double[] { 5, Double.NaN });
		assertEquals(5, one.mean(), 0);
		assertEquals(Double.NaN, one.sd(), 0);
		assertEquals(Double.NaN, SummaryStatistic.of(new double[] { Double.NaN }).mean(), 0);
	}

	@Test
	public void perClassAndUnit() {
		SurfaceDistanceMetrics v1 = new SurfaceDistanceMetrics(1, 2, 0.5, 0.5), p1 = new SurfaceDistanceMetrics(2, 4, 1, 1);
		SurfaceDistanceMetrics v2 = new SurfaceDistanceMetrics(3, 4, 1.5, 1.5), p2 = new SurfaceDistanceMetrics(6, 8, 3, 3);
		MetricsSummary summary = MetricsSummary.of(List.of(
			new CaseMetrics("a", 1, 60, 90, 0.8, 0.6, v1, p1),
			new CaseMetrics("b", 1, 50, 80, 0.6, 0.4, v2, p2),
			new CaseMetrics("a", 2, 0, 7, 0.0, 0.0, SurfaceDistanceMetrics.UNDEFINED, SurfaceDistanceMetrics.UNDEFINED)));
		assertEquals(List.of(1, 2), summary.classes());
		assertEquals(0.7, summary.get(1, Metric.DICE, DistanceUnit.VOXELS).mean(), 1e-12);
		assertEquals(Math.sqrt(0.02), summary.get(1, Metric.DICE, DistanceUnit.PHYSICAL).sd(), 1e-12);
		assertEquals(2, summary.get(1, Metric.HD95_POOLED, DistanceUnit.VOXELS).mean(), 1e-12);
		assertEquals(4, summary.get(1, Metric.HD95_POOLED, DistanceUnit.PHYSICAL).mean(), 1e-12);
		assertEquals(6, summary.get(1, Metric.HD95_MAX_DIRECTED, DistanceUnit.PHYSICAL).mean(), 1e-12);
		SummaryStatistic undefined = summary.get(2, Metric.ASSD, DistanceUnit.PHYSICAL);
		assertEquals(0, undefined.count());
		assertEquals(1, undefined.undefined());
		BinaryMaskTest.assertMessage(() -> summary.get(3, Metric.DICE, DistanceUnit.VOXELS), "class 3");
		assertEquals(List.of("HD95 and ASD of class 2 cover 0 of 1 cases; left out, with no surface to measure from: a (empty prediction)"),
			summary.coverageNotes());
	}
}
