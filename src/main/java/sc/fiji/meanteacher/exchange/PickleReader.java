package sc.fiji.meanteacher.exchange;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Python's pickle machine (protocols 0 to 5, without the opcodes of Python 2 old-style classes),
 * run without running any code, as Python's {@code pickle.Unpickler} is with its hooks: what a
 * pickle holds becomes
 * <ul>
 * <li>None, bool, int, float, str, bytes: {@code null}, {@link Boolean}, {@link Long} (or
 * {@link BigInteger}), {@link Double}, {@link String}, {@code byte[]};</li>
 * <li>tuple, list, dict ({@code OrderedDict} too), set: {@link Tuple}, {@link List},
 * {@link LinkedHashMap}, {@link Set};</li>
 * <li>an instance of any other class: an {@link Instance} naming its class, with its constructor
 * arguments and state.</li>
 * </ul>
 * A format's reader ({@link TorchUnpickler}) says what its persistent ids are and adds the
 * callables it rebuilds. A malformed or cut-off pickle is an {@link IOException} saying so. The
 * opcode switch and the stack, memo and input it works on stay in one class: they are one machine,
 * every opcode reads the input and changes the stack or memo.
 */
abstract class PickleReader {

	/** A Python tuple. */
	record Tuple(List<Object> items) {
		Object get(int i) {
			return items.get(i);
		}

		int size() {
			return items.size();
		}
	}

	/** A reference to a module-level name (a class or function), as {@code GLOBAL} gives it. */
	record Global(String module, String name) {
		String qualified() {
			return module + "." + name;
		}

		boolean is(String m, String n) {
			return module.equals(m) && name.equals(n);
		}
	}

	/** An object of a class this reader does not turn into a Java value. */
	static final class Instance {
		final Global type;
		final Object args;
		Object state;

		Instance(Global type, Object args) {
			this.type = type;
			this.args = args;
		}

		/** The state's entries when it is a dict (as for modules), else an empty map. */
		@SuppressWarnings("unchecked")
		Map<Object, Object> attributes() {
			return state instanceof Map<?, ?> m ? (Map<Object, Object>) m : Map.of();
		}

		@Override
		public String toString() {
			return "<" + type.qualified() + " object>";
		}
	}

	private static final Object MARK_OBJECT = new Object() {
		@Override
		public String toString() {
			return "MARK";
		}
	};

	private final byte[] in;
	/** Names the pickle in error messages. */
	final String source;
	private int pos;
	private final List<Object> stack = new ArrayList<>();
	private final Map<Long, Object> memo = new HashMap<>();

	PickleReader(byte[] in, String source) {
		this.in = in;
		this.source = source;
	}

	/** The value pickled. */
	final Object run() throws IOException {
		try {
			while (true) {
				int op = u8();
				if (op == '.') {
					if (stack.size() != 1) throw malformed("STOP with " + stack.size() + " values on the stack");
					return stack.get(0);
				}
				step(op);
			}
		}
		catch (IndexOutOfBoundsException | ClassCastException | ArithmeticException e) {
			throw malformed(e.toString());
		}
	}

