package sc.fiji.meanteacher;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes SIGTERM and SIGINT (Ctrl-C, a cluster's time limit or pre-emption, {@code scancel}) a stop
 * of the command-line run: a shutdown hook cancels the running commands — a training ends after
 * its current iteration and saves its models and a checkpoint, as the training window's Stop does
 * — waits for them, at most {@value #WAIT_SECONDS} s, and ends the process with
 * {@link Main#STOPPED}. A JVM that is shutting down cannot {@code exit} with a status of its own,
 * so the hook halts it with the status the main thread hands over.
 */
final class SignalStop {

	/** Long enough for an iteration and the saves; SLURM templates signal 120 s before the limit. */
	static final long WAIT_SECONDS = 100;

	private enum Phase { RUNNING, SIGNALLED, EXITING }

	private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
	private final CountDownLatch ended = new CountDownLatch(1);
	private final PrintStream err;
	private volatile int status = Main.FAILED;
	private volatile Runnable stopCommands = () -> {};

	private SignalStop(PrintStream err) {
		this.err = err;
	}

	/** Registers the shutdown hook. */
	static SignalStop install(PrintStream err) {
		SignalStop stop = new SignalStop(err);
		Runtime.getRuntime().addShutdownHook(new Thread(stop::onShutdown, "mean-teacher-signal-stop"));
		return stop;
	}

	/** One that never fires, for {@link Main#run(String...)} inside another program or a test. */
	static SignalStop none() {
		return new SignalStop(System.err);
	}

	/** Whether a termination signal came. */
	boolean signalled() {
		return phase.get() == Phase.SIGNALLED;
	}

	/** What stops the running commands when a signal comes. */
	void onSignal(Runnable stopCommands) {
		this.stopCommands = stopCommands;
	}

	/** Ends the process with {@code exitStatus}; after a signal the hook does, once it has it. */
	void exit(int exitStatus) {
		if (phase.compareAndSet(Phase.RUNNING, Phase.EXITING)) System.exit(exitStatus);
		status = exitStatus;
		ended.countDown();
		while (true) {
			try {
				// the hook halts the process
				Thread.sleep(Long.MAX_VALUE);
			}
			catch (InterruptedException e) {
				// keep waiting for the halt
			}
		}
	}

	private void onShutdown() {
		// an exit of the main thread runs the hooks too: nothing to stop then
		if (!phase.compareAndSet(Phase.RUNNING, Phase.SIGNALLED)) return;
		err.println("termination signal: stopping after the current iteration and saving (at most " + WAIT_SECONDS + " s)");
		err.flush();
		stopCommands.run();
		int exitStatus;
		try {
			exitStatus = ended.await(WAIT_SECONDS, TimeUnit.SECONDS) ? status : Main.FAILED;
		}
		catch (InterruptedException e) {
			exitStatus = Main.FAILED;
		}
		if (ended.getCount() > 0) err.println("the commands did not stop within " + WAIT_SECONDS + " s of the termination signal");
		System.out.flush();
		err.flush();
		Runtime.getRuntime().halt(exitStatus);
	}
}
