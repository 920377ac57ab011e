package sc.fiji.meanteacher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.volume.Case;

/** The benchmarks' data: synthetic atrium cases, and a scratch folder for the trainer's output. */
final class SyntheticCases {

	private SyntheticCases() {}

	/**
	 * Cases {@code first .. first + labeled + unlabeled - 1} of size {@code size}; the first
	 * {@code labeled} keep their labels.
	 */
	static CaseSet caseSet(long seed, int[] size, int first, int labeled, int unlabeled) {
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(seed);
		List<Case> withLabels = new ArrayList<>(), without = new ArrayList<>();
		for (int i = 0; i < labeled + unlabeled; i++) {
			Case c = generator.generate(first + i, size[0], size[1], size[2]);
			if (i < labeled) withLabels.add(c);
			else without.add(Case.unlabeled(c.name(), c.image()));
		}
		return new CaseSet(withLabels, without, List.of(), CaseSet.LA_NUM_CLASSES);
	}

	/** A new empty temporary folder for a training run's models and log. */
	static Path scratchFolder() throws IOException {
		return Files.createTempDirectory("meanteacher-bench-");
	}

	/** Deletes a scratch folder and everything in it. */
	static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		try (Stream<Path> all = Files.walk(dir)) {
			for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
		}
	}
}
