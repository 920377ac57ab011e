package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The image files of a folder (TIFF stacks and NIfTI volumes, {@link ImageFormat}) by base name, as
 * training, segmentation and evaluation pair images with labels: {@code case.nii.gz} and
 * {@code case.tif} are both case {@code case}.
 */
public final class ImageFolder {

	private ImageFolder() {}

	/**
	 * Visible .tif/.tiff/.nii/.nii.gz files keyed by file name without extension, sorted; possibly none.
	 * Hidden files are left out: they include half-written temporaries and macOS "._" resource forks.
	 *
	 * @throws IllegalArgumentException when {@code folder} is not a folder or cannot be listed, or two files share a base name
	 */
	public static Map<String, Path> byBaseName(Path folder) {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder.toAbsolutePath() + ": is not a folder");
		Map<String, Path> byName = new TreeMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String fileName = file.getFileName().toString();
				if (fileName.startsWith(".") || ImageFormat.of(fileName) == null || !Files.isRegularFile(file)) continue;
				String base = ImagePlusVolumes.stripExtension(fileName);
				Path other = byName.put(base, file);
				if (other != null)
					throw new IllegalArgumentException(folder.toAbsolutePath() + ": both " + other.getFileName() + " and " + fileName
						+ " are named " + base);
			}
		}
		catch (IOException e) {
			throw new IllegalArgumentException(folder.toAbsolutePath() + ": cannot list the folder (" + e + ")", e);
		}
		return byName;
	}

	/** As {@link #byBaseName(Path)}, for a folder that must hold images: none is an error. */
	public static Map<String, Path> images(Path folder) {
		Map<String, Path> byName = byBaseName(folder);
		if (byName.isEmpty()) throw new IllegalArgumentException(folder.toAbsolutePath() + ": contains no " + ImageFormat.EXTENSIONS + " images");
		return byName;
	}
}
