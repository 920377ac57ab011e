package sc.fiji.meanteacher.volume;

import java.nio.file.Path;
import java.util.List;

/**
 * Which cases of a folder in the LA layout train labeled and which unlabeled, as two case-list
 * files name them. With 80 cases of which some are held out for testing, explicit lists are the
 * only safe choice: no case trains unless a list names it.
 *
 * @param labeled cases that train with their labels
 * @param unlabeled cases that train without; empty when none is named
 */
public record LaCaseSplit(List<String> labeled, List<String> unlabeled) {

	/**
	 * @param unlabeledList null for none
	 * @throws IllegalArgumentException naming the list, line and case for a case the folder lacks,
	 *           and a case both lists name
	 */
	public static LaCaseSplit read(Path root, Path labeledList, Path unlabeledList) {
		String where = root.toAbsolutePath() + " (no <case>/" + LaCaseReader.CASE_FILE + ")";
		List<String> labeled = CaseList.read(labeledList, n -> LaLayout.hasCase(root, n), where);
		List<String> unlabeled = unlabeledList == null ? List.of() : CaseList.read(unlabeledList, n -> LaLayout.hasCase(root, n), where);
		for (String name : unlabeled)
			if (labeled.contains(name)) throw new IllegalArgumentException("case '" + name + "' is in both labeledlist "
				+ labeledList.toAbsolutePath() + " and unlabeledlist " + unlabeledList.toAbsolutePath());
		return new LaCaseSplit(labeled, unlabeled);
	}

	/** @throws IllegalArgumentException when no unlabeled case is named, for {@code method}, which learns from them */
	public void requireUnlabeledFor(String method) {
		if (unlabeled.isEmpty())
			throw new IllegalArgumentException(method + " learns from unlabeled cases: name them in "
				+ "unlabeledlist, a text file with one case a line (or train \"Supervised only\")");
	}
}
