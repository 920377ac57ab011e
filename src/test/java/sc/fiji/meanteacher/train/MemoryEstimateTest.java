package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import sc.fiji.meanteacher.device.HostMemory;
import sc.fiji.meanteacher.device.OutOfMemoryException;
import sc.fiji.meanteacher.volume.PatchSize;

/** The GPU side of the memory check, with stated GPU memory sizes, and libtorch's out-of-memory errors turned into ours. */
public class MemoryEstimateTest {

	private static TrainingConfig reference() {
		return new TrainingConfig().validate(); // 112x112x80, batch 4 (2 labeled), 16 filters
	}

	@Test
	public void aGpuTooSmallForThePatchIsRefusedNamingPatchAndBatch() {
		TrainingConfig c = reference();
		double need = MemoryEstimate.trainingBytes(c);
		long small = (long) (need / 2);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> MemoryEstimate.requireTrainingFitsOnGpu(c, "gpu0", small));
		assertEquals(String.format(java.util.Locale.ROOT, "out of GPU memory: patch 112x112x80 with 4 volumes per batch needs about "
			+ "%.1f GB to train, gpu0 has %.1f GB; use a smaller patch or batch", need / 1e9, small / 1e9), e.getMessage());
		// A GPU with room to spare, and one whose size is unknown, let it through.
		MemoryEstimate.requireTrainingFitsOnGpu(c, "gpu0", (long) (need * 1.2));
		MemoryEstimate.requireTrainingFitsOnGpu(c, "gpu0", -1);
		// A smaller patch fits where the reference did not.
		TrainingConfig smaller = reference();
		smaller.patch = new PatchSize(64, 64, 48);
		MemoryEstimate.requireTrainingFitsOnGpu(smaller.validate(), "gpu0", small);
	}

	/**
	 * The CPU check compares with the memory available now, not the machine's total: a machine
	 * whose total would hold the run but whose free memory would not refuses, naming both figures.
	 */
	@Test
	public void theHostCheckComparesWithAvailableMemoryAndNamesBoth() {
		TrainingConfig c = reference();
		double need = MemoryEstimate.trainingBytes(c);
		HostMemory busy = new HostMemory((long) (need * 2), (long) (need * 0.6));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.requireTrainingFitsOnHost(c, busy));
		assertEquals(String.format(java.util.Locale.ROOT, "out of memory: patch 112x112x80 with 4 volumes per batch needs about %.1f GB "
			+ "to train, this machine has %.1f GB available of %.1f GB; use a smaller patch or batch", need / 1e9, need * 0.6 / 1e9,
			need * 2 / 1e9), e.getMessage());
		MemoryEstimate.requireTrainingFitsOnHost(c, new HostMemory((long) (need * 2), (long) (need * 1.1)));
		MemoryEstimate.requireTrainingFitsOnHost(c, new HostMemory(-1, -1));
	}

	@Test
	public void libtorchsOutOfMemoryBecomesAnErrorNamingPatchAndBatch() {
		TrainingConfig c = reference();
		EngineException cuda = new EngineException("CUDA out of memory. Tried to allocate 2.20 GiB. GPU 0 has a total capacity of "
			+ "23.64 GiB of which 1.10 GiB is free.\nException raised from malloc at ../c10/cuda/CUDACachingAllocator.cpp:1143");
		OutOfMemoryException e = MemoryEstimate.outOfMemory(cuda, c, Device.gpu(0));
		assertTrue(e.getMessage(), e.getMessage().startsWith("out of GPU memory: training patch 112x112x80 with 4 volumes per batch "
			+ "(2 labeled) did not fit on gpu0 (estimate "));
		assertTrue(e.getMessage(), e.getMessage().endsWith("use a smaller patch or batch. libtorch: CUDA out of memory. Tried to "
			+ "allocate 2.20 GiB. GPU 0 has a total capacity of 23.64 GiB of which 1.10 GiB is free."));
		assertEquals(cuda, e.getCause());
		assertNull(MemoryEstimate.outOfMemory(new EngineException("Expected all tensors to be on the same device"), c, Device.gpu(0)));
	}
}
