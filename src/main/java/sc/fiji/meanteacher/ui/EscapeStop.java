package sc.fiji.meanteacher.ui;

import ij.IJ;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.TrainingListener;

/**
 * Stops a training run when Esc is pressed in an ImageJ window ({@link IJ#escapePressed()}), the
 * way ImageJ's own long commands and macros are interrupted. An Esc pressed before the run began is
 * forgotten when this listener is made. The flag is left set afterwards, so a macro that started
 * the training still aborts as ImageJ intends.
 */
public final class EscapeStop implements TrainingListener {

	private final Runnable stop;
	private boolean stopped;

	public EscapeStop(Runnable stop) {
		this.stop = stop;
		IJ.resetEscape();
	}

	@Override
	public void iterationDone(IterationReport report) {
		check();
	}

	/** The trainer announces its start before the first iteration: an Esc during set-up counts too. */
	@Override
	public void message(String text) {
		check();
	}

	private void check() {
		if (!stopped && IJ.escapePressed()) {
			stopped = true;
			stop.run();
		}
	}
}
