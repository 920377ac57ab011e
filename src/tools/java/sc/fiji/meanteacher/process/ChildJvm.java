package sc.fiji.meanteacher.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import sc.fiji.meanteacher.device.TorchRuntime;

/**
 * Runs a main class in a fresh JVM with this JVM's class path, heap settings and system properties
 * and a given libtorch thread count. Needed because libtorch reads its thread count once, when
 * the engine starts, a process's peak memory can only be read, never reset, and DJL records
 * gradients for one training at a time per process (so parallel trainings need processes).
 */
public final class ChildJvm {

	private ChildJvm() {}

	/**
	 * Starts {@code main} with {@code args}, hands each line it prints (stdout and stderr) to
	 * {@code lines}, and waits for it.
	 *
	 * @return the child's exit status
	 */
	public static int run(Class<?> main, int threads, List<String> args, Consumer<String> lines) throws IOException, InterruptedException {
		Process p = start(main, threads, args);
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;) lines.accept(line);
		}
		catch (IOException e) {
			p.destroy();
			throw e;
		}
		return p.waitFor();
	}

	/** Starts {@code main} with {@code args}; its stdout and stderr are the process's one input stream. */
	public static Process start(Class<?> main, int threads, List<String> args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments())
			// heap and system properties carry over; debugger agents and the like would clash
			if ((option.startsWith("-X") || option.startsWith("-D")) && !option.startsWith("-D" + TorchRuntime.THREADS_PROPERTY + "=")
				&& !option.startsWith("-Dai.djl.pytorch.num_threads=")) command.add(option);
		command.add("-D" + TorchRuntime.THREADS_PROPERTY + "=" + threads);
		command.add("-Dai.djl.offline=true");
		command.add("-Dslf4j.internal.verbosity=ERROR");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(args);
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		// libgomp busy-waits otherwise, which slows everything down as soon as another process wants the cores
		pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
		return pb.start();
	}
}
