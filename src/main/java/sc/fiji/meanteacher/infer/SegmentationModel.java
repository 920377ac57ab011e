package sc.fiji.meanteacher.infer;

/** A model opened by a {@link ModelFormat}: it segments as trained; close it to free its network. */
public interface SegmentationModel extends AutoCloseable {

	/** A segmentation with the model's patch, classes, normalisation and input scale, and these window settings. */
	ModelSegmentation segmentation(SlidingWindowOptions options);

	@Override
	void close();
}
