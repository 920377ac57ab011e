package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder in the LA layout of {@link LaCaseReader} as the commands meet it: recognising one, and
 * naming its cases. The commands also take folders of TIFF stacks and NIfTI volumes, so a folder is LA
 * only when it holds no such image at all.
 */
public final class LaLayout {

	/** Length unit of {@link LaCaseReader#LA_VOXEL_SIZE_MM}, for calibrating written images. */
	public static final String UNIT = "mm";

	private LaLayout() {}

	/**
	 * True when {@code folder} holds no image file ({@link ImageFormat}) and at least one sub-folder holding
	 * {@code mri_norm2.h5}; false for anything else, including a folder that cannot be listed.
	 */
	public static boolean isLaLayout(Path folder) {
		boolean caseFound = false;
		try (Stream<Path> entries = Files.list(folder)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (name.startsWith(".")) continue;
				if (ImageFormat.of(name) != null && Files.isRegularFile(entry)) return false;
				if (!caseFound && Files.isRegularFile(entry.resolve(LaCaseReader.CASE_FILE))) caseFound = true;
			}
		}
		catch (IOException e) {
			return false;
		}
		return caseFound;
	}

	/** True when {@code root/name/mri_norm2.h5} exists. */
	public static boolean hasCase(Path root, String name) {
		return !name.isBlank() && !name.contains("/") && !name.contains("\\")
			&& Files.isRegularFile(root.resolve(name).resolve(LaCaseReader.CASE_FILE));
	}

	/**
	 * The cases of {@code root}: those in {@code cases.list} when the folder has one, else every
	 * sub-folder holding {@code mri_norm2.h5}, sorted by name.
	 *
	 * @throws IllegalArgumentException naming the folder when it names no case
	 */
	public static List<String> caseNames(Path root) {
		if (Files.isRegularFile(root.resolve(LaCaseReader.CASE_LIST))) return LaCaseReader.readCaseList(root);
		List<String> names = new ArrayList<>();
		try (Stream<Path> entries = Files.list(root)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (!name.startsWith(".") && hasCase(root, name)) names.add(name);
			}
		}
		catch (IOException e) {
			throw new IllegalArgumentException(root.toAbsolutePath() + ": cannot list the folder (" + e + ")", e);
		}
		if (names.isEmpty())
			throw new IllegalArgumentException(root.toAbsolutePath() + ": holds no case folder with " + LaCaseReader.CASE_FILE);
		names.sort(null);
		return names;
	}
}
