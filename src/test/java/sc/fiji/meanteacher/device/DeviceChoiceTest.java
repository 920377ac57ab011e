package sc.fiji.meanteacher.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.Test;

import ai.djl.Device;

/** Parsing of {@code device=} and its resolution on stated machines and on this one (which has no GPU). */
public class DeviceChoiceTest {

	@Test
	public void parsesTheParameterInAnyCaseAndLocale() {
		Locale saved = Locale.getDefault();
		try {
			// In the Turkish locale "I".toLowerCase() is a dotless i; nothing here may depend on it.
			Locale.setDefault(Locale.forLanguageTag("tr-TR"));
			assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("AUTO"));
			assertEquals(DeviceChoice.AUTO, DeviceChoice.parse(""));
			assertEquals(DeviceChoice.AUTO, DeviceChoice.parse(null));
			assertEquals(DeviceChoice.CPU, DeviceChoice.parse(" Cpu "));
			assertEquals(DeviceChoice.gpu(0), DeviceChoice.parse("gpu"));
			assertEquals(DeviceChoice.gpu(0), DeviceChoice.parse("GPU0"));
			assertEquals(DeviceChoice.gpu(12), DeviceChoice.parse("gpu12"));
			assertEquals("gpu12", DeviceChoice.parse("GPU12").toString());
			assertEquals("auto", DeviceChoice.AUTO.toString());
		}
		finally {
			Locale.setDefault(saved);
		}
	}

	@Test
	public void aValueThatIsNoDeviceIsNamed() {
		for (String bad : List.of("cuda", "gpu-1", "gpu 1", "gpu:0", "0", "tpu0", "gpu123456")) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(bad));
			assertEquals("device: '" + bad + "' is not auto, cpu or gpuN (gpu0, gpu1, ...)", e.getMessage());
		}
	}

	/** A report of a machine with a CUDA libtorch and two GPUs. */
	static DeviceReport twoGpuMachine() {
		NvidiaDriver driver = new NvidiaDriver("550.54.15", 12040, List.of(new NvidiaDriver.Gpu(0, "NVIDIA A100", 80_000_000_000L, "8.0"),
			new NvidiaDriver.Gpu(1, "NVIDIA A100", 80_000_000_000L, "8.0")), null);
		return report(true, "cu124", driver);
	}

	static DeviceReport report(boolean cudaBuild, String flavor, NvidiaDriver driver) {
		DjlPairing pairing = new DjlPairing("0.33.0", "2.5.1", "2.5.1-0.33.0", List.of());
		return new DeviceReport(new DeviceReport.Facts(pairing, "2.5.1", Path.of("/opt/libtorch/lib"), "local folder", flavor,
			cudaBuild, List.of(), driver, "not found", 4, 1, 8, "PASSIVE", "glibc defaults", List.of()));
	}

	@Test
	public void onAMachineWithGpusAutoTakesTheFirstAndGpuNTheNth() {
		DeviceReport r = twoGpuMachine();
		assertEquals(Device.gpu(0), DeviceChoice.AUTO.resolve(r));
		assertEquals(Device.gpu(1), DeviceChoice.parse("gpu1").resolve(r));
		assertEquals(Device.cpu(), DeviceChoice.CPU.resolve(r));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("gpu2").resolve(r));
		assertTrue(e.getMessage(), e.getMessage().startsWith("device=gpu2: this process sees 2 usable GPUs (gpu0, gpu1)"));
	}

	@Test
	public void aCpuLibtorchMakesAutoTheCpuAndAGpuAnErrorWithTheReason() {
		NvidiaDriver driver = new NvidiaDriver("550.54.15", 12040, List.of(new NvidiaDriver.Gpu(0, "NVIDIA A100", 80_000_000_000L, "8.0")), null);
		DeviceReport r = report(false, "cpu", driver);
		assertEquals(Device.cpu(), DeviceChoice.AUTO.resolve(r));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.gpu(0).resolve(r));
		assertEquals("device=gpu0: no usable GPU: libtorch 2.5.1 is a CPU build (cpu); the NVIDIA driver 550.54.15 is installed: "
			+ "load a CUDA libtorch (README, section GPU)", e.getMessage());
	}

	/** This machine: the bundled CPU libtorch and no NVIDIA driver. */
	@Test
	public void hereAutoIsTheCpuAndGpu0FailsWithTheReason() {
		DeviceSelection auto = DeviceChoice.AUTO.select();
		org.junit.Assume.assumeTrue("a GPU is usable here", auto.report().usableGpus().isEmpty());
		assertEquals(Device.cpu(), auto.device());
		assertEquals("device: cpu (device=auto)", auto.lines().get(auto.lines().size() - 1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.gpu(0).select());
		assertTrue(e.getMessage(), e.getMessage().startsWith("device=gpu0: no usable GPU: libtorch "));
		assertTrue(e.getMessage(), e.getMessage().contains(auto.report().gpuProblem()));
		assertTrue(e.getMessage(), e.getMessage().contains("is a CPU build (cpu)"));
	}
}