	private void step(int op) throws IOException {
		switch (op) {
			case 0x80 -> u8(); // PROTO
			case 0x95 -> skip(8); // FRAME
			case '(' -> stack.add(MARK_OBJECT);
			case '0' -> pop();
			case '1' -> popMark();
			case '2' -> push(peek());
			case 'N' -> push(null);
			case 0x88 -> push(Boolean.TRUE);
			case 0x89 -> push(Boolean.FALSE);
			case 'J' -> push((long) i32());
			case 'K' -> push((long) u8());
			case 'M' -> push((long) (u8() | (u8() << 8)));
			case 0x8a -> push(longOf(bytes(u8())));
			case 0x8b -> push(longOf(bytes(len32())));
			case 'I' -> {
				String t = line();
				push(t.equals("00") ? Boolean.FALSE : t.equals("01") ? Boolean.TRUE : Long.valueOf(t.trim()));
			}
			case 'L' -> push(integerOf(new BigInteger(line().replace("L", "").trim())));
			case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
			case 'F' -> push(Double.valueOf(line().trim()));
			case 'X' -> push(utf8(bytes(len32())));
			case 0x8c -> push(utf8(bytes(u8())));
			case 0x8d -> push(utf8(bytes(len64())));
			case 'V' -> push(line());
			case 'T' -> push(latin1(bytes(len32())));
			case 'U' -> push(latin1(bytes(u8())));
			case 'B' -> push(bytes(len32()));
			case 'C' -> push(bytes(u8()));
			case 0x8e -> push(bytes(len64()));
			case 0x96 -> push(bytes(len64())); // BYTEARRAY8
			case ')' -> push(new Tuple(List.of()));
			case 't' -> push(tupleOf(popMark()));
			case 0x85 -> push(tupleOf(popN(1)));
			case 0x86 -> push(tupleOf(popN(2)));
			case 0x87 -> push(tupleOf(popN(3)));
			case ']' -> push(new ArrayList<>());
			case 'l' -> push(new ArrayList<>(popMark()));
			case 'a' -> {
				Object v = pop();
				listOn(peek()).add(v);
			}
			case 'e' -> {
				List<Object> items = popMark();
				listOn(peek()).addAll(items);
			}
			case '}' -> push(new LinkedHashMap<>());
			case 'd' -> {
				List<Object> items = popMark();
				Map<Object, Object> m = new LinkedHashMap<>();
				putPairs(m, items);
				push(m);
			}
			case 's' -> {
				Object v = pop(), k = pop();
				mapOn(peek()).put(k, v);
			}
			case 'u' -> {
				List<Object> items = popMark();
				putPairs(mapOn(peek()), items);
			}
			case 0x8f -> push(new LinkedHashSet<>());
			case 0x90 -> {
				List<Object> items = popMark();
				setOn(peek()).addAll(items);
			}
			case 0x91 -> push(new LinkedHashSet<>(popMark()));
			case 'c' -> push(new Global(line(), line()));
			case 0x93 -> {
				Object name = pop(), module = pop();
				push(new Global((String) module, (String) name));
			}
			case 'R' -> {
				Object args = pop(), callable = pop();
				push(call(callable, args));
			}
			case 0x81 -> {
				Object args = pop(), cls = pop();
				push(construct(cls, args));
			}
			case 0x92 -> {
				pop(); // keyword arguments
				Object args = pop(), cls = pop();
				push(construct(cls, args));
			}
			case 'b' -> {
				Object state = pop();
				build(peek(), state);
			}
			case 'q' -> memo.put((long) u8(), peek());
			case 'r' -> memo.put(len32(), peek());
			case 'p' -> memo.put(Long.valueOf(line().trim()), peek());
			case 0x94 -> memo.put((long) memo.size(), peek());
			case 'h' -> push(memoGet(u8()));
			case 'j' -> push(memoGet(len32()));
			case 'g' -> push(memoGet(Long.parseLong(line().trim())));
			case 'Q' -> push(persistent(pop()));
			case 'P' -> push(persistent(line()));
			default -> throw malformed(String.format(Locale.ROOT, "unsupported pickle opcode 0x%02x at byte %d", op, pos - 1));
		}
	}

	private Object call(Object callable, Object args) throws IOException {
		if (!(callable instanceof Global g)) throw malformed("REDUCE of a non-class " + describe(callable));
		return reduce(g, args);
	}

	/**
	 * REDUCE, {@code g(*args)}, for the callables any pickle may hold: {@code OrderedDict}, copyreg's
	 * reconstructor, {@code _codecs.encode} (bytes, in protocol 2) and {@code set}; any other gives an
	 * {@link Instance}. A format's reader rebuilds its own callables and leaves the rest to this.
	 */
	Object reduce(Global g, Object args) throws IOException {
		Tuple a = args instanceof Tuple t ? t : null;
		if (g.is("collections", "OrderedDict")) {
			Map<Object, Object> m = new LinkedHashMap<>();
			if (a != null && a.size() == 1 && a.get(0) instanceof List<?> pairs)
				for (Object p : pairs)
					if (p instanceof Tuple kv && kv.size() == 2) m.put(kv.get(0), kv.get(1));
			return m;
		}
		if (g.is("copyreg", "_reconstructor") || g.is("copy_reg", "_reconstructor"))
			return new Instance(a.get(0) instanceof Global cls ? cls : g, args);
		if (g.is("_codecs", "encode") && a != null && a.get(0) instanceof String s) return s.getBytes(StandardCharsets.ISO_8859_1);
		if ((g.is("builtins", "set") || g.is("__builtin__", "set")) && a != null && a.size() == 1 && a.get(0) instanceof List<?> l)
			return new LinkedHashSet<>(l);
		return new Instance(g, args);
	}

	private Object construct(Object cls, Object args) throws IOException {
		if (!(cls instanceof Global g)) throw malformed("NEWOBJ of a non-class " + describe(cls));
		if (g.is("collections", "OrderedDict")) return new LinkedHashMap<>();
		return new Instance(g, args);
	}

	private void build(Object target, Object state) {
		// An OrderedDict's state is its attributes (a state dict's "_metadata"), not its items.
		if (target instanceof Instance o) o.state = state;
	}

