package sc.fiji.meanteacher.infer;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Applies a trained model to one image the way it was trained: the model's intensity
 * normalisation, a sliding window of the model's patch size, then the requested clean-up. Every
 * surface (Fiji commands, scripts, the demo) segments through this class, so none of them can
 * forget a step.
 */
public final class ModelSegmentation {

	private final PatchPredictor predictor;
	private final IntensityNormalization normalization;
	private final SlidingWindowOptions options;
	private boolean largestComponent;
	private boolean fillHoles;

	/** @param options sliding-window settings; null for the defaults */
	public ModelSegmentation(TrainedModel model, SlidingWindowOptions options) {
		this(predictorOf(model), IntensityNormalization.fromName(model.descriptor().intensityNormalization), options);
	}

	/**
	 * Segments with any network, e.g. a {@link TorchScriptPredictor} exported from the Python
	 * reference, whose inputs were prepared with {@code normalization}.
	 */
	public ModelSegmentation(PatchPredictor predictor, IntensityNormalization normalization, SlidingWindowOptions options) {
		if (predictor == null) throw new IllegalArgumentException("no model given");
		int classes = predictor.numClasses();
		if (classes < 2 || classes > 256)
			throw new IllegalArgumentException("the model predicts " + classes + " classes; 2..256 are supported");
		this.predictor = predictor;
		this.normalization = normalization;
		this.options = options == null ? new SlidingWindowOptions() : options.copy();
	}

	private static PatchPredictor predictorOf(TrainedModel model) {
		if (model == null) throw new IllegalArgumentException("no model given");
		ModelDescriptor d = model.descriptor();
		return new VNetPredictor(model.net(), model.manager(), d.architecture.numClasses, d.patchSize);
	}

	/** Keep only the largest connected component of each class (see {@link LabelPostProcessing}). */
	public ModelSegmentation largestComponent(boolean enabled) {
		largestComponent = enabled;
		return this;
	}

	/** Fill enclosed background cavities of each class (see {@link LabelPostProcessing}). */
	public ModelSegmentation fillHoles(boolean enabled) {
		fillHoles = enabled;
		return this;
	}

	/** Number of classes the model predicts, background included. */
	public int numClasses() {
		return predictor.numClasses();
	}

	/**
	 * Segments one raw (not yet normalised) volume.
	 *
	 * @throws IllegalArgumentException naming the volume when it is 2-D while the model needs 3-D
	 *           patches, or its intensities cannot be normalised
	 */
	public SegmentationResult segment(Volume image) {
		int[] patch = predictor.patchSize();
		if (image.nz() == 1 && patch[2] > 1)
			throw new IllegalArgumentException(image.name() + ": is 2-D (one slice), but the model works on 3-D patches of "
				+ Arrays.toString(patch) + " voxels; open the whole stack");
		Volume normalised = normalization.apply(image);
		SegmentationResult result = new SlidingWindowSegmenter(predictor, options).segment(image.name(), normalised.img());
		// Largest component first: removed fragments must not seal cavities that would then be filled.
		if (largestComponent) LabelPostProcessing.keepLargestComponent(result.labels());
		if (fillHoles) LabelPostProcessing.fillHoles(result.labels());
		return result;
	}

	/** Segments any real-typed 3-D image (copied to float first); the voxel size only travels to the labels. */
	public <T extends RealType<T>> SegmentationResult segment(String name, RandomAccessibleInterval<T> image) {
		return segment(toVolume(name, image, new double[] { 1, 1, 1 }));
	}

	/** Segments {@code image} and wraps the labels as a volume with the image's name and voxel size. */
	public LabelVolume labels(Volume image) {
		return labelsOf(segment(image), image.name(), image.voxelSize());
	}

	/** The labels of a result as a {@link LabelVolume} (the result's own array, not a copy). */
	public static LabelVolume labelsOf(SegmentationResult result, String name, double[] voxelSize) {
		return new LabelVolume(name, result.byteLabels(), voxelSize);
	}

	private static <T extends RealType<T>> Volume toVolume(String name, RandomAccessibleInterval<T> image,
		double[] voxelSize)
	{
		RandomAccessibleInterval<T> v = VolumeViews.asVolume(image, name);
		long[] dims = v.dimensionsAsLongArray();
		float[] data = new float[VolumeViews.voxelCount(dims, name)];
		int i = 0;
		for (T t : Views.flatIterable(v)) data[i++] = t.getRealFloat();
		return Volume.wrap(name, data, dims, voxelSize);
	}
}
