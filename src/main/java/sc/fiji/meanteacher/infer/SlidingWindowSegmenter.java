package sc.fiji.meanteacher.infer;

import java.util.Arrays;
import java.util.concurrent.CancellationException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Segments an image of any size with a network that takes fixed-size patches: overlapping windows
 * (see {@link WindowGrid}) are predicted a batch at a time, each window's class probabilities are
 * weighted ({@link BlendingWeights}) and summed per voxel, and the sums are divided by the summed
 * weights. With constant weights and stride 18x18x4 this is the reference inference.
 * <p>
 * Memory: the output probabilities and labels, one weight sum per voxel, and one batch of windows
 * with its predictions; the padded volume is never built. One segmenter may be reused for many
 * images, but not from several threads at once unless its predictor allows it.
 */
public final class SlidingWindowSegmenter {

	private final PatchPredictor predictor;
	private final SlidingWindowOptions options;

	public SlidingWindowSegmenter(PatchPredictor predictor) {
		this(predictor, new SlidingWindowOptions());
	}

	public SlidingWindowSegmenter(PatchPredictor predictor, SlidingWindowOptions options) {
		if (predictor == null) throw new IllegalArgumentException("sliding-window segmenter needs a predictor");
		this.predictor = predictor;
		this.options = options == null ? new SlidingWindowOptions() : options.copy();
	}

	public SlidingWindowOptions options() { return options.copy(); }

	/** {@link #segment(String, RandomAccessibleInterval)} with the name "input image" in messages. */
	public <T extends RealType<T>> SegmentationResult segment(RandomAccessibleInterval<T> image) {
		return segment("input image", image);
	}

	/**
	 * Segments a 3-D image (x, y, z), or a 2-D one as a single slice; the interval may start
	 * anywhere. {@code name} identifies the image in error messages.
	 *
	 * @throws IllegalArgumentException for an image that is not 2-D or 3-D, holds NaN or infinite
	 *         values, or is smaller than the patch while padding is not allowed
	 * @throws CancellationException when the options' cancel check answers true
	 * @throws IllegalStateException when the predictor returns the wrong number of values
	 */
	public <T extends RealType<T>> SegmentationResult segment(String name, RandomAccessibleInterval<T> image) {
		RandomAccessibleInterval<T> volume = VolumeViews.asVolume(image, name);
		PatchPredictor net = new CheckedPredictor(predictor);
		int[] patch = net.patchSize().toArray();
		long[] dims = volume.dimensionsAsLongArray();
		WindowGrid grid = grid(name, dims, patch);
		if (options.flipTta()) net = new FlipTtaPredictor(net);

		int classes = net.numClasses(), patchVoxels = patch[0] * patch[1] * patch[2];
		ProbabilityAccumulator sums = new ProbabilityAccumulator(name, dims, classes, patch,
			options.blending().forPatch(patch));
		WindowReader<T> reader = new WindowReader<>(name, volume, patch);

		int total = grid.numWindows(), batch = Math.min(options.batchSize(), total);
		long[][] origins = new long[batch][3];
		float[] windows = new float[batch * patchVoxels];
		options.progress().windowsDone(0, total);
		for (int first = 0; first < total; first += batch) {
			if (options.cancelCheck().getAsBoolean())
				throw new CancellationException(name + ": segmentation cancelled after " + first + " of " + total + " windows");
			int n = Math.min(batch, total - first);
			// The predictor is promised an array of exactly n windows, so the short last batch gets its own.
			if (n < batch) windows = new float[n * patchVoxels];
			for (int k = 0; k < n; k++) {
				grid.origin(first + k, origins[k]);
				reader.read(origins[k], windows, k * patchVoxels);
			}
			float[] probs = net.predict(windows, n);
			for (int k = 0; k < n; k++)
				sums.add(probs, k * classes * patchVoxels, origins[k]);
			options.progress().windowsDone(first + n, total);
		}
		return SegmentationResult.fromProbabilities(sums.finish(), volume.minAsLongArray());
	}

	private WindowGrid grid(String name, long[] dims, int[] patch) {
		boolean tooSmall = false;
		for (int d = 0; d < 3; d++) tooSmall |= dims[d] < patch[d];
		if (tooSmall && !options.allowsPadding())
			throw new IllegalArgumentException(name + ": size " + Arrays.toString(dims) + " is smaller than the patch "
				+ Arrays.toString(patch) + " along some axis, and padding is not allowed");
		return new WindowGrid(dims, patch, options.strideFor(patch));
	}
}
