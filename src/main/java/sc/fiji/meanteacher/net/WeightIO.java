package sc.fiji.meanteacher.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

/**
 * Network weights as named arrays in NumPy's NPZ format (readable with {@code numpy.load}),
 * named by the block's parameter paths (e.g. {@code enc0_conv0_weight}); running statistics
 * included. Loading copies into the existing arrays, so gradients and optimiser bindings survive
 * (DJL's own {@code loadParameters} replaces the arrays and drops their gradients).
 */
public final class WeightIO {

	private WeightIO() {}

	/** All parameters of {@code net} as named views (not copies). */
	public static NDList parameters(Block net) {
		NDList list = new NDList();
		for (Pair<String, Parameter> p : net.getParameters()) {
			NDArray a = p.getValue().getArray();
			a.setName(p.getKey());
			list.add(a);
		}
		return list;
	}

	/**
	 * Copies {@code value} into {@code target} (same shape) in place, with gradients off on this
	 * thread. Not DJL's {@code copyTo}: it goes through {@code NDArray.set(Buffer)}, which libtorch runs
	 * under the deprecated AutoNonVariableTypeMode, printing a warning of "silent wrong result" at
	 * every start; an assignment to {@code target[...]} is libtorch's ordinary in-place copy.
	 */
	public static void assign(NDArray target, NDArray value) {
		JniUtils.setGradMode(false);
		target.set(new NDIndex("..."), value);
	}

	/** Bytes of all parameter arrays of {@code net}: about what its weights file takes. */
	public static long bytes(Block net) {
		long bytes = 0;
		for (Pair<String, Parameter> p : net.getParameters()) {
			NDArray a = p.getValue().getArray();
			bytes += a.size() * a.getDataType().getNumOfBytes();
		}
		return bytes;
	}

	public static void write(Block net, OutputStream out) throws IOException {
		out.write(npz(parameters(net)));
	}

	/**
	 * {@code arrays} as NPZ bytes that depend on the arrays alone: DJL stamps each entry with the
	 * time of writing, so the same weights written a second later would differ in their bytes (and
	 * in the checksum a model package records); here every entry carries one fixed time.
	 */
	public static byte[] npz(NDList arrays) throws IOException {
		ByteArrayOutputStream stamped = new ByteArrayOutputStream();
		arrays.encode(stamped, NDList.Encoding.NPZ);
		ByteArrayOutputStream fixed = new ByteArrayOutputStream(stamped.size());
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(stamped.toByteArray()));
			ZipOutputStream out = new ZipOutputStream(fixed))
		{
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				ZipEntry copy = new ZipEntry(e.getName());
				copy.setTimeLocal(ENTRY_TIME);
				out.putNextEntry(copy);
				in.transferTo(out);
				out.closeEntry();
			}
		}
		return fixed.toByteArray();
	}

	/**
	 * The time every entry of the zips we write for reproducible bytes records (NPZ here, PyTorch
	 * archives in exchange/), in no time zone; not 1980 itself, for which the JDK adds a timestamp field.
	 */
	public static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1981, 1, 1, 0, 0);

	/**
	 * Reads weights written by {@link #write} into {@code net}. Throws with a message naming the
	 * first missing, unexpected or mis-shaped array.
	 */
	public static void read(Block net, NDManager manager, InputStream in, String source) throws IOException {
		NDList saved;
		try {
			saved = NDList.decode(manager, in.readAllBytes());
		}
		catch (RuntimeException e) {
			throw new IOException(source + ": not a weights file (NPZ expected): " + e.getMessage(), e);
		}
		try {
			copyInto(net, saved, source);
		}
		finally {
			saved.close();
		}
	}

	public static void read(Block net, NDManager manager, byte[] bytes, String source) throws IOException {
		read(net, manager, new ByteArrayInputStream(bytes), source);
	}

	/** Copies named arrays into the parameters of {@code net}. */
	public static void copyInto(Block net, NDList saved, String source) {
		Map<String, NDArray> byName = new HashMap<>();
		for (NDArray a : saved) byName.put(a.getName(), a);
		JniUtils.setGradMode(false);
		for (Pair<String, Parameter> p : net.getParameters()) {
			NDArray src = byName.remove(p.getKey());
			NDArray dst = p.getValue().getArray();
			if (src == null)
				throw new IllegalArgumentException(source + ": weights lack '" + p.getKey() + "' (saved for a different architecture?)");
			if (!src.getShape().equals(dst.getShape()))
				throw new IllegalArgumentException(source + ": weights '" + p.getKey() + "' have shape " + src.getShape()
					+ ", the network expects " + dst.getShape() + " (mismatched architecture)");
			assign(dst, src.toType(dst.getDataType(), false));
		}
		if (!byName.isEmpty())
			throw new IllegalArgumentException(source + ": weights hold arrays the network does not have, e.g. '"
				+ byName.keySet().iterator().next() + "' (mismatched architecture)");
	}

	/** Parameters of two blocks of the same architecture, paired by name, that pass {@code filter}. */
	public static List<Parameter[]> matchingParameters(Block a, Block b, Predicate<Parameter> filter) {
		Map<String, Parameter> other = new HashMap<>();
		for (Pair<String, Parameter> p : b.getParameters()) other.put(p.getKey(), p.getValue());
		List<Parameter[]> pairs = new ArrayList<>();
		for (Pair<String, Parameter> p : a.getParameters()) {
			if (!filter.test(p.getValue())) continue;
			Parameter q = other.get(p.getKey());
			if (q == null || !q.getArray().getShape().equals(p.getValue().getArray().getShape()))
				throw new IllegalArgumentException("networks differ at parameter " + p.getKey());
			pairs.add(new Parameter[] { p.getValue(), q });
		}
		return pairs;
	}
}
