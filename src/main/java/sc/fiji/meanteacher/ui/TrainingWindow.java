package sc.fiji.meanteacher.ui;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.GraphicsEnvironment;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JTextArea;
import javax.swing.KeyStroke;
import javax.swing.WindowConstants;

import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.TrainingListener;

/**
 * The window of a training run in Fiji: the live curves ({@link TrainingPlots}), the read-outs of
 * {@link TrainingProgress}, and two buttons. <b>Stop</b> ends the run after the current iteration
 * with its best and last models saved, and the command returns normally; <b>Cancel</b> ends it the
 * same way but the command counts as cancelled (a macro stops there). Esc in this window is Stop;
 * closing it while the run goes on asks which of the two is meant. The window stays open after the
 * run, showing how it ended. Never made on a headless machine.
 * <p>
 * One class because it is one Swing frame: the listener calls, the buttons and the close dialog
 * all act on its components and state, on the event thread.
 */
public final class TrainingWindow implements TrainingListener {

	static final String STOP = "Stop", CANCEL = "Cancel";
	private static final String HINT = "Stop saves the best and last models and finishes; Cancel ends the run as cancelled "
		+ "(models and a checkpoint are kept). Esc = Stop.";
	/** Width of the curves and of the wrapped state line, in pixels. */
	private static final int WIDTH = 780;

	private final TrainingProgress progress;
	private final Runnable onStop, onCancel;
	private final JFrame frame;
	private final JLabel iterationLine = new JLabel(), validationLine = new JLabel(), deviceLine = new JLabel();
	private final JTextArea stateLine = wrapped(WIDTH - 20, 2, 0);
	private final JProgressBar bar = new JProgressBar();
	private final JButton stop = new JButton(STOP), cancel = new JButton(CANCEL);
	private final PlotPanel plots;
	private final AtomicBoolean refreshQueued = new AtomicBoolean();

	/**
	 * Opens the window on the event thread and returns once it is showing.
	 *
	 * @param onStop called (on the event thread) when the user stops the run
	 * @param onCancel called when the user cancels it
	 * @throws IllegalStateException on a headless machine
	 */
	public static TrainingWindow open(String title, TrainingProgress progress, Runnable onStop, Runnable onCancel) {
		if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("no display: the training window needs one");
		TrainingWindow[] made = new TrainingWindow[1];
		onEventThread(() -> made[0] = new TrainingWindow(title, progress, onStop, onCancel));
		return made[0];
	}

