package sc.fiji.meanteacher.infer;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.view.Views;

/** Shapes the images the inference code accepts into 3-D views. */
final class VolumeViews {

	private VolumeViews() {}

	/**
	 * Returns a 3-D image as is and a 2-D image as a volume of one slice (z from 0 to 0); anything
	 * else is rejected with a message naming {@code what} and its dimensionality.
	 */
	static <T> RandomAccessibleInterval<T> asVolume(RandomAccessibleInterval<T> image, String what) {
		int n = image.numDimensions();
		if (n == 3) return image;
		if (n == 2) return Views.addDimension(image, 0, 0);
		throw new IllegalArgumentException(what + ": expected a 2-D or 3-D image (x, y[, z]), got " + n + "-D "
			+ Arrays.toString(image.dimensionsAsLongArray()));
	}

	/** Number of voxels, rejected when one Java array could not hold them. */
	static int voxelCount(long[] dims, String what) {
		long n = 1;
		for (long d : dims) n *= d;
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(what + ": " + Arrays.toString(dims) + " has more than 2^31 voxels");
		return (int) n;
	}
}
