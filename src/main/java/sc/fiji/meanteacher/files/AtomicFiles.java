package sc.fiji.meanteacher.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: the content goes to a hidden temporary file in the target's folder, which is
 * then renamed over the target in one step. Which existing file a write may replace is the
 * {@link OutputPolicy}'s to say.
 */
public final class AtomicFiles {

	/** Writes the complete content to the temporary path it is given. */
	@FunctionalInterface
	public interface ContentWriter {
		void writeTo(Path temporary) throws IOException;
	}

	/** Names of the temporaries {@link #write} makes: {@code .<target name>.<hex>.tmp}; group 1 is the target's name. */
	private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.[0-9a-f]{1,16}\\.tmp");

	private AtomicFiles() {}

	/** Writes {@code content} to {@code target} as {@link #write(Path, OutputPolicy, ContentWriter)} does. */
	public static void write(Path target, OutputPolicy policy, byte[] content) throws IOException {
		write(target, policy, tmp -> Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
	}

	/**
	 * Lets {@code writer} fill a temporary file beside {@code target}, then renames it to
	 * {@code target}, replacing an existing file where {@code policy} allows it (and refusing, in one
	 * line, before anything is written where it does not). Missing parent folders are created. The
	 * temporary file is removed when anything fails, and the exception names the target and the
	 * problem.
	 */
	public static void write(Path target, OutputPolicy policy, ContentWriter writer) throws IOException {
		policy.write(target, () -> replace(target, writer));
	}

	private static void replace(Path target, ContentWriter writer) throws IOException {
		Path absolute = target.toAbsolutePath();
		Path folder = absolute.getParent();
		if (Files.isDirectory(absolute)) throw new IOException("cannot write " + absolute + ": a folder of that name exists");
		try {
			Folders.writable("folder", folder);
		}
		catch (IllegalArgumentException e) {
			throw new IOException("cannot write " + absolute + ": " + e.getMessage(), e);
		}
		// Same folder as the target: a rename within one file system is atomic.
		Path temporary = folder.resolve("." + absolute.getFileName() + "."
			+ Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
		try {
			writer.writeTo(temporary);
			Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			throw new IOException("cannot write " + absolute + ": the file system cannot rename atomically", e);
		}
		catch (IOException e) {
			String free = IoMessages.freeSpace(folder);
			throw new IOException("cannot write " + absolute + ": " + IoMessages.describe(e) + (free.isEmpty() ? "" : " (" + free + ")"),
				e);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Deletes the temporaries that {@link #write} leaves in {@code folder} when its process is
	 * killed mid-write (a checkpoint's may be 100 MB); other files are untouched.
	 *
	 * @return the files deleted
	 */
	public static List<Path> removeLeftovers(Path folder) throws IOException {
		return removeLeftovers(folder, target -> true);
	}

	/**
	 * As {@link #removeLeftovers(Path)}, but only the temporaries of targets whose file name
	 * {@code ofTarget} accepts: where other processes write into the same folder at the same time,
	 * their temporaries are saves in progress, not leftovers.
	 *
	 * @return the files deleted
	 */
	public static List<Path> removeLeftovers(Path folder, Predicate<String> ofTarget) throws IOException {
		if (!Files.isDirectory(folder)) return List.of();
		List<Path> leftovers;
		try (Stream<Path> files = Files.list(folder)) {
			leftovers = files.filter(f -> {
				Matcher m = TEMPORARY.matcher(f.getFileName().toString());
				return m.matches() && ofTarget.test(m.group(1)) && Files.isRegularFile(f);
			}).toList();
		}
		for (Path f : leftovers) Files.deleteIfExists(f);
		return leftovers;
	}
}
