package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.data.BatchAssembler;
import sc.fiji.meanteacher.data.Rng;
import sc.fiji.meanteacher.data.TrainingBatch;
import sc.fiji.meanteacher.device.TorchRuntime;

/**
 * The iterations of one run, as docs/METHOD.md describes them: each iteration takes the sampler's next
 * batch of labeled and unlabeled volumes, takes one SGD step on
 * {@code L = L_seg + λ(t)·L_con} at the schedule's learning rate and moves the EMA teacher
 * ({@link TrainingStep}); validation on the held-out cases, when due, keeps the best model. The
 * run's files are written by its {@link RunOutput}s.
 */
final class TrainingLoop {

	private final ActiveRun run;
	private final TrainingConfig config;
	private final List<RunOutput> outputs;
	private final BooleanSupplier stopRequested;
	private final long startNanos;
	private final Engine engine = TorchRuntime.engine();
	private final Validation validation;
	private final TrainingStep step;

	TrainingLoop(ActiveRun run, List<RunOutput> outputs, BooleanSupplier stopRequested, long startNanos) {
		this.run = run;
		this.config = run.config;
		this.outputs = outputs;
		this.stopRequested = stopRequested;
		this.startNanos = startNanos;
		this.validation = new Validation(run.data.cases.validation(), config);
		this.step = new TrainingStep(config, run.nets.student, run.nets.teacher, run.nets.ema, run.nets.sgd, engine);
	}

	TrainingResult run() throws IOException {
		TrainerState state = run.state;
		long first = state.nextIteration;
		boolean cancelled = false;
		try (BatchAssembler batches = BatchAssembler.start(run.data.batches(config), first, config.iterations)) {
			long waitedBefore = 0;
			for (long it = first; it < config.iterations; it++) {
				if (stopRequested.getAsBoolean()) {
					cancelled = true;
					run.announce("cancelled after iteration " + it + "; saving the models");
					break;
				}
				TrainingBatch batch = batches.take();
				double wait = (batches.waitNanos() - waitedBefore) / 1e9;
				waitedBefore = batches.waitNanos();
				IterationReport report = step(batch, wait, first);
				state.nextIteration = it + 1;
				run.listeners.iterationDone(report);
				for (RunOutput o : outputs) o.iterationDone(report);
				if (validation.isDue(it)) validate(it);
				for (RunOutput o : outputs) o.iterationEnded(it);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			cancelled = true;
		}
		catch (EngineException e) {
			RuntimeException oom = MemoryEstimate.outOfMemory(e, config, run.base.getDevice());
			throw oom != null ? oom : e;
		}
		for (RunOutput o : outputs) o.runEnded(cancelled);
		Path last = run.outputDir.resolve(RunFolder.LAST_MODEL), best = run.outputDir.resolve(RunFolder.BEST_MODEL);
		run.announce("saved " + last + " and " + best);
		return new TrainingResult(best, last, state.nextIteration, state.bestDice, state.bestIteration, cancelled,
			(System.nanoTime() - startNanos) / 1e9);
	}

	/** One step at iteration {@code batch.iteration()}, its libtorch randomness (dropout) seeded by (seed, iteration). */
	private IterationReport step(TrainingBatch batch, double dataWait, long first) {
		long it = batch.iteration();
		double weight = config.consistencyWeightAt(it);
		double lr = config.learningRateAt(it);
		try (NDManager scope = run.base.newSubManager()) {
			engine.setRandomSeed(Rng.libtorchSeed(config.seed, it));
			long tStart = System.nanoTime();
			TrainingStep.Outcome o = step.run(scope, batch, weight, lr);
			double sup = o.supervised(), cons = o.consistency();
			if (!Double.isFinite(sup) || !Double.isFinite(cons))
				throw new TrainingDivergedException("training diverged: the loss became " + (Double.isFinite(sup) ? cons : sup)
					+ " at iteration " + (it + 1) + "; lower the learning rate or resume from the last checkpoint");
			long tEnd = System.nanoTime();
			IterationReport.StageTimes times = new IterationReport.StageTimes(dataWait, (o.teacherDone() - tStart) / 1e9,
				(o.forwardDone() - o.teacherDone()) / 1e9, (o.backwardDone() - o.forwardDone()) / 1e9, (tEnd - o.backwardDone()) / 1e9);
			double elapsed = (tEnd - startNanos) / 1e9;
			double perIt = elapsed / (it + 1 - first);
			return new IterationReport(it, config.iterations, sup + weight * cons, sup, cons, weight, lr, elapsed,
				perIt * (config.iterations - it - 1), times);
		}
	}

	/** Scores the kept network; a better Dice than before makes it the best model (the outputs save it). */
	private void validate(long it) throws IOException {
		TrainerState state = run.state;
		double dice = validation.meanDice(run.nets.kept(), run.base);
		boolean best = Double.isNaN(state.bestDice) || dice > state.bestDice;
		if (best) {
			state.bestDice = dice;
			state.bestIteration = it;
		}
		for (RunOutput o : outputs) o.validated(it, dice, best);
		run.listeners.validationDone(it, dice, best);
	}
}
