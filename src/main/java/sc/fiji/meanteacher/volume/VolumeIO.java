package sc.fiji.meanteacher.volume;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.IoMessages;
import sc.fiji.meanteacher.files.OutputPolicy;

/**
 * Reads volumes from TIFF stacks (with ImageJ 1.x) and NIfTI files ({@link NiftiVolumes}), the format
 * told by the file name ({@link ImageFormat}), and writes TIFF stacks. Voxel size travels in the
 * TIFF's ImageJ calibration and in NIfTI's pixdim; the volume name is the file name without its
 * extension. The LA HDF5 layout is read by {@link LaCaseReader}.
 */
public final class VolumeIO {

	private VolumeIO() {}

	/**
	 * Reads an 8/16/32-bit grayscale TIFF stack, or a NIfTI volume, as float intensities.
	 *
	 * @param allow2d whether a single-slice image is acceptable (see {@link ImagePlusVolumes#toVolume})
	 * @throws IllegalArgumentException naming the file when it is missing, not a TIFF or NIfTI file
	 *           or not a single-channel grayscale volume
	 */
	public static Volume readImage(Path file, boolean allow2d) {
		if (ImageFormat.of(file) == ImageFormat.NIFTI) return NiftiVolumes.toVolume(file, NiftiVolumes.read(file), allow2d);
		return ImagePlusVolumes.toVolume(openTiff(file), allow2d);
	}

	/** Reads a TIFF stack or NIfTI volume of integer labels 0..255; see {@link ImagePlusVolumes#toLabelVolume}. */
	public static LabelVolume readLabels(Path file, boolean allow2d) {
		if (ImageFormat.of(file) == ImageFormat.NIFTI) return NiftiVolumes.toLabelVolume(file, NiftiVolumes.read(file), allow2d);
		return ImagePlusVolumes.toLabelVolume(openTiff(file), allow2d);
	}

	/**
	 * A training case from its TIFF stacks or NIfTI files: the image (3-D), its labels when
	 * {@code labelFile} is not null, and the length unit (a TIFF's calibration; NIfTI's voxel size
	 * is read in millimetres).
	 *
	 * @throws IllegalArgumentException naming both files when the labels' size differs from the image's
	 */
	public static Case readCase(String name, Path imageFile, Path labelFile) {
		LabelVolume label = labelFile == null ? null : readLabels(labelFile, false);
		boolean nifti = ImageFormat.of(imageFile) == ImageFormat.NIFTI;
		ImagePlus imp = nifti ? null : openTiff(imageFile);
		Volume image = nifti ? readImage(imageFile, false) : ImagePlusVolumes.toVolume(imp, false);
		if (label != null) requireSameGrid(name, imageFile, image, labelFile, label);
		return new Case(name, image, label, nifti ? NiftiVolumes.UNIT : ImagePlusVolumes.lengthUnit(imp));
	}

	/** Names both files when a label file's size differs from its image file's. */
	private static void requireSameGrid(String name, Path imageFile, Volume image, Path labelFile, LabelVolume label) {
		if (Arrays.equals(image.dims(), label.dims())) return;
		throw new IllegalArgumentException(labelFile.toAbsolutePath() + ": size mismatch for " + name + ": the labels are "
			+ Arrays.toString(label.dims()) + " voxels (x, y, z; NIfTI's dim[1..3]), the image " + imageFile.toAbsolutePath()
			+ " is " + Arrays.toString(image.dims()));
	}

