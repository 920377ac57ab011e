package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;

/**
 * Three Mean Teacher steps of ours against real PyTorch on the reference V-Net (16 filters, 4
 * stages, batch norm, dropout off so that both sides compute the same function): same weights and
 * batch (from the formulas of {@code src/test/python/step_parity.py}, which wrote the fixture with
 * torch in float64) → same logits and losses at every step and after the last, the same first
 * gradient (seen through the momentum buffers after step 0: gradient + weight decay · weight), and
 * the same parameters, batch-norm running statistics and EMA teacher after the steps.
 * <p>
 * The reference is float64, so the fixture holds no processor's rounding; the tolerances are what a
 * correct float32 implementation needs, measured (the script's float32 mode, torch 1.13 on an AVX2
 * machine, against the float64 run) and given room: the largest drift seen, relative to a tensor's
 * norm, was 3e-4 for logits, 1e-3 for the first gradient and 1.7e-2 for the parameters after the
 * steps (the second gradient is chaotic, see the script). {@link #eachMistakenSettingIsCaught} shows
 * that these tolerances still see a wrong EMA decay, a missing weight decay, a consistency weight
 * 10 % off and a momentum of 0.8.
 */
public class StepParityTest {

	private static final int SIZE = 32, BATCH = 4, LABELED = 2;
	private static final VNetConfig NET = new VNetConfig(1, 2, 16, 4, Normalization.BATCH, false);
	/** Tolerances relative to the expected tensor's norm (see the class comment). */
	private static final double LOGITS = 1e-3, FIRST_GRADIENT = 3e-3, AFTER_STEPS = 5e-2;
	/** Tolerance of a loss value relative to itself (float32 drift seen: 5e-4 at the last step). */
	private static final double LOSSES = 2e-3;

	private static Fixture fixture;
	private static NDManager manager;

	/** What the script wrote: a summary per tensor, loss values per step. */
	static final class Fixture {
		String dtype;
		double weight, lr, momentum, weightDecay, emaDecay;
		List<StepRecord> steps;
		StepRecord last;
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

	/** The settings of a run on our side: the fixture's, or one of them mistaken on purpose. */
	record Settings(String name, double weight, double momentum, double weightDecay, double emaDecay) {

		static Settings of(Fixture f) {
			return new Settings("the fixture's settings", f.weight, f.momentum, f.weightDecay, f.emaDecay);
		}
	}

