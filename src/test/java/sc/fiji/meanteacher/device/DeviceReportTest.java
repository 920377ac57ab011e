package sc.fiji.meanteacher.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;

/** The device report: its reasons on stated machines, and what it says about this one. */
public class DeviceReportTest {

	private static final NvidiaDriver NONE = new NvidiaDriver(null, 0, List.of(), "no NVIDIA driver found (no /proc/driver/nvidia/version)");
	private static final NvidiaDriver.Gpu A100 = new NvidiaDriver.Gpu(0, "NVIDIA A100", 80_000_000_000L, "8.0");

	@Test
	public void saysWhyNoGpuIsUsable() {
		assertEquals("libtorch 2.7.1 is a CPU build (cpu), and no NVIDIA driver found (no /proc/driver/nvidia/version)",
			DeviceReport.gpuProblem(false, "cpu", "2.7.1", NONE));
		assertEquals("libtorch is a CUDA build (cu128), but no NVIDIA driver found (no /proc/driver/nvidia/version)",
			DeviceReport.gpuProblem(true, "cu128", "2.7.1", NONE));
		NvidiaDriver old = new NvidiaDriver("470.82.01", 11040, List.of(A100), null);
		assertEquals("the NVIDIA driver 470.82.01 supports CUDA up to 11.4, but libtorch cu124 needs CUDA 12.x: update the driver "
			+ "(CUDA 12.x needs driver 525.60.13 or newer on Linux, 527.41 on Windows)", DeviceReport.gpuProblem(true, "cu124", "2.5.1", old));
		NvidiaDriver noGpu = new NvidiaDriver("550.54.15", 12040, List.of(), "the NVIDIA driver shows no GPU to this process (CUDA_VISIBLE_DEVICES=)");
		assertEquals("libtorch is a CUDA build (cu124), but the NVIDIA driver shows no GPU to this process (CUDA_VISIBLE_DEVICES=)",
			DeviceReport.gpuProblem(true, "cu124", "2.5.1", noGpu));
		// CUDA minor-version compatibility: a 12.2 driver runs a cu128 build.
		assertNull(DeviceReport.gpuProblem(true, "cu128", "2.7.1", new NvidiaDriver("535.104.05", 12020, List.of(A100), null)));
		assertNull(DeviceReport.gpuProblem(true, "cu124-precxx11", "2.5.1", new NvidiaDriver("550.54.15", 12040, List.of(A100), null)));
	}

	@Test
	public void aUsableGpuIsListedWithItsMemory() {
		DeviceReport r = DeviceChoiceTest.twoGpuMachine();
		assertNull(r.gpuProblem());
		List<String> lines = r.lines();
		assertTrue(lines.toString(), lines.contains("GPU gpu0: NVIDIA A100, 80.0 GB memory, compute capability 8.0"));
		assertTrue(lines.toString(), lines.contains("GPU gpu1: NVIDIA A100, 80.0 GB memory, compute capability 8.0"));
		assertTrue(lines.toString(), lines.contains("NVIDIA driver: 550.54.15, supports CUDA 12.4"));
	}

	@Test
	public void readsDjlsCacheFolderName() {
		assertEquals("cpu", DeviceReport.cacheFlavor(Path.of("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"), false));
		assertEquals("cu124-precxx11", DeviceReport.cacheFlavor(Path.of("/c/2.5.1-20241113-cu124-precxx11-linux-x86_64"), true));
		assertEquals("cu124", DeviceReport.cacheFlavor(Path.of("C:/djl/2.5.1-cu124-win-x86_64"), true));
		assertEquals(12, DeviceReport.cudaMajor("cu128"));
		assertEquals(11, DeviceReport.cudaMajor("cu118"));
		assertEquals(0, DeviceReport.cudaMajor("cpu"));
	}

	/** This process: the engine's own answers must be what the report says. */
	@Test
	public void describesThisProcess() {
		Engine engine = TorchRuntime.engine();
		DeviceReport r = DeviceReport.gather();
		List<String> lines = r.lines();
		String all = String.join("\n", lines);
		assertEquals("DJL " + Engine.getDjlVersion() + ", pytorch-jni " + r.facts().pairing().jniVersion() + "; libtorch "
			+ engine.getVersion() + " (this DJL pairs with " + engine.getVersion() + ")", lines.get(0));
		assertTrue(all, lines.get(1).startsWith("libtorch: " + Path.of(LibUtils.getLibtorchPath()).toAbsolutePath() + " ("));
		assertEquals(engine.hasCapability("CUDA"), r.facts().cudaBuild());
		assertTrue(all, lines.contains(String.format(java.util.Locale.ROOT,
			"CPU: %d processors; libtorch threads: %d intra-op, 1 inter-op; OMP_WAIT_POLICY=PASSIVE",
			Runtime.getRuntime().availableProcessors(), TorchRuntime.threads())));
		assertTrue(all, all.contains("\nmalloc: "));
		if (LocalLibtorch.active() == null && !r.facts().cudaBuild()) {
			// The bundled CPU build, unpacked by DJL from the native jar of the test class path.
			DjlPairing.BundledLibtorch cpu = r.facts().pairing().bundled().stream().filter(b -> b.flavor().equals("cpu")).findFirst()
				.orElseThrow();
			assertTrue(all, lines.get(1).endsWith("(DJL cache, unpacked from " + cpu.jar() + " on the class path)"));
			assertTrue(all, cpu.jar().startsWith("pytorch-native-cpu-"));
			assertTrue(all, lines.get(2).startsWith("libtorch build: cpu"));
			assertTrue(all, lines.stream().anyMatch(l -> l.startsWith("GPU: none usable: libtorch " + engine.getVersion() + " is a CPU build")));
		}
	}
}
