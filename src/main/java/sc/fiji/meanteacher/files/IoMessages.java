package sc.fiji.meanteacher.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * I/O failures as sentences. Java's file exceptions often carry only a path as their message
 * ("/etc/passwd" for "that is a file, not a folder") or none at all; users need the path and
 * what went wrong with it.
 */
public final class IoMessages {

	private IoMessages() {}

	/** "{@code <file>}: {@code <what is wrong>}" for a file-system exception, else the message or the exception's kind. */
	public static String describe(IOException e) {
		if (e instanceof FileSystemException fse) {
			String reason = fse.getReason() != null ? fse.getReason() : kindOf(fse);
			String other = fse.getOtherFile() == null ? "" : " (and " + fse.getOtherFile() + ")";
			return (fse.getFile() == null ? "" : fse.getFile() + other + ": ") + reason;
		}
		if (e.getMessage() != null && !e.getMessage().isBlank()) return e.getMessage();
		return e.getClass().getSimpleName();
	}

	private static String kindOf(FileSystemException e) {
		if (e instanceof NoSuchFileException) return "does not exist";
		if (e instanceof FileAlreadyExistsException) return "already exists";
		if (e instanceof AccessDeniedException) return "permission denied";
		if (e instanceof NotDirectoryException) return "is not a folder";
		if (e instanceof DirectoryNotEmptyException) return "is a folder that is not empty";
		return e.getClass().getSimpleName();
	}

	/** "12.3 MB free" on the file system of {@code path} (or of its nearest existing parent), or "" when unknown. */
	public static String freeSpace(Path path) {
		Path p = path.toAbsolutePath();
		while (p != null && !Files.exists(p)) p = p.getParent();
		if (p == null) return "";
		try {
			return String.format(Locale.ROOT, "%.1f MB free", Files.getFileStore(p).getUsableSpace() / 1e6);
		}
		catch (IOException e) {
			return "";
		}
	}
}
