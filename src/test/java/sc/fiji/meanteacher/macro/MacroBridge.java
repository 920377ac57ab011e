package sc.fiji.meanteacher.macro;

import java.awt.GraphicsEnvironment;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleItem;

import ij.ImagePlus;
import ij.Macro;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

/**
 * Test stand-in for imagej-legacy: makes the Mean Teacher commands reachable from an ImageJ 1
 * macro's {@code run("Title", "options")}. Each command title goes into ImageJ's command table,
 * pointing at this plugin; when ImageJ runs it, the option string's {@code key=value} and
 * {@code key=[value]} pairs (read with ImageJ's own {@link Macro#getValue}) become the inputs of the
 * command of that title, converted by SciJava's ConvertService; an {@link ImagePlus} input takes
 * the open image of that title. A key that names no input, or a value that does not convert, is
 * skipped, as imagej-legacy skips it. Output images are shown (in batch mode: registered as open),
 * and a command that cancels aborts the macro.
 */
public final class MacroBridge implements PlugIn {

	/** One {@code run(...)} call that reached a command. */
	public record Call(String title, String options, CommandModule module) {}

	private static Context context;
	private static final List<Call> calls = new ArrayList<>();

	/** Registers every command under {@code packagePrefix} by its title. */
	public static synchronized void install(Context ctx, String packagePrefix) {
		context = ctx;
		Hashtable<String, String> table = commandTable();
		for (CommandInfo info : ctx.service(CommandService.class).getCommands())
			if (info.getClassName().startsWith(packagePrefix))
				table.put(info.getTitle(), MacroBridge.class.getName() + "(\"" + info.getTitle() + "\")");
	}

	/** The calls since the last {@link #clearCalls()}. */
	public static synchronized List<Call> calls() {
		return List.copyOf(calls);
	}

	public static synchronized void clearCalls() {
		calls.clear();
	}

	/**
	 * ImageJ's command table. With a display, {@link Menus#getCommands()} builds the menus; headless
	 * it stays null (the menus need AWT), so an empty table is put in its place, as imagej-legacy's
	 * headless patches do.
	 */
	@SuppressWarnings("unchecked")
	private static Hashtable<String, String> commandTable() {
		Hashtable<String, String> table = GraphicsEnvironment.isHeadless() ? null : Menus.getCommands();
		if (table != null) return table;
		try {
			Field f = Menus.class.getDeclaredField("pluginsTable");
			f.setAccessible(true);
			table = (Hashtable<String, String>) f.get(null);
			if (table == null) {
				table = new Hashtable<>();
				f.set(null, table);
			}
			return table;
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("cannot reach ImageJ's command table", e);
		}
	}

	@Override
	public void run(String title) {
		CommandService commands = context.service(CommandService.class);
		CommandInfo info = commands.getCommands().stream().filter(i -> i.getTitle().equals(title)).findFirst()
			.orElseThrow(() -> new IllegalStateException("no command titled " + title));
		String options = Macro.getOptions();
		CommandModule module;
		try {
			module = commands.run(info, true, inputs(info, options == null ? "" : options)).get();
		}
		catch (Exception e) {
			throw new IllegalStateException(title + " failed", e);
		}
		synchronized (MacroBridge.class) {
			calls.add(new Call(title, options, module));
		}
		if (module.isCanceled()) {
			// A failed command stops the macro there, as in Fiji.
			Interpreter.abort();
			return;
		}
		for (ModuleItem<?> out : info.outputs())
			if (module.getOutput(out.getName()) instanceof ImagePlus imp) imp.show();
	}

	/** The command's inputs that the option string sets, converted to their types. */
	static Map<String, Object> inputs(CommandInfo info, String options) {
		ConvertService convert = context.service(ConvertService.class);
		Map<String, Object> inputs = new HashMap<>();
		for (ModuleItem<?> item : info.inputs()) {
			if (item.getVisibility() == ItemVisibility.MESSAGE) continue;
			String value = Macro.getValue(options, item.getName(), null);
			if (value == null) continue;
			if (ImagePlus.class.isAssignableFrom(item.getType())) {
				ImagePlus imp = WindowManager.getImage(value);
				if (imp != null) inputs.put(item.getName(), imp);
				continue;
			}
			if (!convert.supports(value, item.getType())) continue;
			inputs.put(item.getName(), convert.convert(value, item.getType()));
		}
		return inputs;
	}
}
