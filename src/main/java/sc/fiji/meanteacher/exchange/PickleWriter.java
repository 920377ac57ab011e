package sc.fiji.meanteacher.exchange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the subset of Python's pickle protocol 2 that PyTorch files consist of: class references,
 * tuples, lists, dicts, strings, integers, floats, booleans, None, object construction
 * ({@code NEWOBJ} + {@code BUILD}, or a call by {@code REDUCE}) and persistent ids, which is how
 * {@code torch.save} and TorchScript's {@code data.pkl} refer to tensor storages kept outside the
 * pickle. The caller emits values in stack order, as a Python pickler would; class references are
 * memoised so that each one is written once.
 */
final class PickleWriter {

	static final int PROTO = 0x80, STOP = '.', GLOBAL = 'c', BINPUT = 'q', LONG_BINPUT = 'r', BINGET = 'h',
		LONG_BINGET = 'j', MARK = '(', EMPTY_TUPLE = ')', TUPLE = 't', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87,
		EMPTY_LIST = ']', APPENDS = 'e', EMPTY_DICT = '}', SETITEMS = 'u', NEWOBJ = 0x81, BUILD = 'b', REDUCE = 'R',
		BINPERSID = 'Q', BININT = 'J', BININT1 = 'K', BININT2 = 'M', LONG1 = 0x8a, BINFLOAT = 'G', NEWTRUE = 0x88,
		NEWFALSE = 0x89, NONE = 'N', BINUNICODE = 'X';

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();
	private final Map<String, Integer> memo = new HashMap<>();
	private int nextMemo;

	PickleWriter() {
		out.write(PROTO);
		out.write(2);
	}

	PickleWriter op(int code) {
		out.write(code);
		return this;
	}

	/** A reference to {@code module.name} (a class or function), memoised. */
	PickleWriter global(String module, String name) {
		String key = module + "\n" + name;
		Integer slot = memo.get(key);
		if (slot != null) return get(slot);
		out.write(GLOBAL);
		out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
		return put(key);
	}

	/** A str, memoised so that repeated keys ("weight", "training") are written once. */
	PickleWriter string(String s) {
		Integer slot = memo.get("s:" + s);
		if (slot != null) return get(slot);
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.write(BINUNICODE);
		int32(b.length);
		out.writeBytes(b);
		return put("s:" + s);
	}

	PickleWriter integer(long v) {
		if (v >= 0 && v < 256) {
			out.write(BININT1);
			out.write((int) v);
		}
		else if (v >= 0 && v < 65536) {
			out.write(BININT2);
			out.write((int) v & 0xff);
			out.write((int) (v >>> 8) & 0xff);
		}
		else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
			out.write(BININT);
			int32((int) v);
		}
		else {
			out.write(LONG1);
			out.write(8);
			for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xff);
		}
		return this;
	}

	/** A float; pickle stores it as a big-endian IEEE double. NaN and infinities are refused. */
	PickleWriter real(double v) {
		if (!Double.isFinite(v)) throw new IllegalArgumentException("refusing to write a non-finite number (" + v + ")");
		out.write(BINFLOAT);
		long bits = Double.doubleToLongBits(v);
		for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)) & 0xff);
		return this;
	}

	PickleWriter bool(boolean v) {
		return op(v ? NEWTRUE : NEWFALSE);
	}

	/** A tuple of small non-negative-or-any integers, e.g. a tensor's size or stride. */
	PickleWriter intTuple(long[] values) {
		if (values.length == 0) return op(EMPTY_TUPLE);
		op(MARK);
		for (long v : values) integer(v);
		return op(TUPLE);
	}

	/** The pickle's bytes, ended by STOP. */
	byte[] finish() {
		out.write(STOP);
		return out.toByteArray();
	}

	private PickleWriter put(String key) {
		int slot = nextMemo++;
		memo.put(key, slot);
		if (slot < 256) {
			out.write(BINPUT);
			out.write(slot);
		}
		else {
			out.write(LONG_BINPUT);
			int32(slot);
		}
		return this;
	}

	private PickleWriter get(int slot) {
		if (slot < 256) {
			out.write(BINGET);
			out.write(slot);
		}
		else {
			out.write(LONG_BINGET);
			int32(slot);
		}
		return this;
	}

	private void int32(int v) {
		for (int i = 0; i < 4; i++) out.write((v >>> (8 * i)) & 0xff);
	}
}
