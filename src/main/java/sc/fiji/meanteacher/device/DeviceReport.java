package sc.fiji.meanteacher.device;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.Library;
import com.sun.jna.Native;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;

/**
 * Which device the plugin can compute on, and why: the DJL and libtorch versions, where libtorch
 * was loaded from and which build it is, what the NVIDIA driver and DJL's CUDA detection found,
 * the GPUs, libtorch's CPU threads and the malloc setting. The command <em>Mean Teacher Device
 * Info</em> shows it, and every training and segmentation log starts with its {@link #lines()}.
 * <p>
 * A GPU is usable when the loaded libtorch is a CUDA build and the NVIDIA driver shows a GPU and
 * supports that CUDA; GPUs are counted through the driver ({@link NvidiaDriver}), since DJL's own
 * count needs a system CUDA runtime that a pip {@code torch} install does not provide.
 */
public final class DeviceReport {

	/** Everything the report says, as values (so that tests can state any machine). */
	public record Facts(DjlPairing pairing, String libtorchVersion, Path libtorchPath, String loadedFrom, String flavor,
		boolean cudaBuild, List<String> capabilities, NvidiaDriver driver, String djlCuda, int intraOpThreads,
		int interOpThreads, int processors, String ompWaitPolicy, String malloc, List<String> notes)
	{
		public Facts {
			capabilities = List.copyOf(capabilities);
			notes = List.copyOf(notes);
		}
	}

	private static final List<String> CAPABILITIES = List.of("CUDA", "CUDNN", "MKL", "MKLDNN", "OPENMP");
	private static final Pattern CACHE_FOLDER = Pattern.compile("(\\d+\\.\\d+\\.\\d+(?:-\\d+)?)-(.+)-([a-z]+-[a-z0-9_]+)");

	private final Facts facts;
	private final String gpuProblem;

	public DeviceReport(Facts facts) {
		this.facts = facts;
		this.gpuProblem = gpuProblem(facts.cudaBuild(), facts.flavor(), facts.libtorchVersion(), facts.driver());
	}

	public Facts facts() {
		return facts;
	}

	/** The report of this process, starting the engine if it has not started. */
	public static DeviceReport gather() {
		Engine engine = TorchRuntime.engine();
		DjlPairing pairing = DjlPairing.fromClassPath();
		Path path = Path.of(LibUtils.getLibtorchPath()).toAbsolutePath();
		List<String> capabilities = new ArrayList<>();
		for (String c : CAPABILITIES)
			if (engine.hasCapability(c)) capabilities.add(c);
		boolean cudaBuild = engine.hasCapability("CUDA");
		LibtorchFolder local = LocalLibtorch.active();
		String flavor = local != null ? local.flavor() : cacheFlavor(path, cudaBuild);
		List<String> notes = new ArrayList<>();
		String restart = LocalLibtorch.restartNeeded(path);
		if (restart != null) notes.add(restart);
		if (local != null && local.version() == null)
			notes.add("the libtorch folder records no version (no build-version or ../version.py): it must be libtorch "
				+ pairing.libtorchVersion());
		String searchPath = searchPathNote(local);
		if (searchPath != null) notes.add(searchPath);
		String djlCuda = djlCudaView();
		if (!cudaBuild && local == null) for (DjlPairing.BundledLibtorch b : pairing.bundled())
			if (b.flavor().startsWith("cu") && b.classifier().equals(LibtorchPlatform.current().classifier()))
				notes.add("the class path holds the CUDA build " + b.describe() + ", which DJL skipped: DJL takes a CUDA build only "
					+ "when it finds a system CUDA runtime (cudart) at least as new (here: " + djlCuda + ")");
		Integer interOp = Integer.getInteger("ai.djl.pytorch.num_interop_threads");
		Facts f = new Facts(pairing, engine.getVersion(), path, loadedFrom(path, local, pairing, flavor), flavor, cudaBuild,
			capabilities, NvidiaDriver.probe(), djlCuda, TorchRuntime.threads(), interOp == null ? -1 : interOp,
			Runtime.getRuntime().availableProcessors(), processEnvironment("OMP_WAIT_POLICY"), mallocSetting(), notes);
		return new DeviceReport(f);
	}

