package sc.fiji.meanteacher.command;

import java.util.function.Consumer;

import org.scijava.task.Task;
import org.scijava.task.TaskService;

/**
 * A command's long run (a training, a folder's segmentation) as a SciJava {@link Task}, which is
 * how Fiji's task list and scripts see a long job: it reports the steps done and passes the task's
 * cancel on to the command's own way of ending a run, so that there is one stop path whoever asks.
 * Without a {@link TaskService} (a command made without a context) it reports nothing.
 */
final class CommandTask implements AutoCloseable {

	/** The cancel reason when a task is cancelled without one. */
	static final String CANCELLED = "cancelled through its task";

	private final Task task;

	private CommandTask(Task task) {
		this.task = task;
	}

	/**
	 * Starts a task of {@code steps} steps.
	 *
	 * @param tasks the context's task service, or null
	 * @param cancel the command's stop path, given the task's cancel reason
	 */
	static CommandTask start(TaskService tasks, String name, long steps, Consumer<String> cancel) {
		if (tasks == null) return new CommandTask(null);
		Task task = tasks.createTask(name);
		task.setProgressMaximum(steps);
		task.setCancelCallBack(() -> cancel.accept(task.getCancelReason() == null ? CANCELLED : task.getCancelReason()));
		task.start();
		return new CommandTask(task);
	}

	/** {@code done} of the steps are done; {@code status} says where the run is. */
	void progress(long done, String status) {
		if (task == null) return;
		task.setStatusMessage(status);
		task.setProgressValue(done);
	}

	/** The run ended, however: the task is done. */
	@Override
	public void close() {
		if (task != null) task.finish();
	}
}
