package sc.fiji.meanteacher.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;
import sc.fiji.meanteacher.volume.nifti.NiftiImage;

/**
 * A folder of cases as segmentation and evaluation take it: image files named by case (TIFF stacks
 * or NIfTI volumes, {@link ImageFolder}), a folder in the LA layout ({@link LaLayout}) or a
 * Medical Segmentation Decathlon dataset ({@link DecathlonDataset}: its images are the cases, its
 * {@code labelsTr} files their labels, and its {@code test} list the cases taken by default); all
 * of its cases, or those a case-list file names. Each case is read only when asked for, with the
 * length unit of its voxel size and, for a NIfTI file, its header.
 */
public final class CaseFolder {

	/**
	 * A volume as read, with the length unit of its voxel size (for written images and physical
	 * distances) and the header of the NIfTI file it was read from, for files written on its grid;
	 * null for a TIFF stack or an LA case.
	 */
	public record Read<T>(T volume, String unit, NiftiHeader nifti) {}

	private final Path dir;
	/** The image files by base name; null in the LA layout. */
	private final Map<String, Path> files;
	/** The Decathlon dataset the folder holds, or null. */
	private final DecathlonDataset dataset;

	private CaseFolder(Path dir, Map<String, Path> files, DecathlonDataset dataset) {
		this.dir = dir;
		this.files = files;
		this.dataset = dataset;
	}

	/**
	 * @throws IllegalArgumentException for a folder that is neither a Decathlon dataset, in the LA
	 *           layout nor holds an image file, or whose {@code dataset.json} is wrong
	 */
	public static CaseFolder of(Path dir) {
		if (DecathlonDataset.isDecathlon(dir)) {
			DecathlonDataset dataset = DecathlonDataset.read(dir);
			return new CaseFolder(dir, dataset.images(), dataset);
		}
		return new CaseFolder(dir, LaLayout.isLaLayout(dir) ? null : ImageFolder.images(dir), null);
	}

	/** The Decathlon dataset this folder is, or null for another layout. */
	public DecathlonDataset decathlon() {
		return dataset;
	}

	public boolean isLaLayout() {
		return files == null;
	}

	/**
	 * Every case (LA: {@code cases.list} or every case folder; Decathlon: the {@code test} list;
	 * image files: sorted by name), or the cases {@code caseList} names, in its order (in a
	 * Decathlon dataset any of its training or test images).
	 *
	 * @param caseList a case-list file ({@link CaseList}), or null
	 * @throws IllegalArgumentException naming the list, line and case when the list names a case the folder lacks
	 */
	public List<String> names(Path caseList) {
		if (files == null)
			return caseList == null ? LaLayout.caseNames(dir) : CaseList.read(caseList, n -> LaLayout.hasCase(dir, n),
				dir.toAbsolutePath() + " (no <case>/" + LaCaseReader.CASE_FILE + ")");
		if (dataset != null) {
			if (caseList != null) return CaseList.read(caseList, files::containsKey, dataset.file() + " (neither a training nor a test image)");
			if (dataset.test().isEmpty())
				throw new IllegalArgumentException(dataset.file() + ": 'test' lists no image; name the cases to take in caselist");
			return List.copyOf(dataset.test().keySet());
		}
		return caseList == null ? List.copyOf(files.keySet())
			: CaseList.read(caseList, files::containsKey, dir.toAbsolutePath() + " (no <case>.tif)");
	}

	/** The file case {@code name} is read from (its TIFF or NIfTI file, or its LA case file), so that nothing is written over it. */
	public Path file(String name) {
		return files == null ? dir.resolve(name).resolve(LaCaseReader.CASE_FILE) : files.get(name);
	}

	/** The image of case {@code name} (2-D images allowed, for the command to refuse with the model's patch). */
	public Read<Volume> image(String name) {
		if (files == null) return new Read<>(LaCaseReader.read(dir, name, false).image(), LaLayout.UNIT, null);
		Path file = files.get(name);
		if (ImageFormat.of(file) == ImageFormat.NIFTI) {
			NiftiImage nifti = NiftiVolumes.read(file);
			return new Read<>(NiftiVolumes.toVolume(file, nifti, true), NiftiVolumes.UNIT, nifti.header());
		}
		ImagePlus imp = VolumeIO.openTiff(file);
		return new Read<>(ImagePlusVolumes.toVolume(imp, true), imp.getCalibration().getUnit(), null);
	}

	/** The file the labels of case {@code name} are read from: {@link #file}, or in a Decathlon dataset its {@code labelsTr} file (null for none). */
	public Path labelFile(String name) {
		return dataset != null ? dataset.labels().get(name) : file(name);
	}

	/**
	 * The labels of case {@code name}, named after the case.
	 *
	 * @throws IllegalArgumentException for a Decathlon case that no {@code training} pair labels
	 */
	public Read<LabelVolume> labels(String name) {
		if (files == null) return new Read<>(LaCaseReader.read(dir, name, true).label(), LaLayout.UNIT, null);
		Path file = labelFile(name);
		if (file == null) throw new IllegalArgumentException(dataset.file() + ": case " + name + " has no label ('training' pairs no label with it)");
		if (ImageFormat.of(file) == ImageFormat.NIFTI) {
			NiftiImage nifti = NiftiVolumes.read(file);
			LabelVolume read = NiftiVolumes.toLabelVolume(file, nifti, true);
			return new Read<>(new LabelVolume(name, read.img(), read.voxelSize()), NiftiVolumes.UNIT, nifti.header());
		}
		ImagePlus imp = VolumeIO.openTiff(file);
		LabelVolume read = ImagePlusVolumes.toLabelVolume(imp, true);
		return new Read<>(new LabelVolume(name, read.img(), read.voxelSize()), imp.getCalibration().getUnit(), null);
	}
}