	/**
	 * What can be said when the engine cannot start (the Device Info command shows it instead of
	 * failing): the DJL on the class path, the libtorch folder asked for, the driver, and the failure.
	 */
	public static List<String> withoutEngine(String failure) {
		DjlPairing pairing = DjlPairing.fromClassPath();
		List<String> lines = new ArrayList<>();
		lines.add(versionLine(pairing, null));
		LocalLibtorch.Request r = LocalLibtorch.requested();
		lines.add("libtorch: not loaded; " + (r == null ? "the bundled build was to be used"
			: "folder " + r.folder() + " was asked for by " + r.source()));
		for (DjlPairing.BundledLibtorch b : pairing.bundled()) lines.add("bundled libtorch: " + b.describe());
		lines.add("engine: could not start: " + failure);
		String searchPath = searchPathNote(LocalLibtorch.active());
		if (searchPath != null) lines.add("note: " + searchPath);
		lines.add(driverLine(NvidiaDriver.probe()));
		return lines;
	}

	/** The report as log lines. */
	public List<String> lines() {
		Facts f = facts;
		List<String> lines = new ArrayList<>();
		lines.add(versionLine(f.pairing(), f.libtorchVersion()));
		lines.add("libtorch: " + f.libtorchPath() + " (" + f.loadedFrom() + ")");
		lines.add("libtorch build: " + f.flavor() + (f.capabilities().isEmpty() ? "" : "; " + String.join(", ", f.capabilities())));
		lines.add(driverLine(f.driver()));
		lines.add("CUDA runtime for DJL's GPU detection (cudart): " + f.djlCuda());
		if (gpuProblem == null) for (NvidiaDriver.Gpu g : f.driver().gpus()) lines.add("GPU " + g.describe());
		else lines.add("GPU: none usable: " + gpuProblem);
		lines.add(String.format(Locale.ROOT, "CPU: %d processors; libtorch threads: %d intra-op, %s inter-op; OMP_WAIT_POLICY=%s",
			f.processors(), f.intraOpThreads(), f.interOpThreads() < 0 ? "default" : Integer.toString(f.interOpThreads()),
			f.ompWaitPolicy() == null ? "(unset)" : f.ompWaitPolicy()));
		lines.add("malloc: " + f.malloc());
		for (String n : f.notes()) lines.add("note: " + n);
		return lines;
	}

	/** Why no GPU can be used, or null when {@link #usableGpus()} lists some. */
	public String gpuProblem() {
		return gpuProblem;
	}

	/** The GPUs training and segmentation can use (none when {@link #gpuProblem()} says why). */
	public List<NvidiaDriver.Gpu> usableGpus() {
		return gpuProblem == null ? facts.driver().gpus() : List.of();
	}

	/**
	 * Why a GPU cannot be used with this libtorch and driver, or null when one can.
	 *
	 * @param flavor {@code cpu}, {@code cu128} …
	 */
	static String gpuProblem(boolean cudaBuild, String flavor, String libtorchVersion, NvidiaDriver driver) {
		if (!cudaBuild) {
			String s = "libtorch " + libtorchVersion + " is a CPU build (" + flavor + ")";
			if (driver.found())
				return s + "; the NVIDIA driver " + (driver.version() == null ? "" : driver.version() + " ")
					+ "is installed: load a CUDA libtorch (README, section GPU)";
			return s + ", and " + driver.problem();
		}
		if (driver.gpus().isEmpty())
			return "libtorch is a CUDA build (" + flavor + "), but " + (driver.problem() == null ? "the driver lists no GPU" : driver.problem());
		int needed = cudaMajor(flavor);
		int has = driver.cudaVersion() / 1000;
		if (needed > 0 && driver.cudaVersion() > 0 && has < needed)
			return "the NVIDIA driver " + (driver.version() == null ? "" : driver.version() + " ") + "supports CUDA up to "
				+ driver.cudaVersionText() + ", but libtorch " + flavor + " needs CUDA " + needed + ".x: update the driver"
				+ minimumDriver(needed);
		return null;
	}

	/** {@code cu128} → 12, {@code cu118} → 11; 0 for anything else. */
	static int cudaMajor(String flavor) {
		Matcher m = Pattern.compile("cu(\\d+)(\\d)").matcher(flavor == null ? "" : flavor);
		return m.lookingAt() ? Integer.parseInt(m.group(1)) : 0;
	}

