package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: the content goes to a hidden temporary file in the target's folder, which is
 * then renamed over the target in one step.
 */
public final class AtomicFiles {

	/** Writes the complete content to the temporary path it is given. */
	@FunctionalInterface
	public interface ContentWriter {
		void writeTo(Path temporary) throws IOException;
	}

	private AtomicFiles() {}

	public static void write(Path target, byte[] content) throws IOException {
		write(target, tmp -> Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
	}

	/**
	 * Lets {@code writer} fill a temporary file beside {@code target}, then renames it to
	 * {@code target}, replacing an existing file. Missing parent folders are created. The temporary
	 * file is removed when anything fails.
	 */
	public static void write(Path target, ContentWriter writer) throws IOException {
		Path absolute = target.toAbsolutePath();
		Path folder = absolute.getParent();
		Files.createDirectories(folder);
		// Same folder as the target: a rename within one file system is atomic.
		Path temporary = folder.resolve("." + absolute.getFileName() + "."
			+ Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
		try {
			writer.writeTo(temporary);
			Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			throw new IOException(absolute + ": the file system cannot rename atomically", e);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}
}
