package sc.fiji.meanteacher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.module.event.ModuleStartedEvent;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.service.Service;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import sc.fiji.meanteacher.command.MeanTeacherCommand;

/**
 * Command-line entry: {@code --headless --run "Train Mean Teacher" "images='…',labels='…',iterations=500"},
 * exactly as Fiji's launcher takes it. The parameter string is parsed and converted by
 * {@link HeadlessArguments}, so that a bad key or value is answered with a sentence naming it; the
 * command then runs through SciJava's {@link CommandService} as in Fiji. This class adds what a
 * shell script needs: the outputs printed, an exit status that is non-zero when a command
 * failed, was cancelled, got bad arguments, or no command of that title exists: {@link #USAGE}
 * for bad input (arguments, or input a command refused: {@link MeanTeacherCommand#refusedBadInput()}),
 * {@link #FAILED} for the rest, and a stop, not a death, on SIGTERM or SIGINT ({@link SignalStop}).
 */
public final class Main {

	/**
	 * Exit statuses: done; failed or cancelled; bad usage or input; {@code STOPPED} when SIGTERM or
	 * SIGINT stopped the commands, which saved what they had (a training its models and a
	 * checkpoint, which {@code resume=latest} continues).
	 */
	public static final int OK = 0, FAILED = 1, USAGE = 2, STOPPED = 3;

	private Main() {}

	public static void main(String... args) {
		SignalStop stop = SignalStop.install(System.err);
		// DJL and AWT leave non-daemon threads behind; the status is the answer, so exit explicitly.
		stop.exit(run(System.out, System.err, stop, args));
	}

	/** Runs the arguments in a fresh SciJava context and returns the exit status (for tests and embedding). */
	public static int run(String... args) {
		return run(System.out, System.err, SignalStop.none(), args);
	}

	/** One {@code --run "Title" "parameters"} of the command line. */
	private record Invocation(String title, String parameters) {}

	static int run(PrintStream out, PrintStream err, String... args) {
		return run(out, err, SignalStop.none(), args);
	}

