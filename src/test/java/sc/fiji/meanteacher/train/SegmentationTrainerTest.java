package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import sc.fiji.meanteacher.data.Augmenter;
import sc.fiji.meanteacher.data.BatchFactory;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.data.TrainingBatch;
import sc.fiji.meanteacher.data.TwoStreamBatchSampler;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.model.ModelArchive;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

/** Short real trainings on small synthetic volumes (16³ patches, 16 base filters, 3 stages). */
public class SegmentationTrainerTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	public static TrainingConfig tiny(TrainingMethod method, int iterations) {
		TrainingConfig c = new TrainingConfig();
		c.method = method;
		c.patch = new PatchSize(16, 16, 16);
		c.baseFilters = 16;
		// 3 stages leave 2³ at the bottom: batch norm needs more than one value per channel.
		c.depth = 3;
		c.batchSize = 2;
		c.labeledPerBatch = 1;
		c.iterations = iterations;
		c.learningRate = 0.05;
		c.rampUpLength = 4;
		c.rampUpStep = 1;
		c.validationStart = 0;
		c.validationInterval = 1000;
		c.checkpointInterval = 1000;
		c.uncertaintyPasses = 4;
		c.seed = 7;
		return c;
	}

	public static CaseSet cases(int labeled, int unlabeled, int validation) {
		SyntheticAtriumGenerator gen = new SyntheticAtriumGenerator(11);
		List<Case> l = new ArrayList<>(), u = new ArrayList<>(), v = new ArrayList<>();
		int i = 0;
		for (; i < labeled; i++) l.add(gen.generate(i, 24, 24, 20));
		for (; i < labeled + unlabeled; i++) u.add(gen.generate(i, 24, 24, 20).withoutLabel());
		for (; i < labeled + unlabeled + validation; i++) v.add(gen.generate(i, 24, 24, 20));
		return new CaseSet(l, u, v, 2);
	}

	/** Trains {@code c} into {@code out} and lets it crash after iteration {@code iteration}, as a killed run would stop. */
	static void crashAfter(long iteration, TrainingConfig c, CaseSet data, Path out) throws IOException {
		SegmentationTrainer killed = new SegmentationTrainer(c, data, out);
		killed.addListener(new TrainingListener() {
			@Override
			public void iterationDone(IterationReport r) {
				if (r.iteration() == iteration) throw new IllegalStateException("simulated crash");
			}
		});
		try {
			killed.train();
			fail("the crash should propagate");
		}
		catch (IllegalStateException expected) {}
	}

	/** The reports {@code t} will give, collected as it trains. */
	static List<IterationReport> collect(SegmentationTrainer t) {
		List<IterationReport> reports = new ArrayList<>();
		t.addListener(new TrainingListener() {
			@Override
			public void iterationDone(IterationReport r) {
				reports.add(r);
			}
		});
		return reports;
	}

	/** Every method holds the same NDArrays after each iteration (a per-forward leak once left 8 per iteration). */
	@Test
	public void noArraysAccumulateFromOneIterationToTheNext() throws IOException {
		for (TrainingMethod method : TrainingMethods.all()) {
			TrainingConfig c = tiny(method, 6);
			c.validationStart = Integer.MAX_VALUE;
			SegmentationTrainer t = new SegmentationTrainer(c, cases(2, method.usesTeacher() ? 2 : 0, 0),
				tmp.newFolder("arrays-" + method).toPath());
			List<Integer> held = new ArrayList<>();
			t.addListener(new TrainingListener() {
				@Override
				public void iterationDone(IterationReport r) {
					held.add(t.liveArrays());
				}
			});
			assertEquals(-1, t.liveArrays());
			t.train();
			assertEquals(6, held.size());
			assertTrue(method + ": " + held, held.get(0) > 0);
			for (int count : held) assertEquals(method + ": arrays held after each iteration " + held, held.get(0).intValue(), count);
			assertEquals("nothing held once training returned", -1, t.liveArrays());
		}
	}

	@Test
	public void shortTrainingLowersSupervisedLossAndTeacherTracksStudent() throws IOException {
		TrainingConfig c = tiny(TrainingMethods.MEAN_TEACHER, 40);
		c.checkpointInterval = 39;
		Path out = tmp.newFolder("mt").toPath();
		SegmentationTrainer trainer = new SegmentationTrainer(c, cases(3, 3, 1), out);
		List<IterationReport> reports = collect(trainer);
		TrainingResult result = trainer.train();
		assertEquals(40, reports.size());
		assertEquals(40, result.iterationsDone());
		assertFalse(result.cancelled());
		double first = 0, last = 0;
		for (int i = 0; i < 8; i++) {
			first += reports.get(i).supervisedLoss();
			last += reports.get(reports.size() - 1 - i).supervisedLoss();
		}
		assertTrue("supervised loss fell: first " + first / 8 + " last " + last / 8, last < 0.8 * first);
		for (IterationReport r : reports) {
			assertTrue(Double.isFinite(r.consistencyLoss()) && r.consistencyLoss() >= 0);
			assertEquals(c.consistencyWeightAt(r.iteration()), r.consistencyWeight(), 1e-12);
		}
		// consistency ramps up: weight at the end is the maximum
		assertEquals(0.1, reports.get(39).consistencyWeight(), 1e-12);
		assertTrue(Files.exists(result.bestModel()) && Files.exists(result.lastModel()));
		assertTrue(Files.exists(out.resolve(RunFolder.LOG)));

		// The teacher (checkpoint at iteration 39) is close to, but not equal to, the student.
		Path checkpoint = SegmentationTrainer.latestCheckpoint(out);
		assertNotNull(checkpoint);
		Map<String, byte[]> entries = ModelArchive.read(checkpoint);
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			NDList student = NDList.decode(m, entries.get("weights.npz"));
			NDList teacher = NDList.decode(m, entries.get("teacher.npz"));
			double diff = 0, norm = 0;
			for (int i = 0; i < student.size(); i++) {
				if (student.get(i).getName().contains("running")) continue;
				NDArray d = student.get(i).sub(teacher.get(i));
				diff += d.square().sum().getFloat();
				norm += student.get(i).square().sum().getFloat();
			}
			double relative = Math.sqrt(diff / norm);
			assertTrue("teacher follows the student: relative distance " + relative, relative < 0.1);
			assertTrue("teacher is an average, not a copy: " + relative, relative > 1e-6);
		}
		// the validation ran at the last iteration and is a Dice
		assertTrue(result.bestDice() >= 0 && result.bestDice() <= 1);
	}

	@Test
	public void fixedSeedRepeatsAndAnotherSeedDiffers() throws IOException {
		CaseSet data = cases(2, 2, 0);
		float[] a = runWeights(tiny(TrainingMethods.MEAN_TEACHER, 4), data, "a");
		float[] b = runWeights(tiny(TrainingMethods.MEAN_TEACHER, 4), data, "b");
		assertArrayEquals(a, b, 0f);
		TrainingConfig other = tiny(TrainingMethods.MEAN_TEACHER, 4);
		other.seed = 8;
		float[] c = runWeights(other, data, "c");
		assertFalse(java.util.Arrays.equals(a, c));
	}

	@Test
	public void runKilledAfterCheckpointResumesThereAndMatchesUninterruptedRun() throws IOException {
		CaseSet data = cases(2, 2, 0);
		TrainingConfig c = tiny(TrainingMethods.MEAN_TEACHER, 6);
		c.checkpointInterval = 3;
		float[] uninterrupted = runWeights(c, data, "whole");

		Path out = tmp.newFolder("killed").toPath();
		crashAfter(4, c, data, out);
		Path checkpoint = SegmentationTrainer.latestCheckpoint(out);
		assertEquals("checkpoint-000003.zip", checkpoint.getFileName().toString());

		SegmentationTrainer resumed = new SegmentationTrainer(c, data, out);
		List<IterationReport> reports = collect(resumed);
		TrainingResult r = resumed.resume(checkpoint);
		assertEquals(3, reports.get(0).iteration());
		assertEquals(3, reports.size());
		assertEquals(6, r.iterationsDone());
		assertArrayEquals(uninterrupted, weights(r.lastModel()), 1e-5f);
	}

	@Test
	public void cancelStopsAndLeavesUsableModel() throws IOException {
		TrainingConfig c = tiny(TrainingMethods.SUPERVISED, 50);
		Path out = tmp.newFolder("cancel").toPath();
		SegmentationTrainer t = new SegmentationTrainer(c, cases(2, 0, 0), out);
		t.addListener(new TrainingListener() {
			@Override
			public void iterationDone(IterationReport r) {
				if (r.iteration() == 2) t.cancel();
			}
		});
		TrainingResult r = t.train();
		assertTrue(r.cancelled());
		assertEquals(3, r.iterationsDone());
		try (TrainedModel model = TrainedModel.load(r.bestModel())) {
			assertEquals(3, model.descriptor().training.iterations);
			assertEquals("Supervised only", model.descriptor().training.method);
		}
		assertNotNull(SegmentationTrainer.latestCheckpoint(out));
	}

	/**
	 * UA-MT's consistency counts only the voxels where the teacher's passes agree: the mask keeps
	 * some voxels and drops others, and the step's consistency is the masked one, not the plain
	 * mean (which a mask that did nothing would give).
	 */
	@Test
	public void uncertaintyAwareVariantTrains() throws IOException {
		TrainingConfig c = tiny(TrainingMethods.UA_MT, 3);
		SegmentationTrainer t = new SegmentationTrainer(c, cases(2, 2, 0), tmp.newFolder("ua").toPath());
		List<IterationReport> reports = collect(t);
		t.train();
		assertEquals(3, reports.size());
		for (IterationReport r : reports) assertTrue(Double.isFinite(r.loss()) && r.consistencyLoss() >= 0);

		// Without dropout every pass below repeats the step's exactly, given the same libtorch seed.
		c.dropout = false;
		Engine engine = TorchRuntime.engine();
		CaseSet data = cases(2, 2, 0);
		try (NDManager m = engine.newBaseManager(TorchRuntime.device())) {
			VNet student = VNet.create(c.netConfig(), m, c.patch.toArray(), c.weightInit), teacher = VNet.create(c.netConfig(), m, c.patch.toArray(), c.weightInit);
			teacher.freezeParameters(true);
			TrainingBatch b = new BatchFactory(List.of(data.labeled().get(0).image(), data.labeled().get(1).image()),
				List.of(data.labeled().get(0).label(), data.labeled().get(1).label()),
				List.of(data.unlabeled().get(0).image(), data.unlabeled().get(1).image()), new TwoStreamBatchSampler(2, 2, 2, 1, 7),
				new Augmenter(c.patch.toArray()), true).withTeacherNoise(c.teacherNoiseSd, c.teacherNoiseClamp).assemble(0);
			try (SgdOptimizer sgd = new SgdOptimizer(student, m, c.momentum, c.weightDecay); NDManager scope = m.newSubManager()) {
				TrainingStep step = new TrainingStep(c, student, teacher, new EmaTeacher(student, teacher, c.emaDecay), sgd, engine);
				Shape shape = new Shape(1, 1, 16, 16, 16);
				NDArray x = scope.create(b.images(), new Shape(2, 1, 16, 16, 16));
				NDArray y = scope.create(ByteBuffer.wrap(b.labels()), shape, DataType.UINT8);
				NDArray noise = scope.create(b.teacherNoise(), new Shape(2, 1, 16, 16, 16)).get("1:");
				ParameterStore ps = new ParameterStore(scope, false);
				engine.setRandomSeed(5);
				NDArray xu = x.get("1:");
				NDArray teacherLogits = teacher.forward(ps, new NDList(xu.add(noise)), true).singletonOrThrow();
				NDArray mask = UncertaintyAwareMethod.certaintyMask(in -> teacher.forward(ps, new NDList(in), true).singletonOrThrow(), scope, xu,
					0, c);
				NDArray studentLogits = student.forward(ps, new NDList(x), true).singletonOrThrow().get("1:");
				double kept = mask.mean().getFloat();
				assertTrue("the mask keeps some voxels and drops others: kept " + kept, kept > 0 && kept < 1);
				double masked = Losses.maskedConsistency(studentLogits, teacherLogits, mask, ConsistencyLoss.MSE).getFloat();
				double plain = Losses.consistency(studentLogits, teacherLogits, ConsistencyLoss.MSE).getFloat();
				assertTrue("masking changes the loss: " + masked + " vs " + plain, Math.abs(masked - plain) > 1e-3 * plain);
				engine.setRandomSeed(5);
				TrainingStep.Outcome o = step.run(scope, x, y, noise, 1, c.learningRate, 0);
				assertEquals("the step's consistency is the masked one", masked, o.consistency(), 1e-6 + 1e-4 * masked);
			}
		}
	}

	@Test
	public void badInputIsRefusedWithAClearMessage() throws IOException {
		Path out = tmp.newFolder("bad").toPath();
		expectError(() -> new SegmentationTrainer(tiny(TrainingMethods.MEAN_TEACHER, 2), cases(2, 0, 0), out), "0 unlabeled volume(s), but a Mean Teacher batch needs 1");
		TrainingConfig two = tiny(TrainingMethods.MEAN_TEACHER, 2);
		two.labeledPerBatch = 2;
		two.batchSize = 3;
		expectError(() -> new SegmentationTrainer(two, cases(1, 2, 0), out), "1 labeled volume(s), but a batch needs 2 labeled");
		TrainingConfig odd = tiny(TrainingMethods.MEAN_TEACHER, 2);
		odd.patch = new PatchSize(16, 16, 20);
		expectError(() -> new SegmentationTrainer(odd, cases(2, 2, 0), out), "not divisible by 8");
		expectError(() -> new SegmentationTrainer(tiny(TrainingMethods.SUPERVISED, 2), new CaseSet(List.of(), List.of(), List.of(), 2), out),
			"no labeled volumes");
		// label 2 with 2 classes
		Case s = new SyntheticAtriumGenerator(1).generate(0, 24, 24, 20);
		byte[] labels = s.label().data().clone();
		labels[5] = 2;
		Case three = new Case("three-classes", s.image(), LabelVolume.wrap("three-classes", labels, s.label().dims(), null));
		expectError(() -> new SegmentationTrainer(tiny(TrainingMethods.SUPERVISED, 2), new CaseSet(List.of(three), List.of(), List.of(), 3), out),
			"three-classes");
		// NaN intensity
		float[] nan = s.image().data().clone();
		nan[100] = Float.NaN;
		Case broken = new Case("broken-case", Volume.wrap("broken-case", nan, s.image().dims(), null), s.label());
		expectError(() -> new SegmentationTrainer(tiny(TrainingMethods.SUPERVISED, 2), new CaseSet(List.of(broken), List.of(), List.of(), 2), out),
			"broken-case");
		TrainingConfig huge = tiny(TrainingMethods.MEAN_TEACHER, 2);
		huge.patch = new PatchSize(512, 512, 512);
		expectError(() -> new SegmentationTrainer(huge, cases(2, 2, 0), out).train(), "out of memory");
		TrainingConfig narrow = tiny(TrainingMethods.SUPERVISED, 2);
		narrow.baseFilters = 4;
		expectError(() -> new SegmentationTrainer(narrow, cases(2, 0, 0), out).train(), "multiple of 16");
	}

	private interface Action {
		void run() throws Exception;
	}

	private static void expectError(Action a, String fragment) {
		try {
			a.run();
			fail("expected an error containing '" + fragment + "'");
		}
		catch (Exception e) {
			assertTrue("message '" + e.getMessage() + "' should contain '" + fragment + "'", String.valueOf(e.getMessage()).contains(fragment));
		}
	}

	private float[] runWeights(TrainingConfig c, CaseSet data, String name) throws IOException {
		TrainingResult r = new SegmentationTrainer(c, data, tmp.newFolder(name).toPath()).train();
		return weights(r.lastModel());
	}

	/** All parameter values of a saved model, in the network's parameter order. */
	public static float[] weights(Path model) throws IOException {
		try (TrainedModel m = TrainedModel.load(model)) {
			List<float[]> parts = new ArrayList<>();
			for (NDArray a : sc.fiji.meanteacher.net.WeightIO.parameters(m.net()))
				parts.add(a.toFloatArray());
			return concatenated(parts);
		}
	}

	/** The arrays one after the other. */
	public static float[] concatenated(List<float[]> parts) {
		float[] all = new float[parts.stream().mapToInt(f -> f.length).sum()];
		int at = 0;
		for (float[] f : parts) {
			System.arraycopy(f, 0, all, at, f.length);
			at += f.length;
		}
		return all;
	}
}
