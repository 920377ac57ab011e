package sc.fiji.meanteacher.gpu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.device.NvidiaDriver;
import sc.fiji.meanteacher.train.IterationReport;
import sc.fiji.meanteacher.train.MemoryEstimate;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingListener;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingResult;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.PatchSize;

/** Training on gpu0 (skipped without a usable GPU): every array stays there, and the memory check uses the GPU's own memory. */
public class GpuTrainingTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static TrainingConfig small(TrainingMethod method) {
		TrainingConfig c = new TrainingConfig();
		c.method = method;
		c.patch = new PatchSize(32, 32, 32);
		c.iterations = 4;
		c.rampUpLength = 2;
		c.rampUpStep = 1;
		c.uncertaintyPasses = 2;
		c.checkpointInterval = 1000;
		c.seed = 3;
		return c.validate();
	}

	private static CaseSet cases() {
		SyntheticAtriumGenerator gen = new SyntheticAtriumGenerator(3);
		List<Case> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Case c = gen.generate(i, 40, 40, 36);
			if (i < 2) labeled.add(c);
			else unlabeled.add(Case.unlabeled(c.name(), c.image()));
		}
		return new CaseSet(labeled, unlabeled, List.of(), 2);
	}

	@Test
	public void networksTeacherAndOptimizerStayOnTheGpu() throws Exception {
		DeviceSelection gpu = Gpu.gpu0OrSkip();
		for (TrainingMethod method : List.of(TrainingMethods.MEAN_TEACHER, TrainingMethods.UA_MT)) {
			TrainingConfig c = small(method);
			SegmentationTrainer t = new SegmentationTrainer(c, cases(),
				tmp.newFolder().toPath()).device(gpu);
			List<Integer> offDevice = new ArrayList<>();
			List<Double> losses = new ArrayList<>();
			List<String> messages = new ArrayList<>();
			t.addListener(new TrainingListener() {
				@Override
				public void iterationDone(IterationReport r) {
					offDevice.add(t.liveArraysOffDevice());
					losses.add(r.loss());
				}

				@Override
				public void message(String text) {
					messages.add(text);
				}
			});
			TrainingResult r = t.train();
			assertEquals(method + "", 4, r.iterationsDone());
			assertEquals(method + ": arrays off gpu0 after each iteration", List.of(0, 0, 0, 0), offDevice);
			assertTrue(losses.toString(), losses.stream().allMatch(Double::isFinite));
			assertTrue(messages.toString(), messages.contains("device: gpu0 (device=gpu0)"));
		}
	}

	@Test
	public void theMemoryCheckComparesWithTheGpusMemory() {
		DeviceSelection gpu = Gpu.gpu0OrSkip();
		NvidiaDriver.Gpu g0 = gpu.report().usableGpus().get(0);
		assertTrue("the driver reports gpu0's memory", g0.memoryBytes() > 0);
		MemoryEstimate.requireTrainingFits(new TrainingConfig().validate(), gpu.device()); // the reference: 9.6 GB
		TrainingConfig huge = new TrainingConfig();
		long voxels = 112L * 112 * 80;
		int items = (int) Math.ceil(g0.memoryBytes() / (voxels * 2300.0)) + 2;
		huge.batchSize = items;
		huge.labeledPerBatch = items / 2;
		huge.validate();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> MemoryEstimate.requireTrainingFits(huge, gpu.device()));
		assertTrue(e.getMessage(), e.getMessage().startsWith("out of GPU memory: patch 112x112x80 with " + items + " volumes per batch"));
		assertTrue(e.getMessage(), e.getMessage().contains("gpu0 has "));
	}
}
