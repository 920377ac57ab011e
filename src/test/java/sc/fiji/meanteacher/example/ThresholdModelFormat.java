package sc.fiji.meanteacher.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import ai.djl.Device;
import sc.fiji.meanteacher.infer.BareNetwork;
import sc.fiji.meanteacher.infer.ModelFormat;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.PatchPredictor;
import sc.fiji.meanteacher.infer.SegmentationModel;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * A worked example of a model format of one's own, to copy: a two-line text file
 * <pre>
 * threshold model
 * threshold 120.5
 * </pre>
 * whose "network" labels a voxel class 1 where its intensity is above the threshold. It shows the
 * three things a format does: recognise its files by their content ({@link #canOpen}), say in one
 * line what is wrong with a file it cannot read, and hand Segment a {@link PatchPredictor} (the
 * sliding window, blending and post-processing are the plugin's).
 * <p>
 * In a jar of your own, annotate the class with {@code @Plugin(type = ModelFormat.class)}; the
 * Segment command then opens such files. This copy is test code without the annotation, so that the
 * class path keeps listing the built-in formats only; {@code ExamplePluginsTest} registers it in its
 * context by hand and segments with it.
 */
public final class ThresholdModelFormat implements ModelFormat {

	/** The first line of every file of this format. */
	public static final String FIRST_LINE = "threshold model";

	/** The window the predictor takes: any size works for a voxel-wise rule. */
	private static final PatchSize WINDOW = new PatchSize(8, 8, 8);

	/** The file a model with this threshold is, as {@link #open} reads it. */
	public static String text(double threshold) {
		return FIRST_LINE + "\nthreshold " + Double.toString(threshold) + "\n";
	}

	@Override
	public String name() {
		return "threshold model (example)";
	}

	@Override
	public boolean canOpen(Path path) {
		if (!Files.isRegularFile(path)) return false;
		try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			return FIRST_LINE.equals(in.readLine());
		}
		catch (IOException e) {
			// a binary file is not UTF-8: not ours
			return false;
		}
	}

	@Override
	public SegmentationModel open(Path path, Device device, Supplier<BareNetwork> bare) throws IOException {
		double threshold = threshold(path);
		return new SegmentationModel() {
			@Override
			public ModelSegmentation segmentation(SlidingWindowOptions options) {
				return new ModelSegmentation(new ThresholdPredictor((float) threshold), IntensityNormalization.NONE, options);
			}

			@Override
			public List<String> classNames() {
				return List.of("below", "above");
			}

			@Override
			public void close() {}
		};
	}

	/** The threshold the file's second line gives, or an IOException that names the file and the line. */
	private static double threshold(Path path) throws IOException {
		List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
		String line = lines.size() < 2 ? "" : lines.get(1).trim();
		String[] words = line.split("\\s+");
		try {
			if (words.length == 2 && words[0].equals("threshold")) {
				double t = Double.parseDouble(words[1]);
				if (Double.isFinite(t)) return t;
			}
		}
		catch (NumberFormatException e) {
			// reported below with the line
		}
		throw new IOException(path + ": the second line must be 'threshold <number>', not '" + line + "'");
	}

	/** Class 1 with certainty where a voxel lies above the threshold, class 0 elsewhere. */
	private record ThresholdPredictor(float threshold) implements PatchPredictor {

		@Override
		public int numClasses() {
			return 2;
		}

		@Override
		public PatchSize patchSize() {
			return WINDOW;
		}

		@Override
		public float[] predict(float[] windows, int n) {
			int voxels = (int) WINDOW.voxels();
			float[] probabilities = new float[n * 2 * voxels];
			for (int patch = 0; patch < n; patch++)
				for (int v = 0; v < voxels; v++) {
					float above = windows[patch * voxels + v] > threshold ? 1 : 0;
					probabilities[(patch * 2) * voxels + v] = 1 - above;
					probabilities[(patch * 2 + 1) * voxels + v] = above;
				}
			return probabilities;
		}
	}
}
