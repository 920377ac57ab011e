package sc.fiji.meanteacher.ui;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

import ij.gui.Plot;
import sc.fiji.meanteacher.ui.TrainingProgress.DicePoint;
import sc.fiji.meanteacher.ui.TrainingProgress.LossPoint;

/**
 * Draws a run's curves as two ImageJ plots, one above the other, sharing the iteration axis: the
 * supervised loss with the validation Dice (both between 0 and about 1), and the weighted
 * consistency loss on its own scale. The consistency term is λ(t) times a mean-squared difference
 * of probabilities, often a thousandth of the supervised loss during the ramp-up, so on a shared
 * axis it would lie flat on zero.
 */
public final class TrainingPlots {

	public static final Color SUPERVISED = new Color(0, 90, 200);
	public static final Color DICE = new Color(0, 150, 0);
	public static final Color CONSISTENCY = new Color(220, 70, 0);
	/** Share of the height for the upper plot when both are drawn. */
	private static final double UPPER_SHARE = 0.58;

	private TrainingPlots() {}

	/** Both plots in an image of {@code width} × {@code height} pixels (the lower one only for teacher methods). */
	public static BufferedImage render(TrainingProgress progress, int width, int height) {
		List<LossPoint> losses = progress.losses();
		List<DicePoint> dice = progress.dice();
		double xMax = xMax(progress.iterationsDone());
		BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		int upper = progress.hasConsistency() ? (int) Math.round(height * UPPER_SHARE) : height;
		g.drawImage(supervisedPlot(losses, dice, xMax, width, upper), 0, 0, null);
		if (progress.hasConsistency()) g.drawImage(consistencyPlot(losses, xMax, width, height - upper), 0, upper, null);
		g.dispose();
		return out;
	}

	/** Room beyond the last iteration so that the newest points and Dice circles are not cut by the frame. */
	static double xMax(long iterationsDone) {
		return Math.max(10, iterationsDone) * 1.04;
	}

	private static BufferedImage supervisedPlot(List<LossPoint> losses, List<DicePoint> dice, double xMax, int w, int h) {
		Plot plot = new Plot("supervised", "iteration", "supervised loss / Dice");
		double yMax = 1;
		for (LossPoint p : losses) yMax = Math.max(yMax, p.supervised());
		plot.setLimits(0, xMax, 0, yMax * 1.08);
		StringBuilder legend = new StringBuilder("supervised loss");
		plot.setLineWidth(2);
		plot.setColor(SUPERVISED);
		if (!losses.isEmpty()) plot.addPoints(x(losses), losses.stream().mapToDouble(LossPoint::supervised).toArray(), Plot.LINE);
		if (!dice.isEmpty()) {
			plot.setColor(DICE, DICE);
			plot.addPoints(dice.stream().mapToDouble(DicePoint::iteration).toArray(),
				dice.stream().mapToDouble(DicePoint::dice).toArray(), Plot.CONNECTED_CIRCLES);
			legend.append("\tvalidation Dice");
		}
		plot.setLegend(legend.toString(), Plot.TOP_RIGHT);
		return image(plot, w, h);
	}

	private static BufferedImage consistencyPlot(List<LossPoint> losses, double xMax, int w, int h) {
		Plot plot = new Plot("consistency", "iteration", "weighted consistency");
		double yMax = 0;
		for (LossPoint p : losses) yMax = Math.max(yMax, p.weightedConsistency());
		// A flat zero curve (no unlabeled batch yet) still needs a non-empty axis.
		plot.setLimits(0, xMax, 0, yMax > 0 ? yMax * 1.1 : 1e-3);
		plot.setLineWidth(2);
		plot.setColor(CONSISTENCY);
		if (!losses.isEmpty())
			plot.addPoints(x(losses), losses.stream().mapToDouble(LossPoint::weightedConsistency).toArray(), Plot.LINE);
		plot.setLegend("consistency loss × its weight λ(t) (own scale)", Plot.TOP_RIGHT);
		return image(plot, w, h);
	}

	private static double[] x(List<LossPoint> losses) {
		return losses.stream().mapToDouble(LossPoint::iteration).toArray();
	}

	private static BufferedImage image(Plot plot, int w, int h) {
		plot.setSize(Math.max(w, 200), Math.max(h, 120));
		return plot.getProcessor().getBufferedImage();
	}
}
