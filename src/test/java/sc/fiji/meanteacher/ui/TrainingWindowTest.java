package sc.fiji.meanteacher.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.swing.AbstractButton;
import javax.swing.JLabel;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.SegmentationTrainerTest;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingResult;

/** The training window in a real display (skipped headless; CI runs it under Xvfb). */
public class TrainingWindowTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Before
	public void needsADisplay() {
		assumeFalse("no display", GraphicsEnvironment.isHeadless());
	}

	/** The button labelled {@code text} in the window, found as a user would find it. */
	public static AbstractButton button(Container window, String text) {
		for (Component c : window.getComponents()) {
			if (c instanceof AbstractButton b && text.equals(b.getText())) return b;
			if (c instanceof Container inner) {
				AbstractButton found = button(inner, text);
				if (found != null) return found;
			}
		}
		return null;
	}

	/** The first label whose text starts with {@code prefix}, or null. */
	public static JLabel labelStartingWith(Container window, String prefix) {
		for (Component c : window.getComponents()) {
			if (c instanceof JLabel l && l.getText() != null && l.getText().startsWith(prefix)) return l;
			if (c instanceof Container inner) {
				JLabel found = labelStartingWith(inner, prefix);
				if (found != null) return found;
			}
		}
		return null;
	}

	/** Clicks a button on the event thread and waits until its action ran. */
	public static void click(AbstractButton button) {
		try {
			EventQueue.invokeAndWait(button::doClick);
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	public void stopEndsTheRunWithItsModelsSaved() throws Exception {
		TrainingConfig config = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 50);
		SegmentationTrainer trainer = new SegmentationTrainer(config, SegmentationTrainerTest.cases(2, 2, 0), tmp.getRoot().toPath());
		AtomicBoolean cancelled = new AtomicBoolean();
		TrainingWindow window = TrainingWindow.open("test run", new TrainingProgress(config, 0), trainer::cancel,
			() -> cancelled.set(true));
		try {
			AbstractButton stop = button(window.frame().getContentPane(), TrainingWindow.STOP);
			trainer.addListener(window).addListener(new TrainingListener() {
				@Override
				public void iterationDone(IterationReport r) {
					if (r.iteration() == 1) click(stop);
				}
			});
			TrainingResult r = trainer.train();
			window.ended(true, false, "stopped");
			assertEquals("the run ends after the iteration in which Stop was pressed", 2, r.iterationsDone());
			assertFalse(cancelled.get());
			try (TrainedModel last = TrainedModel.load(r.lastModel()); TrainedModel best = TrainedModel.load(r.bestModel())) {
				assertEquals(2, last.descriptor().training.iterations);
			}
			EventQueue.invokeAndWait(() -> {});
			assertFalse("nothing left to stop", stop.isEnabled());
			assertFalse(button(window.frame().getContentPane(), TrainingWindow.CANCEL).isEnabled());
			assertTrue(window.frame().isShowing());
		}
		finally {
			window.frame().dispose();
		}
	}
}
