package sc.fiji.meanteacher.ui;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import ij.Prefs;
import ij.WindowManager;
import ij.macro.Variable;
import ij.measure.ResultsTable;
import ij.text.TextWindow;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.DistanceUnit;
import sc.fiji.meanteacher.eval.Metric;
import sc.fiji.meanteacher.eval.MetricsSummary;
import sc.fiji.meanteacher.eval.SummaryStatistic;
import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;

/**
 * Evaluation results as an ImageJ {@link ResultsTable}: one row per case and class, then a "mean"
 * and an "sd" row per class. Distances appear in voxel steps and in the calibration unit; HD95 is
 * the 95th percentile of the pooled surface distances of both directions. Every row says how many
 * cases it covers: a case whose prediction or truth is empty has no surface distances, so the
 * distance means leave it out, and its row's note says why.
 */
public final class MetricsTable {

	public static final String CASE = "Case";
	public static final String CLASS = "Class";
	/** The class's name, a column only when the data names its classes (a Decathlon dataset's {@code labels}). */
	public static final String CLASS_NAME = "Class name";
	public static final String DICE = "Dice";
	public static final String JACCARD = "Jaccard";
	/** Cases a row covers: 1 for a case row, the class's cases for its mean and sd (Dice, Jaccard). */
	public static final String CASES = "Cases";
	/** Cases a row's HD95 and ASD cover: 0 for a case without surface distances. */
	public static final String DISTANCE_CASES = "Distance cases";
	public static final String NOTE = "Note";
	public static final String MEAN_ROW = "mean";
	public static final String SD_ROW = "sd";

	private static final Metric[] DISTANCES = { Metric.HD95_POOLED, Metric.ASD };

	private MetricsTable() {}

	/** Column name of a distance metric: "HD95 (vox)", "ASD (mm)". */
	public static String distanceColumn(Metric metric, DistanceUnit unit, String calibrationUnit) {
		String name = metric == Metric.HD95_POOLED ? "HD95" : metric.name();
		return name + " (" + (unit == DistanceUnit.VOXELS ? "vox" : calibratedUnitName(calibrationUnit)) + ")";
	}

	/** The unit of physical distances; ImageJ's "pixel" (no calibration) becomes "calibrated" to avoid reading as voxels. */
	public static String calibratedUnitName(String unit) {
		String length = ImagePlusVolumes.lengthUnit(unit);
		return length == null ? "calibrated" : length;
	}

	public static ResultsTable of(List<CaseMetrics> cases, String calibrationUnit) {
		return of(cases, calibrationUnit, List.of());
	}

	/**
	 * As {@link #of(List, String)}, with a {@link #CLASS_NAME} column from {@code classNames} (one
	 * per class value, background first) when it is not empty.
	 */
	public static ResultsTable of(List<CaseMetrics> cases, String calibrationUnit, List<String> classNames) {
		ResultsTable rt = new ResultsTable();
		rt.showRowNumbers(false);
		for (CaseMetrics c : cases) {
			rt.incrementCounter();
			rt.addValue(CASE, c.caseName());
			rt.addValue(CLASS, c.classIndex());
			addClassName(rt, classNames, c.classIndex());
			for (Metric m : new Metric[] { Metric.DICE, Metric.JACCARD })
				rt.addValue(m == Metric.DICE ? DICE : JACCARD, c.value(m, DistanceUnit.VOXELS));
			for (DistanceUnit u : DistanceUnit.values())
				for (Metric m : DISTANCES) rt.addValue(distanceColumn(m, u, calibrationUnit), c.value(m, u));
			String undefined = c.distancesUndefinedBecause();
			rt.addValue(CASES, 1);
			rt.addValue(DISTANCE_CASES, undefined == null ? 1 : 0);
			rt.addValue(NOTE, undefined == null ? "" : undefined + ": no HD95 or ASD");
		}
		MetricsSummary summary = MetricsSummary.of(cases);
		for (int cls : summary.classes())
			for (boolean sd : new boolean[] { false, true }) {
				rt.incrementCounter();
				rt.addValue(CASE, sd ? SD_ROW : MEAN_ROW);
				rt.addValue(CLASS, cls);
				addClassName(rt, classNames, cls);
				rt.addValue(DICE, pick(summary.get(cls, Metric.DICE, DistanceUnit.VOXELS), sd));
				rt.addValue(JACCARD, pick(summary.get(cls, Metric.JACCARD, DistanceUnit.VOXELS), sd));
				for (DistanceUnit u : DistanceUnit.values())
					for (Metric m : DISTANCES)
						rt.addValue(distanceColumn(m, u, calibrationUnit), pick(summary.get(cls, m, u), sd));
				SummaryStatistic dice = summary.get(cls, Metric.DICE, DistanceUnit.VOXELS);
				SummaryStatistic distances = summary.get(cls, Metric.HD95_POOLED, DistanceUnit.VOXELS);
				rt.addValue(CASES, dice.count());
				rt.addValue(DISTANCE_CASES, distances.count());
				rt.addValue(NOTE, distances.undefined() == 0 ? ""
					: "HD95 and ASD over " + distances.count() + " of " + dice.count() + " cases");
			}
		return rt;
	}

