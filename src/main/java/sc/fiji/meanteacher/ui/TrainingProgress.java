package sc.fiji.meanteacher.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;

/**
 * What the training window shows, collected from the trainer's reports: the loss curves, the
 * validation Dice, the read-outs (iteration, ETA, seconds per iteration, best Dice), the device
 * with its report, and the run's state. Plain data, thread-safe and usable headless; the window only draws it.
 */
public final class TrainingProgress implements TrainingListener {

	/** Where the run is; only a running one can be stopped or cancelled. */
	public enum State {
		STARTING, RUNNING, STOPPING, CANCELLING, FINISHED, STOPPED, CANCELLED, FAILED;

		public boolean isActive() {
			return this == STARTING || this == RUNNING || this == STOPPING || this == CANCELLING;
		}
	}

	/** One iteration's losses: supervised, and consistency times its weight (what the total adds). */
	public record LossPoint(long iteration, double supervised, double weightedConsistency) {}

	/** A validation result after {@code iteration} iterations. */
	public record DicePoint(long iteration, double dice) {}

	private final long plannedIterations;
	private final boolean consistency;
	private final int validationCases;
	private final long firstValidation;
	private final int validationInterval;
	private final List<LossPoint> losses = new ArrayList<>();
	private final List<DicePoint> dice = new ArrayList<>();
	private State state = State.STARTING;
	private String note = "reading the images";
	private long done;
	private long firstOfRun = -1;
	private double elapsed;
	private double eta = Double.NaN;
	private double bestDice = Double.NaN;
	private long bestAfter = -1;
	private DeviceSelection device;

	/** @param validationCases labeled cases held out for validation (0: no Dice is measured) */
	public TrainingProgress(TrainingConfig config, int validationCases) {
		this.plannedIterations = config.iterations;
		this.consistency = config.method.usesTeacher();
		this.validationCases = validationCases;
		this.validationInterval = config.validationInterval;
		long start = Math.max(config.validationStart, 1);
		long first = (start + config.validationInterval - 1) / config.validationInterval * config.validationInterval;
		this.firstValidation = Math.min(first, config.iterations);
	}

	@Override
	public synchronized void iterationDone(IterationReport r) {
		if (firstOfRun < 0) firstOfRun = r.iteration();
		done = r.iteration() + 1;
		elapsed = r.elapsedSeconds();
		eta = r.etaSeconds();
		losses.add(new LossPoint(done, r.supervisedLoss(), r.consistencyWeight() * r.consistencyLoss()));
		if (state == State.STARTING) state = State.RUNNING;
	}

	@Override
	public synchronized void validationDone(long iteration, double value, boolean best) {
		dice.add(new DicePoint(iteration + 1, value));
		if (best) {
			bestDice = value;
			bestAfter = iteration + 1;
		}
	}

	@Override
	public synchronized void deviceChosen(DeviceSelection selection) {
		device = selection;
	}

	@Override
	public synchronized void message(String text) {
		note = text;
	}

	/** Stop was asked for: the run ends after the current iteration and saves its models. */
	public synchronized void stopping() {
		if (state.isActive()) {
			state = State.STOPPING;
			note = "stopping after this iteration; saving the best and last models";
		}
	}

	/** Cancel was asked for: as {@link #stopping()}, but the run counts as cancelled. */
	public synchronized void cancelling() {
		if (state.isActive()) {
			state = State.CANCELLING;
			note = "cancelling after this iteration; the models so far and a checkpoint are still saved";
		}
	}

	/** The run returned: {@code stopped} when it ended early at Stop, {@code cancelled} when cancelled. */
	public synchronized void ended(boolean stopped, boolean cancelled, String summary) {
		state = cancelled ? State.CANCELLED : stopped ? State.STOPPED : State.FINISHED;
		note = summary;
	}

	public synchronized void failed(String message) {
		state = State.FAILED;
		note = message;
	}

	public synchronized State state() {
		return state;
	}

	public synchronized long iterationsDone() {
		return done;
	}

	public long plannedIterations() {
		return plannedIterations;
	}

	public boolean hasConsistency() {
		return consistency;
	}

	/** Mean wall time per iteration since this run (or its resume) started, NaN before the first. */
	public synchronized double secondsPerIteration() {
		return firstOfRun < 0 ? Double.NaN : elapsed / (done - firstOfRun);
	}

	public synchronized double etaSeconds() {
		return eta;
	}

	/** Best validation Dice so far, NaN before the first validation. */
	public synchronized double bestDice() {
		return bestDice;
	}

	public synchronized List<LossPoint> losses() {
		return List.copyOf(losses);
	}

	public synchronized List<DicePoint> dice() {
		return List.copyOf(dice);
	}

	/** "Iteration 120 / 300 (40%) · elapsed 0:00:50 · ETA 0:01:10 · 0.42 s per iteration". */
	public synchronized String iterationLine() {
		if (firstOfRun < 0) return String.format(Locale.ROOT, "Iteration 0 / %d", plannedIterations);
		return String.format(Locale.ROOT, "Iteration %d / %d (%d%%)  ·  elapsed %s  ·  ETA %s  ·  %.2f s per iteration", done,
			plannedIterations, 100 * done / plannedIterations, IterationReport.formatDuration(elapsed),
			state.isActive() ? IterationReport.formatDuration(eta) : "-", secondsPerIteration());
	}

	/** The best Dice so far, or when the first validation will come, or why there is none. */
	public synchronized String validationLine() {
		if (validationCases == 0)
			return "Validation Dice: none measured (no labeled images held out for validation)";
		if (bestAfter < 0)
			return String.format(Locale.ROOT, "Validation Dice on %d held-out image(s): first after iteration %d, then every %d",
				validationCases, firstValidation, validationInterval);
		return String.format(Locale.ROOT, "Best validation Dice %.4f after iteration %d (%d held-out image(s); last %.4f)", bestDice,
			bestAfter, validationCases, dice.get(dice.size() - 1).dice());
	}

	/** "Device: gpu0 (device=auto)", or that the run has not chosen it yet. */
	public synchronized String deviceLine() {
		return device == null ? "Device: chosen once the images are read" : "Device: " + device.summary();
	}

	/** The device report the run started its log with (libtorch, driver, GPUs, threads); empty before. */
	public synchronized List<String> deviceReport() {
		return device == null ? List.of() : device.lines();
	}

	/** The run's state in words, with its latest event. */
	public synchronized String stateLine() {
		String what = switch (state) {
			case STARTING -> "Starting";
			case RUNNING -> "Running";
			case STOPPING -> "Stopping";
			case CANCELLING -> "Cancelling";
			case FINISHED -> "Finished";
			case STOPPED -> "Stopped";
			case CANCELLED -> "Cancelled";
			case FAILED -> "Failed";
		};
		return what + ": " + note;
	}
}
