package sc.fiji.meanteacher.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.eval.CaseMetrics;
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.infer.BlendingWeights;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SegmentationResult;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Sizes;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Inference benchmark (not a test): segments one volume with the same weights under (a) the
 * reference setting — stride 18×18×4, constant blending, one window per forward pass — and (b)
 * overlap 0.5, Gaussian blending, several windows per pass, and prints for each the window
 * count, seconds, voxels per second and Dice against the truth.
 * <p>
 * By default the volume is synthetic case 0 at 128×128×96 and the weights come from a short
 * supervised training at patch 64×64×48 on other synthetic cases; {@code --model} benches a
 * saved model instead, and {@code --image}/{@code --truth} a user's own volume.
 */
public final class InferenceBenchmark {

	static final Map<String, String> OPTIONS = new LinkedHashMap<>();
	static {
		OPTIONS.put("model", "");
		OPTIONS.put("image", "");
		OPTIONS.put("truth", "");
		OPTIONS.put("size", "128x128x96");
		OPTIONS.put("patch", "64x64x48");
		OPTIONS.put("train-iterations", "80");
		OPTIONS.put("train-cases", "4");
		OPTIONS.put("save-model", "");
		OPTIONS.put("seed", "1337");
		OPTIONS.put("threads", "");
		OPTIONS.put("reference", "true");
		OPTIONS.put("reference-stride", "18x18x4");
		OPTIONS.put("overlap", "0.5");
		OPTIONS.put("windows-per-pass", "4");
	}

	private InferenceBenchmark() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static String usage() {
		return "usage: bench infer [options]\n"
			+ "  Sliding-window inference of one volume with the same weights: (a) reference stride, constant blending,\n"
			+ "  1 window per pass; (b) overlap, Gaussian blending, several windows per pass. Without --model the weights\n"
			+ "  come from a short supervised training on synthetic cases; without --image the volume is synthetic case 0.\n"
			+ "  --threads sets libtorch's thread count (default: all processors). With --model, the model's patch size is\n"
			+ "  used and --patch, --train-iterations, --train-cases and --save-model do not apply.\n"
			+ BenchArgs.describe(OPTIONS);
	}

