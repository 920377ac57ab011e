package sc.fiji.meanteacher.ui;

import java.util.Locale;

import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.TrainingListener;

/**
 * Reports training to SciJava: the status bar shows progress and the latest progress line; every
 * {@code every} iterations the line, and every validation and message, goes to the log (which is
 * the console in headless runs). Either service may be null.
 */
public final class TrainingStatus implements TrainingListener {

	private final StatusService status;
	private final LogService log;
	private final int every;

	public TrainingStatus(StatusService status, LogService log, int every) {
		this.status = status;
		this.log = log;
		this.every = Math.max(1, every);
	}

	@Override
	public void iterationDone(IterationReport r) {
		long done = r.iteration() + 1;
		boolean report = done % every == 0 || done == r.iterations();
		if (status != null) {
			status.showProgress((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE, r.iterations()));
			if (report) status.showStatus(r.progressLine());
		}
		if (report && log != null) log.info(r.progressLine());
	}

	@Override
	public void validationDone(long iteration, double dice, boolean best) {
		message(String.format(Locale.ROOT, "validation after iteration %d: Dice %.4f%s", iteration + 1, dice,
			best ? " (best)" : ""));
	}

	@Override
	public void message(String text) {
		if (log != null) log.info(text);
		if (status != null) status.showStatus(text);
	}
}
