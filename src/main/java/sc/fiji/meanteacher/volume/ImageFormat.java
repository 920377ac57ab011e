package sc.fiji.meanteacher.volume;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The image file formats of the folders the commands take, told by the file name: TIFF stacks
 * ({@code .tif}, {@code .tiff}) and NIfTI ({@code .nii}, {@code .nii.gz}), any case. The one list
 * of image file names; the LA layout's HDF5 cases are recognised by their folder instead.
 */
public enum ImageFormat {

	TIFF("(?i).+\\.tiff?"), NIFTI("(?i).+\\.nii(\\.gz)?");

	/** The extensions, for messages. */
	public static final String EXTENSIONS = ".tif/.tiff/.nii/.nii.gz";

	private final Pattern fileName;

	ImageFormat(String fileName) {
		this.fileName = Pattern.compile(fileName);
	}

	/** The format of a file of this name, or null when it is none of them. */
	public static ImageFormat of(String fileName) {
		for (ImageFormat format : values())
			if (format.fileName.matcher(fileName).matches()) return format;
		return null;
	}

	/** The format of {@code file} by its name, or null. */
	public static ImageFormat of(Path file) {
		return of(file.getFileName().toString());
	}
}
