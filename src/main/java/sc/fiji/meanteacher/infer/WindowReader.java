package sc.fiji.meanteacher.infer;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Copies windows of a 3-D image into flat x-fastest float patches, zeros outside the image, and
 * rejects NaN and infinite intensities (a network turns them into garbage without complaint).
 */
final class WindowReader<T extends RealType<T>> {

	private final String name;
	private final long[] min, dims;
	private final int[] patch;
	/** Plain access for windows inside the image; the zero-extended one only where padding is read. */
	private final RandomAccess<T> inside, padded;
	private final long[] position = new long[3];

	WindowReader(String name, RandomAccessibleInterval<T> volume, int[] patch) {
		this.name = name;
		this.min = volume.minAsLongArray();
		this.dims = volume.dimensionsAsLongArray();
		this.patch = patch.clone();
		this.inside = volume.randomAccess();
		this.padded = Views.extendZero(volume).randomAccess();
	}

	/** Reads the window starting at {@code origin} (counted from the image's first voxel) into {@code dst} at {@code offset}. */
	void read(long[] origin, float[] dst, int offset) {
		boolean within = true;
		for (int d = 0; d < 3; d++)
			within &= origin[d] >= 0 && origin[d] + patch[d] <= dims[d];
		RandomAccess<T> ra = within ? inside : padded;
		int i = offset;
		for (int z = 0; z < patch[2]; z++)
			for (int y = 0; y < patch[1]; y++) {
				position[0] = min[0] + origin[0];
				position[1] = min[1] + origin[1] + y;
				position[2] = min[2] + origin[2] + z;
				ra.setPosition(position);
				for (int x = 0; x < patch[0]; x++) {
					float v = ra.get().getRealFloat();
					if (!Float.isFinite(v))
						throw new IllegalArgumentException(name + ": voxel (" + (position[0] + x) + ", " + position[1] + ", "
							+ position[2] + ") is " + v + "; the network needs finite intensities");
					dst[i++] = v;
					ra.fwd(0);
				}
			}
	}
}