	private static String minimumDriver(int cudaMajor) {
		// CUDA minor-version compatibility: any driver of the major release runs its later minors.
		return switch (cudaMajor) {
			case 11 -> " (CUDA 11.x needs driver 450.80.02 or newer on Linux, 452.39 on Windows)";
			case 12 -> " (CUDA 12.x needs driver 525.60.13 or newer on Linux, 527.41 on Windows)";
			default -> "";
		};
	}

	private static String versionLine(DjlPairing p, String libtorchVersion) {
		return "DJL " + p.djlVersion() + (p.jniVersion().isEmpty() ? " (no pytorch-jni jar)" : ", pytorch-jni " + p.jniVersion())
			+ "; libtorch " + (libtorchVersion == null ? "not loaded" : libtorchVersion) + " (this DJL pairs with "
			+ p.libtorchVersion() + ")";
	}

	private static String driverLine(NvidiaDriver d) {
		if (!d.found()) return "NVIDIA driver: " + d.problem();
		return "NVIDIA driver: " + (d.version() == null ? "version unknown" : d.version()) + ", supports CUDA "
			+ d.cudaVersionText() + (d.problem() == null ? "" : "; " + d.problem());
	}

	/** Why Windows may not find the local CUDA build's libraries, or null. */
	private static String searchPathNote(LibtorchFolder local) {
		return local == null ? null : local.searchPathNote(System.getenv("PATH"));
	}

	/** Where the engine's libtorch came from, in words. */
	private static String loadedFrom(Path path, LibtorchFolder local, DjlPairing pairing, String flavor) {
		if (local != null && LocalLibtorch.sameFile(local.dir(), path))
			return "local folder named by " + LocalLibtorch.activeRequest().source() + ", " + local.describeVersion();
		Path cache = Utils.getEngineCacheDir("pytorch").toAbsolutePath();
		if (path.startsWith(cache)) {
			String name = path.getFileName().toString();
			for (DjlPairing.BundledLibtorch b : pairing.bundled())
				if (name.equals(b.version() + "-" + flavor + "-" + b.classifier()))
					return "DJL cache, unpacked from " + b.jar() + " on the class path";
			return "DJL cache " + cache;
		}
		return "folder named by PYTORCH_LIBRARY_PATH";
	}

	/** The flavor in DJL's cache folder name ({@code 2.7.1-20250812-cpu-linux-x86_64} → {@code cpu}). */
	static String cacheFlavor(Path libtorchPath, boolean cudaBuild) {
		Matcher m = CACHE_FOLDER.matcher(libtorchPath.getFileName() == null ? "" : libtorchPath.getFileName().toString());
		if (m.matches()) return m.group(2);
		return cudaBuild ? "CUDA (flavor not recorded)" : "cpu";
	}

	private static String djlCudaView() {
		try {
			if (!CudaUtils.hasCuda()) return "not found (or it sees no GPU)";
			int n = CudaUtils.getGpuCount();
			return "CUDA " + CudaUtils.getCudaVersionString().replaceFirst("^0?(\\d+)(\\d)$", "$1.$2") + ", " + n + " GPU"
				+ (n == 1 ? "" : "s");
		}
		catch (RuntimeException | LinkageError e) {
			return "not usable (" + e.getMessage() + ")";
		}
	}

	private static String mallocSetting() {
		String asked = System.getProperty(TorchRuntime.MALLOC_PROPERTY, "retain");
		if ("system".equalsIgnoreCase(asked)) return "glibc defaults (-D" + TorchRuntime.MALLOC_PROPERTY + "=system)";
		return TorchRuntime.freedMemoryRetained() ? "freed memory kept in the heap for reuse (" + TorchRuntime.MALLOC_PROPERTY
			+ "=retain; =system for glibc's defaults)" : "the C library's defaults (" + TorchRuntime.MALLOC_PROPERTY
				+ "=retain needs glibc)";
	}

	private interface LibC extends Library {
		String getenv(String name);
	}

	/** The process environment as native code sees it (TorchRuntime may have set a variable through libc). */
	private static String processEnvironment(String name) {
		try {
			return Native.load("c", LibC.class).getenv(name);
		}
		catch (Throwable t) {
			return System.getenv(name);
		}
	}
}
