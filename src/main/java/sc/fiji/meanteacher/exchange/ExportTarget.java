package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.OutputPolicy;

/**
 * Where an export goes: checked before any work is done (an existing file is replaced only as the
 * {@link OutputPolicy} allows, the exported model never; a folder or a non-writable folder is
 * refused), then written to a temporary file beside it and renamed, so that an export that fails
 * half-way leaves nothing behind.
 */
final class ExportTarget {

	private ExportTarget() {}

	/**
	 * @param extension the file ending the format needs, e.g. ".pth"
	 * @throws IOException naming the file or folder when the target cannot be written
	 */
	static void check(Path target, String extension, OutputPolicy policy) throws IOException {
		if (target == null) throw new IOException("no file to export to");
		String name = target.getFileName().toString();
		if (!name.toLowerCase(Locale.ROOT).endsWith(extension))
			throw new IOException(target + ": the file name must end in " + extension);
		if (Files.isDirectory(target)) throw new IOException(target + ": is a folder; give a file name ending in " + extension);
		policy.requireWritable(target);
		Path dir = target.toAbsolutePath().getParent();
		Path existing = dir;
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null || !Files.isDirectory(existing))
			throw new IOException(target + ": cannot create folder " + dir);
		if (!Files.isWritable(existing)) throw new IOException(target + ": folder " + existing + " is not writable");
	}

	/** Writes {@code content} to {@code target} atomically (temporary file, then rename). */
	static void write(Path target, OutputPolicy policy, byte[] content) throws IOException {
		AtomicFiles.write(target, policy, content);
	}
}
