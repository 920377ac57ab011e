package sc.fiji.meanteacher.gpu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.device.NvidiaDriver;
import sc.fiji.meanteacher.device.OutOfMemoryException;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.infer.SegmentationResult;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.infer.SlidingWindowSegmenter;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Sliding-window segmentation on gpu0 (skipped without a usable GPU): a model loaded there keeps
 * its weights there, every window batch goes in and comes out there, the probabilities match the
 * CPU's for the same weights, and too many windows at once fail naming patch and windows.
 */
public class GpuInferenceTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Passes the forward pass on and notes the devices of its input and output. */
	private static final class DeviceRecorder extends AbstractBlock {
		final Block net;
		final List<Device> devices = new ArrayList<>();

		DeviceRecorder(Block net) {
			this.net = net;
		}

		@Override
		protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
			devices.add(inputs.head().getDevice());
			NDList out = net.forward(ps, inputs, training, params);
			devices.add(out.head().getDevice());
			return out;
		}

		@Override
		public Shape[] getOutputShapes(Shape[] inputShapes) {
			return net.getOutputShapes(inputShapes);
		}
	}

	private Path model(int filters, int depth, int[] patch) throws Exception {
		VNetConfig cfg = new VNetConfig(1, 2, filters, depth, Normalization.BATCH, false);
		TorchRuntime.engine().setRandomSeed(5);
		try (NDManager cpu = TorchRuntime.engine().newBaseManager(Device.cpu());
			TrainedModel m = new TrainedModel(ModelDescriptor.of(cfg, patch), VNet.create(cfg, cpu, patch), cpu))
		{
			Path file = tmp.getRoot().toPath().resolve("model-" + filters + ".zip");
			m.save(file);
			return file;
		}
	}

	private static SegmentationResult segment(TrainedModel m, Block net, Volume image) {
		ModelDescriptor d = m.descriptor();
		VNetPredictor p = new VNetPredictor(net, m.manager(), d.architecture.numClasses, PatchSize.of(d.patchSize));
		return new SlidingWindowSegmenter(p, new SlidingWindowOptions().overlap(0.5).batchSize(3)).segment(image.name(), image.img());
	}

	@Test
	public void windowsRunOnTheGpuAndMatchTheCpu() throws Exception {
		DeviceSelection gpu = Gpu.gpu0OrSkip();
		Path file = model(16, 3, new int[] { 32, 32, 32 });
		Volume image = new SyntheticAtriumGenerator(4).generate(0, 64, 56, 48).image();
		float[] onGpu, onCpu;
		try (TrainedModel m = TrainedModel.load(file, gpu.device())) {
			for (Pair<String, Parameter> p : m.net().getParameters())
				assertEquals(p.getKey(), gpu.device(), p.getValue().getArray().getDevice());
			// So Segment's host-memory estimate is not applied to windows that run on the GPU.
			assertTrue(new VNetPredictor(m.net(), m.manager(), 2, PatchSize.of(m.descriptor().patchSize)).onGpu());
			DeviceRecorder recorder = new DeviceRecorder(m.net());
			onGpu = segment(m, recorder, image).probabilities().update(null).getCurrentStorageArray();
			assertTrue(recorder.devices.size() >= 2);
			for (Device d : recorder.devices) assertEquals(gpu.device(), d);
		}
		try (TrainedModel m = TrainedModel.load(file, Device.cpu())) {
			onCpu = segment(m, m.net(), image).probabilities().update(null).getCurrentStorageArray();
		}
		assertEquals(onCpu.length, onGpu.length);
		double maxDiff = 0;
		for (int i = 0; i < onCpu.length; i++) maxDiff = Math.max(maxDiff, Math.abs(onCpu[i] - onGpu[i]));
		assertTrue("max |p(gpu) - p(cpu)| = " + maxDiff, maxDiff < 1e-3);
	}

	@Test
	public void tooManyWindowsAtOnceFailNamingPatchAndWindows() throws Exception {
		DeviceSelection gpu = Gpu.gpu0OrSkip();
		NvidiaDriver.Gpu g0 = gpu.report().usableGpus().get(0);
		int[] patch = { 64, 64, 64 };
		int filters = 256;
		long voxels = 64L * 64 * 64;
		// The first convolution's output alone is twice the GPU's memory.
		int n = (int) Math.ceil(2.0 * g0.memoryBytes() / (voxels * filters * 4.0));
		Path file = model(filters, 1, patch);
		try (TrainedModel m = TrainedModel.load(file, gpu.device())) {
			VNetPredictor p = new VNetPredictor(m.net(), m.manager(), 2, PatchSize.of(patch));
			float[] windows = new float[Math.multiplyExact(n, (int) voxels)];
			OutOfMemoryException e = assertThrows(OutOfMemoryException.class, () -> p.predict(windows, n));
			assertTrue(e.getMessage(), e.getMessage().startsWith("out of GPU memory: " + n + " windows of patch 64x64x64 in one forward pass "
				+ "did not fit on gpu0; lower 'Windows per forward pass'"));
		}
	}
}
