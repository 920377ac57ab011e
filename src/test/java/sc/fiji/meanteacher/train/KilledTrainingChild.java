package sc.fiji.meanteacher.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * The training {@link KillAndResumeTest} kills: a tiny Mean Teacher run into the folder given as
 * the only argument, resumed from the folder's newest checkpoint when there is one (as
 * {@code resume=latest} does). Prints {@value #ITERATION}n after each iteration and {@value #DONE}
 * at the end.
 */
public final class KilledTrainingChild {

	static final String ITERATION = "ITERATION ";
	static final String DONE = "DONE";
	static final int ITERATIONS = 8;

	private KilledTrainingChild() {}

	/** Smallest network the CPU trains reliably (16 filters), 2 stages, 16³ patches, a checkpoint every iteration. */
	static TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		c.patch = new PatchSize(16, 16, 16);
		c.baseFilters = 16;
		c.depth = 2;
		c.batchSize = 2;
		c.labeledPerBatch = 1;
		c.iterations = ITERATIONS;
		c.learningRate = 0.05;
		c.rampUpLength = 4;
		c.rampUpStep = 1;
		c.validationStart = Integer.MAX_VALUE;
		c.checkpointInterval = 1;
		c.seed = 11;
		return c;
	}

	static CaseSet data() {
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(5);
		List<Case> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Case c = generator.generate(i, 20, 20, 16);
			if (i < 2) labeled.add(c);
			else unlabeled.add(Case.unlabeled(c.name(), c.image()));
		}
		return new CaseSet(labeled, unlabeled, List.of(), 2);
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args[0]);
		SegmentationTrainer trainer = new SegmentationTrainer(config(), data(), out);
		trainer.addListener(new TrainingListener() {
			@Override
			public void iterationDone(IterationReport report) {
				System.out.println(ITERATION + report.iteration());
				System.out.flush();
			}
		});
		Path latest = SegmentationTrainer.latestCheckpoint(out);
		if (latest == null) trainer.train();
		else trainer.resume(latest);
		System.out.println(DONE);
		System.out.flush();
		System.exit(0);
	}
}
