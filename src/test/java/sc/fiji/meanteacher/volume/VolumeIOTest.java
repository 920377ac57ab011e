package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import sc.fiji.meanteacher.files.AtomicFiles;
import sc.fiji.meanteacher.files.OutputPolicy;

public class VolumeIOTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void floatVolumeRoundTripsThroughTiff() throws IOException {
		float[] values = new float[4 * 3 * 5];
		for (int i = 0; i < values.length; i++) values[i] = i * 0.25f - 7.125f;
		Volume v = Volume.wrap("whatever", values, new long[] { 4, 3, 5 }, new double[] { 0.625, 0.7, 1.25 });
		Path file = tmp.getRoot().toPath().resolve("round.tif");
		VolumeIO.writeTiff(v, file);

		Volume back = VolumeIO.readImage(file, false);
		assertEquals("round", back.name());
		assertArrayEquals(new long[] { 4, 3, 5 }, back.dims());
		// TIFF stores the in-plane resolution as a rational number, accurate to about 1e-6 relative
		assertArrayEquals(new double[] { 0.625, 0.7, 1.25 }, back.voxelSize(), 1e-6);
		assertArrayEquals(values, back.data(), 0);
	}

	@Test
	public void labelsRoundTripThroughTiff() throws IOException {
		byte[] labels = new byte[3 * 2 * 4];
		for (int i = 0; i < labels.length; i++) labels[i] = (byte) (i % 3 == 0 ? 200 : i % 2);
		LabelVolume l = LabelVolume.wrap("lab", labels, new long[] { 3, 2, 4 }, new double[] { 2, 2, 3 });
		Path file = tmp.getRoot().toPath().resolve("lab.tiff");
		VolumeIO.writeTiff(l, file);

		LabelVolume back = VolumeIO.readLabels(file, false);
		assertEquals("lab", back.name());
		assertArrayEquals(new long[] { 3, 2, 4 }, back.dims());
		assertArrayEquals(new double[] { 2, 2, 3 }, back.voxelSize(), 1e-12);
		assertArrayEquals(labels, back.data());
		assertEquals(8, VolumeIO.openTiff(file).getBitDepth());
	}

	@Test
	public void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("sub").resolve("out.tif");
		// one run writing its own file twice
		OutputPolicy run = OutputPolicy.newFilesOnly();
		VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(Volume.wrap("a", new float[] { 1, 2 }, new long[] { 1, 1, 2 }, null)), file, run);
		VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(Volume.wrap("b", new float[] { 5, 6, 7 }, new long[] { 1, 1, 3 }, null)), file, run);
		try (Stream<Path> files = Files.list(file.getParent())) {
			assertEquals(List.of(file), files.toList());
		}
		assertArrayEquals(new float[] { 5, 6, 7 }, VolumeIO.readImage(file, false).data(), 0);
	}

	@Test
	public void failedWriteRemovesItsTemporaryFileAndKeepsTheOldOne() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("keep.bin");
		Files.write(file, new byte[] { 1, 2, 3 });
		assertThrows(IOException.class, () -> AtomicFiles.write(file, OutputPolicy.of(true), t -> {
			Files.write(t, new byte[] { 9 });
			throw new IOException("disk full");
		}));
		try (Stream<Path> files = Files.list(tmp.getRoot().toPath())) {
			assertEquals(List.of(file), files.toList());
		}
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(file));
	}

	@Test
	public void twoDimensionalTiffIsRejectedForTraining() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("flat.tif");
		VolumeIO.writeTiff(new ImagePlus("flat", new FloatProcessor(3, 3)), file);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeIO.readImage(file, false));
		assertTrue(e.getMessage(), e.getMessage().contains("flat.tif") && e.getMessage().contains("is 2-D, 3-D needed"));
		assertEquals(1, VolumeIO.readImage(file, true).nz());
	}

	@Test
	public void missingAndForeignFilesAreRejectedNamingTheFile() throws IOException {
		Path missing = tmp.getRoot().toPath().resolve("absent.tif");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeIO.readImage(missing, true));
		assertTrue(e.getMessage(), e.getMessage().contains("absent.tif") && e.getMessage().contains("no such file"));

		Path text = tmp.newFile("notes.tif").toPath();
		Files.writeString(text, "these are not pixels");
		e = assertThrows(IllegalArgumentException.class, () -> VolumeIO.readImage(text, true));
		assertTrue(e.getMessage(), e.getMessage().contains("notes.tif") && e.getMessage().contains("not a TIFF"));
	}

	@Test
	public void truncatedTiffIsRejectedNamingTheFile() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("cut.tif");
		VolumeIO.writeTiff(Volume.zeros("cut", new long[] { 64, 64, 8 }, null), file);
		byte[] whole = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 3));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VolumeIO.readImage(file, false));
		assertTrue(e.getMessage(), e.getMessage().contains("cut.tif") && e.getMessage().contains("truncated"));
	}
}
