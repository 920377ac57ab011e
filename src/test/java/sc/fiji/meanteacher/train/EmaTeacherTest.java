package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.net.WeightIO;

public class EmaTeacherTest {

	private static final VNetConfig TINY = new VNetConfig(1, 2, 2, 1, Normalization.BATCH, false);

	@Test
	public void decayWarmsUpThenStaysAtAlpha() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			EmaTeacher ema = new EmaTeacher(VNet.create(TINY, m, new int[] { 2, 2, 2 }), VNet.create(TINY, m, new int[] { 2, 2, 2 }), 0.99);
			assertEquals(0, ema.decayAt(0), 0);
			assertEquals(0.5, ema.decayAt(1), 0);
			assertEquals(0.9, ema.decayAt(9), 1e-15);
			assertEquals(0.99, ema.decayAt(99), 1e-12);
			assertEquals(0.99, ema.decayAt(5000), 0);
		}
	}

	@Test
	public void teacherEqualsHandComputedAverageAfterOneAndManySteps() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			VNet student = VNet.create(TINY, m, new int[] { 2, 2, 2 });
			VNet teacher = VNet.create(TINY, m, new int[] { 2, 2, 2 });
			EmaTeacher ema = new EmaTeacher(student, teacher, 0.9);
			List<Parameter[]> pairs = WeightIO.matchingParameters(student, teacher, p -> p.getType() != Parameter.Type.RUNNING_MEAN
				&& p.getType() != Parameter.Type.RUNNING_VAR);
			Parameter[] probe = pairs.get(0);
			float[] s = probe[0].getArray().toFloatArray();
			// step 0: α = 0 → the teacher becomes the student
			ema.update(0);
			assertArrayEquals(s, probe[1].getArray().toFloatArray(), 0);
			double[] expected = new double[s.length];
			for (int i = 0; i < s.length; i++) expected[i] = s[i];
			for (int step = 1; step <= 40; step++) {
				// move the student, then average by hand
				float[] next = probe[0].getArray().toFloatArray();
				for (int i = 0; i < next.length; i++) next[i] += (float) Math.sin(step * 0.7 + i);
				probe[0].getArray().set(next);
				double a = Math.min(1 - 1.0 / (step + 1), 0.9);
				for (int i = 0; i < next.length; i++) expected[i] = a * expected[i] + (1 - a) * next[i];
				assertEquals(a, ema.update(step), 1e-15);
			}
			float[] got = probe[1].getArray().toFloatArray();
			for (int i = 0; i < got.length; i++) assertEquals("element " + i, expected[i], got[i], 1e-5);
		}
	}

	@Test
	public void runningStatisticsAreNotAveraged() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			VNet student = VNet.create(TINY, m, new int[] { 2, 2, 2 });
			VNet teacher = VNet.create(TINY, m, new int[] { 2, 2, 2 });
			float[] before = runningMean(teacher);
			for (Parameter[] pair : WeightIO.matchingParameters(student, teacher, p -> p.getType() == Parameter.Type.RUNNING_MEAN))
				pair[0].getArray().addi(5f);
			new EmaTeacher(student, teacher, 0.9).update(3);
			assertArrayEquals(before, runningMean(teacher), 0);
		}
	}

	private static float[] runningMean(VNet net) {
		for (Parameter p : net.getParameters().values())
			if (p.getType() == Parameter.Type.RUNNING_MEAN) return p.getArray().toFloatArray();
		throw new AssertionError("no running mean");
	}
}
