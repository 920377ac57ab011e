package sc.fiji.meanteacher.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch state dicts in the file format of {@code torch.save(model.state_dict(), path)} (PyTorch
 * ≥ 1.6): written so that {@code torch.load} reads them, also with {@code weights_only=True}, and
 * read without Python — the pickle subset such files use, tensors from their storage records.
 */
public final class StateDictFile {

	/** Keys under which training scripts commonly nest a state dict in a checkpoint dict. */
	private static final List<String> NESTING_KEYS = List.of("state_dict", "model_state_dict", "model", "net", "network",
		"student", "model_state");

	private StateDictFile() {}

	/** The bytes of a {@code .pth} holding {@code tensors} as an ordered dict, under {@code archiveName}/. */
	public static byte[] encode(String archiveName, Map<String, TorchTensor> tensors) throws IOException {
		PickleWriter p = new PickleWriter();
		Map<String, byte[]> records = new LinkedHashMap<>();
		records.put("data.pkl", null); // first in the zip, as torch.save writes it
		p.global("collections", "OrderedDict").op(PickleWriter.EMPTY_TUPLE).op(PickleWriter.REDUCE);
		if (!tensors.isEmpty()) {
			p.op(PickleWriter.MARK);
			int key = 0;
			for (Map.Entry<String, TorchTensor> e : tensors.entrySet()) {
				p.string(e.getKey());
				String storage = Integer.toString(key++);
				writeTensor(p, storage, e.getValue(), false);
				records.put("data/" + storage, e.getValue().data());
			}
			p.op(PickleWriter.SETITEMS);
		}
		records.put("data.pkl", p.finish());
		records.put("version", "3\n".getBytes(StandardCharsets.US_ASCII));
		records.put("byteorder", "little".getBytes(StandardCharsets.US_ASCII));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		TorchArchive.write(out, archiveName, records);
		return out.toByteArray();
	}

	/**
	 * Pickles {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, requires_grad,
	 * OrderedDict())} for a contiguous tensor whose elements are record {@code data/<storage>}.
	 */
	static void writeTensor(PickleWriter p, String storage, TorchTensor t, boolean requiresGrad) {
		p.global("torch._utils", "_rebuild_tensor_v2");
		p.op(PickleWriter.MARK);
		p.op(PickleWriter.MARK).string("storage").global("torch", t.dtype().storageClass()).string(storage).string("cpu")
			.integer(t.numel()).op(PickleWriter.TUPLE);
		p.op(PickleWriter.BINPERSID);
		p.integer(0);
		long[] shape = t.shape();
		long[] stride = new long[shape.length];
		long s = 1;
		for (int d = shape.length - 1; d >= 0; d--) {
			stride[d] = s;
			s *= shape[d];
		}
		p.intTuple(shape).intTuple(stride).bool(requiresGrad);
		p.global("collections", "OrderedDict").op(PickleWriter.EMPTY_TUPLE).op(PickleWriter.REDUCE);
		p.op(PickleWriter.TUPLE).op(PickleWriter.REDUCE);
	}

	/**
	 * Reads the state dict of a {@code .pth}: the file's dict of tensors, or the one nested under
	 * {@code entry} (or, when {@code entry} is null, under the only key holding one, such as
	 * {@code state_dict} or {@code model}). A {@code module.} prefix on every key (from
	 * {@code DataParallel}) is removed. Entries that are not tensors are left out.
	 *
	 * @throws IOException naming the file and the problem: not a zip (legacy format, other file),
	 *           truncated, a pickled module or TorchScript archive instead of a state dict, no or
	 *           several candidate state dicts
	 */
	public static Map<String, TorchTensor> read(Path file, String entry) throws IOException {
		TorchArchive archive = TorchArchive.read(file, "PyTorch checkpoint");
		boolean torchScript = archive.records().keySet().stream().anyMatch(k -> k.startsWith("code/"));
		if (torchScript)
			throw new IOException(file + ": is a TorchScript archive, not a state dict; in Python: "
				+ "torch.save(torch.jit.load(path).state_dict(), 'weights.pth') (or segment with the .pt as it is)");
		if (archive.has("byteorder") && !new String(archive.record(file, "byteorder"), StandardCharsets.US_ASCII).strip().equals("little"))
			throw new IOException(file + ": holds big-endian tensors, which this reader does not convert; save it again on a "
				+ "little-endian machine");
		String where = file + ": " + archive.prefix() + "/data.pkl";
		Object root = TorchUnpickler.load(archive.record(file, "data.pkl"), where, key -> archive.record(file, "data/" + key));
		Map<String, TorchTensor> dict = select(file, root, entry);
		return stripDataParallelPrefix(dict);
	}

	private static Map<String, TorchTensor> select(Path file, Object root, String entry) throws IOException {
		if (root instanceof PickleReader.Instance module)
			throw new IOException(file + ": holds a whole pickled " + module.type.qualified() + " object instead of a state dict; "
				+ "in Python save the weights alone: torch.save(model.state_dict(), path)");
		if (!(root instanceof Map<?, ?> map))
			throw new IOException(file + ": holds " + PickleReader.describe(root) + ", not a state dict (a dict of tensors)");
		if (entry != null && !entry.isBlank()) {
			Object nested = map.get(entry);
			if (nested == null)
				throw new IOException(file + ": has no entry '" + entry + "' (its keys: " + keys(map) + ")");
			Map<String, TorchTensor> d = tensorsOf(nested);
			if (d.isEmpty()) throw new IOException(file + ": entry '" + entry + "' holds no tensors");
			return d;
		}
		Map<String, TorchTensor> direct = tensorsOf(map);
		if (!direct.isEmpty()) return direct;
		List<String> candidates = new ArrayList<>();
		for (Map.Entry<?, ?> e : map.entrySet())
			if (e.getKey() instanceof String k && !tensorsOf(e.getValue()).isEmpty()) candidates.add(k);
		if (candidates.size() == 1) return tensorsOf(map.get(candidates.get(0)));
		List<String> preferred = candidates.stream().filter(NESTING_KEYS::contains).toList();
		if (preferred.size() == 1) return tensorsOf(map.get(preferred.get(0)));
		if (candidates.isEmpty())
			throw new IOException(file + ": holds a dict without tensors (keys: " + keys(map) + "), not a state dict");
		throw new IOException(file + ": holds several state dicts (under " + candidates + "); name the one to import");
	}

	/** The tensor entries of a dict with string keys; empty for anything else. */
	private static Map<String, TorchTensor> tensorsOf(Object o) {
		Map<String, TorchTensor> d = new LinkedHashMap<>();
		if (o instanceof Map<?, ?> m)
			for (Map.Entry<?, ?> e : m.entrySet())
				if (e.getKey() instanceof String k && e.getValue() instanceof TorchTensor t) d.put(k, t);
		return d;
	}

	private static Map<String, TorchTensor> stripDataParallelPrefix(Map<String, TorchTensor> d) {
		if (d.isEmpty() || !d.keySet().stream().allMatch(k -> k.startsWith("module."))) return d;
		Map<String, TorchTensor> out = new LinkedHashMap<>();
		d.forEach((k, v) -> out.put(k.substring("module.".length()), v));
		return out;
	}

	private static String keys(Map<?, ?> m) {
		List<String> k = new ArrayList<>();
		for (Object key : m.keySet()) {
			if (k.size() == 8) {
				k.add("...");
				break;
			}
			k.add(key instanceof String s ? "'" + s + "'" : PickleReader.describe(key));
		}
		return String.join(", ", k);
	}
}
