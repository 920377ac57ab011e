package sc.fiji.meanteacher.command;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.prefs.PrefService;
import org.scijava.ui.DialogPrompt.MessageType;
import org.scijava.ui.UIService;

import sc.fiji.meanteacher.device.OutOfMemoryException;
import sc.fiji.meanteacher.train.TrainingDivergedException;

/**
 * What every Mean Teacher command shares: the services it reports through, the checks of its
 * numeric parameters against their {@code min} and {@code max} (which SciJava enforces only in
 * dialogs, not in macros, scripts or headless calls), and one way of failing. Bad input (an
 * {@link IllegalArgumentException} or I/O problem from the engine), a cancelled segmentation, a
 * diverged training and settings that ran libtorch out of memory ({@link OutOfMemoryException})
 * are not bugs, so instead of a stack trace the user gets the message: in the
 * log, in a dialog when Fiji has a window, and as the module's cancel reason, which the headless
 * {@code Main} turns into a non-zero exit status: 2 for bad input ({@link #refusedBadInput()}),
 * 1 for the rest. Anything else (an {@link IllegalStateException}
 * of a broken contract, say) is an internal fault and is not caught: SciJava logs it with its stack
 * trace and reports the command as errored.
 */
public abstract class MeanTeacherCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(required = false)
	protected UIService ui;

	/** Holds the local libtorch folder ({@link LibtorchPreference}). */
	@Parameter(required = false)
	protected PrefService prefs;

	/** Whether the command refused its input, as opposed to failing while it worked. */
	private volatile boolean badInput;

	/**
	 * The command's work; throw {@link IllegalArgumentException} for bad input (a parameter, file,
	 * image or setting it refuses), {@link IOException} for what fails while it works.
	 */
	protected abstract void execute() throws IOException;

	@Override
	public final void run() {
		try {
			requireWithinBounds();
			LibtorchPreference.apply(prefs);
			execute();
		}
		catch (IllegalArgumentException e) {
			badInput = true;
			fail(e.getMessage() == null ? e.toString() : e.getMessage());
		}
		catch (IOException | UncheckedIOException | CancellationException | TrainingDivergedException | OutOfMemoryException e) {
			fail(e.getMessage() == null ? e.toString() : e.getMessage());
		}
	}

	/**
	 * Whether the command ended by refusing its input (an {@link IllegalArgumentException}: a value
	 * out of range, an unreadable image, impossible settings) rather than failing while it worked
	 * or being cancelled; the headless {@code Main} exits with 2 then, as for a misspelled key.
	 */
	public boolean refusedBadInput() {
		return badInput;
	}

	/** Every numeric {@code @Parameter} with a {@code min} or {@code max} must lie within them. */
	private void requireWithinBounds() {
		for (Class<?> c = getClass(); c != MeanTeacherCommand.class; c = c.getSuperclass())
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || p.min().isEmpty() && p.max().isEmpty()) continue;
				Object value;
				try {
					f.setAccessible(true);
					value = f.get(this);
				}
				catch (IllegalAccessException e) {
					throw new IllegalStateException("cannot read parameter " + f.getName(), e);
				}
				if (!(value instanceof Number n)) continue;
				double v = n.doubleValue();
				if (!p.min().isEmpty() && v < Double.parseDouble(p.min()))
					throw new IllegalArgumentException(f.getName() + " must be at least " + p.min() + ", got " + n);
				if (!p.max().isEmpty() && v > Double.parseDouble(p.max()))
					throw new IllegalArgumentException(f.getName() + " must be at most " + p.max() + ", got " + n);
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
