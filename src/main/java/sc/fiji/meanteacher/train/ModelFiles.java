package sc.fiji.meanteacher.train;

import java.io.IOException;

/**
 * The models a run leaves: {@code best-model.zip} (the network it keeps, {@link Networks#kept()}:
 * the EMA teacher where there is one) whenever validation improves, and at the end
 * {@code last-model.zip} (the student, as in the reference), {@code last-teacher-model.zip} (the EMA
 * teacher) and, when nothing was validated, the last kept network as the best model.
 */
final class ModelFiles implements RunOutput {

	private final ActiveRun run;

	ModelFiles(ActiveRun run) {
		this.run = run;
	}

	@Override
	public void validated(long iteration, double dice, boolean best) throws IOException {
		if (best) run.save(run.nets.kept(), run.outputDir.resolve(RunFolder.BEST_MODEL), iteration + 1);
	}

	@Override
	public void runEnded(boolean cancelled) throws IOException {
		long done = run.state.nextIteration;
		run.save(run.nets.student, run.outputDir.resolve(RunFolder.LAST_MODEL), done);
		if (run.nets.teacher != null) run.save(run.nets.teacher, run.outputDir.resolve(RunFolder.LAST_TEACHER_MODEL), done);
		if (run.state.bestIteration < 0) run.save(run.nets.kept(), run.outputDir.resolve(RunFolder.BEST_MODEL), done);
	}
}
