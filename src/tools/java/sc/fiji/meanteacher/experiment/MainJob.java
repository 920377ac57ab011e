package sc.fiji.meanteacher.experiment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.experiment.SemiSupervisedComparison.Data;
import sc.fiji.meanteacher.experiment.SemiSupervisedComparison.Run;

/**
 * The README's main job: generate the synthetic left-atrium set, train Mean Teacher and
 * supervised-only with the same labels, seeds and budget, segment the test volumes and print the
 * comparison. Writes models, label TIFFs, {@code results.csv} and {@code montage.png} into the
 * output folder.
 */
public final class MainJob {

	private MainJob() {}

	public static void main(String[] args) throws Exception {
		ComparisonSettings settings;
		try {
			settings = ComparisonSettings.parse(args);
		}
		catch (IllegalArgumentException e) {
			System.err.println(e.getMessage());
			System.exit(2);
			return;
		}
		PrintStream out = System.out;
		TorchRuntime.engine();
		if (settings.onlyMethod != null) {
			trainOneRun(settings, out);
			return;
		}
		settings.resolveParallel(TorchRuntime.device().isGpu(), Runtime.getRuntime().availableProcessors());
		out.println("Mean Teacher vs supervised on " + (settings.laFolder == null ? "synthetic left-atrium volumes"
			: "real left-atrium MRI (" + settings.laFolder + ")"));
		out.println(settings);
		out.println("device: " + TorchRuntime.device() + ", " + TorchRuntime.threads() + " threads; output: "
			+ settings.output.toAbsolutePath());
		Files.createDirectories(settings.output);
		long start = System.nanoTime();
		SemiSupervisedComparison comparison = new SemiSupervisedComparison(settings, out);
		Data data = comparison.data();
		List<Run> runs = comparison.run(data);
		comparison.writeLabels(runs, settings.seeds.get(0));
		ComparisonReport report = new ComparisonReport(runs);
		report.writeCsv(settings.output.resolve("results.csv"));
		report.writeMontage(data.test(), settings.output.resolve("montage.png"), 4, 3);
		report.printTable(out, false);
		report.printSeedTable(out, false);
		if (report.hasOriginalResolution()) {
			out.println();
			out.println("On the original grid (predictions up-sampled to the original voxel size):");
			report.printTable(out, true);
			report.printSeedTable(out, true);
		}
		out.printf(Locale.ROOT, "%nwrote %s (models, labels/, results.csv, montage.png) in %.1f min%n",
			settings.output.toAbsolutePath(), (System.nanoTime() - start) / 60e9);
	}

	/** The child process of a parallel comparison: trains one (method, seed) and reports its time. */
	private static void trainOneRun(ComparisonSettings settings, PrintStream out) throws Exception {
		SemiSupervisedComparison comparison = new SemiSupervisedComparison(settings, out);
		Data data = comparison.trainingData();
		double seconds = comparison.train(data, settings.onlyMethod, settings.onlySeed, out);
		out.printf(Locale.ROOT, "%s%.3f%n", SemiSupervisedComparison.TRAINED, seconds);
	}
}
