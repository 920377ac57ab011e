package sc.fiji.meanteacher.experiment;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.experiment.SemiSupervisedComparison.Data;
import sc.fiji.meanteacher.experiment.SemiSupervisedComparison.Run;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LaTestData;

public class SemiSupervisedComparisonTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void laOptionsDefaultToTwentyHeldOutCasesAndAllOthers() {
		ComparisonSettings s = ComparisonSettings.parse("--la", "/data/LA", "--labeled", "8");
		assertEquals(20, s.testCases);
		assertEquals(Integer.MAX_VALUE, s.trainCases);
		assertEquals(0.5, s.scale, 0);
		assertTrue(s.toString(), s.toString().contains("all other training cases (8 labeled), 20 held out"));
		ComparisonSettings synthetic = ComparisonSettings.parse();
		assertEquals(10, synthetic.testCases);
		assertEquals(24, synthetic.trainCases);
		assertThrows(IllegalArgumentException.class, () -> ComparisonSettings.parse("--la", "x", "--scale", "0"));
		assertThrows(IllegalArgumentException.class, () -> ComparisonSettings.parse("--parallel", "-1"));
		ComparisonSettings auto = ComparisonSettings.parse("--seeds", "1,2,3");
		auto.resolveParallel(false, 2);
		assertEquals(2, auto.parallel);
		auto = ComparisonSettings.parse("--seeds", "1");
		auto.resolveParallel(true, 16);
		assertEquals(1, auto.parallel);
		auto = ComparisonSettings.parse("--seeds", "1", "--parallel", "3");
		auto.resolveParallel(false, 2);
		assertEquals(3, auto.parallel);
	}

	/** The consistency weight reaches its maximum at exactly --rampup iterations, not before and not after. */
	@Test
	public void rampUpEndsAtTheIterationAsked() {
		for (int rampup : new int[] { 300, 40, 20, 7 }) {
			TrainingConfig c = ComparisonSettings.parse("--rampup", Integer.toString(rampup)).trainingConfig(TrainingMethods.MEAN_TEACHER, 1);
			assertEquals("--rampup " + rampup, 0.1, c.consistencyWeightAt(rampup), 1e-12);
			assertTrue("--rampup " + rampup + " still ramping one iteration before", c.consistencyWeightAt(rampup - 1) < 0.1 - 1e-6);
		}
	}

	@Test
	public void badOptionsNameTheOptionAndTheValue() {
		assertMessage("--only-run takes <method>@<seed>", () -> ComparisonSettings.parse("--only-run", "mean-teacher"));
		assertMessage("--only-run: 'x' is not a whole number", () -> ComparisonSettings.parse("--only-run", "mt@x"));
		assertMessage("--iterations: 'abc' is not a whole number", () -> ComparisonSettings.parse("--iterations", "abc"));
		assertMessage("--patch: '3a' is not a whole number", () -> ComparisonSettings.parse("--patch", "32,32,3a"));
		assertMessage("--lr: 'NaN' is not a finite number", () -> ComparisonSettings.parse("--lr", "NaN"));
		assertMessage("--seeds: '99999999999999999999' is not a whole number",
			() -> ComparisonSettings.parse("--seeds", "1,99999999999999999999"));
	}

	private static void assertMessage(String expected, org.junit.function.ThrowingRunnable r) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r);
		assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
	}

	/** Under a Turkish default locale "SUPERVISED".toLowerCase() has a dotless i. */
	@Test
	public void folderNamesDoNotDependOnTheDefaultLocale() {
		Locale original = Locale.getDefault();
		try {
			Locale.setDefault(Locale.forLanguageTag("tr-TR"));
			assertEquals("supervised", TrainingMethods.SUPERVISED.slug());
			assertEquals("ua-mt", TrainingMethods.UA_MT.slug());
		}
		finally {
			Locale.setDefault(original);
		}
	}

	/** The real-data path end to end on 6 LA cases: split, resampling, training, both grids' metrics, report. */
	@Test
	public void laComparisonHoldsOutTestCasesAndReportsBothGrids() throws Exception {
		Path root = LaTestData.root();
		Path out = tmp.newFolder("la").toPath();
		ComparisonSettings s = ComparisonSettings.parse("--la", root.toString(), "--test", "2", "--labeled", "2", "--train", "4",
			"--scale", "0.25", "--patch", "32,32,16", "--iterations", "2", "--seeds", "7", "--rampup", "2", "--out", out.toString(),
			"--parallel", "2");
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		SemiSupervisedComparison comparison = new SemiSupervisedComparison(s, new PrintStream(log, true, StandardCharsets.UTF_8));
		Data data = comparison.laData();

		List<String> test = Files.readAllLines(out.resolve("test.list"));
		List<String> labeled = Files.readAllLines(out.resolve("labeled.list"));
		List<String> unlabeled = Files.readAllLines(out.resolve("unlabeled.list"));
		assertEquals(2, test.size());
		assertEquals(2, labeled.size());
		assertEquals(2, unlabeled.size());
		Set<String> all = new HashSet<>(test);
		all.addAll(labeled);
		all.addAll(unlabeled);
		assertEquals("the test cases never train", 6, all.size());
		assertEquals(labeled, data.training().labeled().stream().map(Case::name).toList());
		assertFalse(data.training().unlabeled().get(0).isLabeled());
		for (Case c : data.test()) {
			long[] original = data.originalLabels().get(c.name()).dims();
			assertArrayEquals(sc.fiji.meanteacher.volume.Resampling.scaledDims(original, 0.25), c.image().dims());
			assertArrayEquals(c.image().dims(), c.label().dims());
			assertEquals(0.625 * original[0] / c.image().nx(), c.image().voxelSize()[0], 1e-12);
		}

		List<Run> runs = comparison.run(data);
		// Mean Teacher student + teacher, then supervised, in (seed, method) order despite the parallel runs
		assertEquals(List.of("Mean Teacher", "Mean Teacher (EMA teacher)", TrainingMethods.SUPERVISED.label()),
			runs.stream().map(Run::label).toList());
		for (Run r : runs) {
			assertEquals(2, r.metrics().size());
			assertEquals(2, r.originalMetrics().size());
			for (int i = 0; i < 2; i++) {
				assertEquals(r.metrics().get(i).caseName(), r.originalMetrics().get(i).caseName());
				assertTrue(r.originalMetrics().get(i).dice() >= 0 && r.originalMetrics().get(i).dice() <= 1);
			}
			assertArrayEquals(data.test().get(0).image().dims(), r.predictions().get(data.test().get(0).name()).dims());
			try (var model = sc.fiji.meanteacher.model.TrainedModel.load(out.resolve("models").resolve(r.method().slug() + "-seed7")
				.resolve(r.teacher() ? "last-teacher-model.zip" : "last-model.zip"))) {
				assertEquals("the model records the resampling", 0.25, model.descriptor().inputScale, 0);
			}
		}
		assertTrue(Files.isRegularFile(out.resolve("models/mean-teacher-seed7/progress.log")));

		ComparisonReport report = new ComparisonReport(runs);
		assertTrue(report.hasOriginalResolution());
		ByteArrayOutputStream table = new ByteArrayOutputStream();
		report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8), true);
		assertTrue(table.toString(StandardCharsets.UTF_8), table.toString(StandardCharsets.UTF_8).contains("HD95 (mm)"));
		report.writeCsv(out.resolve("results.csv"));
		List<String> csv = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(1 + 3 * 2 * 2, csv.size());
		assertTrue(csv.stream().anyMatch(l -> l.contains(",original,")));
		report.writeMontage(data.test(), out.resolve("montage.png"), 2, 2);
		assertTrue(Files.size(out.resolve("montage.png")) > 0);
	}
}