	/** The object a persistent id (BINPERSID, PERSID) stands for, as the format defines it. */
	abstract Object persistent(Object pid) throws IOException;

	// --- stack and input helpers

	private void push(Object o) {
		stack.add(o);
	}

	private Object pop() throws IOException {
		if (stack.isEmpty()) throw malformed("pop from an empty stack");
		Object o = stack.remove(stack.size() - 1);
		if (o == MARK_OBJECT) throw malformed("unexpected MARK");
		return o;
	}

	private Object peek() throws IOException {
		if (stack.isEmpty()) throw malformed("empty stack");
		return stack.get(stack.size() - 1);
	}

	private List<Object> popMark() throws IOException {
		int m = stack.lastIndexOf(MARK_OBJECT);
		if (m < 0) throw malformed("no MARK on the stack");
		List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
		stack.subList(m, stack.size()).clear();
		return items;
	}

	private List<Object> popN(int n) throws IOException {
		if (stack.size() < n) throw malformed("stack underflow");
		List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
		if (items.contains(MARK_OBJECT)) throw malformed("unexpected MARK");
		stack.subList(stack.size() - n, stack.size()).clear();
		return items;
	}

	private Object memoGet(long key) throws IOException {
		if (!memo.containsKey(key)) throw malformed("memo entry " + key + " read before it was written");
		return memo.get(key);
	}

	/** Tuples may hold None, which List.copyOf refuses. */
	private static Tuple tupleOf(List<Object> items) {
		return new Tuple(Collections.unmodifiableList(new ArrayList<>(items)));
	}

	@SuppressWarnings("unchecked")
	private List<Object> listOn(Object o) throws IOException {
		if (o instanceof List<?> l) return (List<Object>) l;
		throw malformed("APPEND to " + describe(o));
	}

	@SuppressWarnings("unchecked")
	private Map<Object, Object> mapOn(Object o) throws IOException {
		if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
		if (o instanceof Instance i) { // dict subclass: keep the items as its state
			if (!(i.state instanceof Map)) i.state = new LinkedHashMap<>();
			return (Map<Object, Object>) i.state;
		}
		throw malformed("SETITEM on " + describe(o));
	}

	@SuppressWarnings("unchecked")
	private Set<Object> setOn(Object o) throws IOException {
		if (o instanceof Set<?> s) return (Set<Object>) s;
		throw malformed("ADDITEMS to " + describe(o));
	}

	private void putPairs(Map<Object, Object> m, List<Object> items) throws IOException {
		if (items.size() % 2 != 0) throw malformed("odd number of dict items");
		for (int i = 0; i < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
	}

	private int u8() throws IOException {
		if (pos >= in.length) throw truncated();
		return in[pos++] & 0xff;
	}

	private int i32() throws IOException {
		return ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
	}

	private long len32() throws IOException {
		return ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
	}

	private long len64() throws IOException {
		return ByteBuffer.wrap(bytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
	}

	private byte[] bytes(long n) throws IOException {
		if (n < 0 || pos + n > in.length) throw truncated();
		byte[] b = Arrays.copyOfRange(in, pos, pos + (int) n);
		pos += (int) n;
		return b;
	}

	private void skip(int n) throws IOException {
		bytes(n);
	}

	private String line() throws IOException {
		int start = pos;
		while (pos < in.length && in[pos] != '\n') pos++;
		if (pos >= in.length) throw truncated();
		String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
		pos++;
		return s;
	}

	private static Object longOf(byte[] littleEndian) {
		if (littleEndian.length == 0) return 0L;
		byte[] be = new byte[littleEndian.length];
		for (int i = 0; i < be.length; i++) be[i] = littleEndian[be.length - 1 - i];
		return integerOf(new BigInteger(be));
	}

	private static Object integerOf(BigInteger b) {
		return b.bitLength() < 64 ? (Object) b.longValue() : b;
	}

	private static String utf8(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	private static String latin1(byte[] b) {
		return new String(b, StandardCharsets.ISO_8859_1);
	}

	private IOException truncated() {
		return new IOException(source + ": the pickle ends early at byte " + pos + " (truncated file?)");
	}

	IOException malformed(String what) {
		return new IOException(source + ": malformed pickle (" + what + ")");
	}

	static String describe(Object o) {
		if (o == null) return "None";
		if (o instanceof Instance i) return i.toString();
		if (o instanceof Global g) return g.qualified();
		if (o instanceof Map) return "a dict";
		if (o instanceof List) return "a list";
		if (o instanceof Tuple) return "a tuple";
		if (o instanceof TorchTensor t) return "a tensor " + t.shapeText();
		if (o instanceof String s) return "'" + s + "'";
		return o.getClass().getSimpleName() + " " + o;
	}
}
