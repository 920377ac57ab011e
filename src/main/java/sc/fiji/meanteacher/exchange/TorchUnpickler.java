package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the pickle of a PyTorch file ({@link PickleReader}'s values) with what PyTorch adds to it:
 * <ul>
 * <li>a tensor ({@code torch._utils._rebuild_tensor_v2} of a persistent storage id, or a
 * parameter wrapping one): a {@link TorchTensor}, its elements fetched through the
 * {@link StorageSource} and copied into C order whatever their stride;</li>
 * <li>typed TorchScript lists ({@code torch.jit._pickle.build_intlist}, ...): the list itself.</li>
 * </ul>
 * Any other class (a pickled {@code nn.Module}, a TorchScript module, a numpy scalar) stays an
 * {@link Instance}.
 */
final class TorchUnpickler extends PickleReader {

	/** Where the bytes of a tensor storage named by a persistent id come from. */
	interface StorageSource {
		/** The storage {@code key} (e.g. "0"), little-endian, or an {@link IOException} when absent. */
		byte[] storage(String key) throws IOException;
	}

	/** A persistent storage id: ('storage', torch.FloatStorage, key, location, numel). */
	private record Storage(String key, TorchTensor.DType dtype, long numel, String storageClass) {}

	private final StorageSource storages;
	private final Map<String, byte[]> storageCache = new HashMap<>();

	private TorchUnpickler(byte[] in, String source, StorageSource storages) {
		super(in, source);
		this.storages = storages;
	}

	/**
	 * Reads the value pickled in {@code data}.
	 *
	 * @param source names the pickle in error messages (e.g. "model.pth: data.pkl")
	 * @param storages tensor storages by key; null to read everything but the tensors, which
	 *          become placeholder {@link Instance}s of {@code torch.Tensor}
	 */
	static Object load(byte[] data, String source, StorageSource storages) throws IOException {
		return new TorchUnpickler(data, source, storages).run();
	}

	@Override
	Object reduce(Global g, Object args) throws IOException {
		Tuple a = args instanceof Tuple t ? t : null;
		if (g.is("torch._utils", "_rebuild_tensor_v2") || g.is("torch._utils", "_rebuild_tensor")) return tensor(a);
		if (g.is("torch._utils", "_rebuild_parameter") || g.is("torch._utils", "_rebuild_parameter_with_state")) return a.get(0);
		if (g.module().equals("torch.jit._pickle") && (g.name().startsWith("build_") || g.name().equals("restore_type_tag")))
			return a.get(0);
		return super.reduce(g, args);
	}

	@Override
	Object persistent(Object pid) throws IOException {
		if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0)))
			throw malformed("persistent id " + describe(pid) + " is not a tensor storage");
		String cls = t.get(1) instanceof Global g ? g.name() : String.valueOf(t.get(1));
		return new Storage(String.valueOf(t.get(2)), TorchTensor.DType.ofStorage(cls), ((Number) t.get(4)).longValue(), cls);
	}

	/** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
	private Object tensor(Tuple a) throws IOException {
		if (a == null || a.size() < 4 || !(a.get(0) instanceof Storage s))
			throw malformed("a tensor without a storage");
		if (storages == null) return new Instance(new Global("torch", "Tensor"), null); // reading attributes only
		if (s.dtype() == null)
			throw new IOException(source + ": holds a tensor of type torch." + s.storageClass() + ", which this reader does not know");
		long offset = ((Number) a.get(1)).longValue();
		long[] size = longs(a.get(2)), stride = longs(a.get(3));
		if (size.length != stride.length) throw malformed("a tensor whose size and stride differ in length");
		int elem = s.dtype().bytes();
		byte[] storage = storageCache.get(s.key());
		if (storage == null) {
			storage = storages.storage(s.key());
			if (storage.length < s.numel() * elem)
				throw new IOException(source + ": tensor storage " + s.key() + " holds " + storage.length + " bytes, "
					+ s.numel() * elem + " expected (truncated file?)");
			storageCache.put(s.key(), storage);
		}
		long n = TorchTensor.numel(size);
		if (n > Integer.MAX_VALUE / elem) throw new IOException(source + ": a tensor of " + n + " elements is too large");
		byte[] out = new byte[(int) n * elem];
		long last = offset;
		for (int d = 0; d < size.length; d++) if (size[d] > 0) last += (size[d] - 1) * stride[d];
		if (n > 0 && (offset < 0 || last >= s.numel()))
			throw new IOException(source + ": a tensor " + TorchTensor.shapeText(size) + " reaches beyond its storage of "
				+ s.numel() + " elements");
		long[] index = new long[size.length];
		for (int i = 0; i < n; i++) {
			long at = offset;
			for (int d = 0; d < size.length; d++) at += index[d] * stride[d];
			System.arraycopy(storage, (int) (at * elem), out, i * elem, elem);
			for (int d = size.length - 1; d >= 0; d--) {
				if (++index[d] < size[d]) break;
				index[d] = 0;
			}
		}
		return new TorchTensor(s.dtype(), size, out);
	}

	private static long[] longs(Object o) {
		List<Object> items = o instanceof Tuple t ? t.items() : castList(o);
		long[] v = new long[items.size()];
		for (int i = 0; i < v.length; i++) v[i] = ((Number) items.get(i)).longValue();
		return v;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> castList(Object o) {
		return (List<Object>) o;
	}
}
