package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
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

import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaTestData;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.NiftiVolumes;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFileTest;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;

public class CaseSetTest {

	private static final long[] DIMS = { 4, 3, 2 };

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path images, labels;

	/** An image whose voxel i holds {@code offset + i}. */
	private void writeImage(String fileName, float offset, long[] dims) throws IOException {
		float[] v = new float[(int) (dims[0] * dims[1] * dims[2])];
		for (int i = 0; i < v.length; i++) v[i] = offset + i;
		VolumeIO.writeTiff(Volume.wrap("ignored", v, dims, null), images.resolve(fileName));
	}

	/** A label volume with foreground at voxel {@code foreground} only. */
	private void writeLabel(String fileName, int foreground, long[] dims) throws IOException {
		LabelVolume l = LabelVolume.zeros("ignored", dims, null);
		l.data()[foreground] = 1;
		VolumeIO.writeTiff(l, labels.resolve(fileName));
	}

	private void makeFolders() throws IOException {
		images = tmp.newFolder("images").toPath();
		labels = tmp.newFolder("labels").toPath();
	}

	private static List<String> names(List<Case> cases) {
		return cases.stream().map(Case::name).toList();
	}

	@Test
	public void imageWithoutLabelFileIsUnlabeled() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		writeImage("b.tif", 100, DIMS);
		writeImage("c.tiff", 200, DIMS);
		writeLabel("a.tif", 3, DIMS);
		writeLabel("c.tif", 7, DIMS);

