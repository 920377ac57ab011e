package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import sc.fiji.meanteacher.device.HostMemory;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Segment's memory check follows the device the segmentation runs on (the {@code device} chosen),
 * not the engine's default device: with {@code device=cpu} on a machine with a GPU it still applies.
 */
public class InferenceMemoryTest {

	private static final int[] HUGE = { 512, 512, 512 };

	@Test
	public void theHostEstimateAppliesToTheCpuOnly() {
		HostMemory memory = HostMemory.now();
		assumeTrue("memory unknown", memory.availableBytes() > 0);
		assertFalse("512³ windows exceed this machine", memory.holds(InferenceMemory.bytes(HUGE, 4, 16, 2, 64L * 64 * 64)));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> InferenceMemory.requireFits("case", HUGE, 4, 16, 2, 64L * 64 * 64, false));
		assertTrue(e.getMessage(), e.getMessage().startsWith("out of memory: segmenting case with the model's patch 512x512x512, "
			+ "4 window(s) per forward pass, needs about "));
		// On a GPU the windows live in the GPU's memory; libtorch's own out-of-memory error is reported instead.
		InferenceMemory.requireFits("case", HUGE, 4, 16, 2, 64L * 64 * 64, true);
	}

	/** As for training: the memory available now decides, and the message gives it and the total. */
	@Test
	public void theAvailableMemoryDecidesAndBothFiguresAreNamed() {
		int[] patch = { 64, 64, 64 };
		double need = InferenceMemory.bytes(patch, 4, 16, 2, 64L * 64 * 64);
		HostMemory busy = new HostMemory((long) (need * 3), (long) (need * 0.8));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> InferenceMemory.requireFits("case", patch, 4, 16, 2, 64L * 64 * 64, busy));
		assertTrue(e.getMessage(), e.getMessage().contains(String.format(java.util.Locale.ROOT, "this machine has %.1f GB available of "
			+ "%.1f GB; use fewer windows per forward pass", need * 0.8 / 1e9, need * 3 / 1e9)));
		InferenceMemory.requireFits("case", patch, 4, 16, 2, 64L * 64 * 64, new HostMemory((long) (need * 3), (long) (need * 1.1)));
	}

	@Test
	public void aPredictorSaysWhetherItRunsOnAGpu() {
		try (NDManager cpu = TorchRuntime.engine().newBaseManager(Device.cpu())) {
			assertFalse(new VNetPredictor(new LambdaBlock(x -> x), cpu, 2, new PatchSize(16, 16, 16)).onGpu());
		}
		assertFalse("a predictor that says nothing runs on the CPU", FakePredictors.sigmoid(new int[] { 8, 8, 8 }).onGpu());
	}
}
