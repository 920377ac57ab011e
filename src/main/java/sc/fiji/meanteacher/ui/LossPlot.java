package sc.fiji.meanteacher.ui;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;

import ij.gui.Plot;
import ij.gui.PlotWindow;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.TrainingListener;

/**
 * A live ImageJ plot of the supervised loss, the weighted consistency loss and the validation Dice
 * against iteration, redrawn every {@code every} iterations. Does nothing on a headless machine, so
 * a command can always add it.
 */
public final class LossPlot implements TrainingListener {

	private final String title;
	private final int every;
	private final boolean enabled = !GraphicsEnvironment.isHeadless();
	private final List<double[]> losses = new ArrayList<>();
	private final List<double[]> dice = new ArrayList<>();
	private PlotWindow window;

	public LossPlot(String title, int every) {
		this.title = title;
		this.every = Math.max(1, every);
	}

	@Override
	public synchronized void iterationDone(IterationReport r) {
		losses.add(new double[] { r.iteration() + 1, r.supervisedLoss(), r.consistencyWeight() * r.consistencyLoss() });
		if ((r.iteration() + 1) % every == 0 || r.iteration() + 1 == r.iterations()) redraw();
	}

	@Override
	public synchronized void validationDone(long iteration, double value, boolean best) {
		dice.add(new double[] { iteration + 1, value });
		redraw();
	}

	private void redraw() {
		if (!enabled || losses.isEmpty()) return;
		Plot plot = new Plot(title, "iteration", "loss / Dice");
		plot.setColor(Color.BLUE);
		plot.add("line", column(losses, 0), column(losses, 1));
		plot.setColor(Color.RED);
		plot.add("line", column(losses, 0), column(losses, 2));
		if (!dice.isEmpty()) {
			plot.setColor(new Color(0, 150, 0));
			plot.add("connected circle", column(dice, 0), column(dice, 1));
		}
		plot.setLegend("supervised\tweighted consistency" + (dice.isEmpty() ? "" : "\tvalidation Dice"), Plot.AUTO_POSITION);
		if (window == null || window.isClosed()) window = plot.show();
		else window.drawPlot(plot);
	}

	private static double[] column(List<double[]> rows, int k) {
		double[] out = new double[rows.size()];
		for (int i = 0; i < out.length; i++) out[i] = rows.get(i)[k];
		return out;
	}
}
