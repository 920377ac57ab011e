package sc.fiji.meanteacher.infer;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Resampling;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Applies a trained model to one image the way it was trained: the model's resampling (on request,
 * see {@link #segmentOnInputGrid}), its intensity normalisation, a sliding window of its patch
 * size, then the requested clean-up. Every
 * surface (Fiji commands, scripts, the demo) segments through this class, so none of them can
 * forget a step.
 */
public final class ModelSegmentation {

	private final PatchPredictor predictor;
	private final IntensityNormalization normalization;
	private final SlidingWindowOptions options;
	private final GridTarget grid;
	/** For the memory estimate; a TorchScript network's width is unknown and taken as the reference V-Net's. */
	private final int baseFilters;
	private boolean largestComponent;
	private boolean fillHoles;

	/**
	 * Segments with a trained model, resampling images to the model's grid
	 * ({@link ModelDescriptor#grid()}: its input scale or spacing) in {@link #segmentOnInputGrid(Volume)}.
	 *
	 * @param options sliding-window settings; null for the defaults
	 */
	public ModelSegmentation(TrainedModel model, SlidingWindowOptions options) {
		this(predictorOf(model), IntensityNormalization.fromName(model.descriptor().intensityNormalization), options,
			model.descriptor().grid(), model.descriptor().architecture.baseFilters);
	}

	/**
	 * Segments with any network, e.g. exchange's {@code TorchScriptPredictor} on a model exported
	 * from the Python reference, whose inputs were prepared with {@code normalization} on their own grid (scale 1).
	 */
	public ModelSegmentation(PatchPredictor predictor, IntensityNormalization normalization, SlidingWindowOptions options) {
		this(predictor, normalization, options, 1);
	}

	/**
	 * As above, for a network trained on images resampled by {@code inputScale} (0.5 = half the
	 * voxels per axis).
	 */
	public ModelSegmentation(PatchPredictor predictor, IntensityNormalization normalization, SlidingWindowOptions options,
		double inputScale)
	{
		this(predictor, normalization, options, scaleGrid(inputScale), REFERENCE_BASE_FILTERS);
	}

	/** As above, for a network trained on images brought to {@code grid} (a factor or a voxel size). */
	public ModelSegmentation(PatchPredictor predictor, IntensityNormalization normalization, SlidingWindowOptions options,
		GridTarget grid)
	{
		this(predictor, normalization, options, grid, REFERENCE_BASE_FILTERS);
	}

	private static GridTarget scaleGrid(double inputScale) {
		if (!(inputScale > 0) || Double.isInfinite(inputScale))
			throw new IllegalArgumentException("the model's input scale must be a positive number, got " + inputScale);
		return new GridTarget(inputScale, null);
	}

	private static final int REFERENCE_BASE_FILTERS = 16;

	private ModelSegmentation(PatchPredictor predictor, IntensityNormalization normalization, SlidingWindowOptions options,
		GridTarget grid, int baseFilters)
	{
		if (predictor == null) throw new IllegalArgumentException("no model given");
		int classes = predictor.numClasses();
		if (classes < 2 || classes > 256)
			throw new IllegalArgumentException("the model predicts " + classes + " classes; 2..256 are supported");
		this.predictor = predictor;
		this.normalization = normalization;
		this.options = options == null ? new SlidingWindowOptions() : options.copy();
		this.grid = grid == null ? GridTarget.AS_IS : grid;
		this.baseFilters = baseFilters;
	}

	private static PatchPredictor predictorOf(TrainedModel model) {
		if (model == null) throw new IllegalArgumentException("no model given");
		ModelDescriptor d = model.descriptor();
		return new VNetPredictor(model.net(), model.manager(), d.architecture.numClasses, PatchSize.of(d.patchSize));
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

	/** Factor images are resampled by before the network sees them (1 = as they are). */
	public double inputScale() {
		return grid.scale();
	}

	/** The grid images are brought to before the network sees them: a factor or a voxel size. */
	public GridTarget grid() {
		return grid;
	}

	/**
	 * Segments one raw (not yet normalised) volume that is already on the grid the model works on
	 * (brought to {@link #grid()} if that resamples, e.g. by the caller's own pipeline); see
	 * {@link #segmentOnInputGrid(Volume)} for an image on its original grid.
	 *
	 * @throws IllegalArgumentException naming the volume when it is 2-D while the model needs 3-D
	 *           patches, or its intensities cannot be normalised
	 */
	public SegmentationResult segment(Volume image) {
		return cleanedUp(slidingWindow(image));
	}

	/**
	 * Segments one raw volume given on its original grid: brought to the model's {@link #grid()}
	 * (as the training images were: by its factor, or from the image's voxel size to its spacing,
	 * per axis), segmented, the probabilities brought back to the input's grid class by class by
	 * {@link Resampling#probabilities}, and the labels taken from those (argmax, the lower class on ties),
	 * so labels and probabilities agree. The clean-up runs on the returned labels. When the grid is
	 * the image's own nothing is resampled and the result is that of {@link #segment(Volume)}.
	 */
	public SegmentationResult segmentOnInputGrid(Volume image) {
		if (!grid.resamples(image.voxelSize())) return segment(image);
		long[] dims = image.dims();
		Volume scaled = Resampling.image(image, Resampling.scaledDims(dims, grid.factors(image.voxelSize())));
		SegmentationResult small = slidingWindow(scaled);
		int classes = small.numClasses();
		float[] back = Resampling.probabilities(image.name(), small.probabilities().update(null).getCurrentStorageArray(), classes,
			scaled.dims(), dims);
		return cleanedUp(SegmentationResult.fromProbabilities(ArrayImgs.floats(back, dims[0], dims[1], dims[2], classes), new long[3]));
	}

	private SegmentationResult slidingWindow(Volume image) {
		PatchSize patch = predictor.patchSize();
		if (image.nz() == 1 && patch.z() > 1)
			throw new IllegalArgumentException(image.name() + ": is 2-D (one slice), but the model works on 3-D patches of "
				+ Arrays.toString(patch.toArray()) + " voxels; open the whole stack");
		InferenceMemory.requireFits(image.name(), patch.toArray(), options.batchSize(), baseFilters, predictor.numClasses(),
			(long) image.nx() * image.ny() * image.nz(), predictor.onGpu());
		Volume normalised = normalization.apply(image);
		return new SlidingWindowSegmenter(predictor, options).segment(image.name(), normalised.img());
	}

	private SegmentationResult cleanedUp(SegmentationResult result) {
		// Largest component first: removed fragments must not seal cavities that would then be filled.
		if (largestComponent) LabelPostProcessing.keepLargestComponent(result.labels());
		if (fillHoles) LabelPostProcessing.fillHoles(result.labels());
		return result;
	}

	/** Segments any real-typed 3-D image (copied to float first); the voxel size only travels to the labels. */
	public <T extends RealType<T>> SegmentationResult segment(String name, RandomAccessibleInterval<T> image) {
		return segment(toVolume(name, image, new double[] { 1, 1, 1 }));
	}

	/**
	 * Segments {@code image}, given on the model's grid (see {@link #segment(Volume)}), and wraps the
	 * labels as a volume with the image's name and voxel size.
	 */
	public LabelVolume labels(Volume image) {
		return labelsOf(segment(image), image.name(), image.voxelSize());
	}

	/** As {@link #labels(Volume)} for an image on its original grid (see {@link #segmentOnInputGrid(Volume)}). */
	public LabelVolume labelsOnInputGrid(Volume image) {
		return labelsOf(segmentOnInputGrid(image), image.name(), image.voxelSize());
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