	/**
	 * Opens a TIFF with ImageJ, titled with its file name.
	 *
	 * @throws IllegalArgumentException naming the file when it is missing or not a readable TIFF
	 */
	public static ImagePlus openTiff(Path file) {
		Path absolute = file.toAbsolutePath();
		requireFile(absolute, "TIFF");
		String folder = absolute.getParent() + File.separator;
		String name = absolute.getFileName().toString();
		// Decode the header ourselves first: ImageJ's Opener reports a broken file in a dialog
		// and returns null, whereas we want an exception that says what was wrong.
		FileInfo[] info;
		try {
			info = new TiffDecoder(folder, name).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalArgumentException(absolute + ": cannot be read as a TIFF ("
				+ (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
		}
		if (info == null || info.length == 0)
			throw new IllegalArgumentException(absolute + ": is not a TIFF file");
		requireComplete(info, absolute);
		ImagePlus imp;
		try {
			imp = new Opener().openTiff(folder, name);
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException(absolute + ": ImageJ could not decode this TIFF (" + e + ")", e);
		}
		if (imp == null)
			throw new IllegalArgumentException(absolute + ": ImageJ could not decode this TIFF");
		return imp;
	}

	/**
	 * @param kind the format expected, for messages ("TIFF")
	 * @throws IllegalArgumentException naming the file when it is a folder, missing or empty
	 */
	static void requireFile(Path absolute, String kind) {
		if (Files.isDirectory(absolute))
			throw new IllegalArgumentException(absolute + ": is a folder, not a " + kind + " file");
		if (!Files.isRegularFile(absolute))
			throw new IllegalArgumentException(absolute + ": no such file");
		if (sizeOf(absolute) == 0)
			throw new IllegalArgumentException(absolute + ": is empty (0 bytes), not a " + kind + " file");
	}

	/**
	 * ImageJ fills the missing part of a truncated TIFF with zeros and only logs it; training on such
	 * a volume would silently learn from blank slices, so a file too short for its pixel data fails.
	 */
	private static void requireComplete(FileInfo[] info, Path file) {
		long size = sizeOf(file);
		for (FileInfo fi : info) {
			long end = 0;
			// Packed 1- and 12-bit pixels do not take whole bytes; those formats are left unchecked.
			boolean packed = fi.fileType == FileInfo.BITMAP || fi.fileType == FileInfo.GRAY12_UNSIGNED;
			if (fi.compression <= FileInfo.COMPRESSION_NONE && !packed) {
				long bytesPerImage = (long) fi.width * fi.height * fi.getBytesPerPixel();
				end = fi.getOffset() + fi.nImages * bytesPerImage + (fi.nImages - 1L) * fi.gapBetweenImages;
			}
			else if (fi.stripOffsets != null && fi.stripLengths != null) {
				for (int i = 0; i < Math.min(fi.stripOffsets.length, fi.stripLengths.length); i++)
					end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) + fi.stripLengths[i]);
			}
			if (end > size)
				throw new IllegalArgumentException(file + ": is truncated: its pixel data needs " + end + " bytes, the file has "
					+ size);
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(file + ": cannot be read (" + IoMessages.describe(e) + ")", e);
		}
	}

	/** Writes a 32-bit TIFF stack without a length unit; see {@link #writeTiff(ImagePlus, Path)}. */
	public static void writeTiff(Volume volume, Path file) throws IOException {
		writeTiff(ImagePlusVolumes.toImagePlus(volume), file);
	}

	/** Writes an 8-bit TIFF stack of the labels; see {@link #writeTiff(ImagePlus, Path)}. */
	public static void writeTiff(LabelVolume labels, Path file) throws IOException {
		writeTiff(ImagePlusVolumes.toImagePlus(labels), file);
	}

	/** Writes {@code imp} as a new TIFF file: an existing one is refused ({@link OutputPolicy#newFilesOnly()}). */
	public static void writeTiff(ImagePlus imp, Path file) throws IOException {
		writeTiff(imp, file, OutputPolicy.newFilesOnly());
	}

	/**
	 * Writes {@code imp} as an ImageJ TIFF, atomically (see {@link AtomicFiles}), where {@code policy}
	 * allows it. The image is encoded in memory, which limits it to 2 GB.
	 */
	public static void writeTiff(ImagePlus imp, Path file, OutputPolicy policy) throws IOException {
		policy.requireWritable(file);
		byte[] tiff = new FileSaver(imp).serialize();
		if (tiff == null)
			throw new IOException(file.toAbsolutePath() + ": ImageJ could not encode " + imp.getTitle() + " as TIFF");
		AtomicFiles.write(file, policy, tiff);
	}
}
