package sc.fiji.meanteacher.infer;

import java.util.List;

/** A model opened by a {@link ModelFormat}: it segments as trained; close it to free its network. */
public interface SegmentationModel extends AutoCloseable {

	/** A segmentation with the model's patch, classes, normalisation and input scale, and these window settings. */
	ModelSegmentation segmentation(SlidingWindowOptions options);

	/** The class names the model carries, background first, for showing its labels; empty when it has none. */
	default List<String> classNames() {
		return List.of();
	}

	@Override
	void close();
}
