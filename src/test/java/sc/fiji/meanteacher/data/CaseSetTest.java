package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaTestData;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

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

	private static List<String> names(List<TrainingCase> cases) {
		return cases.stream().map(TrainingCase::name).toList();
	}

	@Test
	public void imageWithoutLabelFileIsUnlabeled() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		writeImage("b.tif", 100, DIMS);
		writeImage("c.tiff", 200, DIMS);
		writeLabel("a.tif", 3, DIMS);
		writeLabel("c.tif", 7, DIMS);

		CaseSet set = CaseSet.fromFolders(images, labels, 2, IntensityNormalization.NONE);
		assertEquals(List.of("a", "c"), names(set.labeled()));
		assertEquals(List.of("b"), names(set.unlabeled()));
		assertEquals(List.of(), set.validation());
		assertNull(set.unlabeled().get(0).label());
		assertEquals(100f, set.unlabeled().get(0).image().data()[0], 0);
		TrainingCase c = set.labeled().get(1);
		assertEquals(223f, c.image().data()[23], 0);
		assertEquals(1, c.label().data()[7]);
		assertEquals(1, c.label().maxLabel());
	}

	@Test
	public void normalisationIsAppliedAtLoad() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, new long[] { 4, 1, 2 });
		writeLabel("a.tif", 0, new long[] { 4, 1, 2 });
		CaseSet set = CaseSet.fromFolders(images, labels, 2, IntensityNormalization.ZSCORE);
		// values 0..7: mean 3.5, population sd sqrt(5.25)
		float[] v = set.labeled().get(0).image().data();
		assertEquals((float) (-3.5 / Math.sqrt(5.25)), v[0], 1e-6f);
		assertEquals((float) (3.5 / Math.sqrt(5.25)), v[7], 1e-6f);
	}

	@Test
	public void labelFileWithoutImageIsNamed() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		writeLabel("a.tif", 0, DIMS);
		writeLabel("orphan.tif", 0, DIMS);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains("orphan.tif") && e.getMessage().contains("without an image"));
	}

	@Test
	public void sizeMismatchNamesCaseAndBothSizes() throws IOException {
		makeFolders();
		writeImage("knee.tif", 0, DIMS);
		writeLabel("knee.tif", 0, new long[] { 4, 3, 3 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains("knee") && e.getMessage().contains("[4, 3, 2]")
			&& e.getMessage().contains("[4, 3, 3]"));
	}

	@Test
	public void emptyFolderAndNoLabelsAreErrors() throws IOException {
		makeFolders();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains(images.toString()) && e.getMessage().contains("no .tif"));

		writeImage("a.tif", 0, DIMS);
		e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 2, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains("no labeled volumes"));
	}

	@Test
	public void labelValueAtOrAboveClassCountIsRejected() throws IOException {
		makeFolders();
		writeImage("a.tif", 0, DIMS);
		LabelVolume l = LabelVolume.zeros("a", DIMS, null);
		l.data()[2] = 3;
		VolumeIO.writeTiff(l, labels.resolve("a.tif"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromFolders(images, labels, 3, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains("a") && e.getMessage().contains("label value 3"));
		assertEquals(1, CaseSet.fromFolders(images, labels, 4, IntensityNormalization.NONE).labeled().size());
	}

	@Test
	public void validationTakesTheLastLabeledCasesAndMustLeaveOne() {
		List<TrainingCase> cases = List.of(labeled("p"), labeled("q"), labeled("r"), unlabeled("u"));
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
	public void laLayoutLabelsTheFirstCasesOnly() {
		Path root = LaTestData.root();
		List<String> three = LaCaseReader.readCaseList(root).subList(0, 3);
		CaseSet set = CaseSet.fromLaLayout(root, three, 1, IntensityNormalization.ZSCORE);
		assertEquals(three.subList(0, 1), names(set.labeled()));
		assertEquals(three.subList(1, 3), names(set.unlabeled()));
		assertEquals(2, set.numClasses());
		TrainingCase first = set.labeled().get(0);
		assertNotNull(first.label());
		assertEquals(1, first.label().maxLabel());
		for (TrainingCase u : set.unlabeled()) {
			assertNull(u.label());
			assertEquals(88, u.image().nz());
		}
		// z-scored at load
		float[] v = first.image().data();
		double sum = 0, squares = 0;
		for (float x : v) {
			sum += x;
			squares += (double) x * x;
		}
		assertEquals(0, sum / v.length, 1e-4);
		assertEquals(1, squares / v.length, 1e-3);
		assertArrayEquals(new double[] { 0.625, 0.625, 0.625 }, first.image().voxelSize(), 0);
	}

	@Test
	public void laCasesLoadAsLabeledPairsForTesting() {
		Path root = LaTestData.root();
		List<String> names = LaCaseReader.readCaseList(root);
		List<String> last = names.subList(names.size() - 1, names.size());
		List<TrainingCase> test = CaseSet.loadLaCases(root, last, IntensityNormalization.NONE);
		assertEquals(1, test.size());
		assertEquals(last.get(0), test.get(0).name());
		assertArrayEquals(test.get(0).image().dims(), test.get(0).label().dims());
	}

	@Test
	public void laLayoutRejectsImpossibleLabeledCount() {
		Path root = LaTestData.root();
		List<String> two = LaCaseReader.readCaseList(root).subList(0, 2);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromLaLayout(root, two, 3, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains("cannot label 3 of 2"));
		e = assertThrows(IllegalArgumentException.class,
			() -> CaseSet.fromLaLayout(root, two.subList(0, 1), 0, IntensityNormalization.NONE));
		assertTrue(e.getMessage(), e.getMessage().contains("no labeled volumes"));
	}

	private static TrainingCase labeled(String name) {
		return new TrainingCase(name, Volume.zeros(name, DIMS, null), LabelVolume.zeros(name, DIMS, null));
	}

	private static TrainingCase unlabeled(String name) {
		return TrainingCase.unlabeled(name, Volume.zeros(name, DIMS, null));
	}
}
