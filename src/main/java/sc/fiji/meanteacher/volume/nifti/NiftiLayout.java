package sc.fiji.meanteacher.volume.nifti;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where NIfTI-1 and NIfTI-2 keep the header fields this plugin reads and writes, and in which
 * width: NIfTI-2 has the fields of NIfTI-1 in another order, its integers in 64 bits and its real
 * numbers in double precision.
 */
public enum NiftiLayout {

	NIFTI_1(348, 344, "n+1\0", new Field("datatype", 70, 2, false), new Field("bitpix", 72, 2, false),
		new Field("dim", 40, 2, false), new Field("pixdim", 76, 4, true), new Field("vox_offset", 108, 4, true),
		new Field("scl_slope", 112, 4, true), new Field("scl_inter", 116, 4, true), new Field("xyzt_units", 123, 1, false),
		new Field("qform_code", 252, 2, false), new Field("sform_code", 254, 2, false), new Field("quatern_b", 256, 4, true),
		new Field("srow_x", 280, 4, true)),
	NIFTI_2(540, 4, "n+2\0\r\n\u001a\n", new Field("datatype", 12, 2, false), new Field("bitpix", 14, 2, false),
		new Field("dim", 16, 8, false), new Field("pixdim", 104, 8, true), new Field("vox_offset", 168, 8, false),
		new Field("scl_slope", 176, 8, true), new Field("scl_inter", 184, 8, true), new Field("xyzt_units", 500, 4, false),
		new Field("qform_code", 344, 4, false), new Field("sform_code", 348, 4, false), new Field("quatern_b", 352, 8, true),
		new Field("srow_x", 400, 8, true));

	/**
	 * One header field, or the first of an array of fields (dim[0..7], or quatern_b, quatern_c,
	 * quatern_d, qoffset_x, qoffset_y, qoffset_z, which follow one another, as do srow_x, srow_y and
	 * srow_z).
	 */
	record Field(String name, int offset, int width, boolean real) {

		/** Element {@code index} as a number, whatever its width. */
		double number(ByteBuffer header, int index) {
			int at = offset + index * width;
			if (real) return width == 4 ? header.getFloat(at) : header.getDouble(at);
			return integer(header, index);
		}

		long integer(ByteBuffer header, int index) {
			int at = offset + index * width;
			return switch (width) {
				case 1 -> header.get(at) & 0xff;
				case 2 -> header.getShort(at);
				case 4 -> header.getInt(at);
				default -> header.getLong(at);
			};
		}

		/** Stores {@code value}, in single precision where the field is a float. */
		void put(ByteBuffer header, int index, double value) {
			int at = offset + index * width;
			if (real) {
				if (width == 4) header.putFloat(at, (float) value);
				else header.putDouble(at, value);
				return;
			}
			long whole = (long) value;
			switch (width) {
				case 1 -> header.put(at, (byte) whole);
				case 2 -> header.putShort(at, (short) whole);
				case 4 -> header.putInt(at, (int) whole);
				default -> header.putLong(at, whole);
			}
		}

		/** "dim[4]" for messages. */
		String name(int index) {
			return name + "[" + index + "]";
		}
	}

	private final int size;
	private final int magicOffset;
	private final byte[] magic;
	final Field datatype, bitpix, dim, pixdim, voxOffset, sclSlope, sclInter, xyztUnits, qformCode, sformCode, quaternB, srowX;

	NiftiLayout(int size, int magicOffset, String magic, Field datatype, Field bitpix, Field dim, Field pixdim, Field voxOffset,
		Field sclSlope, Field sclInter, Field xyztUnits, Field qformCode, Field sformCode, Field quaternB, Field srowX)
	{
		this.size = size;
		this.magicOffset = magicOffset;
		this.magic = magic.getBytes(StandardCharsets.ISO_8859_1);
		this.datatype = datatype;
		this.bitpix = bitpix;
		this.dim = dim;
		this.pixdim = pixdim;
		this.voxOffset = voxOffset;
		this.sclSlope = sclSlope;
		this.sclInter = sclInter;
		this.xyztUnits = xyztUnits;
		this.qformCode = qformCode;
		this.sformCode = sformCode;
		this.quaternB = quaternB;
		this.srowX = srowX;
	}

	/** {@code sizeof_hdr}: the header's bytes. */
	public int size() { return size; }

	/** Where the data of a single file begin when nothing lies between: the header and the 4 bytes of NIfTI's extension flag. */
	public int dataOffset() { return size + 4; }

	/** The layout whose {@code sizeof_hdr} is {@code sizeofHdr}, or null. */
	static NiftiLayout ofSize(int sizeofHdr) {
		for (NiftiLayout layout : values())
			if (layout.size == sizeofHdr) return layout;
		return null;
	}

	/** Whether the header holds this layout's magic of a single-file NIfTI ("n+1"; NIfTI-2's with its line-ending check). */
	boolean hasMagic(ByteBuffer header) {
		byte[] found = magicOf(header);
		return Arrays.equals(found, magic);
	}

	/** The magic bytes as found, printable characters kept and others as \xNN, for messages. */
	String describeMagic(ByteBuffer header) {
		StringBuilder text = new StringBuilder();
		for (byte b : magicOf(header)) {
			if (b >= 0x20 && b < 0x7f) text.append((char) b);
			else text.append(String.format(Locale.ROOT, "\\x%02x", b & 0xff));
		}
		return text.toString();
	}

	void putMagic(ByteBuffer header) {
		header.put(magicOffset, magic);
	}

	private byte[] magicOf(ByteBuffer header) {
		byte[] found = new byte[magic.length];
		header.get(magicOffset, found);
		return found;
	}
}
