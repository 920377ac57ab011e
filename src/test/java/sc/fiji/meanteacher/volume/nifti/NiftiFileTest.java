package sc.fiji.meanteacher.volume.nifti;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.Gson;

/**
 * NIfTI files as this plugin writes them and as nibabel writes them ({@code src/test/python/nifti_fixtures.py},
 * the files and their {@code expected.json} under this package's test resources), and the files it refuses.
 */
public class NiftiFileTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** A qform and sform whose values use all of a float's bits, so that a rounding on the way would show. */
	public static final NiftiOrientation ORIENTATION = new NiftiOrientation(1, Math.ulp(1f) * 3 + 0.1f, -0.7071068f, 0.1234567f,
		-10.123457f, 20.000002f, 3.3333333f, -1, 2, new NiftiOrientation.AffineRow(-0.6062178f, -0.4f, 1e-7f, 1.0000001f),
		new NiftiOrientation.AffineRow(-0.35f, 0.6928203f, 0, -123.456f), new NiftiOrientation.AffineRow(0, Float.MIN_VALUE, 1.5f, 3));

	/** Values of each type at its limits and between, in a 3 x 2 x 2 volume. */
	private static final Map<NiftiDataType, float[]> VALUES = Map.of(
		NiftiDataType.UINT8, new float[] { 0, 1, 2, 127, 128, 254, 255, 3, 4, 5, 6, 7 },
		NiftiDataType.INT16, new float[] { -32768, -1, 0, 1, 32767, 300, -300, 2, 3, 4, 5, 6 },
		NiftiDataType.UINT16, new float[] { 0, 1, 32767, 32768, 65535, 40000, 2, 3, 4, 5, 6, 7 },
		NiftiDataType.INT32, new float[] { -2147483648f, -1, 0, 1, 16777216, -16777216, 100000, 2, 3, 4, 5, 6 },
		NiftiDataType.FLOAT32, new float[] { -1.5f, 0, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, Float.NaN,
			Float.POSITIVE_INFINITY, 0.1f, -0.0f, 3.1415927f, 7 },
		NiftiDataType.FLOAT64, new float[] { -1.5f, 0, Float.MIN_VALUE, Float.MAX_VALUE, 1e-30f, 0.1f, -0.0f, 2, 3, 4, 5, 6 });

	private static NiftiHeader header(NiftiLayout layout, NiftiDataType type) {
		long[] dim = { 3, 3, 2, 2, 1, 1, 1, 1 };
		double[] pixdim = { 0.7f, 0.8f, 1.5f, 2.5f, 1, 1, 1 };
		return new NiftiHeader(layout, dim, pixdim, 10, ORIENTATION, type, 1, 0);
	}

	@Test
	public void everyTypeRoundTripsInBothLayoutsAndCompressions() throws IOException {
		for (NiftiLayout layout : NiftiLayout.values())
			for (NiftiDataType type : NiftiDataType.values())
				for (String suffix : List.of(".nii", ".nii.gz")) {
					String what = layout + " " + type + " " + suffix;
					Path file = tmp.getRoot().toPath().resolve(layout + "-" + type + suffix);
					NiftiHeader header = header(layout, type);
					float[] values = VALUES.get(type);
					NiftiFile.write(file, NiftiFile.isCompressed(file), header, i -> values[i]);
					byte[] bytes = Files.readAllBytes(file);
					boolean gzip = (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
					assertEquals(what + ": gzip magic", suffix.endsWith(".gz"), gzip);
					if (!gzip) assertEquals(what + ": header, flag and data", layout.dataOffset() + values.length * type.bytes(), bytes.length);
					NiftiImage read = NiftiFile.read(file);
					assertEquals(what, header, read.header());
					assertArrayEquals(what, values, read.values(), 0);
				}
	}

	/**
	 * A 2-D file may leave the dimensions it lacks at 0: probabilities of several classes on its grid
	 * still get a valid 4-D header, the missing z of one voxel of extent 1.
	 */
	@Test
	public void severalVolumesOnAFlatGridFillTheMissingDimension() {
		NiftiHeader flat = new NiftiHeader(NiftiLayout.NIFTI_1, new long[] { 2, 5, 4, 0, 0, 0, 0, 0 },
			new double[] { 0.5, 0.25, 0, 0, 0, 0, 0 }, 2, ORIENTATION, NiftiDataType.INT16, 1, 0);
		NiftiHeader probabilities = flat.forData(NiftiDataType.FLOAT32, 3);
		assertEquals(List.of(4L, 5L, 4L, 1L, 3L), List.of(probabilities.dim(0), probabilities.dim(1), probabilities.dim(2),
			probabilities.dim(3), probabilities.dim(4)));
		assertEquals(1, probabilities.pixdim(3), 0);
		assertEquals(0.25, probabilities.pixdim(2), 0);
		assertEquals(60, probabilities.voxelCount());
		assertEquals("one volume keeps the header's dims as they are", 0, flat.forData(NiftiDataType.UINT8, 1).dim(3));
	}

	@Test
	public void writerRefusesAValueItsTypeCannotHold() {
		Path file = tmp.getRoot().toPath().resolve("x.nii");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> NiftiFile.write(file, false, header(NiftiLayout.NIFTI_1, NiftiDataType.UINT8), i -> i == 5 ? 256 : 0));
		assertEquals("voxel 5 holds 256.0, which uint8 cannot store (whole numbers 0 to 255)", e.getMessage());
	}

	/** What {@code nifti_fixtures.py} recorded of each file with nibabel. */
	static final class Expected {
		List<Integer> shape;
		int datatype;
		boolean bigEndian;
		double[] voxelSizeMm;
		int qformCode, sformCode;
		double qfac;
		double[] quaternion, qoffset;
		double[][] srow, affine;
		double[] values;
	}

	static final class Fixtures {
		String nibabel;
		Map<String, Expected> fixtures;
	}

	public static Path fixture(String name) {
		try {
			return Path.of(NiftiFileTest.class.getResource(name).toURI());
		}
		catch (Exception e) {
			throw new AssertionError("test resource " + name + " is missing", e);
		}
	}

	static Map<String, Expected> expected() throws IOException {
		try (InputStream in = NiftiFileTest.class.getResourceAsStream("expected.json")) {
			return new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Fixtures.class).fixtures;
		}
	}

	@Test
	public void readsWhatNibabelWrote() throws IOException {
		List<String> readable = List.of("int16-scaled.nii", "float32.nii.gz", "uint16-big-endian.nii", "uint8-4d-one-volume.nii.gz",
			"int32-nifti2.nii", "float64-nifti2.nii.gz");
		Map<String, Expected> all = expected();
		assertTrue("the big-endian fixture is big-endian", all.get("uint16-big-endian.nii").bigEndian);
		assertEquals("the scaled fixture is int16", 4, all.get("int16-scaled.nii").datatype);
		for (String name : readable) {
			Expected x = all.get(name);
			NiftiImage read = NiftiFile.read(fixture(name));
			NiftiHeader h = read.header();
			assertEquals(name, x.datatype, h.dataType().code());
			assertArrayEquals(name, new long[] { x.shape.get(0), x.shape.get(1), x.shape.get(2) }, h.volumeDims());
			assertEquals(name + ": layout", name.contains("nifti2") ? NiftiLayout.NIFTI_2 : NiftiLayout.NIFTI_1, h.layout());
			float[] values = new float[x.values.length];
			for (int i = 0; i < values.length; i++) values[i] = (float) x.values[i];
			assertArrayEquals(name + ": values, x fastest", values, read.values(), 0);
			assertArrayEquals(name + ": voxel size in mm", x.voxelSizeMm, h.voxelSizeMm(), 0);
			NiftiOrientation o = h.orientation();
			assertEquals(name, x.qformCode, o.qformCode());
			assertEquals(name, x.sformCode, o.sformCode());
			assertEquals(name, x.qfac, o.qfac(), 0);
			assertArrayEquals(name + ": quatern_b/c/d", x.quaternion, new double[] { o.quaternB(), o.quaternC(), o.quaternD() }, 0);
			assertArrayEquals(name + ": qoffset", x.qoffset, new double[] { o.qoffsetX(), o.qoffsetY(), o.qoffsetZ() }, 0);
			NiftiOrientation.AffineRow[] rows = o.srows();
			for (int r = 0; r < 3; r++) {
				double[] row = { rows[r].i(), rows[r].j(), rows[r].k(), rows[r].offset() };
				assertArrayEquals(name + ": srow " + r, x.srow[r], row, 0);
				// nibabel's affine is the sform when there is one
				if (x.sformCode > 0) assertArrayEquals(name + ": affine row " + r, x.affine[r], row, 0);
			}
		}
		// The scaled fixture's values need scl_slope 0.5 and scl_inter -3: raw int16 values are whole.
		NiftiImage scaled = NiftiFile.read(fixture("int16-scaled.nii"));
		assertTrue(scaled.header().scales());
		boolean half = false;
		for (float v : scaled.values()) half |= v != Math.rint(v);
		assertTrue("some scaled values are halves", half);
	}

	@Test
	public void unsupportedTypesAndSeriesAreRefusedNamingFileAndField() {
		assertRefused(fixture("rgb24.nii"), "datatype 128 (RGB24) is not supported; one of [uint8, int16, uint16, int32, float32, "
			+ "float64] is needed");
		assertRefused(fixture("complex64.nii"), "datatype 32 (complex64) is not supported");
		assertRefused(fixture("series-4d.nii"), "dim[4] = 2: a series of 2 volumes; one 3-D volume is needed (dim[4] = 1)");
	}

	@Test
	public void damagedFilesAreRefusedNamingFileAndField() throws IOException {
		byte[] good = Files.readAllBytes(fixture("int16-scaled.nii"));
		assertEquals("352-byte header and flag, 60 int16 voxels", 352 + 120, good.length);

		Path truncated = write("truncated.nii", Arrays.copyOf(good, good.length - 10));
		assertRefused(truncated, "the data block is truncated: dim[1..3] = [5, 4, 3] of int16 needs 120 bytes after vox_offset, "
			+ "the file holds 110");

		byte[] far = good.clone();
		ByteBuffer.wrap(far).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 5000);
		assertRefused(write("far.nii", far), "vox_offset = 5000 lies past the end of the file (472 bytes)");

		assertRefused(write("plain.nii.gz", good), "is not gzip-compressed, as a name ending in .gz says");

		byte[] notNifti = good.clone();
		ByteBuffer.wrap(notNifti).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1234);
		assertRefused(write("other.nii", notNifti), "is not a NIfTI file: sizeof_hdr is 1234, neither 348 (NIfTI-1) nor 540 (NIfTI-2)");

		byte[] pair = good.clone();
		pair[345] = 'i';
		assertRefused(write("pair.nii", pair), "magic is 'ni1\\x00', not that of a single-file NIfTI-1");

		assertRefused(write("short.nii", Arrays.copyOf(good, 200)), "the header is truncated: 200 of 348 bytes");
	}

	@Test
	public void truncatedGzipIsATruncatedDataBlock() throws IOException {
		Path whole = tmp.getRoot().toPath().resolve("whole.nii.gz");
		float[] values = new float[4000];
		for (int i = 0; i < values.length; i++) values[i] = (float) Math.sin(i);
		NiftiHeader header = new NiftiHeader(NiftiLayout.NIFTI_1, new long[] { 3, 20, 20, 10, 1, 1, 1, 1 },
			new double[] { 1, 1, 1, 1, 1, 1, 1 }, 2, ORIENTATION, NiftiDataType.FLOAT32, 1, 0);
		NiftiFile.write(whole, true, header, i -> values[i]);
		byte[] bytes = Files.readAllBytes(whole);
		Path cut = write("cut.nii.gz", Arrays.copyOf(bytes, bytes.length / 2));
		assertRefused(cut, "the data block is truncated: dim[1..3] = [20, 20, 10] of float32 needs 16000 bytes after vox_offset, "
			+ "the uncompressed data hold ");
	}

	private Path write(String name, byte[] content) throws IOException {
		Path file = tmp.getRoot().toPath().resolve(name);
		Files.write(file, content);
		return file;
	}

	/** One line that starts with the file and holds {@code expected}, without an exception's class name. */
	static void assertRefused(Path file, String expected) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NiftiFile.read(file));
		String message = e.getMessage();
		assertTrue(message, message.startsWith(file.toAbsolutePath() + ": "));
		assertTrue(message, message.contains(expected));
		assertFalse("one line: " + message, message.contains("\n"));
		assertFalse("no exception class: " + message, message.contains("Exception"));
	}
}