	private static int run(PrintStream out, PrintStream err, SignalStop stop, String... args) {
		if (args.length == 0 || Arrays.asList(args).contains("--help")) {
			out.println(usage());
			return args.length == 0 ? USAGE : OK;
		}
		List<Invocation> invocations = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--headless")) continue;
			if (!args[i].equals("--run") || i + 1 >= args.length) {
				err.println((args[i].equals("--run") ? "--run needs a command title" : "unknown argument '" + args[i] + "'") + "\n"
					+ usage());
				return USAGE;
			}
			String title = args[++i];
			String parameters = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "";
			invocations.add(new Invocation(title, parameters));
		}
		if (invocations.isEmpty()) {
			err.println("nothing to run\n" + usage());
			return USAGE;
		}
		Context context = new Context();
		try {
			context.service(UIService.class).setHeadless(true);
			CommandService commands = context.service(CommandService.class);
			Outcome outcome = new Outcome(out);
			// The event service holds subscribers weakly: keep this list alive until the end.
			List<EventSubscriber<?>> subscribers = context.service(EventService.class).subscribe(outcome);
			stop.onSignal(() -> outcome.cancelRunning("stopped by a termination signal"));
			int ran = 0;
			for (Invocation invocation : invocations) {
				if (stop.signalled()) break;
				ran++;
				CommandInfo info = command(commands, invocation.title());
				if (info == null) {
					err.println("no command titled [" + invocation.title() + "]; the Mean Teacher commands are: " + ourTitles(commands));
					return USAGE;
				}
				Map<String, Object> inputs;
				try {
					inputs = HeadlessArguments.inputs(info, HeadlessArguments.parse(invocation.parameters()));
				}
				catch (IllegalArgumentException e) {
					err.println(info.getTitle() + ": " + e.getMessage());
					return USAGE;
				}
				try {
					commands.run(info, true, inputs).get();
				}
				catch (ExecutionException e) {
					// reported through the module's error event, with its stack trace logged by the command
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return FAILED;
				}
			}
			int status = outcome.status(err);
			if (stop.signalled() && (status != OK || ran < invocations.size()) && !outcome.errored()) {
				err.println("stopped by a termination signal (SIGTERM or SIGINT): exit status " + STOPPED
					+ "; a stopped training continues with resume=latest");
				status = STOPPED;
			}
			context.service(EventService.class).unsubscribe(subscribers);
			return status;
		}
		finally {
			context.dispose();
		}
	}

	static String usage() {
		return String.join("\n", "usage: java -jar mean-teacher.jar --headless --run \"<command title>\" \"key='value',key=value,...\"",
			"commands: " + String.join(", ", commandTitles()),
			"values: 'quoted' ('' for an apostrophe), \"quoted\", [bracketed] or bare up to the next comma",
			"example:  --headless --run \"Mean Teacher Demo Data\" \"output='demo',cases=8,labeled=2\"");
	}

	/** The titles of this plugin's menu commands, from the plugin index (no context needed), sorted. */
	static List<String> commandTitles() {
		PluginIndex index = new PluginIndex();
		index.discover();
		List<String> titles = new ArrayList<>();
		for (PluginInfo<Command> info : index.getPlugins(Command.class))
			if (isOurs(info.getClassName()) && info.getMenuPath() != null && !info.getMenuPath().isEmpty())
				titles.add(new CommandInfo(info).getTitle());
		titles.sort(null);
		return titles;
	}

	private static boolean isOurs(String className) {
		return className.startsWith(Main.class.getPackageName() + ".");
	}

	/** The command of that title or class name. */
	private static CommandInfo command(CommandService commands, String title) {
		CommandInfo byClass = commands.getCommand(title);
		if (byClass != null) return byClass;
		String spaced = title.replace('_', ' ');
		for (CommandInfo info : commands.getCommands())
			if (spaced.equals(info.getTitle())) return info;
		return null;
	}

	private static List<String> ourTitles(CommandService commands) {
		List<String> titles = new ArrayList<>();
		for (CommandInfo info : commands.getCommands())
			if (isOurs(info.getClassName())) titles.add(info.getTitle());
		return titles;
	}

	/** Watches the modules that run and remembers how each ended. */
	static final class Outcome {

		private final PrintStream out;
		private int started, finished, errors;
		private final List<String> failures = new ArrayList<>();
		/** Failures that were a command refusing its input, not failing at its work. */
		private int refusals;
		/** Started and not yet ended, for a stop. */
		private final List<Module> running = new ArrayList<>();
		/** The reason the running commands were cancelled with, once they were; null before. */
		private String stopReason;

		Outcome(PrintStream out) {
			this.out = out;
		}

		@EventHandler
		synchronized void onStart(ModuleStartedEvent e) {
			if (!isOurs(e.getModule())) return;
			started++;
			running.add(e.getModule());
			// one that starts after the signal stops at once
			if (stopReason != null) cancel(e.getModule(), stopReason);
		}

		/** Cancels the commands that run: a training stops after its iteration and saves. */
		synchronized void cancelRunning(String reason) {
			stopReason = reason;
			for (Module m : running) cancel(m, reason);
		}

		private static void cancel(Module m, String reason) {
			if (m instanceof Cancelable c) c.cancel(reason);
			else m.cancel();
		}

		synchronized boolean errored() {
			return errors > 0;
		}

		@EventHandler
		synchronized void onError(ModuleErroredEvent e) {
			if (!isOurs(e.getModule())) return;
			errors++;
			running.remove(e.getModule());
			Throwable t = e.getException();
			while (t.getCause() != null && t.getMessage() == null) t = t.getCause();
			failures.add(e.getModule().getInfo().getTitle() + " failed: " + t);
		}

		@EventHandler
		synchronized void onCancel(ModuleCanceledEvent e) {
			if (!isOurs(e.getModule())) return;
			running.remove(e.getModule());
			failures.add(e.getModule().getInfo().getTitle() + ": " + (e.getReason() == null ? "cancelled" : e.getReason()));
			if (e.getModule().getDelegateObject() instanceof MeanTeacherCommand c && c.refusedBadInput()) refusals++;
		}

		@EventHandler
		synchronized void onFinish(ModuleFinishedEvent e) {
			if (!isOurs(e.getModule())) return;
			finished++;
			running.remove(e.getModule());
			printOutputs(e.getModule());
		}

		/** Service modules and the like run too; only commands started from the command line count. */
		private static boolean isOurs(Module m) {
			return m.getInfo() instanceof CommandInfo;
		}

		synchronized int status(PrintStream err) {
			for (String f : failures) err.println(f);
			if (failures.isEmpty()) return finished == started ? OK : FAILED;
			return refusals == failures.size() ? USAGE : FAILED;
		}

		private void printOutputs(Module m) {
			for (ModuleItem<?> item : m.getInfo().outputs()) {
				Object value = m.getOutput(item.getName());
				if (value == null || value instanceof Service || value instanceof Context) continue;
				if (value instanceof ResultsTable rt) printTable(item.getName(), rt);
				else if (value instanceof ImagePlus imp)
					out.println(item.getName() + " = image " + imp.getTitle() + " (" + imp.getWidth() + " x " + imp.getHeight()
						+ " x " + imp.getStackSize() + ")");
				else out.println(item.getName() + " = " + value);
			}
		}

		private void printTable(String name, ResultsTable rt) {
			out.println(name + ":");
			String[] headings = rt.getHeadings();
			out.println(String.join("\t", headings));
			for (int row = 0; row < rt.size(); row++) {
				StringBuilder line = new StringBuilder();
				for (int c = 0; c < headings.length; c++)
					line.append(c == 0 ? "" : "\t").append(rt.getStringValue(headings[c], row));
				out.println(line);
			}
		}
	}
}
