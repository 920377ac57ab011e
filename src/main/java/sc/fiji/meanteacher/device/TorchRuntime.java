package sc.fiji.meanteacher.device;


import ai.djl.Device;
import ai.djl.engine.Engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Starts DJL's PyTorch engine offline, exactly once per JVM.
 * <p>
 * DJL must see {@code ai.djl.offline} before any of its classes load, otherwise its engine
 * phones home at start-up and tries to download libtorch; libtorch itself comes from the
 * {@code pytorch-native-cpu} jar on the classpath. libgomp busy-waits unless
 * {@code OMP_WAIT_POLICY=PASSIVE} is in the process environment before libtorch loads, which
 * made iterations 18x slower under any competing CPU load, so it is set through libc.
 * <p>
 * glibc serves every allocation above 32 MB with a fresh {@code mmap} and returns it with
 * {@code munmap} on free; a V-Net iteration on a 64×64×48 patch allocates and frees dozens of such
 * activation buffers, and the kernel's page zeroing made the iteration take 2.6× as long
 * as with reused memory. {@link #retainFreedMemory()} tells glibc to keep freed memory in its heap for reuse
 * instead (on by default; {@code -Dmeanteacher.malloc=system} keeps glibc's defaults).
 * <p>
 * A local libtorch folder ({@link LocalLibtorch}) is checked and handed to DJL just before it loads
 * libtorch, and DJL's choice is checked right after.
 * <p>
 * Call {@link #engine()} (or {@link #device()}) before touching any other DJL class.
 */
public final class TorchRuntime {

	/** System property: {@code retain} (default) or {@code system}, see {@link #retainFreedMemory()}. */
	public static final String MALLOC_PROPERTY = "meanteacher.malloc";

	/** System property: intra-op threads for libtorch (default: available processors). */
	public static final String THREADS_PROPERTY = "meanteacher.threads";

	private static volatile Engine engine;

	private TorchRuntime() {}

	private interface LibC extends Library {
		int setenv(String name, String value, int overwrite);

		int mallopt(int param, int value);
	}

	// glibc's mallopt parameters (malloc.h)
	private static final int M_TRIM_THRESHOLD = -1;
	private static final int M_MMAP_MAX = -4;

	private static volatile boolean mallocTuned;

	/** The PyTorch engine, started offline on first use. */
	public static Engine engine() {
		Engine e = engine;
		if (e != null) return e;
		synchronized (TorchRuntime.class) {
			if (engine == null) engine = start();
			return engine;
		}
	}

	/** The device of {@code device=auto}: the first usable GPU, otherwise the CPU ({@link DeviceChoice}). */
	public static Device device() {
		return DeviceChoice.AUTO.resolve(DeviceReport.gather());
	}

	/** Whether the engine has started in this process (libtorch loads once per process). */
	public static boolean isStarted() {
		return engine != null;
	}

	/** Whether glibc was told to keep freed memory ({@link #retainFreedMemory()}). */
	public static boolean freedMemoryRetained() {
		return mallocTuned;
	}

	/** Intra-op thread count libtorch was started with. */
	public static int threads() {
		engine();
		return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads"));
	}

	private static Engine start() {
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ai.djl.default_engine", "PyTorch");
		setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
		int threads = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
		setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, threads)));
		setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
		if (!"system".equalsIgnoreCase(System.getProperty(MALLOC_PROPERTY, "retain"))) retainFreedMemory();
		if (System.getenv("OMP_WAIT_POLICY") == null) {
			try {
				LibC libc = Native.load("c", LibC.class);
				libc.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
			}
			catch (Throwable t) {
				// Not fatal: only slower under competing load (e.g. non-Linux platforms).
			}
		}
		LibtorchFolder local = LocalLibtorch.beforeEngineStart();
		Engine started;
		try {
			started = Engine.getEngine("PyTorch");
		}
		catch (Throwable t) {
			throw new IllegalStateException("Could not start the PyTorch engine offline. libtorch is loaded from "
				+ (local != null ? "the folder " + local.dir() + " (" + local.flavor() + ")"
					: "the pytorch-native-cpu jar on the classpath (or pytorch-native-cu* for a GPU); is it missing?")
				+ " Cause: " + t.getMessage(), t);
		}
		LocalLibtorch.afterEngineStart(local, java.nio.file.Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()));
		return started;
	}

	/**
	 * On glibc, serves large blocks from the heap instead of {@code mmap} and never trims it, so
	 * that freed tensor memory is reused rather than unmapped and zeroed again by the kernel. The
	 * process keeps its peak heap (training's working set repeats every iteration anyway).
	 *
	 * @return whether glibc accepted both settings (false on other C libraries and platforms)
	 */
	public static synchronized boolean retainFreedMemory() {
		if (mallocTuned) return true;
		try {
			LibC libc = Native.load("c", LibC.class);
			mallocTuned = libc.mallopt(M_MMAP_MAX, 0) == 1 && libc.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
		}
		catch (Throwable t) {
			mallocTuned = false; // not glibc: only slower
		}
		return mallocTuned;
	}

	private static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null) System.setProperty(key, value);
	}
}
