package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.Gson;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.TorchRuntime;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;

/**
 * Two Mean Teacher steps of ours against real PyTorch on the reference V-Net (16 filters, 4 stages,
 * batch norm, dropout off so that both sides compute the same function): same weights and batch
 * (from the formulas of {@code src/test/python/step_parity.py}, which wrote the fixture with torch)
 * → same logits, cross-entropy, soft Dice, consistency, gradients (seen through the momentum
 * buffers after the first step: gradient + weight decay · weight), parameters and batch-norm
 * running statistics after two SGD steps, and the same EMA teacher.
 */
public class StepParityTest {

	private static final int SIZE = 32, BATCH = 4, LABELED = 2;
	private static final VNetConfig NET = new VNetConfig(1, 2, 16, 4, Normalization.BATCH, false);
	/** Tolerance relative to a tensor's norm (float32 on both sides, other summation orders). */
	private static final double RELATIVE = 1e-4;

	private static Fixture fixture;
	private static NDManager manager;

	/** What the script wrote: a summary per tensor, loss values per step. */
	static final class Fixture {
		double weight, lr, momentum, weightDecay, emaDecay;
		List<StepRecord> steps;
		Map<String, Summary> student, teacher;
	}

	static final class StepRecord {
		Summary teacherLogits, studentLogits;
		double crossEntropy, dice, supervised, consistency, loss;
		Map<String, Summary> momentum;
	}

	static final class Summary {
		long n;
		double sum, norm, probe;
	}