	/** A class beyond the names (a label value the data does not name) gets an empty name. */
	private static void addClassName(ResultsTable rt, List<String> classNames, int cls) {
		if (!classNames.isEmpty()) rt.addValue(CLASS_NAME, cls < classNames.size() ? classNames.get(cls) : "");
	}

	private static double pick(SummaryStatistic s, boolean sd) {
		return sd ? s.sd() : s.mean();
	}

	/**
	 * Shows the table in an ImageJ results window wide enough for all of its columns (ImageJ opens
	 * results at a fixed size, which cuts the calibrated distances off), up to the screen's width.
	 */
	public static void show(ResultsTable rt, String title) {
		rt.show(title);
		if (!(WindowManager.getFrame(title) instanceof TextWindow window)) return;
		// ImageJ draws results in its own font (SansSerif 14 by default, scaled with the GUI), not the panel's.
		Font drawn = new Font("SansSerif", Font.PLAIN, (int) Math.round(14 * Prefs.getGuiScale()));
		FontMetrics fm = window.getTextPanel().getFontMetrics(drawn);
		int width = 40;
		for (String heading : rt.getHeadings()) {
			int column = fm.stringWidth(heading);
			for (int row = 0; row < rt.size(); row++) column = Math.max(column, fm.stringWidth(rt.getStringValue(heading, row)));
			width += column + 24;
		}
		int height = (rt.size() + 2) * (fm.getHeight() + 4) + 90;
		Rectangle screen = window.getGraphicsConfiguration().getBounds();
		window.setSize(Math.max(window.getWidth(), Math.min(width, screen.width)), Math.max(window.getHeight(),
			Math.min(height, screen.height)));
	}

	/** Writes the table as comma-separated values with a header line ({@link #csv}), atomically, where {@code policy} allows it. */
	public static void saveCsv(ResultsTable rt, Path file, OutputPolicy policy) throws IOException {
		AtomicFiles.write(file, policy, csv(rt).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The table as comma-separated values with a header line, for machines: numbers at full
	 * precision (the shortest decimal that reads back as the same double; whole numbers without a
	 * fraction), not the three decimals the table shows; text quoted where it holds a comma or quote.
	 */
	public static String csv(ResultsTable rt) {
		String[] headings = rt.getHeadings();
		Variable[][] columns = new Variable[headings.length][];
		for (int col = 0; col < headings.length; col++) columns[col] = rt.getColumnAsVariables(headings[col]);
		StringBuilder csv = new StringBuilder(String.join(",", headings)).append('\n');
		for (int row = 0; row < rt.size(); row++) {
			for (int col = 0; col < headings.length; col++) {
				if (col > 0) csv.append(',');
				String v = cell(columns[col][row]);
				csv.append(v.contains(",") || v.contains("\"") ? '"' + v.replace("\"", "\"\"") + '"' : v);
			}
			csv.append('\n');
		}
		return csv.toString();
	}

	private static String cell(Variable v) {
		if (v.getString() != null) return v.getString();
		double d = v.getValue();
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}
}