	/** Runs the benchmark; returns 0, 1 on failure, 2 for bad options. */
	static int run(String[] args, PrintStream out, PrintStream err) {
		if (BenchArgs.wantsHelp(args)) {
			out.print(usage());
			return 0;
		}
		BenchArgs a;
		try {
			a = BenchArgs.parse("bench infer", args, OPTIONS);
			check(a);
		}
		catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			err.print(usage());
			return 2;
		}
		// libtorch reads its thread count once, when the engine starts, which happens below
		if (a.isSet("threads")) System.setProperty(TorchRuntime.THREADS_PROPERTY, Integer.toString(a.integer("threads", 1)));
		out.println("bench infer " + a);
		out.printf(Locale.ROOT, "%d processors, load average %s, malloc environment: %s%n", Runtime.getRuntime().availableProcessors(),
			ProcessMemory.loadAverage(), ProcessMemory.mallocEnvironment());
		try {
			return measure(a, out);
		}
		catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			return 1;
		}
		catch (Exception e) {
			e.printStackTrace(err);
			return 1;
		}
	}

	private static void check(BenchArgs a) {
		a.size("size");
		a.size("patch");
		a.size("reference-stride");
		a.integer("train-iterations", 1);
		a.integer("train-cases", 2);
		a.integer("windows-per-pass", 1);
		a.wholeNumber("seed");
		a.flag("reference");
		new SlidingWindowOptions().overlap(a.decimal("overlap"));
		if (a.isSet("threads")) a.integer("threads", 1);
		if (a.isSet("image") != a.isSet("truth"))
			throw new IllegalArgumentException("bench infer: --image and --truth go together (the Dice needs the truth)");
	}

	private static int measure(BenchArgs a, PrintStream out) throws Exception {
		long seed = a.wholeNumber("seed");
		Volume image;
		LabelVolume truth;
		if (a.isSet("image")) {
			image = VolumeIO.readImage(Path.of(a.string("image")), false);
			truth = VolumeIO.readLabels(Path.of(a.string("truth")), false);
			truth.requireSameSize(image);
		}
		else {
			int[] size = a.size("size");
			Case c = new SyntheticAtriumGenerator(seed).generate(0, size[0], size[1], size[2]);
			image = c.image();
			truth = c.label();
		}
		out.printf(Locale.ROOT, "test volume: %s, %s voxels%n", image.name(), Sizes.format(image.dims()));

		BenchModel bench = a.isSet("model") ? BenchModel.load(Path.of(a.string("model")))
			: BenchModel.trainBriefly(seed, a.size("size"), a.size("patch"), a.integer("train-cases", 2),
				a.integer("train-iterations", 1), a.isSet("save-model") ? Path.of(a.string("save-model")) : null, out);
		try (TrainedModel model = bench.model()) {
			int[] patch = model.descriptor().patchSize;
			int threads = TorchRuntime.threads();
			out.println("weights: " + bench.origin());
			out.printf(Locale.ROOT, "network: V-Net, patch %s, %d classes; libtorch %d thread(s), %s%n", Sizes.format(patch),
				model.descriptor().architecture.numClasses, threads, TorchRuntime.device());

			List<Setting> settings = new ArrayList<>();
			if (a.flag("reference")) {
				int[] s = a.size("reference-stride");
				settings.add(new Setting("reference", new SlidingWindowOptions().stride(s[0], s[1], s[2])
					.blending(BlendingWeights.CONSTANT).batchSize(1)));
			}
			settings.add(new Setting("overlap", new SlidingWindowOptions().overlap(a.decimal("overlap"))
				.blending(BlendingWeights.GAUSSIAN).batchSize(a.integer("windows-per-pass", 1))));
			warmUp(model, settings);

			List<InferenceMeasurement> results = new ArrayList<>();
			for (Setting s : settings) results.add(segment(s, model, image, truth, threads, out));

			out.printf(Locale.ROOT, "%nInference benchmark: %s %s, patch %s, %d thread(s), after one untimed forward pass per batch size "
				+ "(peak RSS %s GB, load average now %s)%n", image.name(), Sizes.format(image.dims()), Sizes.format(patch), threads,
				ProcessMemory.gigabytes(ProcessMemory.peakResidentBytes()), ProcessMemory.loadAverage());
			TextTable t = new TextTable("setting", "stride", "blending", "windows/pass", "windows", "seconds", "voxels/s", "Dice");
			for (InferenceMeasurement m : results)
				t.row(m.setting(), Sizes.format(m.stride()), m.blending(), m.windowsPerPass(), m.windows(),
					String.format(Locale.ROOT, "%.1f", m.seconds()), String.format(Locale.ROOT, "%,.0f", m.voxelsPerSecond()),
					String.format(Locale.ROOT, "%.4f", m.dice()));
			t.print(out);
			out.println();
			for (InferenceMeasurement m : results) out.println(m.toLine());
			return 0;
		}
	}

	/** A named sliding-window configuration. */
	private record Setting(String name, SlidingWindowOptions options) {}

	/** libtorch prepares its kernels on the first pass of each input shape: keep that out of the timings. */
	private static void warmUp(TrainedModel model, List<Setting> settings) {
		int[] patch = model.descriptor().patchSize;
		VNetPredictor net = new VNetPredictor(model.net(), model.manager(), model.descriptor().architecture.numClasses, PatchSize.of(patch));
		int voxels = patch[0] * patch[1] * patch[2];
		settings.stream().mapToInt(s -> s.options().batchSize()).distinct().forEach(n -> net.predict(new float[n * voxels], n));
	}

	private static InferenceMeasurement segment(Setting s, TrainedModel model, Volume image, LabelVolume truth, int threads,
		PrintStream out)
	{
		int[] patch = model.descriptor().patchSize;
		int[] stride = s.options().strideFor(patch);
		out.printf(Locale.ROOT, "%n(%s) %s%n", s.name(), s.options());
		int[] windows = new int[1];
		WindowProgress progress = new WindowProgress(out);
		SlidingWindowOptions options = s.options().copy().progress((done, total) -> {
			windows[0] = total;
			progress.windowsDone(done, total);
		});
		long t0 = System.nanoTime();
		SegmentationResult result = new ModelSegmentation(model, options).segment(image);
		double seconds = (System.nanoTime() - t0) / 1e9;
		LabelVolume predicted = ModelSegmentation.labelsOf(result, image.name(), image.voxelSize());
		int classes = model.descriptor().architecture.numClasses;
		int[] foreground = new int[classes - 1];
		for (int c = 1; c < classes; c++) foreground[c - 1] = c;
		double dice = SegmentationMetrics.evaluate(predicted, truth, foreground).stream().mapToDouble(CaseMetrics::dice)
			.average().orElse(Double.NaN);
		long voxels = (long) image.nx() * image.ny() * image.nz();
		InferenceMeasurement m = new InferenceMeasurement(s.name(), toInt(image.dims()), patch, stride,
			s.options().blending().name().toLowerCase(Locale.ROOT), s.options().batchSize(), windows[0], seconds, voxels, dice,
			threads);
		out.printf(Locale.ROOT, "  %d windows in %.1f s, %,.0f voxels/s, Dice %.4f%n", m.windows(), seconds, m.voxelsPerSecond(), dice);
		return m;
	}

	private static int[] toInt(long[] dims) {
		return new int[] { (int) dims[0], (int) dims[1], (int) dims[2] };
	}
}
