package sc.fiji.meanteacher.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import sc.fiji.meanteacher.volume.Folders;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;

/** The TIFF stacks of a folder by base name, as batch segmentation and evaluation pair them. */
final class TiffFolder {

	private TiffFolder() {}

	/**
	 * Visible .tif/.tiff files, keyed by name without extension, sorted.
	 *
	 * @throws IllegalArgumentException when the folder cannot be listed, holds no TIFF, or two files share a base name
	 */
	static Map<String, Path> list(Path folder) {
		Map<String, Path> byName = new TreeMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String fileName = file.getFileName().toString();
				// Hidden files include our own half-written temporaries.
				if (fileName.startsWith(".") || !fileName.matches("(?i).+\\.tiff?") || !Files.isRegularFile(file)) continue;
				Path other = byName.put(ImagePlusVolumes.stripExtension(fileName), file);
				if (other != null)
					throw new IllegalArgumentException(folder.toAbsolutePath() + ": both " + other.getFileName() + " and " + fileName
						+ " have the same name");
			}
		}
		catch (IOException e) {
			throw new IllegalArgumentException(folder.toAbsolutePath() + ": cannot list the folder (" + e + ")", e);
		}
		if (byName.isEmpty()) throw new IllegalArgumentException(folder.toAbsolutePath() + ": contains no .tif/.tiff images");
		return byName;
	}

	/** Creates {@code folder} if needed and checks that files can be written into it. */
	static Path writable(String name, Path folder) {
		return Folders.writable(name + " folder", folder);
	}
}
