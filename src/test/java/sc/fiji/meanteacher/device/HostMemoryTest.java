package sc.fiji.meanteacher.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** The machine's memory as /proc/meminfo states it, and what fits in it. */
public class HostMemoryTest {

	@Test
	public void meminfoGivesTotalAndAvailable() {
		HostMemory m = HostMemory.fromMeminfo(List.of("MemTotal:       24683772 kB", "MemFree:         1974416 kB",
			"MemAvailable:   14648000 kB", "Buffers:          123456 kB"));
		assertEquals(new HostMemory(24683772L * 1024, 14648000L * 1024), m);
		assertEquals("15.0 GB available of 25.3 GB", m.describe());
		assertTrue(m.holds(14e9));
		assertFalse("more than is available, though less than the total", m.holds(20e9));
	}

	@Test
	public void aKernelWithoutMemAvailableGivesNothing() {
		assertNull(HostMemory.fromMeminfo(List.of("MemTotal:       24683772 kB", "MemFree:         1974416 kB")));
		assertTrue("unknown memory holds anything", new HostMemory(-1, -1).holds(1e15));
	}
}
