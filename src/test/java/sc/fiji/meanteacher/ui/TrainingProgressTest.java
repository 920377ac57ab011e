package sc.fiji.meanteacher.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.SegmentationTrainerTest;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingResult;

/** What the training window shows, computed headless, and Esc as a way to stop a real run. */
public class TrainingProgressTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@After
	public void releaseEscape() {
		IJ.resetEscape();
	}

	private static IterationReport report(long it, long of, double seconds, double supervised, double consistency, double weight) {
		IterationReport.StageTimes t = new IterationReport.StageTimes(0, 0, 0, 0, 0.5);
		return new IterationReport(it, of, supervised + weight * consistency, supervised, consistency, weight, 0.01, seconds,
			(of - it - 1) * 0.5, t);
	}

	@Test
	public void readOutsFollowTheReports() {
		TrainingConfig c = new TrainingConfig();
		c.iterations = 100;
		c.validationStart = 30;
		c.validationInterval = 20;
		TrainingProgress p = new TrainingProgress(c, 2);
		assertEquals("Validation Dice on 2 held-out image(s): first after iteration 40, then every 20", p.validationLine());
		// A resumed run: this run starts at iteration 50, 0.5 s each.
		for (int it = 50; it < 60; it++) p.iterationDone(report(it, 100, (it - 49) * 0.5, 0.6, 0.01, 0.1));
		assertEquals(0.5, p.secondsPerIteration(), 1e-12);
		assertEquals(60, p.iterationsDone());
		assertEquals("Iteration 60 / 100 (60%)  ·  elapsed 0:00:05  ·  ETA 0:00:20  ·  0.50 s per iteration", p.iterationLine());
		p.validationDone(39, 0.71, true);
		p.validationDone(59, 0.65, false);
		assertEquals(0.71, p.bestDice(), 0);
		assertEquals("Best validation Dice 0.7100 after iteration 40 (2 held-out image(s); last 0.6500)", p.validationLine());
		assertEquals(0.001, p.losses().get(0).weightedConsistency(), 1e-12);
		assertEquals(TrainingProgress.State.RUNNING, p.state());
		p.stopping();
		assertEquals(TrainingProgress.State.STOPPING, p.state());
		p.ended(true, false, "stopped after 60 of 100 iterations");
		assertFalse(p.state().isActive());
		assertEquals("Stopped: stopped after 60 of 100 iterations", p.stateLine());
	}

	/** The window names the device a run trains on, and keeps the report its log starts with. */
	@Test
	public void theDeviceIsShownOnceTheRunChoseIt() throws Exception {
		DeviceSelection cpu = DeviceChoice.CPU.select();
		TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.SUPERVISED, 1);
		TrainingProgress p = new TrainingProgress(c, 0);
		assertEquals("Device: chosen once the images are read", p.deviceLine());
		assertTrue(p.deviceReport().isEmpty());
		new SegmentationTrainer(c, SegmentationTrainerTest.cases(2, 0, 0), tmp.getRoot().toPath()).device(cpu).addListener(p).train();
		assertEquals("Device: cpu (device=cpu)", p.deviceLine());
		assertEquals(cpu.lines(), p.deviceReport());
	}

	@Test
	public void withoutHeldOutImagesTheWindowSaysWhyThereIsNoDice() {
		assertEquals("Validation Dice: none measured (no labeled images held out for validation)",
			new TrainingProgress(new TrainingConfig(), 0).validationLine());
	}

	@Test
	public void theWeightedConsistencyCurveIsVisibleBesideAMuchLargerSupervisedLoss() {
		TrainingConfig c = new TrainingConfig();
		c.iterations = 200;
		TrainingProgress p = new TrainingProgress(c, 0);
		// As in a real ramp-up: λ(t)·L about 10⁻⁵, four orders below the supervised loss.
		for (int it = 0; it < 100; it++) p.iterationDone(report(it, 200, it + 1, 0.8 - it * 0.004, 0.02 + 0.001 * (it % 7), 0.00067 + it * 1e-5));
		BufferedImage image = TrainingPlots.render(p, 600, 500);
		int[] consistencyRows = rowsWith(image, TrainingPlots.CONSISTENCY);
		int upperBottom = (int) Math.round(500 * 0.58);
		assertTrue("consistency drawn in the lower plot only", consistencyRows[0] >= upperBottom);
		// The curve spans a good part of its plot's height, not a flat line on zero.
		assertTrue("consistency curve spans rows " + consistencyRows[0] + ".." + consistencyRows[1],
			consistencyRows[1] - consistencyRows[0] > 0.4 * (500 - upperBottom) * 0.6);
		int[] supervisedRows = rowsWith(image, TrainingPlots.SUPERVISED);
		assertTrue("supervised loss in the upper plot", supervisedRows[1] < upperBottom && supervisedRows[1] > supervisedRows[0]);

		TrainingConfig supervisedOnly = new TrainingConfig();
		supervisedOnly.method = TrainingMethods.SUPERVISED;
		TrainingProgress s = new TrainingProgress(supervisedOnly, 0);
		for (int it = 0; it < 20; it++) s.iterationDone(report(it, 200, it + 1, 0.8, 0, 0));
		assertEquals("no consistency plot for supervised training", -1, rowsWith(TrainingPlots.render(s, 600, 500),
			TrainingPlots.CONSISTENCY)[0]);
	}

	/** First and last row with a pixel near {@code colour} (antialiasing blends the edges), or -1. */
	private static int[] rowsWith(BufferedImage image, Color colour) {
		int first = -1, last = -1;
		for (int y = 0; y < image.getHeight(); y++)
			for (int x = 0; x < image.getWidth(); x++) {
				Color c = new Color(image.getRGB(x, y));
				int d = Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
					+ Math.abs(c.getBlue() - colour.getBlue());
				if (d < 40) {
					if (first < 0) first = y;
					last = y;
					break;
				}
			}
		return new int[] { first, last };
	}

	@Test
	public void escapeStopsARunAfterTheIterationInWhichItWasPressed() throws Exception {
		Path out = tmp.getRoot().toPath();
		SegmentationTrainer trainer = new SegmentationTrainer(SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 50),
			SegmentationTrainerTest.cases(2, 2, 0), out);
		trainer.addListener(new TrainingListener() {
			@Override
			public void iterationDone(IterationReport r) {
				if (r.iteration() == 1) IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			}
		});
		trainer.addListener(new EscapeStop(trainer::cancel));
		TrainingResult r = trainer.train();
		assertTrue(r.cancelled());
		assertEquals(2, r.iterationsDone());
		try (TrainedModel last = TrainedModel.load(r.lastModel()); TrainedModel best = TrainedModel.load(r.bestModel())) {
			assertEquals(2, last.descriptor().training.iterations);
		}
	}

	@Test
	public void anEscapePressedBeforeTheRunIsForgotten() throws Exception {
		IJ.setKeyDown(KeyEvent.VK_ESCAPE);
		SegmentationTrainer trainer = new SegmentationTrainer(SegmentationTrainerTest.tiny(TrainingMethods.SUPERVISED, 3),
			SegmentationTrainerTest.cases(2, 0, 0), tmp.getRoot().toPath());
		trainer.addListener(new EscapeStop(trainer::cancel));
		TrainingResult r = trainer.train();
		assertFalse(r.cancelled());
		assertEquals(3, r.iterationsDone());
	}
}
