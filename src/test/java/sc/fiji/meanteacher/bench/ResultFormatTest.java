package sc.fiji.meanteacher.bench;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

import sc.fiji.meanteacher.train.IterationReport.StageTimes;

public class ResultFormatTest {

	@Test
	public void trainingLineRoundTripsBetweenJvms() {
		TrainingMeasurement m = new TrainingMeasurement("ua-mt", new int[] { 64, 64, 48 }, 2, 4, 2, 1, 5, 8.25,
			new StageTimes(0.001, 4.5, 1.25, 2.375, 0.125), 3_120_000_000L, 9_448_866);
		String line = m.toLine();
		assertEquals("BENCH train method=ua-mt patch=64x64x48 threads=2 batch=4 labeled=2 warmup=1 iterations=5 sec_per_it=8.250 "
			+ "data_wait=0.0010 teacher=4.500 student_forward=1.250 backward=2.375 optimizer=0.125 rss_gb=3.12 params=9448866", line);
		TrainingMeasurement back = TrainingMeasurement.parse(line);
		assertEquals(m.method(), back.method());
		assertArrayEquals(m.patch(), back.patch());
		assertEquals(m.secondsPerIteration(), back.secondsPerIteration(), 0);
		assertEquals(m.stages(), back.stages());
		assertEquals(m.peakRssBytes(), back.peakRssBytes());
		assertEquals(m.parameters(), back.parameters());
		assertNull(TrainingMeasurement.parse("  | iteration 3/6  1.2 s"));
	}

	@Test
	public void unknownMemoryIsWrittenAsNotAvailable() {
		TrainingMeasurement m = new TrainingMeasurement("supervised", new int[] { 32, 32, 32 }, 1, 2, 2, 1, 5, 1,
			new StageTimes(0, 0, 0.5, 0.5, 0), -1, 9_448_866);
		assertEquals(-1, TrainingMeasurement.parse(m.toLine()).peakRssBytes());
	}

	@Test
	public void medianOfOddAndEvenCounts() {
		assertEquals(3, Median.of(List.of(5.0, 1.0, 3.0)), 0);
		assertEquals(2.5, Median.of(List.of(4.0, 1.0, 2.0, 3.0)), 0);
		assertEquals(Double.NaN, Median.of(List.of()), 0);
	}

	@Test
	public void tableAlignsTextLeftAndNumbersRight() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		new TextTable("method", "s/it").row("mean-teacher", "4.412").row("ua-mt", "12.050").print(new PrintStream(bytes, true,
			StandardCharsets.UTF_8));
		String expected = String.join(System.lineSeparator(), "method          s/it", "------------  ------",
			"mean-teacher   4.412", "ua-mt         12.050", "");
		assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
	}

	@Test
	public void windowProgressPrintsEachTenthOnce() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		WindowProgress p = new WindowProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		for (int done = 0; done <= 25; done++) p.windowsDone(done, 25);
		String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
		assertEquals(10, lines.length);
		assertEquals("windows 3/25", lines[0].trim().substring(0, 12));
		assertEquals("windows 25/25", lines[9].trim().substring(0, 13));
	}
}
