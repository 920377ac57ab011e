package sc.fiji.meanteacher.device;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine's memory, for the memory checks of training and segmentation, which compare an
 * estimate with what is available now rather than with the total, most of which other processes
 * and the kernel may hold.
 *
 * @param totalBytes the machine's physical memory, or -1 when unknown
 * @param availableBytes what new allocations can have now without swapping, or -1 when unknown
 */
public record HostMemory(long totalBytes, long availableBytes) {

	private static final Path MEMINFO = Path.of("/proc/meminfo");

	/**
	 * The memory of this machine now: on Linux {@code MemAvailable} of /proc/meminfo (free memory
	 * plus the caches the kernel gives back), elsewhere the free physical memory the JVM reports.
	 */
	public static HostMemory now() {
		if (Files.isReadable(MEMINFO)) {
			try {
				HostMemory fromKernel = fromMeminfo(Files.readAllLines(MEMINFO));
				if (fromKernel != null) return fromKernel;
			}
			catch (IOException e) {
				// fall back on the JVM's figures below
			}
		}
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
			return new HostMemory(os.getTotalMemorySize(), os.getFreeMemorySize());
		return new HostMemory(-1, -1);
	}

	/** {@code MemTotal} and {@code MemAvailable} of /proc/meminfo's lines, or null when either is missing (kernels before 3.14). */
	static HostMemory fromMeminfo(List<String> lines) {
		long total = -1, available = -1;
		for (String line : lines) {
			String[] parts = line.trim().split("\\s+");
			if (parts.length < 2 || !parts[1].matches("\\d+")) continue;
			long bytes = Long.parseLong(parts[1]) * (parts.length > 2 && parts[2].equalsIgnoreCase("kB") ? 1024 : 1);
			if (parts[0].equals("MemTotal:")) total = bytes;
			else if (parts[0].equals("MemAvailable:")) available = bytes;
		}
		return total > 0 && available >= 0 ? new HostMemory(total, available) : null;
	}

	/** Whether {@code bytes} fit in the memory available now; true when it is unknown. */
	public boolean holds(double bytes) {
		return availableBytes < 0 || bytes <= availableBytes;
	}

	/** "15.0 GB available of 25.3 GB", for messages. */
	public String describe() {
		return String.format(Locale.ROOT, "%.1f GB available of %.1f GB", availableBytes / 1e9, totalBytes / 1e9);
	}
}
