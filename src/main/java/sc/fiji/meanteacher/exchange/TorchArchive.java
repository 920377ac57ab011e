package sc.fiji.meanteacher.exchange;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import sc.fiji.meanteacher.net.WeightIO;

/**
 * The container of every file PyTorch ≥ 1.6 writes, {@code torch.save} checkpoints and TorchScript
 * archives alike: a zip whose records sit in one top folder (the archive name) — {@code data.pkl}
 * (the pickled object), {@code data/<key>} (one record per tensor storage, raw little-endian
 * elements), {@code version}, and for TorchScript {@code code/...} and {@code constants.pkl}.
 * Records are stored uncompressed and their data aligned to 64 bytes, as PyTorch writes them.
 */
final class TorchArchive {

	private static final int ALIGNMENT = 64;
	/** Header id of the padding field PyTorch's writer uses to align record data. */
	private static final int PADDING_HEADER = 0x4246; // "FB"

	private final String prefix;
	private final Map<String, byte[]> records;

	private TorchArchive(String prefix, Map<String, byte[]> records) {
		this.prefix = prefix;
		this.records = records;
	}

	/** The top folder of the records (PyTorch uses the file's base name, or "archive"). */
	String prefix() {
		return prefix;
	}

	/** Record names without the top folder, in file order. */
	Map<String, byte[]> records() {
		return Collections.unmodifiableMap(records);
	}

	boolean has(String name) {
		return records.containsKey(name);
	}

	/** A record, or an {@link IOException} naming the file and the missing record. */
	byte[] record(Path file, String name) throws IOException {
		byte[] b = records.get(name);
		if (b == null) throw new IOException(file + ": record " + prefix + "/" + name + " is missing (truncated or incomplete file)");
		return b;
	}

	/**
	 * Reads a PyTorch zip file. A file of the legacy format (PyTorch before 1.6, or
	 * {@code _use_new_zipfile_serialization=False}), anything else that is not a zip, and a cut-off
	 * zip are {@link IOException}s that say which of these it is.
	 *
	 * @param what what the file should be, for messages ("PyTorch checkpoint", "TorchScript file")
	 */
	static TorchArchive read(Path file, String what) throws IOException {
		if (!Files.exists(file)) throw new IOException(file + ": no such file");
		if (!Files.isRegularFile(file)) throw new IOException(file + ": is a folder, not a " + what);
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(4);
		}
		if (head.length == 0) throw new IOException(file + ": is empty, not a " + what);
		if ((head[0] & 0xff) == 0x80 && head.length > 1 && head[1] <= 5)
			throw new IOException(file + ": is in PyTorch's legacy (non-zip) format, written by PyTorch before 1.6 or with "
				+ "_use_new_zipfile_serialization=False; load it in Python and save it again with torch.save(state_dict, path) "
				+ "(PyTorch 1.6 or newer)");
		if (head.length < 4 || head[0] != 'P' || head[1] != 'K')
			throw new IOException(file + ": is not a " + what + " (PyTorch writes zip archives; this file is not one)");
		Map<String, byte[]> records = new LinkedHashMap<>();
		String prefix = null;
		// ZipFile reads the central directory at the end, so a cut-off file fails here as a whole.
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (ZipEntry e : Collections.list(zip.entries())) {
				if (e.isDirectory()) continue;
				String name = e.getName();
				int slash = name.indexOf('/');
				String top = slash < 0 ? "" : name.substring(0, slash);
				if (prefix == null) prefix = top;
				else if (!prefix.equals(top))
					throw new IOException(file + ": is not a " + what + " (its records lie in several folders: '" + prefix + "' and '"
						+ top + "')");
				try (InputStream in = zip.getInputStream(e)) {
					records.put(name.substring(slash + 1), in.readAllBytes());
				}
			}
		}
		catch (ZipException | EOFException e) {
			throw new IOException(file + ": truncated or corrupt zip archive (" + e.getMessage() + "), not a readable " + what, e);
		}
		if (prefix == null || !records.containsKey("data.pkl"))
			throw new IOException(file + ": is a zip archive without data.pkl, not a " + what);
		return new TorchArchive(prefix, records);
	}

	/** Writes {@code records} (names below the top folder) as a PyTorch zip. */
	static void write(OutputStream target, String prefix, Map<String, byte[]> records) throws IOException {
		CountingStream counted = new CountingStream(target);
		ZipOutputStream zip = new ZipOutputStream(counted);
		for (Map.Entry<String, byte[]> r : records.entrySet()) {
			String name = prefix + "/" + r.getKey();
			byte[] data = r.getValue();
			ZipEntry e = new ZipEntry(name);
			e.setMethod(ZipEntry.STORED);
			e.setSize(data.length);
			e.setCompressedSize(data.length);
			CRC32 crc = new CRC32();
			crc.update(data);
			e.setCrc(crc.getValue());
			// A fixed time: reproducible bytes, hence checksums.
			e.setTimeLocal(WeightIO.ENTRY_TIME);
			// Local header: 30 bytes, the name, the extra field; pad the extra field so the data starts aligned.
			int nameLength = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
			long dataStart = counted.count + 30 + nameLength + 4;
			int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
			byte[] extra = new byte[4 + pad];
			extra[0] = (byte) (PADDING_HEADER & 0xff);
			extra[1] = (byte) (PADDING_HEADER >>> 8);
			extra[2] = (byte) (pad & 0xff);
			extra[3] = (byte) (pad >>> 8);
			e.setExtra(extra);
			zip.putNextEntry(e);
			zip.write(data);
			zip.closeEntry();
		}
		zip.finish();
		zip.flush();
	}

	/** Counts the bytes written through it, to know where the next local header begins. */
	private static final class CountingStream extends FilterOutputStream {
		long count;

		CountingStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
			count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
			count += len;
		}
	}
}
