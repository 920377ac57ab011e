package sc.fiji.meanteacher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import sc.fiji.meanteacher.device.TorchRuntime;

/** What Linux reports about this process and machine; other systems report "unknown" (-1, or an empty string). */
final class ProcessMemory {

	private ProcessMemory() {}

	/**
	 * Peak resident set size of this process in bytes ({@code VmHWM}), or -1 when unknown. It
	 * counts libtorch's native memory, which the JVM's own heap figures do not.
	 */
	static long peakResidentBytes() {
		return statusBytes("VmHWM:");
	}

	/** Resident memory of this process now, or -1 where unknown. */
	static long residentBytes() {
		return statusBytes("VmRSS:");
	}

	private static long statusBytes(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
		}
		catch (IOException | NumberFormatException e) {
			// not Linux: unknown
		}
		return -1;
	}

	/** The 1, 5 and 15 minute load averages, for judging whether other work shared the cores. */
	static String loadAverage() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException | RuntimeException e) {
			return "";
		}
	}

	/**
	 * The glibc malloc tunables set in the environment ({@code MALLOC_*}), or "none": they change
	 * libtorch's speed several-fold on machines where fresh pages are expensive, so results quote them.
	 */
	static String mallocEnvironment() {
		String s = System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_")).sorted(
			java.util.Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(" "));
		String mode = "-D" + TorchRuntime.MALLOC_PROPERTY + "=" + System.getProperty(TorchRuntime.MALLOC_PROPERTY, "retain");
		return s.isEmpty() ? mode : s + " " + mode;
	}

	static String gigabytes(long bytes) {
		return bytes < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", bytes / 1e9);
	}
}
