package sc.fiji.meanteacher.command;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt.MessageType;
import org.scijava.ui.UIService;

/**
 * What every Mean Teacher command shares: the services it reports through, and one way of
 * failing. Bad input (an {@link IllegalArgumentException} or I/O problem from the engine; a
 * segmentation's CancellationException is an IllegalStateException) is not a
 * bug, so instead of a stack trace the user gets its message: in the log, in a dialog when Fiji has
 * a window, and as the module's cancel reason, which the headless {@code Main} turns into a
 * non-zero exit status.
 */
public abstract class MeanTeacherCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(required = false)
	protected UIService ui;

	/** The command's work; throw {@link IllegalArgumentException} or {@link IOException} for bad input. */
	protected abstract void execute() throws IOException;

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e)
		{
			fail(e.getMessage() == null ? e.toString() : e.getMessage());
		}
	}

	/** Reports {@code message} and marks the command as failed (cancelled with that reason). */
	protected void fail(String message) {
		String text = getClass().getSimpleName().replace("Command", "") + ": " + message;
		log.error(text);
		if (!isHeadless()) ui.showDialog(text, "Mean Teacher", MessageType.ERROR_MESSAGE);
		cancel(text);
	}

	protected boolean isHeadless() {
		return ui == null || ui.isHeadless() || GraphicsEnvironment.isHeadless();
	}

	protected void showStatus(String message) {
		if (status != null) status.showStatus(message);
		log.info(message);
	}

	/**
	 * The value of an {@code ItemVisibility.MESSAGE} parameter that heads a group of fields in the
	 * dialog. A header is also an input nobody sets, which keeps SciJava's FilePreprocessor (it asks
	 * for a file when that is the only input left unset, even an optional one, and cancels headless)
	 * from stopping a macro, a recorded call or {@code --run} that leaves an optional folder empty.
	 */
	protected static String header(String title) {
		return "<html><b>" + title + "</b>";
	}
}
