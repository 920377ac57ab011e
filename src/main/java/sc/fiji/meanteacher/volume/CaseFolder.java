package sc.fiji.meanteacher.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

/**
 * A folder of cases as segmentation and evaluation take it: TIFF stacks named by case, or a
 * folder in the LA layout ({@link LaLayout}); all of its cases, or those a case-list file names.
 * Each case is read only when asked for, with the length unit of its calibration.
 */
public final class CaseFolder {

	/** A volume as read, with its calibration's length unit (for written images and physical distances). */
	public record Read<T>(T volume, String unit) {}

	private final Path dir;
	/** The TIFF stacks by base name; null in the LA layout. */
	private final Map<String, Path> tiffs;

	private CaseFolder(Path dir, Map<String, Path> tiffs) {
		this.dir = dir;
		this.tiffs = tiffs;
	}

	/** @throws IllegalArgumentException for a folder that is neither in the LA layout nor holds a TIFF */
	public static CaseFolder of(Path dir) {
		return new CaseFolder(dir, LaLayout.isLaLayout(dir) ? null : TiffFolder.images(dir));
	}

	public boolean isLaLayout() {
		return tiffs == null;
	}

	/**
	 * Every case (LA: {@code cases.list} or every case folder; TIFFs: sorted by name), or the cases
	 * {@code caseList} names, in its order.
	 *
	 * @param caseList a case-list file ({@link CaseList}), or null
	 * @throws IllegalArgumentException naming the list, line and case when the list names a case the folder lacks
	 */
	public List<String> names(Path caseList) {
		if (tiffs == null)
			return caseList == null ? LaLayout.caseNames(dir) : CaseList.read(caseList, n -> LaLayout.hasCase(dir, n),
				dir.toAbsolutePath() + " (no <case>/" + LaCaseReader.CASE_FILE + ")");
		return caseList == null ? List.copyOf(tiffs.keySet())
			: CaseList.read(caseList, tiffs::containsKey, dir.toAbsolutePath() + " (no <case>.tif)");
	}

	/** The file case {@code name} is read from (its TIFF, or its LA case file), so that nothing is written over it. */
	public Path file(String name) {
		return tiffs == null ? dir.resolve(name).resolve(LaCaseReader.CASE_FILE) : tiffs.get(name);
	}

	/** The image of case {@code name} (2-D images allowed, for the command to refuse with the model's patch). */
	public Read<Volume> image(String name) {
		if (tiffs == null) return new Read<>(LaCaseReader.read(dir, name, false).image(), LaLayout.UNIT);
		ImagePlus imp = VolumeIO.openTiff(tiffs.get(name));
		return new Read<>(ImagePlusVolumes.toVolume(imp, true), imp.getCalibration().getUnit());
	}

	/** The labels of case {@code name}, named after the case. */
	public Read<LabelVolume> labels(String name) {
		if (tiffs == null) return new Read<>(LaCaseReader.read(dir, name, true).label(), LaLayout.UNIT);
		ImagePlus imp = VolumeIO.openTiff(tiffs.get(name));
		LabelVolume read = ImagePlusVolumes.toLabelVolume(imp, true);
		return new Read<>(new LabelVolume(name, read.img(), read.voxelSize()), imp.getCalibration().getUnit());
	}
}
