package sc.fiji.meanteacher.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Float32 arrays in NumPy's {@code .npy} format 1.0 (what {@code numpy.save} writes and
 * {@code numpy.load} reads; the format of bioimage.io test tensors): C order, little-endian.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	/** A float32 array: its shape and its elements in C order. */
	public record Array(long[] shape, float[] values) {
		public Array {
			if (TorchTensor.numel(shape) != values.length)
				throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
		}
	}

	private Npy() {}

	public static byte[] write(long[] shape, float[] values) {
		new Array(shape, values);
		StringBuilder dims = new StringBuilder();
		for (long s : shape) dims.append(s).append(", ");
		if (shape.length > 1) dims.setLength(dims.length() - 2);
		String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
		// Magic (6) + version (2) + header length (2) + header, padded with spaces and ended by \n to 64 bytes.
		int unpadded = 10 + header.length() + 1;
		int total = (unpadded + 63) / 64 * 64;
		String padded = header + " ".repeat(total - unpadded) + "\n";
		ByteArrayOutputStream out = new ByteArrayOutputStream(total + values.length * 4);
		out.writeBytes(MAGIC);
		out.write(1);
		out.write(0);
		int len = padded.length();
		out.write(len & 0xff);
		out.write(len >>> 8);
		out.writeBytes(padded.getBytes(StandardCharsets.US_ASCII));
		ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		out.writeBytes(b.array());
		return out.toByteArray();
	}

	/** Reads a C-order little-endian float32 or float64 {@code .npy} (versions 1 to 3). */
	public static Array read(byte[] b, String source) throws IOException {
		if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) throw new IOException(source + ": not a .npy file");
		int version = b[6];
		int headerLen, start;
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		if (version == 1) {
			headerLen = bb.getShort(8) & 0xffff;
			start = 10;
		}
		else {
			headerLen = bb.getInt(8);
			start = 12;
		}
		if (start + headerLen > b.length) throw new IOException(source + ": truncated .npy header");
		String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
		Matcher descr = DESCR.matcher(header), order = ORDER.matcher(header), shape = SHAPE.matcher(header);
		if (!descr.find() || !order.find() || !shape.find()) throw new IOException(source + ": unreadable .npy header " + header.trim());
		if (order.group(1).equals("True")) throw new IOException(source + ": Fortran-order arrays are not supported");
		String[] parts = shape.group(1).split(",");
		long[] dims = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
		long n = TorchTensor.numel(dims);
		String type = descr.group(1).toLowerCase(Locale.ROOT);
		int data = start + headerLen;
		int elem = type.equals("<f4") ? 4 : type.equals("<f8") ? 8 : -1;
		if (elem < 0) throw new IOException(source + ": element type " + type + " is not supported (float32 or float64)");
		if (data + n * elem > b.length) throw new IOException(source + ": truncated .npy data");
		float[] v = new float[(int) n];
		for (int i = 0; i < n; i++) v[i] = elem == 4 ? bb.getFloat(data + 4 * i) : (float) bb.getDouble(data + 8 * i);
		return new Array(dims, v);
	}
}
