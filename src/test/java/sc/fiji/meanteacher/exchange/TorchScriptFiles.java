package sc.fiji.meanteacher.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes minimal TorchScript files without Python, for tests: a module without parameters whose
 * {@code forward(x)} returns one TorchScript expression of its input.
 * <p>
 * The layout is what {@code torch.jit.save} writes: a zip whose entries sit in one top folder,
 * holding {@code version} (the file-format number), {@code code/__torch__.py} (the module's class
 * as TorchScript source, compiled by libtorch at load), {@code data.pkl} (the module object,
 * pickled with protocol 2 as the class plus a dict of its attributes) and {@code constants.pkl}
 * (a pickled tuple of tensor constants, empty here). Entries are stored uncompressed, as torch does.
 */
public final class TorchScriptFiles {

	/** Class of the written module; libtorch looks it up as {@code __torch__.<name>} in code/__torch__.py. */
	private static final String CLASS = "PatchNet";

	private TorchScriptFiles() {}

	/**
	 * Writes a module computing {@code expression} from the input tensor {@code x}, e.g.
	 * {@code torch.cat([torch.neg(x), x], 1)}.
	 */
	public static Path write(Path file, String expression) throws IOException {
		String code = "class " + CLASS + "(Module):\n"
			+ "  __parameters__ = []\n"
			+ "  __buffers__ = []\n"
			+ "  training : bool\n"
			+ "  def forward(self: __torch__." + CLASS + ",\n"
			+ "    x: Tensor) -> Tensor:\n"
			+ "    return " + expression + "\n";
		try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
			put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
			put(zip, "archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
			put(zip, "archive/data.pkl", moduleObject());
			put(zip, "archive/constants.pkl", emptyTuple());
		}
		return file;
	}

	/** {@code __torch__.PatchNet} with state {@code {"training": True}} (DJL switches it to eval). */
	private static byte[] moduleObject() {
		Pickle p = new Pickle();
		p.global("__torch__", CLASS);
		p.op(Pickle.EMPTY_TUPLE).op(Pickle.NEWOBJ);
		p.op(Pickle.EMPTY_DICT).op(Pickle.MARK);
		p.string("training").op(Pickle.NEWTRUE);
		p.op(Pickle.SETITEMS).op(Pickle.BUILD);
		return p.stop();
	}

	private static byte[] emptyTuple() {
		return new Pickle().op(Pickle.EMPTY_TUPLE).stop();
	}

	private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
		ZipEntry e = new ZipEntry(name);
		e.setMethod(ZipEntry.STORED);
		e.setSize(data.length);
		e.setCompressedSize(data.length);
		CRC32 crc = new CRC32();
		crc.update(data);
		e.setCrc(crc.getValue());
		zip.putNextEntry(e);
		zip.write(data);
		zip.closeEntry();
	}

	/** The few opcodes of Python's pickle protocol 2 that a parameterless module needs. */
	private static final class Pickle {
		static final int PROTO = 0x80, STOP = '.', GLOBAL = 'c', EMPTY_TUPLE = ')', NEWOBJ = 0x81,
			EMPTY_DICT = '}', MARK = '(', SETITEMS = 'u', BUILD = 'b', NEWTRUE = 0x88, BINUNICODE = 'X';

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Pickle() {
			out.write(PROTO);
			out.write(2);
		}

		Pickle op(int code) {
			out.write(code);
			return this;
		}

		/** A class reference: module and name, each ended by a newline. */
		Pickle global(String module, String name) {
			out.write(GLOBAL);
			out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
			return this;
		}

		/** A str: UTF-8 bytes after their 4-byte little-endian length. */
		Pickle string(String s) {
			byte[] b = s.getBytes(StandardCharsets.UTF_8);
			out.write(BINUNICODE);
			for (int i = 0; i < 4; i++) out.write(b.length >>> (8 * i));
			out.writeBytes(b);
			return this;
		}

		byte[] stop() {
			out.write(STOP);
			return out.toByteArray();
		}
	}
}