	@BeforeClass
	public static void readFixture() throws IOException {
		try (InputStream in = StepParityTest.class.getResourceAsStream("step-parity.json")) {
			fixture = new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Fixture.class);
		}
		manager = TorchRuntime.engine().newBaseManager();
	}

	@AfterClass
	public static void close() {
		manager.close();
	}

	@Test
	public void forwardPassAndLossesMatchPyTorch() {
		try (NDManager m = manager.newSubManager()) {
			StepRecord first = fixture.steps.get(0);
			VNet student = formulaNet(m, 1), teacher = formulaNet(m, 2);
			NDArray[] batch = batch(m);
			ParameterStore ps = new ParameterStore(m, false);
			JniUtils.setGradMode(false);
			NDArray logits = student.forward(ps, new NDList(batch[0]), true).singletonOrThrow();
			assertMatches("student logits", first.studentLogits, logits);
			NDArray teacherLogits = teacher.forward(ps, new NDList(batch[0].get(LABELED + ":").add(batch[2])), true).singletonOrThrow();
			assertMatches("teacher logits", first.teacherLogits, teacherLogits);
			NDArray labeled = logits.get(":" + LABELED);
			NDArray oneHot = Losses.oneHot(batch[1], 2);
			assertEquals("cross-entropy", first.crossEntropy, Losses.crossEntropy(labeled, oneHot).getFloat(), 1e-5);
			assertEquals("soft Dice", first.dice, Losses.softDice(labeled.softmax(1), oneHot).getFloat(), 1e-5);
			assertEquals("supervised", first.supervised, Losses.supervised(labeled, batch[1]).getFloat(), 1e-5);
			assertEquals("consistency", first.consistency,
				Losses.consistency(logits.get(LABELED + ":"), teacherLogits, ConsistencyLoss.MSE).getFloat(), 1e-6);
		}
	}

	@Test
	public void twoStepsGiveTheGradientsWeightsAndTeacherOfPyTorch() {
		try (NDManager m = manager.newSubManager()) {
			TrainingConfig config = new TrainingConfig();
			config.emaDecay = fixture.emaDecay;
			VNet student = formulaNet(m, 1), teacher = formulaNet(m, 2);
			teacher.freezeParameters(true);
			NDArray[] batch = batch(m);
			try (SgdOptimizer sgd = new SgdOptimizer(student, m, fixture.momentum, fixture.weightDecay)) {
				TrainingStep step = new TrainingStep(config, student, teacher, new EmaTeacher(student, teacher, fixture.emaDecay), sgd,
					TorchRuntime.engine());
				for (int it = 0; it < 2; it++) {
					StepRecord expected = fixture.steps.get(it);
					TrainingStep.Outcome o;
					try (NDManager scope = m.newSubManager()) {
						o = step.run(scope, batch[0], batch[1], batch[2], fixture.weight, fixture.lr, it);
					}
					assertEquals("supervised loss, step " + it, expected.supervised, o.supervised(), 1e-5);
					assertEquals("consistency, step " + it, expected.consistency, o.consistency(), 1e-6 + 1e-4 * expected.consistency);
					if (it == 0) {
						NDList buffers = sgd.state();
						assertEquals(expected.momentum.size(), buffers.size());
						for (NDArray v : buffers)
							assertMatches("momentum (gradient + decay) of " + v.getName(), expected.momentum.get(UaMtLayout.torchName(v.getName())),
								UaMtLayout.toTorch(v.getName(), v));
					}
				}
			}
			assertStateMatches("student", fixture.student, student);
			assertStateMatches("teacher", fixture.teacher, teacher);
		}
	}

	private static void assertStateMatches(String what, Map<String, Summary> expected, VNet net) {
		List<String> seen = new ArrayList<>();
		for (Pair<String, Parameter> p : net.getParameters()) {
			String torch = UaMtLayout.torchName(p.getKey());
			seen.add(torch);
			assertMatches(what + " " + torch, expected.get(torch), UaMtLayout.toTorch(p.getKey(), p.getValue().getArray()));
		}
		assertEquals(what + ": every state-dict entry compared", expected.size(), seen.size());
	}

	/** Norm within {@link #RELATIVE} of itself; sum and probe product within that times √n. */
	private static void assertMatches(String what, Summary expected, NDArray actual) {
		assertTrue(what + ": no such entry in the fixture", expected != null);
		float[] v = actual.toFloatArray();
		assertEquals(what + ": element count", expected.n, v.length);
		double sum = 0, squares = 0, probe = 0;
		for (int i = 0; i < v.length; i++) {
			sum += v[i];
			squares += (double) v[i] * v[i];
			probe += v[i] * Math.sin(1.3 * i + 0.2);
		}
		double norm = Math.sqrt(squares);
		// the absolute part is for convolution biases before batch norm: their true gradient is 0,
		// so what remains is weight decay plus rounding noise of either implementation
		double tol = RELATIVE * expected.norm + 1e-6;
		assertEquals(what + ": norm", expected.norm, norm, tol);
		assertEquals(what + ": sum", expected.sum, sum, tol * Math.sqrt(v.length));
		assertEquals(what + ": probe", expected.probe, probe, tol * Math.sqrt(v.length));
	}

	/** The reference network with the fixture's formula weights; {@code seed} 1 = student, 2 = teacher. */
	private static VNet formulaNet(NDManager m, int seed) {
		VNet net = VNet.create(NET, m, new int[] { SIZE, SIZE, SIZE });
		JniUtils.setGradMode(false);
		int k = 0;
		double fanIn = 1;
		for (Pair<String, Parameter> p : net.getParameters()) {
			Parameter param = p.getValue();
			NDArray target = param.getArray();
			Shape torchShape = UaMtLayout.torchShape(p.getKey(), target.getShape());
			int n = (int) torchShape.size();
			Parameter.Type type = param.getType();
			// a convolution's bias comes right after its weight, and shares its fan-in
			if (type == Parameter.Type.WEIGHT) fanIn = n / (double) torchShape.get(0);
			float[] v = new float[n];
			for (int i = 0; i < n; i++) {
				double u = uniform(i, k, seed);
				if (type == Parameter.Type.RUNNING_MEAN) v[i] = 0;
				else if (type == Parameter.Type.RUNNING_VAR) v[i] = 1;
				else if (type == Parameter.Type.GAMMA) v[i] = (float) (1 + 0.1 * u);
				else if (type == Parameter.Type.BETA) v[i] = (float) (0.1 * u);
				else v[i] = (float) (u / Math.sqrt(fanIn));
			}
			try (NDArray torch = m.create(v, torchShape); NDArray ours = UaMtLayout.fromTorch(p.getKey(), torch)) {
				ours.copyTo(target);
			}
			k++;
		}
		return net;
	}

	/** The script's {@code uniform}: a 32-bit integer hash of (i, k, seed) mapped to [-1, 1). */
	static double uniform(long i, int k, int seed) {
		long mask = 0xFFFFFFFFL;
		long x = (i + ((0x9E3779B9L * (k + 1) + 0x85EBCA6BL * seed) & mask)) & mask;
		x ^= x >>> 16;
		x = (x * 0x7FEB352DL) & mask;
		x ^= x >>> 15;
		x = (x * 0x846CA68BL) & mask;
		x ^= x >>> 16;
		return x / (double) (1L << 31) - 1;
	}

	/** Images (n, 1, 32, 32, 32), labels of the first two items, teacher noise of the last two. */
	private static NDArray[] batch(NDManager m) {
		int voxels = SIZE * SIZE * SIZE;
		float[] images = new float[BATCH * voxels];
		byte[] labels = new byte[LABELED * voxels];
		for (int b = 0; b < BATCH; b++)
			for (int a0 = 0, j = 0; a0 < SIZE; a0++)
				for (int a1 = 0; a1 < SIZE; a1++)
					for (int a2 = 0; a2 < SIZE; a2++, j++) {
						double d0 = a0 - 15.5 - 0.5 * b, d1 = a1 - 15.5, d2 = a2 - 16 + 0.3 * b;
						boolean inside = d0 * d0 + d1 * d1 + d2 * d2 < 11 * 11;
						images[b * voxels + j] = (float) ((inside ? 1 : 0) + 0.3 * Math.sin(0.913 * j + b));
						if (b < LABELED) labels[b * voxels + j] = (byte) (inside ? 1 : 0);
					}
		float[] noise = new float[(BATCH - LABELED) * voxels];
		for (int j = 0; j < noise.length; j++) noise[j] = (float) Math.max(-0.2, Math.min(0.2, 0.25 * Math.sin(1.7 * j + 0.5)));
		Shape item = new Shape(1, SIZE, SIZE, SIZE);
		return new NDArray[] { m.create(images, new Shape(BATCH).addAll(item)),
			m.create(java.nio.ByteBuffer.wrap(labels), new Shape(LABELED).addAll(item), ai.djl.ndarray.types.DataType.UINT8),
			m.create(noise, new Shape(BATCH - LABELED).addAll(item)) };
	}
}
