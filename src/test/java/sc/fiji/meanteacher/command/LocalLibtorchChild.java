package sc.fiji.meanteacher.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import sc.fiji.meanteacher.Main;
import sc.fiji.meanteacher.device.LocalLibtorch;

/**
 * A child JVM of {@link LocalLibtorchRouteTest}: names a libtorch folder as {@code -Dmeanteacher.libtorch}
 * would (before any DJL class loads), runs {@link Main} headless with the remaining arguments, then
 * prints the libtorch_cpu files this process has mapped ({@code MAPPED <path>}, Linux), which say
 * where libtorch really came from.
 */
public final class LocalLibtorchChild {

	private LocalLibtorchChild() {}

	public static void main(String[] args) throws Exception {
		System.setProperty(LocalLibtorch.PROPERTY, args[0]);
		int status = Main.run(Arrays.copyOfRange(args, 1, args.length));
		String torchCpu = System.mapLibraryName("torch_cpu");
		for (String line : Files.readAllLines(Path.of("/proc/self/maps")))
			if (line.endsWith("/" + torchCpu)) System.out.println("MAPPED " + line.substring(line.indexOf('/')));
		System.exit(status);
	}
}
