package sc.fiji.meanteacher.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.files.OutputPolicy;

/**
 * Named files of a model or checkpoint, stored as a {@code .zip} or as a folder. Writes go to a
 * temporary file beside the target that is renamed into place, so a crash or a full disk never
 * leaves a half-written model under the final name.
 */
public final class ModelArchive {

	private ModelArchive() {}

	/** Writes {@code entries} as a new zip file {@code target}: an existing file is refused ({@link OutputPolicy#newFilesOnly()}). */
	public static void writeZip(Path target, Map<String, byte[]> entries) throws IOException {
		writeZip(target, OutputPolicy.newFilesOnly(), entries);
	}

	/** Writes {@code entries} as a zip to {@code target}, atomically, where {@code policy} allows it. */
	public static void writeZip(Path target, OutputPolicy policy, Map<String, byte[]> entries) throws IOException {
		requireWritableFolder(target);
		AtomicFiles.write(target, policy, tmp -> {
			try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
				for (Map.Entry<String, byte[]> e : entries.entrySet()) {
					zip.putNextEntry(new ZipEntry(e.getKey()));
					zip.write(e.getValue());
					zip.closeEntry();
				}
			}
		});
	}

	/** Writes {@code entries} as files of a folder {@code target}, replacing it as a whole where {@code policy} allows it. */
	public static void writeFolder(Path target, OutputPolicy policy, Map<String, byte[]> entries) throws IOException {
		policy.write(target, () -> replaceFolder(target, entries));
	}

	private static void replaceFolder(Path target, Map<String, byte[]> entries) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		requireWritableFolder(target);
		if (Files.exists(target) && !Files.isDirectory(target))
			throw new IOException("cannot save a model folder as " + target + ": a file of that name exists");
		Path tmp = Files.createTempDirectory(dir, "." + target.getFileName() + "-");
		try {
			for (Map.Entry<String, byte[]> e : entries.entrySet())
				Files.write(tmp.resolve(e.getKey()), e.getValue());
			if (Files.isDirectory(target)) {
				// A folder cannot be replaced atomically: move the old one aside first, delete it last.
				Path old = Files.createTempDirectory(dir, "." + target.getFileName() + "-old-");
				Files.delete(old);
				Files.move(target, old);
				try {
					Files.move(tmp, target);
				}
				catch (IOException e) {
					Files.move(old, target);
					throw e;
				}
				Folders.deleteTree(old);
			}
			else Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			if (Files.exists(tmp)) Folders.deleteTree(tmp);
		}
	}

	/** Fails early, naming the folder, instead of with a bare path from deep inside the write. */
	private static void requireWritableFolder(Path target) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		if (Files.isDirectory(dir) && !Files.isWritable(dir))
			throw new IOException("cannot save " + target + ": folder " + dir + " is not writable");
	}

	/** Reads every entry of a zip file or every regular file of a folder. */
	public static Map<String, byte[]> read(Path source) throws IOException {
		if (!Files.exists(source)) throw new IOException(source + ": no such file or folder");
		Map<String, byte[]> entries = new LinkedHashMap<>();
		if (Files.isDirectory(source)) {
			try (Stream<Path> files = Files.list(source)) {
				for (Path f : (Iterable<Path>) files::iterator)
					if (Files.isRegularFile(f)) entries.put(f.getFileName().toString(), Files.readAllBytes(f));
			}
			return entries;
		}
		try (InputStream in = Files.newInputStream(source)) {
			byte[] magic = in.readNBytes(4);
			if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K')
				throw new IOException(source + ": not a model file (neither a folder nor a zip archive)");
		}
		// ZipFile reads the central directory at the end of the file, so a cut-off download or copy
		// fails here instead of silently yielding the entries before the cut.
		try (ZipFile zip = new ZipFile(source.toFile())) {
			for (ZipEntry e : Collections.list(zip.entries())) {
				if (e.isDirectory()) continue;
				String name = e.getName();
				try (InputStream in = zip.getInputStream(e)) {
					// A zip of the model folder holds "<folder>/model.json": keep the file name only.
					entries.put(name.substring(name.lastIndexOf('/') + 1), in.readAllBytes());
				}
			}
		}
		catch (ZipException | EOFException e) {
			throw new IOException(source + ": truncated or corrupt zip (" + e.getMessage() + ")", e);
		}
		return entries;
	}

}
