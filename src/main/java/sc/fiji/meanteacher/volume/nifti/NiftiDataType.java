package sc.fiji.meanteacher.volume.nifti;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The voxel data types read and written: NIfTI's {@code datatype} code, the bytes per voxel, and
 * how one voxel is decoded from and encoded into a buffer in the file's byte order.
 */
public enum NiftiDataType {

	UINT8(2, 1, 0, 255) {
		@Override
		double get(ByteBuffer buffer, int at) { return buffer.get(at) & 0xff; }

		@Override
		void put(ByteBuffer buffer, int at, double value) { buffer.put(at, (byte) (int) value); }
	},
	INT16(4, 2, Short.MIN_VALUE, Short.MAX_VALUE) {
		@Override
		double get(ByteBuffer buffer, int at) { return buffer.getShort(at); }

		@Override
		void put(ByteBuffer buffer, int at, double value) { buffer.putShort(at, (short) (int) value); }
	},
	UINT16(512, 2, 0, 65535) {
		@Override
		double get(ByteBuffer buffer, int at) { return buffer.getShort(at) & 0xffff; }

		@Override
		void put(ByteBuffer buffer, int at, double value) { buffer.putShort(at, (short) (int) value); }
	},
	INT32(8, 4, Integer.MIN_VALUE, Integer.MAX_VALUE) {
		@Override
		double get(ByteBuffer buffer, int at) { return buffer.getInt(at); }

		@Override
		void put(ByteBuffer buffer, int at, double value) { buffer.putInt(at, (int) value); }
	},
	FLOAT32(16, 4, Double.NaN, Double.NaN) {
		@Override
		double get(ByteBuffer buffer, int at) { return buffer.getFloat(at); }

		@Override
		void put(ByteBuffer buffer, int at, double value) { buffer.putFloat(at, (float) value); }
	},
	FLOAT64(64, 8, Double.NaN, Double.NaN) {
		@Override
		double get(ByteBuffer buffer, int at) { return buffer.getDouble(at); }

		@Override
		void put(ByteBuffer buffer, int at, double value) { buffer.putDouble(at, value); }
	};

	/** The other codes of the NIfTI standard, to name them when a file uses one. */
	private static final Map<Integer, String> UNSUPPORTED = Map.ofEntries(Map.entry(1, "binary"), Map.entry(32, "complex64"),
		Map.entry(128, "RGB24"), Map.entry(256, "int8"), Map.entry(768, "uint32"), Map.entry(1024, "int64"),
		Map.entry(1280, "uint64"), Map.entry(1536, "float128"), Map.entry(1792, "complex128"), Map.entry(2048, "complex256"),
		Map.entry(2304, "RGBA32"));

	private final int code;
	private final int bytes;
	/** The range of an integer type; NaN for the floating-point types, which take any value. */
	private final double min, max;

	NiftiDataType(int code, int bytes, double min, double max) {
		this.code = code;
		this.bytes = bytes;
		this.min = min;
		this.max = max;
	}

	/** NIfTI's {@code datatype} code. */
	public int code() { return code; }

	/** Bytes per voxel ({@code bitpix} / 8). */
	public int bytes() { return bytes; }

	/** The lower-case name NIfTI's documentation gives the type ("int16"). */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The voxel that starts at byte {@code at}. */
	abstract double get(ByteBuffer buffer, int at);

	/** Stores {@code value}, which {@link #requireStorable} accepted, at byte {@code at}. */
	abstract void put(ByteBuffer buffer, int at, double value);

	/** @throws IllegalArgumentException naming the voxel when an integer type cannot hold {@code value} exactly */
	void requireStorable(double value, long voxel) {
		if (Double.isNaN(min)) return;
		if (!(value >= min && value <= max && value == Math.rint(value)))
			throw new IllegalArgumentException("voxel " + voxel + " holds " + value + ", which " + label() + " cannot store ("
				+ "whole numbers " + (long) min + " to " + (long) max + ")");
	}

	/**
	 * The type of a {@code datatype} code.
	 *
	 * @throws IllegalArgumentException naming the code, and the type when NIfTI defines it, when it is not one of these
	 */
	public static NiftiDataType of(int code) {
		for (NiftiDataType type : values())
			if (type.code == code) return type;
		String name = UNSUPPORTED.get(code);
		throw new IllegalArgumentException("datatype " + code + (name == null ? " (not a NIfTI type)" : " (" + name + ")")
			+ " is not supported; one of " + Arrays.stream(values()).map(NiftiDataType::label).toList() + " is needed");
	}
}
