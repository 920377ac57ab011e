package sc.fiji.meanteacher.device;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * What the NVIDIA driver says about this machine, asked through the driver's own library
 * ({@code libcuda.so.1} / {@code nvcuda.dll}, present wherever the driver is, unlike the CUDA
 * runtime that DJL's own GPU detection needs) or, failing that, {@code nvidia-smi}. The driver API
 * counts the GPUs the process may use (it honours {@code CUDA_VISIBLE_DEVICES}) without creating a
 * context, so probing costs no GPU memory. The driver API and nvidia-smi stay in one class: each
 * is the other's fallback, and both fill this record.
 *
 * @param version the driver version ({@code 550.54.15}), or null when no driver was found
 * @param cudaVersion the newest CUDA the driver supports, as {@code 1000·major + 10·minor} (12040 = 12.4); 0 when unknown
 * @param gpus the GPUs the driver shows this process
 * @param problem why no GPU could be listed, or null
 */
public record NvidiaDriver(String version, int cudaVersion, List<Gpu> gpus, String problem) {

	/**
	 * One GPU.
	 *
	 * @param memoryBytes its total memory, or -1 when unknown
	 * @param computeCapability {@code 9.0} …, or empty when unknown
	 */
	public record Gpu(int index, String name, long memoryBytes, String computeCapability) {

		public String describe() {
			return String.format(Locale.ROOT, "gpu%d: %s, %s memory%s", index, name,
				memoryBytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GB", memoryBytes / 1e9),
				computeCapability.isEmpty() ? "" : ", compute capability " + computeCapability);
		}
	}

	static final Path PROC_VERSION = Path.of("/proc/driver/nvidia/version");
	// cuDeviceGetAttribute: CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR / _MINOR
	private static final int CC_MAJOR = 75, CC_MINOR = 76;

	private static volatile NvidiaDriver probed;

	public NvidiaDriver {
		gpus = List.copyOf(gpus);
	}

	/** Whether a driver was found at all. */
	public boolean found() {
		return version != null || cudaVersion > 0;
	}

	/** {@code 12.4}, or {@code unknown}. */
	public String cudaVersionText() {
		return cudaVersion <= 0 ? "unknown" : cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
	}

	/** The driver of this machine, probed once per process (the GPUs of a process do not change). */
	public static NvidiaDriver probe() {
		NvidiaDriver d = probed;
		if (d == null) probed = d = probeNow();
		return d;
	}

	private interface CudaDriverApi extends Library {
		int cuInit(int flags);

		int cuDriverGetVersion(int[] version);

		int cuDeviceGetCount(int[] count);

		int cuDeviceGet(int[] device, int ordinal);

		int cuDeviceGetName(byte[] name, int length, int device);

		int cuDeviceTotalMem_v2(long[] bytes, int device);

		int cuDeviceGetAttribute(int[] value, int attribute, int device);
	}

	private static NvidiaDriver probeNow() {
		String procVersion = procDriverVersion();
		List<String> names = driverLibraryNames();
		if (names.isEmpty()) return new NvidiaDriver(null, 0, List.of(), "macOS has no CUDA: this platform runs on the CPU only");
		CudaDriverApi api = null;
		for (String name : names) {
			try {
				api = Native.load(name, CudaDriverApi.class);
				break;
			}
			catch (Throwable t) {
				// try the next name
			}
		}
		if (api == null) {
			NvidiaDriver smi = fromNvidiaSmi(nvidiaSmi());
			if (smi != null) return smi;
			String library = String.join(" / ", names) + " cannot be loaded";
			if (procVersion != null)
				return new NvidiaDriver(procVersion, 0, List.of(), "the NVIDIA kernel driver " + procVersion + " is loaded, but its "
					+ "library " + library + " (driver installation incomplete?)");
			return new NvidiaDriver(null, 0, List.of(), "no NVIDIA driver found (" + (isLinux() ? "no " + PROC_VERSION + ", " : "")
				+ library + ", no nvidia-smi on the PATH)");
		}
		int[] v = new int[1];
		int cuda = api.cuDriverGetVersion(v) == 0 ? v[0] : 0;
		int init = api.cuInit(0);
		String version = procVersion != null ? procVersion : smiDriverVersion();
		if (init != 0)
			return new NvidiaDriver(version, cuda, List.of(), "the NVIDIA driver did not initialise (cuInit error " + init
				+ (init == 100 ? ": no CUDA-capable device" : init == 999 ? ": unknown error, often a driver/kernel-module mismatch" : "")
				+ ")");
		int[] count = new int[1];
		if (api.cuDeviceGetCount(count) != 0 || count[0] == 0) {
			String visible = System.getenv("CUDA_VISIBLE_DEVICES");
			return new NvidiaDriver(version, cuda, List.of(), "the NVIDIA driver shows no GPU to this process"
				+ (visible == null ? "" : " (CUDA_VISIBLE_DEVICES=" + visible + ")"));
		}
		List<Gpu> gpus = new ArrayList<>();
		for (int i = 0; i < count[0]; i++) {
			int[] dev = new int[1];
			if (api.cuDeviceGet(dev, i) != 0) continue;
			byte[] name = new byte[256];
			String n = api.cuDeviceGetName(name, name.length, dev[0]) == 0 ? Native.toString(name, "UTF-8") : "GPU " + i;
			long[] mem = new long[1];
			long bytes = api.cuDeviceTotalMem_v2(mem, dev[0]) == 0 ? mem[0] : -1;
			int[] major = new int[1], minor = new int[1];
			String cc = api.cuDeviceGetAttribute(major, CC_MAJOR, dev[0]) == 0 && api.cuDeviceGetAttribute(minor, CC_MINOR, dev[0]) == 0
				? major[0] + "." + minor[0] : "";
			gpus.add(new Gpu(i, n, bytes, cc));
		}
		return new NvidiaDriver(version, cuda, gpus, gpus.isEmpty() ? "the NVIDIA driver lists GPUs but none could be opened" : null);
	}

	private static List<String> driverLibraryNames() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.startsWith("win")) return List.of("nvcuda");
		if (os.startsWith("mac")) return List.of();
		return List.of("libcuda.so.1", "cuda");
	}

	private static boolean isLinux() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
	}

	/** The version in {@code /proc/driver/nvidia/version} ("NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15 …"). */
	static String procDriverVersion() {
		if (!Files.isReadable(PROC_VERSION)) return null;
		try {
			return parseProcVersion(Files.readString(PROC_VERSION, StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			return null;
		}
	}

	static String parseProcVersion(String text) {
		for (String line : text.split("\\R"))
			if (line.startsWith("NVRM version:")) {
				String[] words = line.trim().split("\\s+");
				for (String w : words)
					if (w.matches("\\d+\\.\\d+(\\.\\d+)?")) return w;
				return line.substring("NVRM version:".length()).trim();
			}
		return null;
	}

	/** nvidia-smi on the PATH (or at its usual Windows place), or null. */
	static Path nvidiaSmi() {
		String exe = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win") ? "nvidia-smi.exe" : "nvidia-smi";
		String path = System.getenv("PATH");
		if (path != null) for (String dir : path.split(File.pathSeparator)) {
			if (dir.isBlank()) continue;
			Path p = Path.of(dir).resolve(exe);
			if (Files.isExecutable(p)) return p;
		}
		Path windows = Path.of("C:\\Windows\\System32\\nvidia-smi.exe");
		return exe.endsWith(".exe") && Files.isExecutable(windows) ? windows : null;
	}

	private static String smiDriverVersion() {
		Path smi = nvidiaSmi();
		if (smi == null) return null;
		List<String> lines = run(smi, "--query-gpu=driver_version", "--format=csv,noheader");
		return lines.isEmpty() ? null : lines.get(0).trim();
	}

	/** The GPUs nvidia-smi lists, or null when it is missing or fails. */
	static NvidiaDriver fromNvidiaSmi(Path smi) {
		if (smi == null) return null;
		return parseNvidiaSmi(run(smi, "--query-gpu=index,name,memory.total,compute_cap,driver_version", "--format=csv,noheader,nounits"));
	}

	/**
	 * Parses nvidia-smi's {@code index, name, memory.total (MiB), compute_cap, driver_version} lines.
	 *
	 * @return null when no line parses
	 */
	static NvidiaDriver parseNvidiaSmi(List<String> lines) {
		List<Gpu> gpus = new ArrayList<>();
		String driver = null;
		for (String line : lines) {
			String[] f = line.split(",");
			if (f.length < 5) continue;
			try {
				int index = Integer.parseInt(f[0].trim());
				String memory = f[2].trim();
				long bytes = memory.matches("\\d+") ? Long.parseLong(memory) * 1024 * 1024 : -1;
				String cc = f[3].trim().matches("\\d+\\.\\d+") ? f[3].trim() : "";
				gpus.add(new Gpu(index, f[1].trim(), bytes, cc));
				driver = f[4].trim();
			}
			catch (NumberFormatException e) {
				// a header or an error line
			}
		}
		if (gpus.isEmpty()) return null;
		return new NvidiaDriver(driver, 0, gpus, null);
	}

	private static List<String> run(Path exe, String... args) {
		List<String> command = new ArrayList<>();
		command.add(exe.toString());
		command.addAll(List.of(args));
		List<String> lines = new ArrayList<>();
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line; (line = r.readLine()) != null;) lines.add(line);
			}
			if (!p.waitFor(20, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return List.of();
			}
			return p.exitValue() == 0 ? lines : List.of();
		}
		catch (IOException e) {
			return List.of();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return List.of();
		}
	}
}