	private TrainingWindow(String title, TrainingProgress progress, Runnable onStop, Runnable onCancel) {
		this.progress = progress;
		this.onStop = onStop;
		this.onCancel = onCancel;
		frame = new JFrame(title);
		plots = new PlotPanel(progress);

		JPanel readOuts = new JPanel();
		readOuts.setLayout(new BoxLayout(readOuts, BoxLayout.Y_AXIS));
		readOuts.setBorder(BorderFactory.createEmptyBorder(8, 10, 4, 10));
		iterationLine.setFont(iterationLine.getFont().deriveFont(Font.BOLD, 14f));
		for (JComponent c : new JComponent[] { iterationLine, validationLine, deviceLine, stateLine }) {
			c.setAlignmentX(0);
			readOuts.add(c);
		}
		bar.setMaximum((int) Math.min(Integer.MAX_VALUE, progress.plannedIterations()));
		bar.setAlignmentX(0);
		readOuts.add(bar);

		JPanel bottom = new JPanel(new BorderLayout(8, 0));
		bottom.setBorder(BorderFactory.createEmptyBorder(4, 10, 6, 6));
		JTextArea hint = wrapped(WIDTH - 200, 2, -1);
		hint.setText(HINT);
		bottom.add(hint, BorderLayout.CENTER);
		JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
		bottom.add(buttons, BorderLayout.EAST);
		stop.setToolTipText("Finish after this iteration: save the best and last models; the command ends normally");
		cancel.setToolTipText("End after this iteration as cancelled: a macro stops; models and a checkpoint are still saved");
		stop.addActionListener(e -> stop());
		cancel.addActionListener(e -> cancel());
		buttons.add(stop);
		buttons.add(cancel);

		frame.getRootPane().getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), STOP);
		frame.getRootPane().getActionMap().put(STOP, new AbstractAction() {
			@Override
			public void actionPerformed(ActionEvent e) {
				stop();
			}
		});
		frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
		frame.addWindowListener(new WindowAdapter() {
			@Override
			public void windowClosing(WindowEvent e) {
				close();
			}
		});
		frame.add(readOuts, BorderLayout.NORTH);
		frame.add(plots, BorderLayout.CENTER);
		frame.add(bottom, BorderLayout.SOUTH);
		refresh();
		frame.pack();
		frame.setLocationByPlatform(true);
		frame.setVisible(true);
	}

	public JFrame frame() {
		return frame;
	}

	@Override
	public void iterationDone(IterationReport report) {
		progress.iterationDone(report);
		queueRefresh();
	}

	@Override
	public void validationDone(long iteration, double dice, boolean best) {
		progress.validationDone(iteration, dice, best);
		queueRefresh();
	}

	@Override
	public void deviceChosen(DeviceSelection selection) {
		progress.deviceChosen(selection);
		queueRefresh();
	}

	@Override
	public void message(String text) {
		progress.message(text);
		queueRefresh();
	}

	/** The run returned; see {@link TrainingProgress#ended}. Buttons go grey; the curves stay. */
	public void ended(boolean stopped, boolean cancelled, String summary) {
		progress.ended(stopped, cancelled, summary);
		queueRefresh();
	}

	/** The run failed with {@code message}; shown in the window, which stays open with the curves so far. */
	public void failed(String message) {
		progress.failed(message);
		queueRefresh();
	}

	private void stop() {
		if (!progress.state().isActive()) return;
		progress.stopping();
		refresh();
		onStop.run();
	}

	private void cancel() {
		if (!progress.state().isActive()) return;
		progress.cancelling();
		refresh();
		onCancel.run();
	}

	private void close() {
		if (!progress.state().isActive()) {
			frame.dispose();
			return;
		}
		String[] options = { "Stop and save", "Cancel training", "Keep training" };
		int choice = JOptionPane.showOptionDialog(frame, "Training is still running. Stop it now (the best and last models are "
			+ "saved), or cancel it?", frame.getTitle(), JOptionPane.DEFAULT_OPTION, JOptionPane.QUESTION_MESSAGE, null, options,
			options[2]);
		if (choice == 0) stop();
		else if (choice == 1) cancel();
	}

	/** Coalesces the trainer's reports into at most one pending redraw. */
	private void queueRefresh() {
		if (refreshQueued.compareAndSet(false, true)) EventQueue.invokeLater(() -> {
			refreshQueued.set(false);
			refresh();
		});
	}

	private void refresh() {
		iterationLine.setText(progress.iterationLine());
		validationLine.setText(progress.validationLine());
		deviceLine.setText(progress.deviceLine());
		// The whole device report, as the log starts with it, on hovering over the line.
		List<String> report = progress.deviceReport();
		deviceLine.setToolTipText(report.isEmpty() ? null
			: "<html>" + String.join("<br>", report.stream().map(HtmlText::escape).toList()));
		stateLine.setText(progress.stateLine());
		bar.setValue((int) Math.min(Integer.MAX_VALUE, progress.iterationsDone()));
		TrainingProgress.State state = progress.state();
		stop.setEnabled(state == TrainingProgress.State.STARTING || state == TrainingProgress.State.RUNNING);
		cancel.setEnabled(state.isActive() && state != TrainingProgress.State.CANCELLING);
		plots.repaint();
	}

	/**
	 * Read-only text wrapped at word boundaries in a fixed box, {@code width} pixels by {@code rows}
	 * lines (a fixed size keeps the curves from jumping when a message is longer than the last).
	 *
	 * @param smaller points less than a label's font
	 */
	private static JTextArea wrapped(int width, int rows, int smaller) {
		JTextArea text = new JTextArea();
		text.setLineWrap(true);
		text.setWrapStyleWord(true);
		text.setEditable(false);
		text.setFocusable(false);
		text.setOpaque(false);
		text.setBorder(null);
		java.awt.Font font = new JLabel().getFont();
		text.setFont(font.deriveFont(java.awt.Font.PLAIN, font.getSize2D() + smaller));
		int line = text.getFontMetrics(text.getFont()).getHeight();
		text.setPreferredSize(new Dimension(width, rows * line + 2));
		text.setMinimumSize(new Dimension(100, rows * line + 2));
		return text;
	}

	private static void onEventThread(Runnable r) {
		if (EventQueue.isDispatchThread()) {
			r.run();
			return;
		}
		try {
			EventQueue.invokeAndWait(r);
		}
		catch (InvocationTargetException e) {
			throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while opening the training window", e);
		}
	}

	/** Draws the curves at the panel's current size. */
	private static final class PlotPanel extends JComponent {

		private final TrainingProgress progress;

		PlotPanel(TrainingProgress progress) {
			this.progress = progress;
			setPreferredSize(new Dimension(WIDTH, 540));
		}

		@Override
		protected void paintComponent(Graphics g) {
			BufferedImage image = TrainingPlots.render(progress, Math.max(1, getWidth()), Math.max(1, getHeight()));
			g.drawImage(image, 0, 0, null);
		}
	}
}
