package sc.fiji.meanteacher.bench;

import java.io.PrintStream;
import java.util.Arrays;

import sc.fiji.meanteacher.device.DeviceReport;

/**
 * The benchmarks' entry point (benchmarks are not tests):
 * <pre>
 * java -cp … sc.fiji.meanteacher.bench.Bench train [--patches 32x32x32,64x64x48 --methods … --threads 1,2 …]
 * java -cp … sc.fiji.meanteacher.bench.Bench infer [--model my-model.zip …]
 * java -cp … sc.fiji.meanteacher.bench.Bench leak [--iterations 1000 …]   (NDArrays held and RSS over a long run)
 * java -cp … sc.fiji.meanteacher.bench.Bench all      (train and infer, with their defaults)
 * java -cp … sc.fiji.meanteacher.bench.Bench device   (the device report: which libtorch, which GPU, and why)
 * </pre>
 * Each prints what it runs, a table and one {@code BENCH ...} line per result.
 */
public final class Bench {

	private Bench() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		String what = args.length == 0 ? "" : args[0];
		String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
		switch (what) {
			case "train":
				return TrainingBenchmark.run(rest, out, err);
			case "infer":
				return InferenceBenchmark.run(rest, out, err);
			case "leak":
				return LeakCheck.run(rest, out, err);
			case "device":
				try {
					for (String line : DeviceReport.gather().lines()) out.println("DEVICE " + line);
					return 0;
				}
				catch (IllegalArgumentException | IllegalStateException e) {
					for (String line : DeviceReport.withoutEngine(e.getMessage())) out.println("DEVICE " + line);
					return 1;
				}
			case "all":
				if (rest.length > 0) {
					err.println("error: 'bench all' runs both benchmarks with their defaults and takes no options; "
						+ "give options to 'bench train' or 'bench infer'");
					return 2;
				}
				int train = TrainingBenchmark.run(rest, out, err);
				out.println();
				int infer = InferenceBenchmark.run(rest, out, err);
				return Math.max(train, infer);
			default:
				PrintStream to = what.equals("--help") || what.equals("-h") ? out : err;
				to.println("usage: Bench train|infer|leak|all|device [options]   (Bench train --help etc. for the options)");
				return what.equals("--help") || what.equals("-h") ? 0 : 2;
		}
	}
}
