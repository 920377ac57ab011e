package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.data.Augmenter;
import sc.fiji.meanteacher.data.BatchFactory;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.PasteCube;
import sc.fiji.meanteacher.data.TrainingBatch;
import sc.fiji.meanteacher.data.TwoStreamBatchSampler;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.volume.PatchSize;

/** Copy-paste Mean Teacher: the mixing, the pseudo-labels, and runs that resume exactly. */
public class CopyPasteMethodTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final PatchSize PATCH = new PatchSize(6, 5, 4);
	private static final int VOXELS = 6 * 5 * 4;

	/** Iterations 0 and 1 warm up, 2 to 9 self-train. */
	private static TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		c.method = TrainingMethods.COPY_PASTE;
		c.patch = PATCH;
		c.numClasses = 3;
		c.iterations = 10;
		c.copyPasteWarmup = 0.2;
		c.seed = 5;
		return c;
	}

	/** Labeled item i, voxel v: 1000·i + v; unlabeled: −(1000·i + v) − 1. Labels (v + i) mod 3. */
	private static float labeledValue(int i, int v) {
		return 1000 * i + v;
	}

	private static float unlabeledValue(int i, int v) {
		return -(1000 * i + v) - 1;
	}

	private static NDArray items(NDManager m, int n, boolean labeled) {
		float[] a = new float[n * VOXELS];
		for (int i = 0; i < n; i++)
			for (int v = 0; v < VOXELS; v++) a[i * VOXELS + v] = labeled ? labeledValue(i, v) : unlabeledValue(i, v);
		return m.create(a, new Shape(PATCH.tensorShape(n, 1)));
	}

	private static NDArray labels(NDManager m, int n) {
		int[] a = new int[n * VOXELS];
		for (int i = 0; i < n; i++)
			for (int v = 0; v < VOXELS; v++) a[i * VOXELS + v] = (v + i) % 3;
		return m.create(a, new Shape(PATCH.tensorShape(n, 1)));
	}

	/** Whether voxel v of the patch lies in the cube. */
	private static boolean inside(PasteCube cube, int v) {
		int[] p = PATCH.toArray();
		return cube.contains(v % p[0], (v / p[0]) % p[1], v / (p[0] * p[1]));
	}

	/**
	 * Self-training, two pairs: the student's item i (inward) is unlabeled patch i with labeled
	 * patch i in the cube, item 2 + i (outward) the reverse; the labels are the teacher's
	 * pseudo-label (class i + 1 everywhere for unlabeled item i) where the voxel came from the
	 * unlabeled patch, the true label where it came from the labeled one; the teacher saw the
	 * unmixed unlabeled patches.
	 */
	@Test
	public void selfTrainingPastesEachWayImagesAndLabelsAlike() {
		TrainingConfig c = config();
		long it = 5;
		PasteCube cube = PasteCube.draw(PATCH.toArray(), c.copyPasteCube, c.seed, it);
		assertEquals(new PasteCube(cube.x0(), cube.y0(), cube.z0(), 4, 3, 2), cube);
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			NDArray unlabeled = items(m, 2, false);
			List<float[]> teacherSaw = new ArrayList<>();
			ConsistencyTerm.Teacher teacher = x -> {
				teacherSaw.add(x.toFloatArray());
				// unlabeled item i: class i + 1 wins everywhere
				float[] logits = new float[2 * 3 * VOXELS];
				for (int i = 0; i < 2; i++)
					for (int v = 0; v < VOXELS; v++) logits[(i * 3 + i + 1) * VOXELS + v] = 4;
				return m.create(logits, new Shape(PATCH.tensorShape(2, 3)));
			};
			BatchMixing.Mixed mixed = TrainingMethods.COPY_PASTE.mixing().mix(teacher, items(m, 2, true), labels(m, 2), unlabeled, m, it, c);
			assertArrayEquals(unlabeled.toFloatArray(), teacherSaw.get(0), 0f);
			assertEquals(new Shape(PATCH.tensorShape(4, 1)), mixed.images().getShape());
			float[] images = mixed.images().toFloatArray(), y = mixed.labels().toFloatArray(), fromLabeled = mixed.fromLabeled().toFloatArray();
			int insideCount = 0;
			for (int i = 0; i < 2; i++)
				for (int v = 0; v < VOXELS; v++) {
					boolean in = inside(cube, v);
					if (in && i == 0) insideCount++;
					int inward = i * VOXELS + v, outward = (2 + i) * VOXELS + v;
					float label = (v + i) % 3, pseudo = i + 1;
					assertEquals(in ? labeledValue(i, v) : unlabeledValue(i, v), images[inward], 0f);
					assertEquals(in ? unlabeledValue(i, v) : labeledValue(i, v), images[outward], 0f);
					assertEquals(in ? label : pseudo, y[inward], 0f);
					assertEquals(in ? pseudo : label, y[outward], 0f);
					assertEquals(in ? 1f : 0f, fromLabeled[inward], 0f);
					assertEquals(in ? 0f : 1f, fromLabeled[outward], 0f);
				}
			assertEquals(4 * 3 * 2, insideCount);
		}
	}

	/** Warm-up: labeled patch i with labeled patch i + 1 (cyclically) in the cube, all voxels labeled; no teacher. */
	@Test
	public void warmUpPastesLabeledPatchesIntoEachOther() {
		TrainingConfig c = config();
		PasteCube cube = PasteCube.draw(PATCH.toArray(), c.copyPasteCube, c.seed, 1);
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			ConsistencyTerm.Teacher teacher = x -> {
				throw new AssertionError("the warm-up needs no teacher");
			};
			BatchMixing.Mixed mixed = TrainingMethods.COPY_PASTE.mixing().mix(teacher, items(m, 2, true), labels(m, 2), items(m, 2, false), m, 1,
				c);
			assertEquals(new Shape(PATCH.tensorShape(2, 1)), mixed.images().getShape());
			float[] images = mixed.images().toFloatArray(), y = mixed.labels().toFloatArray(), fromLabeled = mixed.fromLabeled().toFloatArray();
			for (int i = 0; i < 2; i++)
				for (int v = 0; v < VOXELS; v++) {
					int source = inside(cube, v) ? 1 - i : i;
					assertEquals(labeledValue(source, v), images[i * VOXELS + v], 0f);
					assertEquals((v + source) % 3, y[i * VOXELS + v], 0f);
					assertEquals(1f, fromLabeled[i * VOXELS + v], 0f);
				}
		}
		assertEquals(2, CopyPasteMethod.warmupIterations(c));
		assertEquals(0, c.consistencyWeightAt(1), 0);
		assertEquals(0.5, c.consistencyWeightAt(2), 0);
	}

	/**
	 * Pseudo-labels: the teacher's argmax, then per item and class only the largest component.
	 * Item 0 along x: classes 1 1 0 1 0 2 0 2 2 → the lone 1 and the lone 2 go; item 1 the same
	 * with classes 1 and 2 swapped, on its own.
	 */
	@Test
	public void pseudoLabelsAreTheArgmaxWithTheLargestComponentPerClass() {
		PatchSize line = new PatchSize(9, 1, 1);
		int[][] argmax = { { 1, 1, 0, 1, 0, 2, 0, 2, 2 }, { 2, 2, 0, 2, 0, 1, 0, 1, 1 } };
		int[][] expected = { { 1, 1, 0, 0, 0, 0, 0, 2, 2 }, { 2, 2, 0, 0, 0, 0, 0, 1, 1 } };
		float[] logits = new float[2 * 3 * 9];
		for (int i = 0; i < 2; i++)
			for (int v = 0; v < 9; v++)
				for (int k = 0; k < 3; k++)
					// the winner by 0.3 over a runner-up that varies with the voxel
					logits[(i * 3 + k) * 9 + v] = k == argmax[i][v] ? 1.3f + 0.1f * v : (k + v) % 3 == 0 ? 1 + 0.1f * v : -2;
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			NDArray pseudo = CopyPasteMethod.pseudoLabels(m.create(logits, new Shape(2, 3, 1, 1, 9)), line);
			assertEquals(new Shape(2, 1, 1, 1, 9), pseudo.getShape());
			int[] got = pseudo.toIntArray();
			for (int i = 0; i < 2; i++)
				for (int v = 0; v < 9; v++) assertEquals("item " + i + ", voxel " + v, expected[i][v], got[i * 9 + v]);
		}
	}

	@Test
	public void settingsItCannotTrainWithAreRefused() {
		TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.COPY_PASTE, 4);
		c.validate();
		c.batchSize = 3;
		IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class, c::validate);
		assertEquals("Copy-paste Mean Teacher pairs each labeled patch with an unlabeled one: labeled per batch (1) must be half the batch "
			+ "size (3)", e.getMessage());
		c.batchSize = 2;
		c.copyPasteCube = 0;
		e = org.junit.Assert.assertThrows(IllegalArgumentException.class, c::validate);
		assertEquals("copy-paste cube (bcpcube) must be a share of the patch in (0, 1], got 0.0", e.getMessage());
	}

	/**
	 * One self-training step on a real batch: its two reported parts are {@link Losses#byOrigin} of
	 * the student's logits on the mixed batch the method builds (without dropout, the same libtorch
	 * seed, so both passes see the same network and input).
	 */
	@Test
	public void aStepReportsTheLossByOriginOfTheMixedBatch() {
		TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.COPY_PASTE, 10);
		c.dropout = false;
		c.batchSize = 4;
		c.labeledPerBatch = 2;
		CaseSet data = SegmentationTrainerTest.cases(2, 2, 0);
		Engine engine = TorchRuntime.engine();
		try (NDManager m = engine.newBaseManager(TorchRuntime.device())) {
			VNet student = VNet.create(c.netConfig(), m, c.patch.toArray(), c.weightInit);
			VNet teacher = VNet.create(c.netConfig(), m, c.patch.toArray(), c.weightInit);
			teacher.freezeParameters(true);
			TrainingBatch b = twoPairs(data, c);
			try (SgdOptimizer sgd = new SgdOptimizer(student, m, c.momentum, c.weightDecay); NDManager scope = m.newSubManager()) {
				TrainingStep step = new TrainingStep(c, student, teacher, new EmaTeacher(student, teacher, c.emaDecay), sgd, engine);
				NDArray x = scope.create(b.images(), new Shape(4, 1, 16, 16, 16));
				NDArray y = scope.create(ByteBuffer.wrap(b.labels()), new Shape(2, 1, 16, 16, 16), DataType.UINT8);
				ParameterStore ps = new ParameterStore(scope, false);
				engine.setRandomSeed(5);
				BatchMixing.Mixed mixed = c.method.mixing().mix(in -> teacher.forward(ps, new NDList(in), true).singletonOrThrow(), x.get(":2"), y,
					x.get("2:"), scope, 5, c);
				Losses.ByOrigin expected = Losses.byOrigin(student.forward(ps, new NDList(mixed.images()), true).singletonOrThrow(),
					mixed.labels(), mixed.fromLabeled());
				double labeled = expected.labeled().getFloat(), unlabeled = expected.unlabeled().getFloat();
				assertTrue("both parts count: " + labeled + ", " + unlabeled, labeled > 0 && unlabeled > 0);
				engine.setRandomSeed(5);
				TrainingStep.Outcome o = step.run(scope, x, y, null, 0.5, c.learningRate, 5);
				assertEquals(labeled, o.supervised(), 1e-6 + 1e-5 * labeled);
				assertEquals(unlabeled, o.consistency(), 1e-6 + 1e-5 * unlabeled);
			}
		}
	}

	/**
	 * The first self-training step restarts the teacher from the student, then moves it as every
	 * step does: afterwards it is {@code a·(student before) + (1 − a)·(student after)}. The next step
	 * moves the teacher from where it is, without a restart.
	 */
	@Test
	public void theTeacherRestartsFromTheStudentWhenSelfTrainingBegins() {
		TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.COPY_PASTE, 10);
		c.batchSize = 4;
		c.labeledPerBatch = 2;
		c.copyPasteWarmup = 0.2;
		long first = CopyPasteMethod.warmupIterations(c);
		assertEquals(2, first);
		CaseSet data = SegmentationTrainerTest.cases(2, 2, 0);
		Engine engine = TorchRuntime.engine();
		try (NDManager m = engine.newBaseManager(TorchRuntime.device())) {
			VNet student = VNet.create(c.netConfig(), m, c.patch.toArray(), c.weightInit);
			VNet teacher = VNet.create(c.netConfig(), m, c.patch.toArray(), c.weightInit);
			teacher.freezeParameters(true);
			TrainingBatch b = twoPairs(data, c);
			EmaTeacher ema = new EmaTeacher(student, teacher, c.emaDecay);
			try (SgdOptimizer sgd = new SgdOptimizer(student, m, c.momentum, c.weightDecay); NDManager scope = m.newSubManager()) {
				TrainingStep step = new TrainingStep(c, student, teacher, ema, sgd, engine);
				NDArray x = scope.create(b.images(), new Shape(4, 1, 16, 16, 16));
				NDArray y = scope.create(ByteBuffer.wrap(b.labels()), new Shape(2, 1, 16, 16, 16), DataType.UINT8);
				for (long it : new long[] { first, first + 1 }) {
					float[] studentBefore = parameters(student), teacherBefore = parameters(teacher);
					step.run(scope, x, y, null, 0.5, c.learningRate, it);
					float[] studentAfter = parameters(student), teacherAfter = parameters(teacher);
					float[] from = it == first ? studentBefore : teacherBefore;
					double a = ema.decayAt(it), worst = 0;
					for (int i = 0; i < from.length; i++)
						worst = Math.max(worst, Math.abs(a * from[i] + (1 - a) * studentAfter[i] - teacherAfter[i]));
					assertEquals("teacher after iteration " + it, 0, worst, 1e-6);
				}
			}
		}
	}

	/** Every weight of the network (not the batch-norm running statistics), in its parameter order. */
	private static float[] parameters(VNet net) {
		List<float[]> parts = new ArrayList<>();
		for (Pair<String, Parameter> p : net.getParameters())
			if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN && p.getValue().getType() != Parameter.Type.RUNNING_VAR)
				parts.add(p.getValue().getArray().toFloatArray());
		return SegmentationTrainerTest.concatenated(parts);
	}

	/** A batch of two labeled and two unlabeled 16³ patches of the trainer test's cases (2 labeled, 2 unlabeled). */
	private static TrainingBatch twoPairs(CaseSet data, TrainingConfig c) {
		return new BatchFactory(List.of(data.labeled().get(0).image(), data.labeled().get(1).image()),
			List.of(data.labeled().get(0).label(), data.labeled().get(1).label()),
			List.of(data.unlabeled().get(0).image(), data.unlabeled().get(1).image()), new TwoStreamBatchSampler(2, 2, 4, 2, 7),
			new Augmenter(c.patch.toArray()), true).assemble(5);
	}

	/** Every preset's batch (2 labeled of 4) pairs; the warm-up is its share of the preset's iterations. */
	@Test
	public void everyPresetAcceptsIt() {
		for (TrainingPreset p : TrainingPreset.values()) {
			TrainingConfig c = p.config();
			c.method = TrainingMethods.COPY_PASTE;
			c.validate();
			assertEquals(p.name(), Math.round(0.12 * c.iterations), CopyPasteMethod.warmupIterations(c));
		}
	}

	/**
	 * Killed after iteration 4 with a checkpoint at 3 (warm-up 0 to 1, self-training from 2): the
	 * resumed run repeats iterations 3 to 5 of the uninterrupted one, losses and both networks.
	 */
	@Test
	public void aResumedRunEqualsTheUninterruptedOne() throws IOException {
		CaseSet data = SegmentationTrainerTest.cases(2, 2, 0);
		TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.COPY_PASTE, 6);
		c.copyPasteWarmup = 0.34;
		c.checkpointInterval = 3;
		Path whole = tmp.newFolder("whole").toPath();
		SegmentationTrainer uninterrupted = new SegmentationTrainer(c, data, whole);
		List<IterationReport> wholeReports = SegmentationTrainerTest.collect(uninterrupted);
		uninterrupted.train();
		for (IterationReport r : wholeReports) {
			boolean warm = r.iteration() < 2;
			assertEquals("weight at " + r.iteration(), warm ? 0 : 0.5, r.consistencyWeight(), 0);
			assertTrue("unlabeled loss at " + r.iteration() + ": " + r.consistencyLoss(), warm ? r.consistencyLoss() == 0 : r.consistencyLoss() > 0);
		}

		Path out = tmp.newFolder("killed").toPath();
		SegmentationTrainerTest.crashAfter(4, c, data, out);
		SegmentationTrainer resumed = new SegmentationTrainer(c, data, out);
		List<IterationReport> resumedReports = SegmentationTrainerTest.collect(resumed);
		resumed.resume(SegmentationTrainer.latestCheckpoint(out));
		assertEquals(3, resumedReports.size());
		for (int k = 0; k < 3; k++) {
			IterationReport a = wholeReports.get(3 + k), b = resumedReports.get(k);
			assertEquals(a.iteration(), b.iteration());
			assertEquals(a.supervisedLoss(), b.supervisedLoss(), 1e-6);
			assertEquals(a.consistencyLoss(), b.consistencyLoss(), 1e-6);
		}
		for (String model : List.of(RunFolder.LAST_MODEL, RunFolder.LAST_TEACHER_MODEL))
			assertArrayEquals(model, SegmentationTrainerTest.weights(whole.resolve(model)), SegmentationTrainerTest.weights(out.resolve(model)), 1e-5f);
		try (TrainedModel m = TrainedModel.load(out.resolve(RunFolder.LAST_MODEL))) {
			assertEquals("Copy-paste Mean Teacher", m.descriptor().training.method);
		}
	}
}
