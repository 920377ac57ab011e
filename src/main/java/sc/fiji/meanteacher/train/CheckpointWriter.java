package sc.fiji.meanteacher.train;

import java.io.IOException;

/**
 * Writes a checkpoint every {@code checkpointInterval} iterations (not after the last: the models
 * are there) and when a run is cancelled after at least one iteration, so that it can be resumed.
 */
final class CheckpointWriter implements RunOutput {

	private final ActiveRun run;

	CheckpointWriter(ActiveRun run) {
		this.run = run;
	}

	@Override
	public void iterationEnded(long iteration) throws IOException {
		long done = iteration + 1;
		if (done % run.config.checkpointInterval == 0 && done < run.config.iterations) save();
	}

	@Override
	public void runEnded(boolean cancelled) throws IOException {
		if (cancelled && run.state.nextIteration > 0) save();
	}

	private void save() throws IOException {
		run.announce("checkpoint " + Checkpoints.save(run.outputDir, run.files, run.studentEntries(), run.nets.teacher, run.nets.sgd, run.state));
	}
}
