package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sc.fiji.meanteacher.device.OutOfMemoryException;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.volume.PatchSize;

/** libtorch running out of memory in a forward pass becomes an error naming the windows and the patch; other failures pass. */
public class PredictorOutOfMemoryTest {

	/** A network that fails as libtorch does. */
	private static final class Failing extends AbstractBlock {
		final RuntimeException failure;

		Failing(RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
			throw failure;
		}

		@Override
		public Shape[] getOutputShapes(Shape[] inputShapes) {
			return inputShapes;
		}
	}

	@Test
	public void outOfMemoryNamesWindowsAndPatch() {
		try (NDManager manager = TorchRuntime.engine().newBaseManager(Device.cpu())) {
			EngineException oom = new EngineException("CUDA out of memory. Tried to allocate 9.00 GiB.\nException raised from malloc");
			VNetPredictor p = new VNetPredictor(new Failing(oom), manager, 2, new PatchSize(16, 8, 4));
			OutOfMemoryException e = assertThrows(OutOfMemoryException.class, () -> p.predict(new float[3 * 16 * 8 * 4], 3));
			assertEquals("out of host memory: 3 windows of patch 16x8x4 in one forward pass did not fit on the CPU; lower 'Windows per "
				+ "forward pass' (windows=) or use a model with a smaller patch. libtorch: CUDA out of memory. Tried to allocate 9.00 GiB.",
				e.getMessage());
			assertSame(oom, e.getCause());

			EngineException other = new EngineException("Expected all tensors to be on the same device");
			VNetPredictor q = new VNetPredictor(new Failing(other), manager, 2, new PatchSize(16, 8, 4));
			assertSame(other, assertThrows(EngineException.class, () -> q.predict(new float[16 * 8 * 4], 1)));
			assertTrue(sc.fiji.meanteacher.device.OutOfMemory.isOutOfMemory(new EngineException("DefaultCPUAllocator: not enough memory")));
		}
	}
}