		CaseSet set = CaseSet.fromFolders(images, labels, 2, 1);
		assertEquals(List.of("a", "c"), names(set.labeled()));
		assertEquals(List.of("b"), names(set.unlabeled()));
		assertEquals(List.of(), set.validation());
		assertNull(set.unlabeled().get(0).label());
		assertEquals(100f, set.unlabeled().get(0).image().data()[0], 0);
		Case c = set.labeled().get(1);
		assertEquals(223f, c.image().data()[23], 0);
		assertEquals(1, c.label().data()[7]);
		assertEquals(1, c.label().maxLabel());
	}

	/** The case set holds the images as read (the trainer normalises) and the factor it resampled them by. */
	@Test
	public void imagesAreReadAsTheyAreAndResampledByTheScaleTheSetRecords() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, new long[] { 4, 2, 2 });
		writeLabel("a.tif", 0, new long[] { 4, 2, 2 });
		CaseSet set = CaseSet.fromFolders(images, labels, 2, 1);
		assertEquals(1, set.inputScale(), 0);
		float[] v = set.labeled().get(0).image().data();
		assertEquals(0f, v[0], 0);
		assertEquals(15f, v[15], 0);
		CaseSet half = CaseSet.fromFolders(images, labels, 2, 0.5);
		assertEquals(0.5, half.inputScale(), 0);
		assertArrayEquals(new long[] { 2, 1, 1 }, half.labeled().get(0).image().dims());
		assertEquals("held-out cases keep the scale", 0.5, CaseSet.of(List.of(labeled("p"), labeled("q")), 2, 0.5).withValidation(1)
			.inputScale(), 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSet.fromFolders(images, labels, 2, 0));
		assertEquals("input scale (resampling factor) must be a number in (0, 4], got 0.0", e.getMessage());
	}

	@Test
	public void labelFileWithoutImageIsNamed() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		writeLabel("a.tif", 0, DIMS);
		writeLabel("orphan.tif", 0, DIMS);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, 1));
		assertTrue(e.getMessage(), e.getMessage().contains("orphan.tif") && e.getMessage().contains("without an image"));
	}

	@Test
	public void sizeMismatchNamesCaseAndBothSizes() throws IOException {
		makeFolders();
		writeImage("knee.tif", 0, DIMS);
		writeLabel("knee.tif", 0, new long[] { 4, 3, 3 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, 1));
		assertTrue(e.getMessage(), e.getMessage().contains("knee") && e.getMessage().contains("[4, 3, 2]")
			&& e.getMessage().contains("[4, 3, 3]"));
	}

	/** A NIfTI label volume with foreground at voxel {@code foreground} only, with voxel size 1 mm. */
	private void writeNiftiLabel(String fileName, int foreground, long[] dims) throws IOException {
		LabelVolume l = LabelVolume.zeros("ignored", dims, null);
		l.data()[foreground] = 1;
		NiftiHeader header = NiftiHeader.of(dims, new double[] { 1, 1, 1 }, NiftiDataType.UINT8);
		NiftiVolumes.writeLabels(l, header, labels.resolve(fileName), OutputPolicy.newFilesOnly());
	}

	@Test
	public void niftiAndTiffPairByBaseName() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		writeNiftiLabel("a.nii.gz", 5, DIMS);
		Files.copy(NiftiFileTest.fixture("float32.nii.gz"), images.resolve("b.nii.gz"));
		Files.copy(NiftiFileTest.fixture("uint8-4d-one-volume.nii.gz"), labels.resolve("b.nii.gz"));
		Files.copy(NiftiFileTest.fixture("int16-scaled.nii"), images.resolve("c.nii"));
		CaseSet set = CaseSet.fromFolders(images, labels, 3, 1);
		assertEquals(List.of("a", "b"), names(set.labeled()));
		assertEquals(List.of("c"), names(set.unlabeled()));
		assertEquals("the NIfTI label of the TIFF image", 1, set.labeled().get(0).label().data()[5]);
		assertEquals(NiftiVolumes.read(labels.resolve("b.nii.gz")).values()[7], set.labeled().get(1).label().data()[7], 0);
		assertArrayEquals("pixdim in micrometres, in mm", new double[] { 0.0025, 0.003, 0.004 },
			set.labeled().get(1).image().voxelSize(), 1e-12);
	}

	@Test
	public void niftiLabelOfAnotherSizeNamesBothFilesAndDim() throws IOException {
		makeFolders();
		Files.copy(NiftiFileTest.fixture("int16-scaled.nii"), images.resolve("knee.nii"));
		writeNiftiLabel("knee.nii.gz", 0, new long[] { 5, 4, 2 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSet.fromFolders(images, labels, 2, 1));
		assertEquals(labels.resolve("knee.nii.gz").toAbsolutePath() + ": size mismatch for knee: the labels are [5, 4, 2] voxels "
			+ "(x, y, z; NIfTI's dim[1..3]), the image " + images.resolve("knee.nii").toAbsolutePath() + " is [5, 4, 3]", e.getMessage());
	}

	@Test
	public void emptyFolderAndNoLabelsAreErrors() throws IOException {
		makeFolders();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, 1));
		assertTrue(e.getMessage(), e.getMessage().contains(images.toString()) && e.getMessage().contains("no .tif"));

		writeImage("a.tif", 0, DIMS);
		e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, 1));
		assertTrue(e.getMessage(), e.getMessage().contains("no labeled volumes"));
	}

	@Test
	public void labelValuesAboveTheClassesAreKeptForTheTrainingToCheck() throws IOException {
		// a value above the classes may be the not-annotated value of sparse labels: the training,
		// which knows the setting, refuses it or not (SparseLabelTrainingTest)
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		LabelVolume l = LabelVolume.zeros("a", DIMS, null);
		l.data()[2] = 3;
		VolumeIO.writeTiff(l, labels.resolve("a.tif"));
		assertEquals(3, CaseSet.fromFolders(images, labels, 3, 1).labeled().get(0).label().maxLabel());
	}

	@Test
	public void validationTakesTheLastLabeledCasesAndMustLeaveOne() {
		List<Case> cases = List.of(labeled("p"), labeled("q"), labeled("r"), unlabeled("u"));
		CaseSet set = CaseSet.of(cases, 2).withValidation(2);
		assertEquals(List.of("p"), names(set.labeled()));
		assertEquals(List.of("q", "r"), names(set.validation()));
		assertEquals(List.of("u"), names(set.unlabeled()));

		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.of(cases, 2).withValidation(3));
		assertTrue(e.getMessage(), e.getMessage().contains("leaves no labeled training case"));
	}

	@Test
	public void unlabeledListDropsLabelsAndNamesMustBeUnique() {
		CaseSet set = new CaseSet(List.of(labeled("p")), List.of(labeled("q")), List.of(), 2);
		assertNull(set.unlabeled().get(0).label());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.of(List.of(labeled("p"), unlabeled("p")), 2));
		assertTrue(e.getMessage(), e.getMessage().contains("two cases are named p"));
	}

	@Test
	public void laLayoutReadsTheNamedCasesLabeledAndUnlabeled() {
		Path root = LaTestData.root();
		List<String> three = LaCaseReader.readCaseList(root).subList(0, 3);
		CaseSet set = CaseSet.fromLaLayout(root, three.subList(0, 1), three.subList(1, 3), 1);
		assertEquals(three.subList(0, 1), names(set.labeled()));
		assertEquals(three.subList(1, 3), names(set.unlabeled()));
		assertEquals(2, set.numClasses());
		Case first = set.labeled().get(0);
		assertNotNull(first.label());
		assertEquals(1, first.label().maxLabel());
		for (Case u : set.unlabeled()) {
			assertNull(u.label());
			assertEquals(88, u.image().nz());
		}
		assertArrayEquals(new double[] { 0.625, 0.625, 0.625 }, first.image().voxelSize(), 0);
	}

	@Test
	public void laLayoutNeedsALabeledCase() {
		Path root = LaTestData.root();
		List<String> two = LaCaseReader.readCaseList(root).subList(0, 2);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSet.fromLaLayout(root, List.of(), two, 1));
		assertTrue(e.getMessage(), e.getMessage().contains("no labeled volumes"));
	}

	private static Case labeled(String name) {
		return new Case(name, Volume.zeros(name, DIMS, null), LabelVolume.zeros(name, DIMS, null));
	}

	private static Case unlabeled(String name) {
		return Case.unlabeled(name, Volume.zeros(name, DIMS, null));
	}
}
