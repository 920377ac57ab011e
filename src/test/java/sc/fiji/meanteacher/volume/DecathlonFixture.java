package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFileTest;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;
import sc.fiji.meanteacher.volume.nifti.NiftiLayout;

/**
 * A tiny Medical Segmentation Decathlon dataset written for a test: synthetic left-atrium cases of
 * 24 x 24 x 16 voxels as NIfTI files with an oblique header (qform and sform set, anisotropic
 * voxels), three training pairs, one {@code imagesTr} file without a label and two test images,
 * with the {@code dataset.json} that lists them.
 */
public final class DecathlonFixture {

	public static final List<String> LABELED = List.of("la_003", "la_004", "la_005");
	public static final List<String> UNLABELED = List.of("la_006");
	public static final List<String> TEST = List.of("la_001", "la_002");
	public static final List<String> CLASS_NAMES = List.of("background", "left atrium");
	/** The header of every image: its labels have it too, as uint8. */
	public static final NiftiHeader HEADER = new NiftiHeader(NiftiLayout.NIFTI_1, new long[] { 3, 24, 24, 16, 1, 1, 1, 1 },
		new double[] { 0.7f, 0.8f, 1.5f, 1, 1, 1, 1 }, 10, NiftiFileTest.ORIENTATION, NiftiDataType.FLOAT32, 1, 0);

	private DecathlonFixture() {}

	/** Writes the dataset into {@code root} (created) and returns it. */
	public static Path write(Path root) throws IOException {
		Files.createDirectories(root.resolve("imagesTr"));
		Files.createDirectories(root.resolve("labelsTr"));
		Files.createDirectories(root.resolve("imagesTs"));
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(11);
		int index = 0;
		for (String name : LABELED) {
			Case c = generator.generate(index++, 24, 24, 16);
			writeImage(c.image(), root.resolve("imagesTr").resolve(name + ".nii.gz"));
			NiftiVolumes.writeLabels(c.label(), HEADER, root.resolve("labelsTr").resolve(name + ".nii.gz"), OutputPolicy.newFilesOnly());
		}
		for (String name : UNLABELED) writeImage(generator.generate(index++, 24, 24, 16).image(), root.resolve("imagesTr").resolve(name + ".nii.gz"));
		for (String name : TEST) writeImage(generator.generate(index++, 24, 24, 16).image(), root.resolve("imagesTs").resolve(name + ".nii.gz"));
		writeJson(root, datasetJson("{\"0\": \"MRI\"}", LABELED));
		return root;
	}

	private static void writeImage(Volume image, Path file) throws IOException {
		NiftiVolumes.writeFloats(image.data(), 0, 1, HEADER, file, OutputPolicy.newFilesOnly());
	}

	/** A dataset.json as the Decathlon writes it, of this modality and these training pairs, with the test images. */
	public static String datasetJson(String modality, List<String> labeled) {
		String training = labeled.stream()
			.map(n -> "{\"image\": \"./imagesTr/" + n + ".nii.gz\", \"label\": \"./labelsTr/" + n + ".nii.gz\"}")
			.collect(Collectors.joining(", "));
		String test = TEST.stream().map(n -> "\"./imagesTs/" + n + ".nii.gz\"").collect(Collectors.joining(", "));
		return "{\"name\": \"LA\", \"modality\": " + modality + ", \"labels\": {\"0\": \"background\", \"1\": \"left atrium\"}, "
			+ "\"numTraining\": " + labeled.size() + ", \"numTest\": " + TEST.size() + ", \"training\": [" + training + "], \"test\": ["
			+ test + "]}";
	}

	/** Replaces the dataset's dataset.json. */
	public static void writeJson(Path root, String json) throws IOException {
		Files.writeString(root.resolve(DecathlonDataset.DATASET_FILE), json);
	}
}
