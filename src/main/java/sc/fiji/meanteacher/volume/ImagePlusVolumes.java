package sc.fiji.meanteacher.volume;

import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Converts between ImageJ 1.x {@link ImagePlus} stacks and {@link Volume} / {@link LabelVolume}.
 * <p>
 * Only single-channel, single-frame grayscale stacks (8, 16 or 32 bit) are accepted: the networks
 * take one intensity channel, and silently picking one channel or frame of a hyperstack would
 * train on the wrong data. Voxel size maps to the calibration's pixel width, height and depth.
 */
public final class ImagePlusVolumes {

	/** File extensions stripped from an image title to form the volume name. */
	private static final Pattern IMAGE_EXTENSION = Pattern.compile(
		"(\\.ome)?\\.(tiff?|h5|hdf5|nii(\\.gz)?|zip|png|jpe?g|lsm|czi|nd2)$", Pattern.CASE_INSENSITIVE);

	private ImagePlusVolumes() {}

	/**
	 * Reads the intensities of {@code imp} as float32. 8/16-bit values pass through the image's
	 * calibration function when it has one (e.g. signed 16-bit data stored with an offset).
	 *
	 * @param allow2d whether a single-slice image is acceptable (as a volume of depth 1):
	 *          true for segmentation, false for training, which needs 3-D patches
	 */
	public static Volume toVolume(ImagePlus imp, boolean allow2d) {
		requireGrayscaleStack(imp, allow2d);
		float[] cTable = imp.getBitDepth() == 32 ? null : imp.getCalibration().getCTable();
		return Volume.wrap(nameOf(imp), voxels(imp, cTable), dimsOf(imp), voxelSizeOf(imp));
	}

	/**
	 * Reads a label image. The raw pixel values must be integers in 0..255; a float image with a
	 * fraction, a negative value, NaN or a value above 255 is rejected with the offending voxel.
	 */
	public static LabelVolume toLabelVolume(ImagePlus imp, boolean allow2d) {
		requireGrayscaleStack(imp, allow2d);
		byte[] labels = LabelValues.toBytes(imp.getTitle(), voxels(imp, null), imp.getWidth(), imp.getHeight());
		return LabelVolume.wrap(nameOf(imp), labels, dimsOf(imp), voxelSizeOf(imp));
	}

	/** All pixel values of the stack, x fastest, optionally mapped through a calibration table. */
	private static float[] voxels(ImagePlus imp, float[] cTable) {
		ImageStack stack = imp.getStack();
		int plane = imp.getWidth() * imp.getHeight(), nz = stack.getSize();
		float[] data = new float[plane * nz];
		for (int z = 0; z < nz; z++) {
			ImageProcessor ip = stack.getProcessor(z + 1);
			int offset = z * plane;
			for (int i = 0; i < plane; i++)
				data[offset + i] = cTable == null ? ip.getf(i) : cTable[ip.get(i)];
		}
		return data;
	}

	/** A 32-bit stack of the volume, titled with its name, calibrated without a unit. */
	public static ImagePlus toImagePlus(Volume volume) {
		return toImagePlus(volume, null);
	}

	/**
	 * A 32-bit stack of the volume, titled with its name.
	 *
	 * @param unit length unit of the voxel size (e.g. "mm"); null leaves ImageJ's default ("pixel"),
	 *          since {@link Volume} does not record a unit
	 */
	public static ImagePlus toImagePlus(Volume volume, String unit) {
		int nx = volume.nx(), ny = volume.ny(), nz = volume.nz(), plane = nx * ny;
		float[] data = volume.data();
		ImageStack stack = new ImageStack(nx, ny);
		for (int z = 0; z < nz; z++) {
			float[] slice = new float[plane];
			System.arraycopy(data, z * plane, slice, 0, plane);
			stack.addSlice(new FloatProcessor(nx, ny, slice));
		}
		ImagePlus imp = asStack(volume.name(), stack, volume.voxelSize(), unit);
		imp.resetDisplayRange();
		return imp;
	}

