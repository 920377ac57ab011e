package sc.fiji.meanteacher.volume;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A 3-D intensity volume: float32 voxels in x-fastest order (x, y, z), its voxel size and a name.
 * <p>
 * The backing store is an ImgLib2 {@link ArrayImg} so the same voxels can be handed to ImgLib2
 * code as an image and to tensors as one flat array without copying. Tensor layout (z, y, x)
 * matches the flat order directly.
 */
public final class Volume {

	private final String name;
	private final ArrayImg<FloatType, FloatArray> img;
	private final double[] voxelSize;

	public Volume(String name, ArrayImg<FloatType, FloatArray> img, double[] voxelSize) {
		if (img.numDimensions() != 3)
			throw new IllegalArgumentException(name + ": expected a 3-D volume (x, y, z), got "
				+ img.numDimensions() + "-D " + Arrays.toString(img.dimensionsAsLongArray()));
		this.name = name;
		this.img = img;
		this.voxelSize = checkVoxelSize(name, voxelSize);
	}

	/** Wraps a flat x-fastest array of size {@code nx*ny*nz}. */
	public static Volume wrap(String name, float[] data, long[] dims, double[] voxelSize) {
		checkDims(name, dims, data.length);
		return new Volume(name, ArrayImgs.floats(data, dims), voxelSize);
	}

	public static Volume zeros(String name, long[] dims, double[] voxelSize) {
		checkDims(name, dims, -1);
		return new Volume(name, ArrayImgs.floats(dims), voxelSize);
	}

	public String name() { return name; }

	public ArrayImg<FloatType, FloatArray> img() { return img; }

	/** The voxels, x fastest; shared with {@link #img()}. */
	public float[] data() { return img.update(null).getCurrentStorageArray(); }

	public long[] dims() { return img.dimensionsAsLongArray(); }

	public int nx() { return (int) img.dimension(0); }

	public int ny() { return (int) img.dimension(1); }

	public int nz() { return (int) img.dimension(2); }

	public double[] voxelSize() { return voxelSize.clone(); }

	@Override
	public String toString() {
		return name + " " + nx() + "x" + ny() + "x" + nz();
	}

	static double[] checkVoxelSize(String name, double[] voxelSize) {
		if (voxelSize == null) return new double[] { 1, 1, 1 };
		if (voxelSize.length != 3)
			throw new IllegalArgumentException(name + ": voxel size needs 3 values (x, y, z), got " + voxelSize.length);
		for (double v : voxelSize)
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException(name + ": voxel size must be positive and finite, got " + Arrays.toString(voxelSize));
		return voxelSize.clone();
	}

	static void checkDims(String name, long[] dims, int length) {
		if (dims.length != 3)
			throw new IllegalArgumentException(name + ": expected a 3-D volume (x, y, z), got " + dims.length + "-D " + Arrays.toString(dims));
		long n = 1;
		for (long d : dims) {
			if (d < 1) throw new IllegalArgumentException(name + ": empty dimension in " + Arrays.toString(dims));
			n *= d;
		}
		if (n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(name + ": volume " + Arrays.toString(dims) + " has more than 2^31 voxels");
		if (length >= 0 && n != length)
			throw new IllegalArgumentException(name + ": " + length + " voxels do not fill " + Arrays.toString(dims));
	}
}
