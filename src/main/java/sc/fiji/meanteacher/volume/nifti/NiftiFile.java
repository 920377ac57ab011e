package sc.fiji.meanteacher.volume.nifti;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes single-file NIfTI-1 and NIfTI-2 volumes, {@code .nii} or gzip-compressed
 * {@code .nii.gz} (by the file name): the data types of {@link NiftiDataType}, either byte order on
 * reading (told by {@code sizeof_hdr}), little-endian on writing. Voxel (i, j, k) is (x, y, z), i
 * fastest. A file read holds one 3-D volume: {@code dim[4..7]} must be 1, so a 4-D file of one
 * volume reads and a series does not.
 * <p>
 * Written here because no library fits: Bio-Formats' NIfTI reader is published to OME's
 * Artifactory, not Maven Central (as Bio-Formats' documentation says), and reads only; SCIFIO has no
 * NIfTI format; niftijio (Ryan Cabeen's) is not on Maven Central and not maintained; zorbage-nifti
 * is on Central but reads into zorbage's own data structures and does not write. The format needs
 * a few hundred lines.
 */
public final class NiftiFile {

	/** Voxels decoded per read, so that the file's bytes are never held whole beside the values. */
	private static final int CHUNK_VOXELS = 1 << 16;

	private NiftiFile() {}

	/** Whether a file of this name is gzip-compressed NIfTI ({@code .nii.gz}, any case). */
	public static boolean isCompressed(Path file) {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
	}

	/**
	 * Reads the file's header and its one volume, scaled.
	 *
	 * @throws IllegalArgumentException in one line naming the file and the field or problem: not
	 *           NIfTI, a {@code .gz} that is not gzip, an unsupported data type, more than one
	 *           volume, {@code vox_offset} past the end, a truncated data block
	 */
	public static NiftiImage read(Path file) {
		Path absolute = file.toAbsolutePath();
		try (InputStream in = open(absolute)) {
			HeaderRead read = readHeader(in, absolute);
			return new NiftiImage(read.header(), readValues(in, read, absolute));
		}
		catch (ZipException e) {
			throw new IllegalArgumentException(absolute + ": the gzip data are corrupt (" + e.getMessage() + ")", e);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(absolute + ": cannot be read (" + describe(e) + ")", e);
		}
	}

	private static InputStream open(Path file) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_VOXELS);
		if (!isCompressed(file)) return in;
		try {
			return new BufferedInputStream(new GZIPInputStream(in, CHUNK_VOXELS), CHUNK_VOXELS);
		}
		catch (ZipException | EOFException e) {
			in.close();
			throw new IllegalArgumentException(file + ": is not gzip-compressed, as a name ending in .gz says", e);
		}
	}

	/** A header and the byte order of its file. */
	private record HeaderRead(NiftiHeader header, ByteOrder order) {}

	/** The header, in its byte order; the stream is left where the data begin ({@code vox_offset}). */
	private static HeaderRead readHeader(InputStream in, Path file) throws IOException {
		byte[] start = new byte[4];
		int got = readFully(in, start, 0, 4);
		if (got < 4) throw new IllegalArgumentException(file + ": is not a NIfTI file: it ends after " + got + " bytes");
		ByteBuffer first = ByteBuffer.wrap(start);
		ByteOrder order = ByteOrder.LITTLE_ENDIAN;
		NiftiLayout layout = NiftiLayout.ofSize(first.order(order).getInt(0));
		if (layout == null) {
			order = ByteOrder.BIG_ENDIAN;
			layout = NiftiLayout.ofSize(first.order(order).getInt(0));
		}
		if (layout == null)
			throw new IllegalArgumentException(file + ": is not a NIfTI file: sizeof_hdr is " + first.order(ByteOrder.LITTLE_ENDIAN).getInt(0)
				+ ", neither 348 (NIfTI-1) nor 540 (NIfTI-2) in either byte order");
		byte[] bytes = Arrays.copyOf(start, layout.size());
		got = 4 + readFully(in, bytes, 4, bytes.length - 4);
		if (got < bytes.length)
			throw new IllegalArgumentException(file + ": the header is truncated: " + got + " of " + bytes.length + " bytes");
		ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
		if (!layout.hasMagic(b))
			throw new IllegalArgumentException(file + ": magic is '" + layout.describeMagic(b) + "', not that of a single-file "
				+ (layout == NiftiLayout.NIFTI_1 ? "NIfTI-1 ('n+1'; a .hdr/.img pair or an Analyze file is not read)" : "NIfTI-2 ('n+2')"));
		NiftiHeader header = parse(layout, b, file);
		int extra = header.firstExtraDimension();
		if (extra == 4)
			throw new IllegalArgumentException(file + ": dim[4] = " + header.dim(4) + ": a series of " + header.dim(4)
				+ " volumes; one 3-D volume is needed (dim[4] = 1)");
		if (extra != 0)
			throw new IllegalArgumentException(file + ": dim[" + extra + "] = " + header.dim(extra) + ": " + header.dim(extra)
				+ " values per voxel; one is needed");
		skipToData(in, layout, b, file);
		return new HeaderRead(header, order);
	}

	private static NiftiHeader parse(NiftiLayout layout, ByteBuffer b, Path file) {
		try {
			NiftiDataType type = NiftiDataType.of((int) layout.datatype.integer(b, 0));
			long bitpix = layout.bitpix.integer(b, 0);
			if (bitpix != type.bytes() * 8L)
				throw new IllegalArgumentException("bitpix = " + bitpix + " does not match datatype " + type.code() + " ("
					+ type.label() + ", " + type.bytes() * 8 + " bits)");
			long[] dim = new long[8];
			for (int i = 0; i < 8; i++) dim[i] = layout.dim.integer(b, i);
			double[] pixdim = new double[7];
			for (int i = 1; i < 8; i++) pixdim[i - 1] = layout.pixdim.number(b, i);
			double qfac = layout.pixdim.number(b, 0);
			NiftiLayout.Field q = layout.quaternB, s = layout.srowX;
			NiftiOrientation orientation = new NiftiOrientation((int) layout.qformCode.integer(b, 0), q.number(b, 0), q.number(b, 1),
				q.number(b, 2), q.number(b, 3), q.number(b, 4), q.number(b, 5), qfac, (int) layout.sformCode.integer(b, 0),
				row(s, b, 0), row(s, b, 1), row(s, b, 2));
			return new NiftiHeader(layout, dim, pixdim, (int) layout.xyztUnits.integer(b, 0), orientation, type,
				layout.sclSlope.number(b, 0), layout.sclInter.number(b, 0));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
		}
	}

	private static NiftiOrientation.AffineRow row(NiftiLayout.Field srow, ByteBuffer b, int row) {
		int at = row * 4;
		return new NiftiOrientation.AffineRow(srow.number(b, at), srow.number(b, at + 1), srow.number(b, at + 2), srow.number(b, at + 3));
	}

	/** Skips what lies between the header and {@code vox_offset} (extensions). */
	private static void skipToData(InputStream in, NiftiLayout layout, ByteBuffer b, Path file) throws IOException {
		double voxOffset = layout.voxOffset.number(b, 0);
		if (!(voxOffset >= layout.size()) || voxOffset != Math.rint(voxOffset) || voxOffset > Long.MAX_VALUE / 2)
			throw new IllegalArgumentException(file + ": vox_offset = " + voxOffset + " is not a byte offset past the " + layout.size()
				+ "-byte header");
		long toSkip = (long) voxOffset - layout.size();
		byte[] scratch = new byte[(int) Math.min(toSkip, CHUNK_VOXELS)];
		long skipped = 0;
		while (skipped < toSkip) {
			int got = readFully(in, scratch, 0, (int) Math.min(scratch.length, toSkip - skipped));
			skipped += got;
			if (got == 0) break;
		}
		if (skipped < toSkip)
			throw new IllegalArgumentException(file + ": vox_offset = " + (long) voxOffset + " lies past the end of the "
				+ (isCompressed(file) ? "uncompressed data" : "file") + " (" + (layout.size() + skipped) + " bytes)");
	}

	private static float[] readValues(InputStream in, HeaderRead read, Path file) throws IOException {
		NiftiHeader header = read.header();
		NiftiDataType type = header.dataType();
		int count = (int) (header.volumeDims()[0] * header.volumeDims()[1] * header.volumeDims()[2]);
		float[] values = new float[count];
		byte[] chunk = new byte[CHUNK_VOXELS * type.bytes()];
		ByteBuffer buffer = ByteBuffer.wrap(chunk).order(read.order());
		for (int done = 0; done < count;) {
			int n = Math.min(CHUNK_VOXELS, count - done);
			int got = readFully(in, chunk, 0, n * type.bytes());
			if (got < n * type.bytes())
				throw new IllegalArgumentException(file + ": the data block is truncated: dim[1..3] = "
					+ Arrays.toString(header.volumeDims()) + " of " + type.label() + " needs " + (long) count * type.bytes()
					+ " bytes after vox_offset, the " + (isCompressed(file) ? "uncompressed data hold " : "file holds ")
					+ ((long) done * type.bytes() + got));
			for (int k = 0; k < n; k++) values[done + k] = (float) header.scaled(type.get(buffer, k * type.bytes()));
			done += n;
		}
		return values;
	}

	/**
	 * Writes {@code header} and {@code header.voxelCount()} voxels, {@code voxel.applyAsDouble(i)}
	 * for voxel i in file order, to {@code file}, gzip-compressed when {@code compressed}; little-endian,
	 * the data right after the header ({@code vox_offset} {@link NiftiLayout#dataOffset()}).
	 *
	 * @throws IllegalArgumentException when the header's data type cannot store a voxel's value
	 */
	public static void write(Path file, boolean compressed, NiftiHeader header, IntToDoubleFunction voxel) throws IOException {
		try (OutputStream raw = Files.newOutputStream(file);
			OutputStream out = new BufferedOutputStream(compressed ? new GZIPOutputStream(raw, CHUNK_VOXELS) : raw, CHUNK_VOXELS))
		{
			out.write(encodeHeader(header));
			NiftiDataType type = header.dataType();
			long count = header.voxelCount();
			if (count > Integer.MAX_VALUE) throw new IllegalArgumentException(header + ": more than 2^31 voxels");
			byte[] chunk = new byte[CHUNK_VOXELS * type.bytes()];
			ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
			for (int done = 0; done < count;) {
				int n = (int) Math.min(CHUNK_VOXELS, count - done);
				for (int k = 0; k < n; k++) {
					double value = voxel.applyAsDouble(done + k);
					type.requireStorable(value, done + k);
					type.put(buffer, k * type.bytes(), value);
				}
				out.write(chunk, 0, n * type.bytes());
				done += n;
			}
		}
	}

	/** The header and the 4 zero bytes of the extension flag (no extensions), little-endian. */
	private static byte[] encodeHeader(NiftiHeader header) {
		NiftiLayout layout = header.layout();
		ByteBuffer b = ByteBuffer.allocate(layout.dataOffset()).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, layout.size());
		layout.putMagic(b);
		NiftiDataType type = header.dataType();
		layout.datatype.put(b, 0, type.code());
		layout.bitpix.put(b, 0, type.bytes() * 8);
		for (int i = 0; i < 8; i++) layout.dim.put(b, i, header.dim(i));
		NiftiOrientation o = header.orientation();
		layout.pixdim.put(b, 0, o.qfac());
		for (int i = 1; i < 8; i++) layout.pixdim.put(b, i, header.pixdim(i));
		layout.voxOffset.put(b, 0, layout.dataOffset());
		layout.sclSlope.put(b, 0, header.sclSlope());
		layout.sclInter.put(b, 0, header.sclInter());
		layout.xyztUnits.put(b, 0, header.xyztUnits());
		layout.qformCode.put(b, 0, o.qformCode());
		layout.sformCode.put(b, 0, o.sformCode());
		double[] qform = { o.quaternB(), o.quaternC(), o.quaternD(), o.qoffsetX(), o.qoffsetY(), o.qoffsetZ() };
		for (int i = 0; i < qform.length; i++) layout.quaternB.put(b, i, qform[i]);
		NiftiOrientation.AffineRow[] rows = o.srows();
		for (int r = 0; r < 3; r++) {
			NiftiOrientation.AffineRow row = rows[r];
			double[] values = { row.i(), row.j(), row.k(), row.offset() };
			for (int c = 0; c < 4; c++) layout.srowX.put(b, r * 4 + c, values[c]);
		}
		return b.array();
	}

	/**
	 * Reads up to {@code length} bytes; fewer only at the end of the data. A gzip stream that ends
	 * early is such an end too: the caller reports the data as truncated.
	 */
	private static int readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
		int total = 0;
		try {
			while (total < length) {
				int n = in.read(into, offset + total, length - total);
				if (n < 0) break;
				total += n;
			}
		}
		catch (EOFException e) {
			// GZIPInputStream: "Unexpected end of ZLIB input stream"
		}
		return total;
	}

	private static String describe(IOException e) {
		return e.getMessage() == null || e.getMessage().isBlank() ? "an input/output error" : e.getMessage();
	}
}
