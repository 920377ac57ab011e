package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

public class LaCaseReaderTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** An (x, y, z) = 3 x 2 x 4 image whose value encodes its position: 100x + 10y + z. */
	private static float[][][] positionCodedImage() {
		float[][][] image = new float[3][2][4];
		for (int x = 0; x < 3; x++)
			for (int y = 0; y < 2; y++)
				for (int z = 0; z < 4; z++)
					image[x][y][z] = 100 * x + 10 * y + z;
		return image;
	}

	private Path writeH5(String caseName, Object image, Object label) throws IOException {
		Path folder = tmp.getRoot().toPath().resolve(caseName);
		Files.createDirectories(folder);
		Path file = folder.resolve(LaCaseReader.CASE_FILE);
		try (WritableHdfFile h5 = HdfFile.write(file)) {
			if (image != null) h5.putDataset(LaCaseReader.IMAGE_DATASET, image);
			if (label != null) h5.putDataset(LaCaseReader.LABEL_DATASET, label);
		}
		return file;
	}

	@Test
	public void cOrderDatasetsAreTransposedToXFastest() throws IOException {
		byte[][][] label = new byte[3][2][4];
		label[2][1][3] = 1;
		label[1][0][2] = 1;
		writeH5("caseA", positionCodedImage(), label);

		Case read = LaCaseReader.read(tmp.getRoot().toPath(), "caseA", true);
		Volume image = read.image();
		assertEquals("caseA", image.name());
		assertArrayEquals(new long[] { 3, 2, 4 }, image.dims());
		double s = LaCaseReader.LA_VOXEL_SIZE_MM;
		assertArrayEquals(new double[] { s, s, s }, image.voxelSize(), 0);
		float[] v = image.data();
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					assertEquals(100 * x + 10 * y + z, v[x + 3 * (y + 2 * z)], 0);
		byte[] l = read.label().data();
		// (2,1,3) → 2 + 3·(1 + 2·3) = 23 and (1,0,2) → 1 + 3·(0 + 2·2) = 13
		for (int i = 0; i < l.length; i++)
			assertEquals("voxel " + i, i == 23 || i == 13 ? 1 : 0, l[i]);
	}

	@Test
	public void labelIsSkippedWhenNotWanted() throws IOException {
		writeH5("noLabelNeeded", positionCodedImage(), null);
		assertNull(LaCaseReader.read(tmp.getRoot().toPath(), "noLabelNeeded", false).label());
	}

	@Test
	public void missingDatasetsAndForeignFilesNameTheFile() throws IOException {
		Path noImage = writeH5("noImage", null, new byte[3][2][4]);
		assertRejected(noImage, "has no dataset 'image'", true);
		Path noLabel = writeH5("noLabel", positionCodedImage(), null);
		assertRejected(noLabel, "has no dataset 'label'", true);

		Path text = tmp.getRoot().toPath().resolve("text.h5");
		Files.writeString(text, "not hdf5 at all");
		assertRejected(text, "cannot be read as HDF5", false);
		assertRejected(tmp.getRoot().toPath().resolve("gone.h5"), "no such file", false);
	}

	@Test
	public void badShapesAndLabelValuesAreRejected() throws IOException {
		Path mismatch = writeH5("mismatch", positionCodedImage(), new byte[3][2][5]);
		assertRejected(mismatch, "shape [3, 2, 4] but 'label' [3, 2, 5]", true);

		Path flat = writeH5("flat", new float[3][4], null);
		assertRejected(flat, "must be 3-D (x, y, z), has shape [3, 4]", false);

		float[][][] fractional = new float[3][2][4];
		fractional[1][1][2] = 0.5f;
		Path labelFraction = writeH5("fraction", positionCodedImage(), fractional);
		assertRejected(labelFraction, "0.5 at voxel (x=1, y=1, z=2)", true);

		byte[][][] negative = new byte[3][2][4];
		negative[0][1][0] = -3;
		assertRejected(writeH5("negative", positionCodedImage(), negative), "-3.0 at voxel (x=0, y=1, z=0)", true);
	}

	@Test
	public void caseListOfTheRealDataNamesItsEightyFolders() {
		Path root = LaTestData.root();
		List<String> names = LaCaseReader.readCaseList(root);
		assertEquals(80, names.size());
		for (String name : names)
			assertTrue(name, Files.isRegularFile(root.resolve(name).resolve(LaCaseReader.CASE_FILE)));
	}

	@Test
	public void realCaseHasPlausibleShapeLabelsAndIntensities() {
		Path root = LaTestData.root();
		String first = LaCaseReader.readCaseList(root).get(0);
		Case read = LaCaseReader.read(root, first, true);
		Volume image = read.image();
		assertTrue(image.toString(), image.nx() >= 148 && image.nx() <= 244);
		assertTrue(image.toString(), image.ny() >= 132 && image.ny() <= 160);
		assertEquals(88, image.nz());

		float[] v = image.data();
		byte[] l = read.label().data();
		double sum = 0, squares = 0, inside = 0, outside = 0;
		int foreground = 0;
		for (int i = 0; i < v.length; i++) {
			assertTrue("label " + l[i], l[i] == 0 || l[i] == 1);
			sum += v[i];
			squares += (double) v[i] * v[i];
			if (l[i] == 1) {
				foreground++;
				inside += v[i];
			}
			else outside += v[i];
		}
		double mean = sum / v.length, sd = Math.sqrt(squares / v.length - mean * mean);
		// The data README: mean ≈ 1.5, sd ≈ 1.6 in the first case.
		assertEquals(1.5, mean, 0.15);
		assertEquals(1.6, sd, 0.15);
		double fraction = foreground / (double) v.length;
		assertTrue("foreground fraction " + fraction, fraction > 0.01 && fraction < 0.3);
		// Contrast-enhanced blood pool: the atrium is brighter than its surroundings.
		double meanInside = inside / foreground, meanOutside = outside / (v.length - foreground);
		assertTrue(meanInside + " vs " + meanOutside, meanInside > meanOutside + sd);
	}

	private static void assertRejected(Path file, String problem, boolean withLabel) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> LaCaseReader.readH5(file, "x", null, withLabel));
		assertTrue(e.getMessage(), e.getMessage().contains(file.toAbsolutePath().toString()) && e.getMessage().contains(problem));
	}
}
