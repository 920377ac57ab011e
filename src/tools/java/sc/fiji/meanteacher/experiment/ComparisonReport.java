package sc.fiji.meanteacher.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.SummaryStatistic;
import sc.fiji.meanteacher.experiment.SemiSupervisedComparison.Run;
import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;

/** Tables, CSV and a PNG montage of a {@link SemiSupervisedComparison}. */
public final class ComparisonReport {

	private final List<Run> runs;

	public ComparisonReport(List<Run> runs) {
		this.runs = runs;
	}

	/** Runs of each evaluated model kind (method, student or teacher), in the order they were run. */
	private Map<String, List<Run>> byModel() {
		Map<String, List<Run>> m = new LinkedHashMap<>();
		for (Run r : runs) m.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r);
		return m;
	}

	/**
	 * The main table: per method, test metrics mean ± sd over all (seed, case) pairs, distances in
	 * voxels; with {@code original}, the metrics on the original grid (distances in mm) instead.
	 */
	public void printTable(PrintStream out, boolean original) {
		String unit = original ? "mm" : "vox";
		out.println();
		out.println("| method | labeled/unlabeled | iterations | seeds | train time / run | Dice | Jaccard | HD95 (" + unit + ") | ASD ("
			+ unit + ") |");
		out.println("|---|---|---|---|---|---|---|---|---|");
		for (Map.Entry<String, List<Run>> e : byModel().entrySet()) {
			List<Run> rs = e.getValue();
			Run first = rs.get(0);
			double seconds = rs.stream().mapToDouble(Run::trainSeconds).average().orElse(Double.NaN);
			Function<Run, List<CaseMetrics>> of = original ? Run::originalMetrics : Run::metrics;
			ToDoubleFunction<CaseMetrics> hd95 = original ? m -> m.physical().hd95Pooled() : m -> m.voxels().hd95Pooled();
			ToDoubleFunction<CaseMetrics> asd = original ? m -> m.physical().asd() : m -> m.voxels().asd();
			out.printf(Locale.ROOT, "| %s | %d/%d | %d | %d | %.0f s | %s | %s | %s | %s |%n", e.getKey(), first.labeled(),
				first.unlabeled(), first.iterations(), rs.size(), seconds, stat(rs, of, CaseMetrics::dice, 4),
				stat(rs, of, CaseMetrics::jaccard, 4), stat(rs, of, hd95, 2), stat(rs, of, asd, 2));
		}
		out.println("(mean ± sd over test cases and seeds; HD95 pooled as medpy; distances in " + (original ? "mm" : "voxels") + ")");
	}

	/** Whether the runs hold metrics on the test cases' original grid (resampled real data). */
	public boolean hasOriginalResolution() {
		return runs.stream().anyMatch(r -> !r.originalMetrics().isEmpty());
	}

	/** Mean test Dice per seed and model, and each model's per-seed difference over supervised-only. */
	public void printSeedTable(PrintStream out, boolean original) {
		ToDoubleFunction<Run> dice = original ? r -> Run.meanDice(r.originalMetrics()) : Run::meanDice;
		Map<String, List<Run>> m = byModel();
		List<String> models = new ArrayList<>(m.keySet());
		String baseline = models.contains(TrainingMethods.SUPERVISED.label()) ? TrainingMethods.SUPERVISED.label() : null;
		out.println();
		StringBuilder head = new StringBuilder("| seed |");
		for (String k : models) head.append(' ').append(k).append(" Dice |");
		out.println(head);
		out.println("|---".repeat(models.size() + 1) + "|");
		int seeds = m.get(models.get(0)).size();
		for (int i = 0; i < seeds; i++) {
			StringBuilder row = new StringBuilder("| " + m.get(models.get(0)).get(i).seed() + " |");
			for (String k : models) row.append(String.format(Locale.ROOT, " %.4f |", dice.applyAsDouble(m.get(k).get(i))));
			out.println(row);
		}
		if (baseline == null) return;
		for (String k : models) {
			if (k.equals(baseline)) continue;
			double[] d = new double[seeds];
			for (int i = 0; i < seeds; i++) d[i] = dice.applyAsDouble(m.get(k).get(i)) - dice.applyAsDouble(m.get(baseline).get(i));
			SummaryStatistic s = SummaryStatistic.of(d);
			String spread = seeds > 1 ? String.format(Locale.ROOT, " ± %.4f (sd over seeds)", s.sd()) : "";
			out.printf(Locale.ROOT, "Dice difference %s − %s over %d seed(s)%s: %+.4f%s%n", k, baseline, seeds,
				original ? " on the original grid" : "", s.mean(), spread);
		}
	}

	/** One CSV line per (model, seed, grid, case); grid is "working" or "original" (resampled real data). */
	public void writeCsv(Path file) throws IOException {
		StringBuilder sb = new StringBuilder(
			"model,seed,grid,case,dice,jaccard,hd95_pooled_vox,asd_vox,hd95_pooled_mm,asd_mm,labeled,unlabeled,iterations,train_seconds\n");
		for (Run r : runs)
			for (boolean original : new boolean[] { false, true })
				for (CaseMetrics c : original ? r.originalMetrics() : r.metrics())
					sb.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%d,%d,%d,%.1f%n",
						SemiSupervisedComparison.slug(r), r.seed(), original ? "original" : "working", c.caseName(), c.dice(), c.jaccard(),
						c.voxels().hd95Pooled(), c.voxels().asd(), c.physical().hd95Pooled(), c.physical().asd(), r.labeled(),
						r.unlabeled(), r.iterations(), r.trainSeconds()));
		AtomicFiles.write(file, SemiSupervisedComparison.RERUN, sb.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A PNG montage of the middle axial slice of up to {@code maxCases} test volumes: one row per
	 * case, one panel per method of the first seed, truth outlined green and prediction magenta.
	 */
	public void writeMontage(List<Case> test, Path file, int maxCases, int zoom) throws IOException {
		long seed = runs.get(0).seed();
		List<Run> panels = runs.stream().filter(r -> r.seed() == seed && !r.teacher()).toList();
		int cases = Math.min(maxCases, test.size());
		// panels as large as the largest case: real cases differ in size
		int w = test.stream().limit(cases).mapToInt(c -> c.image().nx()).max().orElse(1) * zoom;
		int h = test.stream().limit(cases).mapToInt(c -> c.image().ny()).max().orElse(1) * zoom;
		int header = 18, footer = 16;
		ColorProcessor montage = new ColorProcessor(w * panels.size(), header + h * cases + footer);
		montage.setColor(java.awt.Color.WHITE);
		// panels can be narrow: the method alone on top, the colour key once at the bottom
		for (int col = 0; col < panels.size(); col++)
			montage.drawString(panels.get(col).label(), col * w + 4, header - 3);
		montage.drawString("prediction magenta, truth green, both white", 4, header + h * cases + footer - 3);
		for (int row = 0; row < cases; row++) {
			Case c = test.get(row);
			int z = c.image().nz() / 2;
			for (int col = 0; col < panels.size(); col++) {
				LabelVolume pred = panels.get(col).predictions().get(c.name());
				drawPanel(montage, col * w, header + row * h, zoom, c, pred, z);
			}
		}
		ImagePlus imp = new ImagePlus("comparison", montage);
		AtomicFiles.write(file, SemiSupervisedComparison.RERUN, tmp -> {
			if (!new FileSaver(imp).saveAsPng(tmp.toString())) throw new IOException("could not write " + file);
		});
	}

	private static void drawPanel(ColorProcessor target, int ox, int oy, int zoom, Case c, LabelVolume pred, int z) {
		int nx = c.image().nx(), ny = c.image().ny();
		float[] img = c.image().data();
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		int off = z * nx * ny;
		for (int i = 0; i < nx * ny; i++) {
			lo = Math.min(lo, img[off + i]);
			hi = Math.max(hi, img[off + i]);
		}
		for (int y = 0; y < ny * zoom; y++)
			for (int x = 0; x < nx * zoom; x++) {
				int sx = x / zoom, sy = y / zoom;
				int g = (int) Math.round(255 * (img[off + sx + nx * sy] - lo) / Math.max(1e-6f, hi - lo));
				int rgb = (g << 16) | (g << 8) | g;
				if (edge(c.label(), sx, sy, z, x, y, zoom)) rgb = 0x00ff00;
				if (edge(pred, sx, sy, z, x, y, zoom)) rgb = rgb == 0x00ff00 ? 0xffffff : 0xff00ff;
				target.set(ox + x, oy + y, rgb);
			}
	}

	/** True on the outline of the foreground, drawn one display pixel wide inside the voxel border. */
	private static boolean edge(LabelVolume labels, int sx, int sy, int z, int x, int y, int zoom) {
		if (!fg(labels, sx, sy, z)) return false;
		int px = x % zoom, py = y % zoom;
		return px == 0 && !fg(labels, sx - 1, sy, z) || px == zoom - 1 && !fg(labels, sx + 1, sy, z)
			|| py == 0 && !fg(labels, sx, sy - 1, z) || py == zoom - 1 && !fg(labels, sx, sy + 1, z);
	}

	private static boolean fg(LabelVolume l, int x, int y, int z) {
		if (x < 0 || y < 0 || x >= l.nx() || y >= l.ny()) return false;
		return l.data()[x + l.nx() * (y + l.ny() * z)] != 0;
	}

	private static String stat(List<Run> runs, Function<Run, List<CaseMetrics>> of, ToDoubleFunction<CaseMetrics> f, int digits) {
		double[] v = runs.stream().flatMap(r -> of.apply(r).stream()).mapToDouble(f).toArray();
		SummaryStatistic s = SummaryStatistic.of(v);
		return String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", s.mean(), s.sd());
	}
}
