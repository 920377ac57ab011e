package sc.fiji.meanteacher.exchange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * A dense tensor as PyTorch files hold it: element type, shape and the elements in C order
 * (last axis fastest), little-endian. Tensors read from a file are copied into this contiguous
 * form whatever their stride was; all of our own tensors are float32.
 */
public record TorchTensor(DType dtype, long[] shape, byte[] data) {

	/** Element types by their PyTorch storage class ({@code torch.FloatStorage}, ...). */
	public enum DType {
		FLOAT32("FloatStorage", 4), FLOAT64("DoubleStorage", 8), FLOAT16("HalfStorage", 2), BFLOAT16("BFloat16Storage", 2),
		INT64("LongStorage", 8), INT32("IntStorage", 4), INT16("ShortStorage", 2), INT8("CharStorage", 1),
		UINT8("ByteStorage", 1), BOOL("BoolStorage", 1);

		private final String storage;
		private final int bytes;

		DType(String storage, int bytes) {
			this.storage = storage;
			this.bytes = bytes;
		}

		/** The storage class name in module {@code torch}. */
		public String storageClass() { return storage; }

		public int bytes() { return bytes; }

		/** The type of a {@code torch.<name>} storage class, or null if this reader does not know it. */
		public static DType ofStorage(String name) {
			for (DType t : values())
				if (t.storage.equals(name)) return t;
			return null;
		}

		boolean isFloatingPoint() {
			return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
		}
	}

	public TorchTensor {
		long n = numel(shape);
		if (n * dtype.bytes() != data.length)
			throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " and type " + dtype
				+ " needs " + n * dtype.bytes() + " bytes, got " + data.length);
	}

	/** A float32 tensor holding {@code values} (C order) in {@code shape}. */
	public static TorchTensor ofFloats(long[] shape, float[] values) {
		ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		return new TorchTensor(DType.FLOAT32, shape.clone(), b.array());
	}

	/** A 0-dimensional int64 tensor (as batch norm's {@code num_batches_tracked}). */
	public static TorchTensor scalarLong(long value) {
		ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(value);
		return new TorchTensor(DType.INT64, new long[0], b.array());
	}

	public long numel() {
		return numel(shape);
	}

	static long numel(long[] shape) {
		long n = 1;
		for (long s : shape) n *= s;
		return n;
	}

	/** The elements as float32; float64, float16 and bfloat16 are converted, other types refused. */
	public float[] floats() {
		if (!dtype.isFloatingPoint())
			throw new IllegalArgumentException("tensor of type " + dtype.name().toLowerCase(Locale.ROOT) + " holds no floating-point values");
		ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		float[] v = new float[(int) numel()];
		switch (dtype) {
			case FLOAT32 -> b.asFloatBuffer().get(v);
			case FLOAT64 -> {
				for (int i = 0; i < v.length; i++) v[i] = (float) b.getDouble(8 * i);
			}
			case FLOAT16 -> {
				for (int i = 0; i < v.length; i++) v[i] = halfToFloat(b.getShort(2 * i));
			}
			default -> { // bfloat16: the upper half of a float32
				for (int i = 0; i < v.length; i++) v[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
			}
		}
		return v;
	}

	/** IEEE 754 binary16 to float (Float.float16ToFloat arrived only in Java 20). */
	static float halfToFloat(short h) {
		int sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
		if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
		if (exp == 0) {
			float sub = mant * 0x1p-24f; // subnormal (or zero)
			return sign == 0 ? sub : -sub;
		}
		return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
	}

	/** Shape as PyTorch prints it, e.g. {@code (16, 1, 3, 3, 3)}. */
	public String shapeText() {
		return shapeText(shape);
	}

	static String shapeText(long[] shape) {
		StringBuilder s = new StringBuilder("(");
		for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
		return s.append(shape.length == 1 ? ",)" : ")").toString();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TorchTensor t && t.dtype == dtype && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
	}

	@Override
	public String toString() {
		return dtype.name().toLowerCase(Locale.ROOT) + shapeText();
	}
}
