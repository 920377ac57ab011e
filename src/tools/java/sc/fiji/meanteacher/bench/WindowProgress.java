package sc.fiji.meanteacher.bench;

import java.io.PrintStream;
import java.util.Locale;

import sc.fiji.meanteacher.infer.SegmentationProgress;

/** Prints a sliding-window run's progress at every tenth of its windows, with an estimate of the time left. */
final class WindowProgress implements SegmentationProgress {

	private final PrintStream out;
	private final long start = System.nanoTime();
	private int nextTenth = 1;

	WindowProgress(PrintStream out) {
		this.out = out;
	}

	@Override
	public void windowsDone(int done, int total) {
		if (done == 0 || total == 0 || done * 10L < (long) nextTenth * total) return;
		while (nextTenth <= 10 && done * 10L >= (long) nextTenth * total) nextTenth++;
		double elapsed = (System.nanoTime() - start) / 1e9;
		out.printf(Locale.ROOT, "  windows %d/%d  %.1f s elapsed, about %.0f s left%n", done, total, elapsed,
			elapsed / done * (total - done));
	}
}
