package sc.fiji.meanteacher.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Output folders: checked before anything is written, compared with input folders, removed again when left empty. */
public final class Folders {

	private Folders() {}

	/**
	 * Throws, naming the folder, when {@code folder} could not be created or used as a folder: it is
	 * a file, or lies under one. Creates nothing.
	 *
	 * @param role what the folder is for, to start the message ("output folder")
	 */
	public static void requireCreatable(String role, Path folder) {
		Path absolute = folder.toAbsolutePath();
		if (Files.exists(absolute) && !Files.isDirectory(absolute))
			throw new IllegalArgumentException(role + " " + absolute + " is an existing file, not a folder");
		for (Path p = absolute.getParent(); p != null; p = p.getParent())
			if (Files.exists(p) && !Files.isDirectory(p))
				throw new IllegalArgumentException(role + " " + absolute + " cannot be created: " + p + " is a file, not a folder");
	}

	/**
	 * Creates {@code folder} with its parents if needed and checks that files can be written into it.
	 *
	 * @throws IllegalArgumentException naming the folder when it is a file, lies under a file,
	 *           cannot be created or is not writable
	 */
	public static Path writable(String role, Path folder) {
		requireCreatable(role, folder);
		Path absolute = folder.toAbsolutePath();
		try {
			Files.createDirectories(absolute);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(role + " " + absolute + " cannot be created (" + IoMessages.describe(e) + ")", e);
		}
		if (!Files.isWritable(absolute)) throw new IllegalArgumentException(role + " " + absolute + " is not writable");
		return folder;
	}

	/**
	 * The absolute path with links resolved as far as it exists (a folder not yet created keeps its
	 * remaining names), so that two spellings of one folder compare equal.
	 */
	public static Path canonical(Path path) {
		Path absolute = path.toAbsolutePath().normalize();
		Path existing = absolute;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) return absolute;
		try {
			return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
		}
		catch (IOException e) {
			return absolute;
		}
	}

	/**
	 * Throws unless {@code output} and {@code input} are apart: the same folder, one inside the
	 * other, would let written files replace (or later be read as) inputs.
	 *
	 * @param what the inputs, for the message ("images")
	 */
	public static void requireApart(Path input, Path output, String what) {
		Path in = canonical(input), out = canonical(output);
		String problem = out.equals(in) ? "is the input folder" : out.startsWith(in) ? "is inside the input folder " + in
			: in.startsWith(out) ? "contains the input folder " + in : null;
		if (problem != null)
			throw new IllegalArgumentException("output folder " + out + " " + problem + ": written labels could replace or mix with "
				+ "the " + what + "; choose a folder outside it");
	}

	/** Deletes {@code folder} and its empty subfolders when it holds no file; returns whether it was deleted. */
	public static boolean deleteIfEmpty(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return false;
		try (Stream<Path> walk = Files.walk(folder)) {
			if (walk.anyMatch(p -> !Files.isDirectory(p))) return false;
		}
		try (Stream<Path> walk = Files.walk(folder)) {
			for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) Files.delete(p);
		}
		return true;
	}

	/** Deletes {@code root} and everything below it; nothing happens when it does not exist. */
	public static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator)
				Files.deleteIfExists(p);
		}
	}
}
