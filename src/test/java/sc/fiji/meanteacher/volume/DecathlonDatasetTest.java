package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.volume.nifti.NiftiDataType;

/** dataset.json read strictly: its pairs, the unlabeled imagesTr files, the test list, and one line for each fault. */
public class DecathlonDatasetTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path root, json;

	@Before
	public void dataset() throws Exception {
		root = DecathlonFixture.write(tmp.getRoot().toPath().resolve("Task02_Heart"));
		json = root.toAbsolutePath().resolve(DecathlonDataset.DATASET_FILE);
	}

	@Test
	public void readsPairsUnlabeledTrainingImagesAndTestList() {
		assertTrue(DecathlonDataset.isDecathlon(root));
		assertFalse(DecathlonDataset.isDecathlon(root.resolve("imagesTr")));
		DecathlonDataset d = DecathlonDataset.read(root);
		assertEquals(DecathlonFixture.CLASS_NAMES, d.classNames());
		assertEquals(DecathlonFixture.LABELED, List.copyOf(d.labeled().keySet()));
		assertEquals(root.resolve("labelsTr/la_004.nii.gz").toAbsolutePath(), d.labels().get("la_004"));
		assertEquals(DecathlonFixture.UNLABELED, List.copyOf(d.unlabeled().keySet()));
		assertEquals(DecathlonFixture.TEST, List.copyOf(d.test().keySet()));
		assertEquals(root.resolve("imagesTs/la_002.nii.gz").toAbsolutePath(), d.test().get("la_002"));
	}

	/** A Decathlon root is a case folder: its test list by default, any image by case list, labels from labelsTr. */
	@Test
	public void caseFolderTakesTheTestListAndLabelsFromLabelsTr() throws Exception {
		CaseFolder folder = CaseFolder.of(root);
		assertEquals(DecathlonFixture.TEST, folder.names(null));
		Path list = Files.writeString(tmp.getRoot().toPath().resolve("cases.txt"), "la_005\nla_001\n");
		assertEquals(List.of("la_005", "la_001"), folder.names(list));
		CaseFolder.Read<LabelVolume> labels = folder.labels("la_005");
		assertEquals(DecathlonFixture.HEADER.forData(NiftiDataType.UINT8, 1), labels.nifti());
		assertEquals("la_005", labels.volume().name());
		assertNull(folder.labelFile("la_001"));
		assertEquals(DecathlonFixture.HEADER, folder.image("la_001").nifti());
		assertOneLine(assertThrows(IllegalArgumentException.class, () -> folder.labels("la_001")), json.toString(),
			"case la_001 has no label");
		Path unknown = Files.writeString(tmp.getRoot().toPath().resolve("unknown.txt"), "la_099\n");
		assertOneLine(assertThrows(IllegalArgumentException.class, () -> folder.names(unknown)), "unknown case 'la_099'",
			json + " (neither a training nor a test image)");
	}

	@Test
	public void aMissingListedFileIsNamedWithItsEntryAndPath() throws Exception {
		Files.delete(root.resolve("labelsTr/la_004.nii.gz"));
		assertRefused(json + ": training[1].label names ./labelsTr/la_004.nii.gz, but "
			+ root.toAbsolutePath().resolve("labelsTr/la_004.nii.gz") + " does not exist");
	}

	@Test
	public void badJsonIsRefused() throws Exception {
		DecathlonFixture.writeJson(root, "{\"training\": [ {\"image\": ");
		assertRefused(json + ": is not valid JSON (");
	}

	@Test
	public void aMissingTrainingListIsRefused() throws Exception {
		DecathlonFixture.writeJson(root, "{\"labels\": {\"0\": \"background\", \"1\": \"left atrium\"}, \"test\": []}");
		assertRefused(json + ": no 'training' list");
	}

	@Test
	public void severalModalitiesAreRefused() throws Exception {
		DecathlonFixture.writeJson(root, DecathlonFixture.datasetJson("{\"0\": \"FLAIR\", \"1\": \"T1w\"}", DecathlonFixture.LABELED));
		assertRefused(json + ": 'modality' names 2 channels", "single-channel");
	}

	@Test
	public void labelsMustNumberTheClassesWithoutAGap() throws Exception {
		DecathlonFixture.writeJson(root, DecathlonFixture.datasetJson("{\"0\": \"MRI\"}", DecathlonFixture.LABELED)
			.replace("\"1\": \"left atrium\"", "\"2\": \"left atrium\""));
		assertRefused(json + ": 'labels' has no name for class 1");
	}

	@Test
	public void aCaseListedTwiceIsRefused() throws Exception {
		DecathlonFixture.writeJson(root, DecathlonFixture.datasetJson("{\"0\": \"MRI\"}", List.of("la_003", "la_004", "la_003")));
		assertRefused(json + ": training[2] names case la_003 a second time");
	}

	private void assertRefused(String... fragments) {
		assertOneLine(assertThrows(IllegalArgumentException.class, () -> DecathlonDataset.read(root)), fragments);
	}

	private static void assertOneLine(Exception e, String... fragments) {
		String message = e.getMessage();
		for (String f : fragments) assertTrue("'" + f + "' in: " + message, message.contains(f));
		assertEquals(message, 1, message.lines().count());
		assertFalse(message, message.contains("Exception"));
	}
}
