package sc.fiji.meanteacher.macro;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import ij.Macro;
import ij.macro.Interpreter;

/**
 * Runs macro text with ImageJ 1's own interpreter, on a thread named as ImageJ names macro
 * threads ("Run$_…"), which is where ImageJ looks for a macro's dialog answers:
 * {@code getDirectory("Images folder")} and {@code File.openDialog("Model …")} return the value of
 * the key made of their title's first word ({@code images=[…]}, {@code model=[…]}) in
 * {@code answers}, the way a macro run with options answers them.
 */
public final class MacroRunner {

	private MacroRunner() {}

	public static void runFile(Path macro, String argument, String answers) throws Exception {
		run(Files.readString(macro, StandardCharsets.UTF_8), argument, answers);
	}

	/** Runs {@code macro} with {@code getArgument()} returning {@code argument}; rethrows what the thread threw. */
	public static void run(String macro, String argument, String answers) throws Exception {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			try {
				Macro.setOptions(Thread.currentThread(), answers);
				new Interpreter().run(macro, argument);
			}
			catch (Throwable t) {
				failure.set(t);
			}
			finally {
				Macro.setOptions(Thread.currentThread(), null);
			}
		}, "Run$_macro-test");
		thread.start();
		thread.join();
		if (failure.get() instanceof Exception e) throw e;
		if (failure.get() instanceof Error e) throw e;
	}
}
