package sc.fiji.meanteacher.infer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * What a sliding-window segmentation produces: averaged class probabilities (x, y, z, c) and the
 * label image (argmax over c, the lower class winning ties), both the size of the input with
 * padding removed. Both start at 0; voxel (0, 0, 0) is the input voxel at {@link #inputMin()}
 * (a 2-D input gives z size 1). Labels are unsigned bytes, or unsigned shorts beyond 256 classes.
 */
public final class SegmentationResult {

	private final ArrayImg<FloatType, FloatArray> probabilities;
	private final Img<? extends IntegerType<?>> labels;
	private final ArrayImg<UnsignedByteType, ByteArray> byteLabels;
	private final long[] inputMin;
	private final int numClasses;

	private SegmentationResult(ArrayImg<FloatType, FloatArray> probabilities, short[] shortLabels,
		byte[] bytes, long[] inputMin)
	{
		this.probabilities = probabilities;
		this.inputMin = inputMin.clone();
		this.numClasses = (int) probabilities.dimension(3);
		long[] dims = { probabilities.dimension(0), probabilities.dimension(1), probabilities.dimension(2) };
		this.byteLabels = bytes == null ? null : ArrayImgs.unsignedBytes(bytes, dims);
		this.labels = bytes == null ? ArrayImgs.unsignedShorts(shortLabels, dims) : byteLabels;
	}

	/** Labels the probabilities by argmax and wraps both. */
	static SegmentationResult fromProbabilities(ArrayImg<FloatType, FloatArray> probabilities, long[] inputMin) {
		float[] p = probabilities.update(null).getCurrentStorageArray();
		int classes = (int) probabilities.dimension(3);
		int voxels = p.length / classes;
		int[] best = new int[voxels];
		for (int v = 0; v < voxels; v++) {
			float max = p[v];
			for (int c = 1, i = voxels + v; c < classes; c++, i += voxels)
				if (p[i] > max) {
					max = p[i];
					best[v] = c;
				}
		}
		if (classes <= 256) {
			byte[] b = new byte[voxels];
			for (int v = 0; v < voxels; v++) b[v] = (byte) best[v];
			return new SegmentationResult(probabilities, null, b, inputMin);
		}
		short[] s = new short[voxels];
		for (int v = 0; v < voxels; v++) s[v] = (short) best[v];
		return new SegmentationResult(probabilities, s, null, inputMin);
	}

	/** Class probabilities, dimensions (x, y, z, c); for each voxel they sum to what the network's do (1 for a softmax). */
	public ArrayImg<FloatType, FloatArray> probabilities() { return probabilities; }

	/** The probability map of one class, a 3-D view (x, y, z) of {@link #probabilities()}. */
	public RandomAccessibleInterval<FloatType> probabilities(int c) {
		if (c < 0 || c >= numClasses)
			throw new IllegalArgumentException("class " + c + " is not in 0.." + (numClasses - 1));
		return Views.hyperSlice(probabilities, 3, c);
	}

	/** Argmax labels (x, y, z): {@link UnsignedByteType} up to 256 classes, else unsigned short. */
	public Img<? extends IntegerType<?>> labels() { return labels; }

	/** The labels as unsigned bytes (ready for a {@code LabelVolume}); fails beyond 256 classes. */
	public ArrayImg<UnsignedByteType, ByteArray> byteLabels() {
		if (byteLabels == null)
			throw new IllegalStateException(numClasses + " classes do not fit 8-bit labels; use labels()");
		return byteLabels;
	}

	public int numClasses() { return numClasses; }

	/** Position in the input of the first output voxel. */
	public long[] inputMin() { return inputMin.clone(); }

	/** Output size (x, y, z). */
	public long[] dims() { return new long[] { probabilities.dimension(0), probabilities.dimension(1), probabilities.dimension(2) }; }
}
