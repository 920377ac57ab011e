package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFile;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;
import sc.fiji.meanteacher.volume.nifti.NiftiImage;

/**
 * Converts NIfTI files ({@link NiftiFile}) to {@link Volume} and {@link LabelVolume} and writes
 * labels and probabilities on a NIfTI input's grid, with its header. NIfTI voxel (i, j, k) is (x,
 * y, z); the voxel size is {@code pixdim[1..3]} in millimetres; the name is the file name without
 * {@code .nii} or {@code .nii.gz}.
 */
public final class NiftiVolumes {

	/** The length unit of a NIfTI volume's voxel size ({@link NiftiHeader#voxelSizeMm()}). */
	public static final String UNIT = "mm";
	/** The extension of the NIfTI files written: gzip-compressed. */
	public static final String EXTENSION = ".nii.gz";

	private NiftiVolumes() {}

	/**
	 * Reads a NIfTI file.
	 *
	 * @throws IllegalArgumentException in one line naming the file and the problem
	 */
	public static NiftiImage read(Path file) {
		VolumeIO.requireFile(file.toAbsolutePath(), "NIfTI");
		return NiftiFile.read(file);
	}

	/** The intensities of {@code image}, read from {@code file}; see {@link VolumeIO#readImage}. */
	public static Volume toVolume(Path file, NiftiImage image, boolean allow2d) {
		long[] dims = requireDims(file, image.header(), allow2d);
		return Volume.wrap(nameOf(file), image.values(), dims, image.header().voxelSizeMm());
	}

	/** The labels of {@code image}, read from {@code file}: integers 0..255 ({@link LabelValues}). */
	public static LabelVolume toLabelVolume(Path file, NiftiImage image, boolean allow2d) {
		long[] dims = requireDims(file, image.header(), allow2d);
		byte[] labels = LabelValues.toBytes(file.toAbsolutePath().toString(), image.values(), (int) dims[0], (int) dims[1]);
		return LabelVolume.wrap(nameOf(file), labels, dims, image.header().voxelSizeMm());
	}

	private static long[] requireDims(Path file, NiftiHeader header, boolean allow2d) {
		long[] dims = header.volumeDims();
		if (dims[2] == 1 && !allow2d)
			throw new IllegalArgumentException(file.toAbsolutePath() + ": is 2-D (dim[1..3] = " + Arrays.toString(dims) + "), 3-D needed");
		return dims;
	}

	private static String nameOf(Path file) {
		return ImagePlusVolumes.stripExtension(file.getFileName().toString());
	}

	/**
	 * Writes {@code labels} as uint8 with the header of the file they were computed for: the same
	 * dims, pixdim, units, qform and sform ({@link NiftiHeader#forData}), atomically, as {@code policy} allows.
	 *
	 * @throws IllegalArgumentException when the labels are not on that file's grid
	 */
	public static void writeLabels(LabelVolume labels, NiftiHeader source, Path target, OutputPolicy policy) throws IOException {
		requireGrid(labels.dims(), source, labels.name());
		byte[] data = labels.data();
		write(target, policy, source.forData(NiftiDataType.UINT8, 1), i -> data[i] & 0xff);
	}

	/**
	 * Writes {@code volumes} float32 volumes on the grid of {@code source} (one after another along
	 * {@code dim[4]} when more than one), taken from {@code values} from index {@code from} on, x
	 * fastest, atomically.
	 */
	public static void writeFloats(float[] values, int from, int volumes, NiftiHeader source, Path target, OutputPolicy policy)
		throws IOException
	{
		NiftiHeader header = source.forData(NiftiDataType.FLOAT32, volumes);
		if (from + header.voxelCount() > values.length)
			throw new IllegalArgumentException(target + ": " + volumes + " volumes of " + Arrays.toString(source.volumeDims())
				+ " need more than the " + (values.length - from) + " values given");
		write(target, policy, header, i -> values[from + i]);
	}

	private static void requireGrid(long[] dims, NiftiHeader source, String what) {
		if (!Arrays.equals(dims, source.volumeDims()))
			throw new IllegalArgumentException(what + ": " + Arrays.toString(dims) + " voxels, not on the NIfTI grid dim[1..3] = "
				+ Arrays.toString(source.volumeDims()));
	}

	private static void write(Path target, OutputPolicy policy, NiftiHeader header, IntToDoubleFunction voxel) throws IOException {
		boolean compressed = NiftiFile.isCompressed(target);
		AtomicFiles.write(target, policy, temporary -> NiftiFile.write(temporary, compressed, header, voxel));
	}
}