	@BeforeClass
	public static void readFixture() throws IOException {
		try (InputStream in = StepParityTest.class.getResourceAsStream("step-parity.json")) {
			fixture = new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Fixture.class);
		}
		assertEquals("the reference computes in float64", "float64", fixture.dtype);
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
			Deviations d = new Deviations();
			NDArray logits = student.forward(ps, new NDList(batch[0]), true).singletonOrThrow();
			d.tensor("student logits", first.studentLogits, logits, LOGITS);
			NDArray teacherLogits = teacher.forward(ps, new NDList(batch[0].get(LABELED + ":").add(batch[2])), true).singletonOrThrow();
			d.tensor("teacher logits", first.teacherLogits, teacherLogits, LOGITS);
			NDArray labeled = logits.get(":" + LABELED);
			NDArray oneHot = Losses.oneHot(batch[1], 2);
			d.loss("cross-entropy", first.crossEntropy, Losses.crossEntropy(labeled, oneHot).getFloat());
			d.loss("soft Dice", first.dice, Losses.softDice(labeled.softmax(1), oneHot).getFloat());
			d.loss("supervised", first.supervised, Losses.supervised(labeled, batch[1]).getFloat());
			d.loss("consistency", first.consistency, Losses.consistency(logits.get(LABELED + ":"), teacherLogits, ConsistencyLoss.MSE).getFloat());
			d.assertNone();
		}
	}

	@Test
	public void threeStepsGiveTheLogitsGradientWeightsAndTeacherOfPyTorch() {
		Deviations d = deviations(Settings.of(fixture));
		System.out.println("step parity, largest difference: " + d.worst());
		d.assertNone();
	}

	/** The power of the comparison: each setting a bug could get wrong makes it fail. */
	@Test
	public void eachMistakenSettingIsCaught() {
		Settings right = Settings.of(fixture);
		List<Settings> mistaken = List.of(
			new Settings("EMA decay 0.66 instead of 0.6", right.weight(), right.momentum(), right.weightDecay(), 1.1 * right.emaDecay()),
			new Settings("no weight decay", right.weight(), right.momentum(), 0, right.emaDecay()),
			new Settings("consistency weight 10 % high", 1.1 * right.weight(), right.momentum(), right.weightDecay(), right.emaDecay()),
			new Settings("momentum 0.8", right.weight(), 0.8, right.weightDecay(), right.emaDecay()));
		for (Settings s : mistaken) {
			Deviations d = deviations(s);
			System.out.println("step parity with " + s.name() + ": " + d.worst());
			assertFalse(s.name() + " passes the comparison", d.isEmpty());
		}
	}

	/** Runs the fixture's steps on our side with {@code s}; what differs from PyTorch beyond the tolerances. */
	private static Deviations deviations(Settings s) {
		Deviations d = new Deviations();
		try (NDManager m = manager.newSubManager()) {
			TrainingConfig config = new TrainingConfig();
			config.emaDecay = s.emaDecay();
			VNet student = formulaNet(m, 1), teacher = formulaNet(m, 2);
			Map<String, float[]> start = formulaValues(student, 1);
			teacher.freezeParameters(true);
			NDArray[] batch = batch(m);
			try (SgdOptimizer sgd = new SgdOptimizer(student, m, s.momentum(), s.weightDecay())) {
				TrainingStep step = new TrainingStep(config, student, teacher, new EmaTeacher(student, teacher, s.emaDecay()), sgd,
					TorchRuntime.engine());
				for (int it = 0; it < fixture.steps.size(); it++) {
					StepRecord expected = fixture.steps.get(it);
					TrainingStep.Outcome o;
					try (NDManager scope = m.newSubManager()) {
						o = step.run(scope, batch[0], batch[1], batch[2], s.weight(), fixture.lr, it);
					}
					d.loss("supervised loss, step " + it, expected.supervised, o.supervised());
					d.loss("consistency, step " + it, expected.consistency, o.consistency());
					if (it == 0)
						for (NDArray v : sgd.state())
							d.tensor("momentum (gradient + decay) of " + v.getName(), expected.momentum.get(UaMtLayout.torchName(v.getName())),
								UaMtLayout.toTorch(v.getName(), v), FIRST_GRADIENT);
				}
			}
			d.state("student", fixture.student, student, start);
			d.state("teacher", fixture.teacher, teacher, start);
			try (NDManager scope = m.newSubManager()) {
				logits(scope, student, teacher, batch, fixture.last, d);
			}
		}
		return d;
	}

	/**
	 * The logits both networks give the batch after the steps (in training mode, as PyTorch ran
	 * them; the running statistics were compared before this pass, which moves them).
	 */
	private static void logits(NDManager m, VNet student, VNet teacher, NDArray[] batch, StepRecord expected, Deviations d) {
		ParameterStore ps = new ParameterStore(m, false);
		JniUtils.setGradMode(false);
		d.tensor("student logits after the steps", expected.studentLogits, student.forward(ps, new NDList(batch[0]), true).singletonOrThrow(), LOGITS);
		d.tensor("teacher logits after the steps", expected.teacherLogits,
			teacher.forward(ps, new NDList(batch[0].get(LABELED + ":").add(batch[2])), true).singletonOrThrow(), LOGITS);
	}

	/** Differences beyond the tolerances, collected so that a test can assert none or some. */
	private static final class Deviations {

		private final List<String> found = new ArrayList<>();
		/** The largest difference seen as a multiple of its tolerance, and where. */
		private double worst;
		private String worstAt = "nothing";

		boolean isEmpty() {
			return found.isEmpty();
		}

		String worst() {
			return String.format(Locale.ROOT, "%.2f × tolerance at %s", worst, worstAt);
		}

		void assertNone() {
			assertTrue(found.size() + " deviation(s) from PyTorch:\n" + String.join("\n", found), found.isEmpty());
		}

		void loss(String what, double expected, double actual) {
			compare(what, expected, actual, LOSSES * Math.abs(expected) + 1e-7);
		}

		/**
		 * Norm within {@code relative} of itself; sum and probe product within that times √n. The
		 * absolute part is for convolution biases before batch norm: their true gradient is 0, so
		 * what remains is weight decay plus rounding noise.
		 */
		void tensor(String what, Summary expected, NDArray actual, double relative) {
			values(what, expected, actual.toFloatArray(), relative);
		}

		void values(String what, Summary expected, float[] v, double relative) {
			if (expected == null) {
				found.add(what + ": no such entry in the fixture");
				return;
			}
			if (expected.n != v.length) {
				found.add(what + ": " + v.length + " elements, PyTorch " + expected.n);
				return;
			}
			double sum = 0, squares = 0, probe = 0;
			for (int i = 0; i < v.length; i++) {
				sum += v[i];
				squares += (double) v[i] * v[i];
				probe += v[i] * Math.sin(1.3 * i + 0.2);
			}
			double tol = relative * expected.norm + 1e-6;
			compare(what + ": norm", expected.norm, Math.sqrt(squares), tol);
			compare(what + ": sum", expected.sum, sum, tol * Math.sqrt(v.length));
			compare(what + ": probe", expected.probe, probe, tol * Math.sqrt(v.length));
		}

		private void compare(String what, double expected, double actual, double tol) {
			double ratio = Math.abs(expected - actual) / tol;
			if (!(ratio <= worst)) {
				worst = ratio;
				worstAt = what;
			}
			if (!(Math.abs(expected - actual) <= tol))
				found.add(String.format(Locale.ROOT, "%s %.8g, PyTorch %.8g (tolerance %.2g)", what, actual, expected, tol));
		}

		/** Parameters as their change from the student's start (as the script stores them), running statistics as they are. */
		void state(String what, Map<String, Summary> expected, VNet net, Map<String, float[]> start) {
			int seen = 0;
			for (Pair<String, Parameter> p : net.getParameters()) {
				String torch = UaMtLayout.torchName(p.getKey());
				float[] v = UaMtLayout.toTorch(p.getKey(), p.getValue().getArray()).toFloatArray();
				if (!isRunningStatistic(p.getValue())) {
					float[] from = start.get(torch);
					for (int i = 0; i < v.length; i++) v[i] -= from[i];
				}
				values(what + " " + torch, expected.get(torch), v, AFTER_STEPS);
				seen++;
			}
			if (seen != expected.size()) found.add(what + ": " + seen + " state-dict entries, PyTorch " + expected.size());
		}
	}

	private static boolean isRunningStatistic(Parameter p) {
		return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
	}

	/** The reference network with the fixture's formula weights; {@code seed} 1 = student, 2 = teacher. */
	private static VNet formulaNet(NDManager m, int seed) {
		VNet net = VNet.create(NET, m, new int[] { SIZE, SIZE, SIZE });
		JniUtils.setGradMode(false);
		Map<String, float[]> values = formulaValues(net, seed);
		for (Pair<String, Parameter> p : net.getParameters()) {
			NDArray target = p.getValue().getArray();
			Shape torchShape = UaMtLayout.torchShape(p.getKey(), target.getShape());
			try (NDArray torch = m.create(values.get(UaMtLayout.torchName(p.getKey())), torchShape);
				NDArray ours = UaMtLayout.fromTorch(p.getKey(), torch)) {
				ours.copyTo(target);
			}
		}
		return net;
	}

	/** The formula values of every state-dict entry of {@code net} in PyTorch's layout, by PyTorch's name. */
	private static Map<String, float[]> formulaValues(VNet net, int seed) {
		Map<String, float[]> values = new HashMap<>();
		int k = 0;
		double fanIn = 1;
		for (Pair<String, Parameter> p : net.getParameters()) {
			Parameter param = p.getValue();
			Shape torchShape = UaMtLayout.torchShape(p.getKey(), param.getArray().getShape());
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
			values.put(UaMtLayout.torchName(p.getKey()), v);
			k++;
		}
		return values;
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
