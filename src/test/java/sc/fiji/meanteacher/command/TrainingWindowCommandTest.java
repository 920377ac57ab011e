package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import javax.swing.JFrame;
import javax.swing.JLabel;

import org.junit.Before;
import org.junit.Test;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;

import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.ui.HtmlText;
import sc.fiji.meanteacher.ui.TrainingWindowTest;

/**
 * The Train command's window in a real display, driven as a user drives it: the test waits until
 * the window reports a finished iteration, then clicks its button. Skipped headless.
 */
public class TrainingWindowCommandTest extends CommandTestBase {

	/** Far more than the test waits for: a run that ignored the button would end unstopped. */
	private static final int ITERATIONS = 400;

	@Before
	public void needsADisplay() {
		assumeFalse("no display", GraphicsEnvironment.isHeadless());
	}

	private Future<CommandModule> startTraining(Path out) throws Exception {
		Path data = TinyTrainingRun.demo(context, tmp.getRoot().toPath().resolve("demo"));
		Map<String, Object> in = TinyTrainingRun.folderInputs(data, out);
		in.put("iterations", ITERATIONS);
		return context.service(CommandService.class).run(TrainCommand.class, true, in);
	}

	/** The command's window once it shows a finished iteration. */
	private static JFrame windowAfterAnIteration(String title) throws InterruptedException {
		for (int tries = 0; tries < 6000; tries++) {
			for (Frame f : Frame.getFrames())
				if (f.isShowing() && f.getTitle().equals(title) && f instanceof JFrame j && readOut(j).matches("Iteration [1-9].*"))
					return j;
			Thread.sleep(20);
		}
		throw new AssertionError("no window '" + title + "' showed an iteration");
	}

	/** The window's iteration read-out. */
	private static String readOut(JFrame frame) {
		JLabel label = TrainingWindowTest.labelStartingWith(frame.getContentPane(), "Iteration");
		return label == null ? "" : label.getText();
	}

	@Test
	public void stopInTheWindowEndsTheRunNormallyWithItsModels() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("stopped");
		Future<CommandModule> run = startTraining(out);
		JFrame window = windowAfterAnIteration(TrainCommand.TITLE + ": stopped");
		TrainingWindowTest.click(TrainingWindowTest.button(window.getContentPane(), "Stop"));
		CommandModule m = run.get();
		assertFalse(m.getCancelReason(), m.isCanceled());
		String summary = (String) m.getOutput("summary");
		assertTrue(summary, summary.matches("Mean Teacher: stopped after \\d+ of " + ITERATIONS + " iterations.*"));
		try (TrainedModel t = TrainedModel.load(out.resolve(RunFolder.BEST_MODEL))) {
			assertTrue(t.descriptor().training.iterations < ITERATIONS);
		}
		assertTrue("the window stays to show how the run ended", window.isShowing());
		assertTrue(readOut(window), readOut(window).startsWith("Iteration"));
		window.dispose();
	}

	/**
	 * A run in Fiji logs the device report before it starts training, as headless (Fiji's log
	 * window shows it), and the training window names the device, with the report on hover.
	 */
	@Test
	public void theDeviceReportIsLoggedAndTheWindowNamesTheDevice() throws Exception {
		DeviceSelection auto = DeviceChoice.AUTO.select();
		List<String> logged = Collections.synchronizedList(new ArrayList<>());
		LogListener listener = message -> logged.add(message.text());
		LogService log = context.service(LogService.class);
		log.addLogListener(listener);
		JFrame window;
		try {
			Path out = tmp.getRoot().toPath().resolve("device");
			Future<CommandModule> run = startTraining(out);
			window = windowAfterAnIteration(TrainCommand.TITLE + ": device");
			TrainingWindowTest.click(TrainingWindowTest.button(window.getContentPane(), "Stop"));
			CommandModule m = run.get();
			assertFalse(m.getCancelReason(), m.isCanceled());
		}
		finally {
			log.removeLogListener(listener);
		}
		List<String> lines = List.copyOf(logged);
		int report = Collections.indexOfSubList(lines, auto.lines());
		int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("training ")).findFirst().orElseThrow());
		assertTrue(lines.toString(), report >= 0 && report < start);
		java.awt.EventQueue.invokeAndWait(() -> {}); // the window's last refresh
		JLabel device = TrainingWindowTest.labelStartingWith(window.getContentPane(), "Device:");
		assertNotNull("a device read-out", device);
		assertEquals("Device: " + auto.summary(), device.getText());
		assertTrue(device.getToolTipText(), device.getToolTipText().contains(HtmlText.escape(auto.lines().get(0))));
		window.dispose();
	}

	@Test
	public void cancelInTheWindowCancelsTheCommandButKeepsTheModels() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("cancelled");
		Future<CommandModule> run = startTraining(out);
		JFrame window = windowAfterAnIteration(TrainCommand.TITLE + ": cancelled");
		TrainingWindowTest.click(TrainingWindowTest.button(window.getContentPane(), "Cancel"));
		CommandModule m = run.get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("training cancelled after"));
		try (TrainedModel t = TrainedModel.load(out.resolve(RunFolder.LAST_MODEL))) {
			assertNotNull(t.descriptor());
		}
		assertNotNull("a checkpoint to resume from", SegmentationTrainer.latestCheckpoint(out));
		window.dispose();
	}
}
