package sc.fiji.meanteacher.train;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a progress line every N iterations (headless runs, scripts, the demo). */
public final class ConsoleProgress implements TrainingListener {

	private final PrintStream out;
	private final int every;

	public ConsoleProgress(PrintStream out, int every) {
		this.out = out;
		this.every = Math.max(1, every);
	}

	@Override
	public void iterationDone(IterationReport r) {
		if ((r.iteration() + 1) % every == 0 || r.iteration() + 1 == r.iterations()) out.println(r.progressLine());
	}

	@Override
	public void validationDone(long iteration, double dice, boolean best) {
		out.println(String.format(Locale.ROOT, "validation after iteration %d: Dice %.4f%s", iteration + 1, dice, best ? " (best)" : ""));
	}

	@Override
	public void message(String text) {
		out.println(text);
	}
}
