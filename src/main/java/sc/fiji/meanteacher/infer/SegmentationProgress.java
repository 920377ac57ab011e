package sc.fiji.meanteacher.infer;

/** Hears how far a sliding-window segmentation has got; called after every forward batch. */
@FunctionalInterface
public interface SegmentationProgress {

	/** {@code done} of {@code total} windows have been predicted and accumulated. */
	void windowsDone(int done, int total);
}