	/** An 8-bit stack of the labels, without a unit; see {@link #toImagePlus(LabelVolume, String)}. */
	public static ImagePlus toImagePlus(LabelVolume labels) {
		return toImagePlus(labels, null);
	}

	/** An 8-bit stack of the labels with the volume's calibration, displayed 0..max label. */
	public static ImagePlus toImagePlus(LabelVolume labels, String unit) {
		int nx = labels.nx(), ny = labels.ny(), nz = labels.nz(), plane = nx * ny;
		byte[] data = labels.data();
		ImageStack stack = new ImageStack(nx, ny);
		for (int z = 0; z < nz; z++) {
			byte[] slice = new byte[plane];
			System.arraycopy(data, z * plane, slice, 0, plane);
			stack.addSlice(new ByteProcessor(nx, ny, slice));
		}
		ImagePlus imp = asStack(labels.name(), stack, labels.voxelSize(), unit);
		// Labels 0/1 would be invisible on a 0..255 display range.
		imp.setDisplayRange(0, Math.max(1, labels.maxLabel()));
		return imp;
	}

	/**
	 * The length unit of a calibration, or null when it names none: ImageJ calls an uncalibrated
	 * image's unit "pixel" (or "pixels"), which is no length.
	 */
	public static String lengthUnit(String calibrationUnit) {
		if (calibrationUnit == null || calibrationUnit.isBlank() || calibrationUnit.startsWith("pixel")) return null;
		return calibrationUnit;
	}

	/** The length unit of {@code imp}'s calibration, or null ({@link #lengthUnit(String)}). */
	public static String lengthUnit(ImagePlus imp) {
		return lengthUnit(imp.getCalibration().getUnit());
	}

	/** The image title without a known image file extension ("case1.tif" → "case1"). */
	public static String nameOf(ImagePlus imp) {
		return stripExtension(imp.getTitle());
	}

	/** Removes a known image file extension; other dots (e.g. "2.5x") are kept. */
	public static String stripExtension(String fileName) {
		return IMAGE_EXTENSION.matcher(fileName).replaceFirst("");
	}

	private static ImagePlus asStack(String title, ImageStack stack, double[] voxelSize, String unit) {
		ImagePlus imp = new ImagePlus(title, stack);
		// Without this a stack could be read back as a time series.
		imp.setDimensions(1, stack.getSize(), 1);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = voxelSize[0];
		cal.pixelHeight = voxelSize[1];
		cal.pixelDepth = voxelSize[2];
		if (unit != null) cal.setUnit(unit);
		return imp;
	}

	private static long[] dimsOf(ImagePlus imp) {
		return new long[] { imp.getWidth(), imp.getHeight(), imp.getStackSize() };
	}

	private static double[] voxelSizeOf(ImagePlus imp) {
		Calibration cal = imp.getCalibration();
		return new double[] { cal.pixelWidth, cal.pixelHeight, cal.pixelDepth };
	}

	private static void requireGrayscaleStack(ImagePlus imp, boolean allow2d) {
		if (imp == null) throw new IllegalArgumentException("no image given");
		String title = imp.getTitle();
		int c = imp.getNChannels(), z = imp.getNSlices(), t = imp.getNFrames();
		String dims = imp.getWidth() + " x " + imp.getHeight() + " pixels, " + c + " channel(s), " + z
			+ " slice(s), " + t + " frame(s)";
		if (imp.getBitDepth() == 24)
			throw new IllegalArgumentException(title + ": needs a 3-D single-channel grayscale image, got an RGB image ("
				+ dims + "); convert it with Image > Type first");
		if (c > 1 || t > 1)
			throw new IllegalArgumentException(title + ": needs a 3-D single-channel image, got " + c
				+ " channels and " + t + " frames (" + dims + ")"
				+ (c == 1 && z == 1 ? "; if the frames are z-slices, swap them in Image > Properties" : ""));
		if (imp.getStackSize() == 1 && !allow2d)
			throw new IllegalArgumentException(title + ": is 2-D, 3-D needed (" + dims + ")");
		Volume.checkDims(title, dimsOf(imp), -1);
	}
}
