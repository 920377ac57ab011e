package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RampUpTest {

	@Test
	public void sigmoidRampUpAtStartMiddleAndEnd() {
		assertEquals(Math.exp(-5), RampUp.sigmoid(0, 40), 1e-15);
		assertEquals(Math.exp(-1.25), RampUp.sigmoid(20, 40), 1e-15);
		assertEquals(1, RampUp.sigmoid(40, 40), 0);
		assertEquals(1, RampUp.sigmoid(400, 40), 0);
		assertEquals(1, RampUp.sigmoid(3, 0), 0);
	}

	@Test
	public void consistencyWeightCountsRampEpochsOf150Iterations() {
		assertEquals(0.1 * Math.exp(-5), RampUp.consistencyWeight(0, 0.1, 40, 150), 1e-15);
		assertEquals(0.1 * Math.exp(-5), RampUp.consistencyWeight(149, 0.1, 40, 150), 1e-15);
		double phase = 1 - 1 / 40.0;
		assertEquals(0.1 * Math.exp(-5 * phase * phase), RampUp.consistencyWeight(150, 0.1, 40, 150), 1e-15);
		assertEquals(0.1 * Math.exp(-1.25), RampUp.consistencyWeight(3000, 0.1, 40, 150), 1e-15);
		assertEquals(0.1, RampUp.consistencyWeight(6000, 0.1, 40, 150), 1e-15);
	}

	@Test
	public void supervisedOnlyHasNoConsistency() {
		TrainingConfig c = new TrainingConfig();
		c.method = TrainingMethods.SUPERVISED;
		assertEquals(0, c.consistencyWeightAt(6000), 0);
		c.method = TrainingMethods.MEAN_TEACHER;
		assertEquals(0.1, c.consistencyWeightAt(6000), 1e-15);
	}

	@Test
	public void learningRateSchedules() {
		assertEquals(0.01, LearningRateSchedule.STEP.rate(0.01, 2499, 6000, 2500, 0.1), 1e-15);
		assertEquals(0.001, LearningRateSchedule.STEP.rate(0.01, 2500, 6000, 2500, 0.1), 1e-15);
		assertEquals(0.0001, LearningRateSchedule.STEP.rate(0.01, 5000, 6000, 2500, 0.1), 1e-15);
		assertEquals(0.01 * Math.pow(0.5, 0.9), LearningRateSchedule.POLY.rate(0.01, 3000, 6000, 2500, 0.1), 1e-15);
		assertEquals(0, LearningRateSchedule.POLY.rate(0.01, 6000, 6000, 2500, 0.1), 0);
		assertEquals(0.01, LearningRateSchedule.CONSTANT.rate(0.01, 5000, 6000, 2500, 0.1), 0);
	}
}
