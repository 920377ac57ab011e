package sc.fiji.meanteacher.command;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import sc.fiji.meanteacher.volume.CaseList;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaLayout;
import sc.fiji.meanteacher.volume.TiffFolder;

/** The cases of a batch folder as Segment and Evaluate take them: every case, or those a case list names. */
final class BatchCases {

	private BatchCases() {}

	/**
	 * @param tiffs the folder's TIFF stacks by base name ({@link TiffFolder#images}), or null for a
	 *          folder in the LA layout
	 * @param caselist a case-list file ({@link CaseList}), or empty for every case of the folder
	 * @throws IllegalArgumentException naming the list, line and case when the list names a case the folder lacks
	 */
	static List<String> names(Path dir, Map<String, Path> tiffs, File caselist) {
		boolean all = ParameterValues.isEmpty(caselist);
		if (tiffs == null)
			return all ? LaLayout.caseNames(dir) : CaseList.read(caselist.toPath(), n -> LaLayout.hasCase(dir, n),
				dir.toAbsolutePath() + " (no <case>/" + LaCaseReader.CASE_FILE + ")");
		return all ? List.copyOf(tiffs.keySet())
			: CaseList.read(caselist.toPath(), tiffs::containsKey, dir.toAbsolutePath() + " (no <case>.tif)");
	}
}
