package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import sc.fiji.meanteacher.net.TorchRuntime;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Segment's memory check follows the device the segmentation runs on (the {@code device} chosen),
 * not the engine's default device: with {@code device=cpu} on a machine with a GPU it still applies.
 */
public class InferenceMemoryTest {

	private static final int[] HUGE = { 512, 512, 512 };

	@Test
	public void theHostEstimateAppliesToTheCpuOnly() {
		long physical = TorchRuntime.physicalMemoryBytes();
		assumeTrue("physical memory unknown", physical > 0);
		assertTrue("512³ windows exceed this machine", InferenceMemory.bytes(HUGE, 4, 16, 2, 64L * 64 * 64) > 0.9 * physical);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> InferenceMemory.requireFits("case", HUGE, 4, 16, 2, 64L * 64 * 64, false));
		assertTrue(e.getMessage(), e.getMessage().startsWith("out of memory: segmenting case with the model's patch 512x512x512, "
			+ "4 window(s) per forward pass, needs about "));
		// On a GPU the windows live in the GPU's memory; libtorch's own out-of-memory error is reported instead.
		InferenceMemory.requireFits("case", HUGE, 4, 16, 2, 64L * 64 * 64, true);
	}

	@Test
	public void aPredictorSaysWhetherItRunsOnAGpu() {
		try (NDManager cpu = TorchRuntime.engine().newBaseManager(Device.cpu())) {
			assertFalse(new VNetPredictor(new LambdaBlock(x -> x), cpu, 2, new PatchSize(16, 16, 16)).onGpu());
		}
		assertFalse("a predictor that says nothing runs on the CPU", FakePredictors.sigmoid(new int[] { 8, 8, 8 }).onGpu());
	}
}
