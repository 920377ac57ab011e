package sc.fiji.meanteacher.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.Assume;
import org.junit.Test;

/** Reading what the NVIDIA driver says: its /proc file, nvidia-smi's CSV, and the probe of this machine. */
public class NvidiaDriverTest {

	@Test
	public void readsTheKernelModuleVersion() {
		assertEquals("550.54.15", NvidiaDriver.parseProcVersion(
			"NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\n"
				+ "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n"));
		assertEquals("535.183.01", NvidiaDriver.parseProcVersion(
			"NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  535.183.01  Release Build  (dvs-builder@U16)\n"));
		assertNull(NvidiaDriver.parseProcVersion("something else\n"));
	}

	@Test
	public void readsNvidiaSmiLines() {
		NvidiaDriver d = NvidiaDriver.parseNvidiaSmi(List.of("0, NVIDIA H200, 143771, 9.0, 550.90.07",
			"1, NVIDIA GeForce RTX 4090, 24564, 8.9, 550.90.07"));
		assertNotNull(d);
		assertEquals("550.90.07", d.version());
		assertEquals(2, d.gpus().size());
		assertEquals(new NvidiaDriver.Gpu(1, "NVIDIA GeForce RTX 4090", 24564L * 1024 * 1024, "8.9"), d.gpus().get(1));
		assertEquals("gpu0: NVIDIA H200, 150.8 GB memory, compute capability 9.0", d.gpus().get(0).describe());
		assertNull(NvidiaDriver.parseNvidiaSmi(List.of("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")));
		// An old nvidia-smi without compute_cap answers "[N/A]" there.
		assertEquals("", NvidiaDriver.parseNvidiaSmi(List.of("0, Tesla K80, 11441, [N/A], 470.82.01")).gpus().get(0).computeCapability());
	}

	/** This machine has no NVIDIA driver: the probe must say so rather than invent a GPU. */
	@Test
	public void withoutADriverTheProbeSaysWhy() {
		Assume.assumeFalse("an NVIDIA driver is installed here", Files.exists(NvidiaDriver.PROC_VERSION) || NvidiaDriver.nvidiaSmi() != null);
		NvidiaDriver d = NvidiaDriver.probe();
		assertFalse(d.found());
		assertTrue(d.gpus().isEmpty());
		assertTrue(d.problem(), d.problem().startsWith("no NVIDIA driver found ("));
	}
}
