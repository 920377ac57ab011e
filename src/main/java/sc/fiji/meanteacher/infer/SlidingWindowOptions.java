package sc.fiji.meanteacher.infer;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Settings of a sliding-window segmentation, set fluently:
 * <pre>
 * new SlidingWindowOptions().stride(18, 18, 4).blending(BlendingWeights.CONSTANT)   // the reference
 * new SlidingWindowOptions().overlap(0.5).flipTta(true).batchSize(2)
 * </pre>
 * Defaults: overlap 0.5, Gaussian blending, 4 windows per forward pass, padding allowed, no flip
 * test-time augmentation, no progress listener, never cancelled. The segmenter takes a copy, so
 * changing an options object afterwards does not affect a segmenter built from it.
 */
public final class SlidingWindowOptions {

	private double overlap = 0.5;
	private int[] stride;
	private BlendingWeights blending = BlendingWeights.GAUSSIAN;
	private int batchSize = 4;
	private boolean allowPadding = true;
	private boolean flipTta;
	private SegmentationProgress progress = (done, total) -> {};
	private BooleanSupplier cancelled = () -> false;

	/** Neighbouring windows overlap by this fraction of the patch, in [0, 1); replaces an explicit stride. */
	public SlidingWindowOptions overlap(double fraction) {
		WindowGrid.checkOverlap(fraction);
		overlap = fraction;
		stride = null;
		return this;
	}

	/** Explicit step between windows in voxels (x, y, z); replaces the overlap fraction. */
	public SlidingWindowOptions stride(int sx, int sy, int sz) {
		if (sx < 1 || sy < 1 || sz < 1)
			throw new IllegalArgumentException("sliding-window stride must be at least 1 voxel per axis, got " + sx + ", " + sy + ", " + sz);
		stride = new int[] { sx, sy, sz };
		return this;
	}

	public SlidingWindowOptions blending(BlendingWeights weights) {
		if (weights == null) throw new IllegalArgumentException("blending weights must not be null");
		blending = weights;
		return this;
	}

	/** Windows per forward pass: more is faster on a GPU and costs memory. */
	public SlidingWindowOptions batchSize(int windows) {
		if (windows < 1) throw new IllegalArgumentException("windows per forward pass must be at least 1, got " + windows);
		batchSize = windows;
		return this;
	}

	/** When false, a volume smaller than the patch along any axis is an error instead of being zero-padded. */
	public SlidingWindowOptions allowPadding(boolean allow) {
		allowPadding = allow;
		return this;
	}

	/** Averages each window's prediction with those of its flips along x, y and z (four passes per batch). */
	public SlidingWindowOptions flipTta(boolean enabled) {
		flipTta = enabled;
		return this;
	}

	public SlidingWindowOptions progress(SegmentationProgress listener) {
		progress = listener == null ? (done, total) -> {} : listener;
		return this;
	}

	/** Polled before every forward pass; when it answers true the segmentation stops with a CancellationException. */
	public SlidingWindowOptions cancelWhen(BooleanSupplier check) {
		cancelled = check == null ? () -> false : check;
		return this;
	}

	/** Overlap fraction, or NaN when an explicit stride is set. */
	public double overlap() { return stride == null ? overlap : Double.NaN; }

	/** Explicit stride (x, y, z), or null when the stride comes from the overlap fraction. */
	public int[] stride() { return stride == null ? null : stride.clone(); }

	/** The stride for a patch: the explicit one, or the one the overlap fraction gives. */
	public int[] strideFor(int[] patch) {
		return stride != null ? stride.clone() : WindowGrid.stridesForOverlap(patch, overlap);
	}

	public BlendingWeights blending() { return blending; }

	public int batchSize() { return batchSize; }

	public boolean allowsPadding() { return allowPadding; }

	public boolean flipTta() { return flipTta; }

	public SegmentationProgress progress() { return progress; }

	public BooleanSupplier cancelCheck() { return cancelled; }

	public SlidingWindowOptions copy() {
		SlidingWindowOptions c = new SlidingWindowOptions();
		c.overlap = overlap;
		c.stride = stride == null ? null : stride.clone();
		c.blending = blending;
		c.batchSize = batchSize;
		c.allowPadding = allowPadding;
		c.flipTta = flipTta;
		c.progress = progress;
		c.cancelled = cancelled;
		return c;
	}

	@Override
	public String toString() {
		return (stride != null ? "stride " + Arrays.toString(stride) : "overlap " + overlap) + ", " + blending
			+ " blending, batch " + batchSize + (flipTta ? ", flip TTA" : "") + (allowPadding ? "" : ", no padding");
	}
}
