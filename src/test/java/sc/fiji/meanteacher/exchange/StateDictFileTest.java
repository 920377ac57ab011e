package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The .pth container and pickle, read and written without Python. */
public class StateDictFileTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Made by torch.save(..., pickle_protocol=4): views sharing one storage, float16 and float64 copies. */
	@Test
	public void viewsWithOffsetsAndStridesAndOtherFloatTypesReadAsPyTorchHoldsThem() throws IOException {
		Map<String, TorchTensor> read = StateDictFile.read(ExchangeFixtures.file("views-protocol4.pth"), null);
		Map<String, Npy.Array> expected = ExchangeFixtures.npz(ExchangeFixtures.file("views-expected.npz"));
		assertEquals(expected.keySet(), read.keySet());
		for (String k : expected.keySet()) {
			assertArrayEquals(k, expected.get(k).shape(), read.get(k).shape());
			assertArrayEquals(k, expected.get(k).values(), read.get(k).floats(), 0f);
		}
		assertArrayEquals(new long[] { 3, 1, 2, 3, 3 }, read.get("transposed").shape());
		assertEquals(TorchTensor.DType.FLOAT16, read.get("half").dtype());
		assertEquals(TorchTensor.DType.FLOAT64, read.get("double").dtype());
	}

	@Test
	public void whatWeWriteReadsBackIdenticallyWithAlignedRecords() throws IOException {
		Map<String, TorchTensor> dict = new LinkedHashMap<>();
		float[] v = new float[3 * 4 * 5];
		for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i) * 1e3f;
		dict.put("a.weight", TorchTensor.ofFloats(new long[] { 3, 4, 5 }, v));
		dict.put("a.scalar", TorchTensor.ofFloats(new long[0], new float[] { -0.5f }));
		dict.put("a.counter", TorchTensor.scalarLong(1L << 40));
		dict.put("ünïcode key", TorchTensor.ofFloats(new long[] { 1 }, new float[] { 7 }));
		Path file = tmp.getRoot().toPath().resolve("w.pth");
		Files.write(file, StateDictFile.encode("w", dict));
		assertEquals(dict, StateDictFile.read(file, null));
		// Record data starts on 64-byte boundaries (PyTorch's writer aligns them for memory mapping).
		java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		int records = 0;
		for (int at = 0; b.getInt(at) == 0x04034b50; records++) {
			int size = b.getInt(at + 18), name = b.getShort(at + 26) & 0xffff, extra = b.getShort(at + 28) & 0xffff;
			int data = at + 30 + name + extra;
			assertEquals("record " + records + " aligned", 0, data % 64);
			at = data + size;
		}
		assertEquals("data.pkl, 4 storages, version, byteorder", 7, records);
	}

	@Test
	public void aCutPickleIsReportedAsTruncated() throws IOException {
		Map<String, TorchTensor> dict = Map.of("w", TorchTensor.ofFloats(new long[] { 2 }, new float[] { 1, 2 }));
		byte[] good = StateDictFile.encode("w", dict);
		TorchArchive a;
		Path file = Files.write(tmp.getRoot().toPath().resolve("w.pth"), good);
		a = TorchArchive.read(file, "PyTorch checkpoint");
		byte[] pickle = a.record(file, "data.pkl");
		byte[] cut = java.util.Arrays.copyOf(pickle, pickle.length - 3);
		ModelImportTest.assertRejected(() -> TorchUnpickler.load(cut, "w.pth: data.pkl", key -> a.record(file, "data/" + key)), null,
			"w.pth: data.pkl", "truncated");
		Map<String, byte[]> records = new LinkedHashMap<>(a.records());
		records.put("data/0", new byte[4]); // storage shorter than the tensor
		Path shortStorage = tmp.getRoot().toPath().resolve("short.pth");
		try (var out = Files.newOutputStream(shortStorage)) {
			TorchArchive.write(out, "w", records);
		}
		ModelImportTest.assertRejected(() -> StateDictFile.read(shortStorage, null), shortStorage, "tensor storage 0 holds 4 bytes, 8 expected");
		records.remove("data/0");
		Path missing = tmp.getRoot().toPath().resolve("missing.pth");
		try (var out = Files.newOutputStream(missing)) {
			TorchArchive.write(out, "w", records);
		}
		ModelImportTest.assertRejected(() -> StateDictFile.read(missing, null), missing, "record w/data/0 is missing");
		records = new LinkedHashMap<>(a.records());
		records.put("byteorder", "big".getBytes());
		Path big = tmp.getRoot().toPath().resolve("big.pth");
		try (var out = Files.newOutputStream(big)) {
			TorchArchive.write(out, "w", records);
		}
		ModelImportTest.assertRejected(() -> StateDictFile.read(big, null), big, "big-endian");
	}
}
