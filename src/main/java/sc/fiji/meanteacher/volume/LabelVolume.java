package sc.fiji.meanteacher.volume;

import java.util.Arrays;
import java.util.BitSet;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A 3-D integer label volume (0 = background, 1..255 classes), x-fastest, same layout as
 * {@link Volume}.
 */
public final class LabelVolume {

	private final String name;
	private final ArrayImg<UnsignedByteType, ByteArray> img;
	private final double[] voxelSize;

	public LabelVolume(String name, ArrayImg<UnsignedByteType, ByteArray> img, double[] voxelSize) {
		if (img.numDimensions() != 3)
			throw new IllegalArgumentException(name + ": expected a 3-D label volume (x, y, z), got "
				+ img.numDimensions() + "-D " + Arrays.toString(img.dimensionsAsLongArray()));
		this.name = name;
		this.img = img;
		this.voxelSize = Volume.checkVoxelSize(name, voxelSize);
	}

	public static LabelVolume wrap(String name, byte[] data, long[] dims, double[] voxelSize) {
		Volume.checkDims(name, dims, data.length);
		return new LabelVolume(name, ArrayImgs.unsignedBytes(data, dims), voxelSize);
	}

	public static LabelVolume zeros(String name, long[] dims, double[] voxelSize) {
		Volume.checkDims(name, dims, -1);
		return new LabelVolume(name, ArrayImgs.unsignedBytes(dims), voxelSize);
	}

	public String name() { return name; }

	public ArrayImg<UnsignedByteType, ByteArray> img() { return img; }

	/** Labels as unsigned bytes (read with {@code & 0xff}), x fastest; shared with {@link #img()}. */
	public byte[] data() { return img.update(null).getCurrentStorageArray(); }

	public long[] dims() { return img.dimensionsAsLongArray(); }

	public int nx() { return (int) img.dimension(0); }

	public int ny() { return (int) img.dimension(1); }

	public int nz() { return (int) img.dimension(2); }

	public double[] voxelSize() { return voxelSize.clone(); }

	/** The share of voxels with a label other than 0. */
	public double foregroundFraction() {
		byte[] data = data();
		long count = 0;
		for (byte b : data)
			if (b != 0) count++;
		return count / (double) data.length;
	}

	/** The label values present: bit v is set when a voxel holds v. */
	public BitSet presentValues() {
		BitSet present = new BitSet(256);
		for (byte b : data()) present.set(b & 0xff);
		return present;
	}

	/** Largest label value present. */
	public int maxLabel() {
		int max = 0;
		for (byte b : data()) max = Math.max(max, b & 0xff);
		return max;
	}

	/** Throws when this label volume does not match the image voxel for voxel. */
	public void requireSameSize(Volume image) {
		if (!Arrays.equals(dims(), image.dims()))
			throw new IllegalArgumentException("image/label size mismatch for " + image.name() + ": image "
				+ Arrays.toString(image.dims()) + " vs label " + name + " " + Arrays.toString(dims()));
	}

	/** Throws when a label is not in 0..numClasses-1. */
	public void requireClassesBelow(int numClasses) {
		int max = maxLabel();
		if (max >= numClasses)
			throw new IllegalArgumentException(name + ": label value " + max + " exceeds the class count "
				+ numClasses + " (labels must be 0.." + (numClasses - 1) + ")");
	}
}
