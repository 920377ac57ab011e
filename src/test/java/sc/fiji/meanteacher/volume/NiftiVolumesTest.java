package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFile;
import sc.fiji.meanteacher.volume.nifti.NiftiFileTest;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;
import sc.fiji.meanteacher.volume.nifti.NiftiImage;
import sc.fiji.meanteacher.volume.nifti.NiftiLayout;

/** NIfTI files as volumes, and the labels and probabilities written on a NIfTI input's grid. */
public class NiftiVolumesTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Byte ranges [from, to) of dim, pixdim, xyzt_units and qform/sform in each layout, little-endian. */
	private static final int[][] NIFTI_1_KEPT = { { 40, 56 }, { 76, 108 }, { 123, 124 }, { 252, 328 } };
	private static final int[][] NIFTI_2_KEPT = { { 16, 80 }, { 104, 168 }, { 344, 496 }, { 500, 504 } };

	@Test
	public void labelsAndProbabilitiesCarryTheInputHeaderBitForBit() throws IOException {
		for (String name : List.of("int16-scaled.nii", "int32-nifti2.nii", "uint8-4d-one-volume.nii.gz")) {
			Path input = NiftiFileTest.fixture(name);
			NiftiImage source = NiftiVolumes.read(input);
			Volume image = NiftiVolumes.toVolume(input, source, false);
			byte[] classes = new byte[image.data().length];
			for (int i = 0; i < classes.length; i++) classes[i] = (byte) (i % 3);
			LabelVolume labels = LabelVolume.wrap("case", classes, image.dims(), image.voxelSize());
			Path out = tmp.getRoot().toPath().resolve(name + "-labels.nii.gz");
			NiftiVolumes.writeLabels(labels, source.header(), out, OutputPolicy.newFilesOnly());

			byte[] in = uncompressed(input), written = uncompressed(out);
			int[][] kept = source.header().layout() == NiftiLayout.NIFTI_1 ? NIFTI_1_KEPT : NIFTI_2_KEPT;
			for (int[] range : kept)
				assertArrayEquals(name + ": header bytes " + Arrays.toString(range), Arrays.copyOfRange(in, range[0], range[1]),
					Arrays.copyOfRange(written, range[0], range[1]));
			NiftiImage back = NiftiFile.read(out);
			assertEquals(name, NiftiDataType.UINT8, back.header().dataType());
			assertEquals(name, source.header().forData(NiftiDataType.UINT8, 1), back.header());
			assertArrayEquals(name, classes, NiftiVolumes.toLabelVolume(out, back, false).data());
		}
	}

	@Test
	public void bigEndianInputGivesLittleEndianLabelsWithTheSameFields() throws IOException {
		Path input = NiftiFileTest.fixture("uint16-big-endian.nii");
		NiftiHeader source = NiftiVolumes.read(input).header();
		Path out = tmp.getRoot().toPath().resolve("labels.nii");
		NiftiVolumes.writeLabels(LabelVolume.zeros("case", source.volumeDims(), null), source, out, OutputPolicy.newFilesOnly());
		assertEquals(source.forData(NiftiDataType.UINT8, 1), NiftiFile.read(out).header());
		assertEquals("little-endian sizeof_hdr", 348, ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
	}

	@Test
	public void probabilitiesOfSeveralClassesFollowOneAnotherAlongDim4() throws IOException {
		Path input = NiftiFileTest.fixture("int16-scaled.nii");
		NiftiHeader source = NiftiVolumes.read(input).header();
		int voxels = 60;
		// background first, then two foreground classes: only those are written
		float[] p = new float[3 * voxels];
		for (int i = 0; i < p.length; i++) p[i] = i / (float) p.length;
		Path out = tmp.getRoot().toPath().resolve("p.nii.gz");
		NiftiVolumes.writeFloats(p, voxels, 2, source, out, OutputPolicy.newFilesOnly());
		ByteBuffer written = ByteBuffer.wrap(uncompressed(out)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals("dim[0]", 4, written.getShort(40));
		assertEquals("dim[1..4]", List.of(5, 4, 3, 2), List.of((int) written.getShort(42), (int) written.getShort(44),
			(int) written.getShort(46), (int) written.getShort(48)));
		assertEquals("datatype float32", 16, written.getShort(70));
		byte[] in = uncompressed(input);
		assertArrayEquals("qform and sform", Arrays.copyOfRange(in, 252, 328), Arrays.copyOfRange(written.array(), 252, 328));
		float[] values = new float[2 * voxels];
		for (int i = 0; i < values.length; i++) values[i] = written.getFloat(352 + 4 * i);
		assertArrayEquals("the foreground classes, x fastest, one volume after the other", Arrays.copyOfRange(p, voxels, 3 * voxels),
			values, 0);
		assertEquals("nothing after the data", 352 + 4 * 2 * voxels, written.capacity());
	}

	@Test
	public void volumeIoReadsNiftiByFileName() {
		Volume image = VolumeIO.readImage(NiftiFileTest.fixture("float32.nii.gz"), false);
		assertEquals("float32", image.name());
		assertArrayEquals(new long[] { 5, 4, 3 }, image.dims());
		assertArrayEquals("pixdim in micrometres as mm", new double[] { 0.0025, 0.003, 0.004 }, image.voxelSize(), 1e-12);
		LabelVolume labels = VolumeIO.readLabels(NiftiFileTest.fixture("uint8-4d-one-volume.nii.gz"), false);
		assertEquals("uint8-4d-one-volume", labels.name());
		assertEquals(2, labels.maxLabel());
		Path notLabels = NiftiFileTest.fixture("float32.nii.gz");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeIO.readLabels(notLabels, false));
		assertTrue(e.getMessage(), e.getMessage().startsWith(notLabels.toAbsolutePath() + ": labels must be integers 0..255, got "));
	}

	@Test
	public void flatNiftiIsRefusedWhereThreeDimensionsAreNeeded() throws IOException {
		Path flat = tmp.getRoot().toPath().resolve("flat.nii");
		NiftiFile.write(flat, false, NiftiHeader.of(new long[] { 5, 4, 1 }, new double[] { 1, 1, 1 }, NiftiDataType.UINT8), i -> 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeIO.readImage(flat, false));
		assertEquals(flat.toAbsolutePath() + ": is 2-D (dim[1..3] = [5, 4, 1]), 3-D needed", e.getMessage());
		assertEquals(1, VolumeIO.readImage(flat, true).nz());
	}

	@Test
	public void caseFolderReadsNiftiAndTiffSideBySide() throws IOException {
		Path folder = tmp.newFolder("cases").toPath();
		Files.copy(NiftiFileTest.fixture("int16-scaled.nii"), folder.resolve("a.nii"));
		Files.copy(NiftiFileTest.fixture("float32.nii.gz"), folder.resolve("b.nii.gz"));
		VolumeIO.writeTiff(Volume.zeros("c", new long[] { 3, 3, 3 }, null), folder.resolve("c.tif"));
		Files.copy(NiftiFileTest.fixture("uint8-4d-one-volume.nii.gz"), folder.resolve("d.nii.gz"));
		CaseFolder cases = CaseFolder.of(folder);
		assertEquals(List.of("a", "b", "c", "d"), cases.names(null));
		CaseFolder.Read<Volume> a = cases.image("a");
		assertEquals("mm", a.unit());
		assertEquals(NiftiVolumes.read(folder.resolve("a.nii")).header(), a.nifti());
		assertArrayEquals(new double[] { 0.7f, 0.8f, 1.5f }, a.volume().voxelSize(), 0);
		assertArrayEquals(new long[] { 5, 4, 3 }, cases.image("b").volume().dims());
		CaseFolder.Read<LabelVolume> d = cases.labels("d");
		assertEquals("named after the case", "d", d.volume().name());
		assertEquals("mm", d.unit());
		assertEquals(4, d.nifti().dim(0));
		assertNull(cases.image("c").nifti());
		assertFalse("a folder of NIfTI files is not in the LA layout", LaLayout.isLaLayout(folder));
	}

	private static byte[] uncompressed(Path file) throws IOException {
		if (!NiftiFile.isCompressed(file)) return Files.readAllBytes(file);
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			return in.readAllBytes();
		}
	}
}
