package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.meanteacher.device.TorchRuntime;

/** Losses on 1×2×1×1×2 tensors against numbers computed by hand. */
public class LossesTest {

	/** Two voxels; logits (class0, class1) = (0, ln 3) and (ln 3, 0) → p1 = 0.75 and 0.25. */
	private static NDArray logits(NDManager m) {
		float l3 = (float) Math.log(3);
		return m.create(new float[] { 0, l3, l3, 0 }, new Shape(1, 2, 1, 1, 2));
	}

	@Test
	public void crossEntropyEqualsHandValue() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			// labels 1 and 1: CE = mean(-ln 0.75, -ln 0.25)
			NDArray labels = m.create(new float[] { 1, 1 }, new Shape(1, 1, 1, 1, 2));
			double ce = Losses.crossEntropy(logits(m), Losses.oneHot(labels, 2)).getFloat();
			assertEquals((-Math.log(0.75) - Math.log(0.25)) / 2, ce, 1e-6);
		}
	}

	@Test
	public void softDiceEqualsHandValue() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			// target (1, 0), p1 (0.75, 0.25): 1 - (2·0.75 + s)/(0.75² + 0.25² + 1 + s)
			NDArray labels = m.create(new float[] { 1, 0 }, new Shape(1, 1, 1, 1, 2));
			double dice = Losses.softDice(logits(m).softmax(1), Losses.oneHot(labels, 2)).getFloat();
			double s = Losses.DICE_SMOOTH;
			assertEquals(1 - (1.5 + s) / (0.5625 + 0.0625 + 1 + s), dice, 1e-6);
			double sup = Losses.supervised(logits(m), labels).getFloat();
			assertEquals(0.5 * (-Math.log(0.75) + 1 - (1.5 + s) / (1.625 + s)), sup, 1e-6);
		}
	}

	/**
	 * Sparse labels: voxels 0 and 1 annotated (classes 1 and 0; p1 = 0.75 and 0.25), voxel 2
	 * not (p1 = 0.5). CE is the mean over the 2 annotated voxels, the Dice sums run over them only,
	 * and whatever class the unannotated voxel holds, the loss is the same.
	 */
	@Test
	public void maskedLossesEqualHandValuesAndIgnoreUnannotatedVoxels() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			float l3 = (float) Math.log(3);
			NDArray logits = m.create(new float[] { 0, l3, 0, l3, 0, 0 }, new Shape(1, 2, 1, 1, 3));
			NDArray annotated = m.create(new float[] { 1, 1, 0 }, new Shape(1, 1, 1, 1, 3));
			double s = Losses.DICE_SMOOTH;
			double ce = -Math.log(0.75);
			double dice = 1 - (1.5 + s) / (0.5625 + 0.0625 + 1 + s);
			for (float unannotatedClass : new float[] { 0, 1, 255 }) {
				NDArray labels = m.create(new float[] { 1, 0, unannotatedClass }, new Shape(1, 1, 1, 1, 3));
				NDArray oneHot = Losses.oneHot(labels, 2);
				assertEquals(ce, Losses.crossEntropy(logits, oneHot, annotated).getFloat(), 1e-6);
				assertEquals(dice, Losses.softDice(logits.softmax(1), oneHot, annotated).getFloat(), 1e-6);
				assertEquals(0.5 * (ce + dice), Losses.supervised(logits, labels, annotated).getFloat(), 1e-6);
			}
			// a full mask gives the unmasked losses
			NDArray labels = m.create(new float[] { 1, 0, 1 }, new Shape(1, 1, 1, 1, 3));
			assertEquals(Losses.supervised(logits, labels).getFloat(),
				Losses.supervised(logits, labels, m.ones(new Shape(1, 1, 1, 1, 3))).getFloat(), 1e-6);
		}
	}

	/**
	 * On a 1×2×2×2×4 batch with its last two x columns not annotated: whatever classes those voxels
	 * hold, the masked loss and its gradient with respect to the logits are identical, and the
	 * gradient there is 0; without the mask the same label change does change the loss.
	 */
	@Test
	public void unannotatedClassesChangeNeitherLossNorGradient() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			Shape voxels = new Shape(1, 1, 2, 2, 4);
			float[] logitValues = new float[32];
			java.util.Random random = new java.util.Random(3);
			for (int i = 0; i < logitValues.length; i++) logitValues[i] = (float) random.nextGaussian();
			float[] mask = new float[16], labelsA = new float[16], labelsB = new float[16];
			for (int i = 0; i < 16; i++) {
				boolean annotated = i % 4 < 2;
				mask[i] = annotated ? 1 : 0;
				labelsA[i] = annotated ? i % 2 : 0;
				labelsB[i] = annotated ? i % 2 : 1;
			}
			NDArray annotated = m.create(mask, voxels);
			float[][] gradients = new float[2][];
			float[] losses = new float[2];
			float[][] labelSets = { labelsA, labelsB };
			for (int k = 0; k < 2; k++) {
				NDArray logits = m.create(logitValues, new Shape(1, 2, 2, 2, 4));
				logits.setRequiresGradient(true);
				try (ai.djl.training.GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
					NDArray loss = Losses.supervised(logits, m.create(labelSets[k], voxels), annotated);
					losses[k] = loss.getFloat();
					gc.backward(loss);
				}
				gradients[k] = logits.getGradient().toFloatArray();
			}
			assertEquals(losses[0], losses[1], 0);
			org.junit.Assert.assertArrayEquals(gradients[0], gradients[1], 0);
			for (int i = 0; i < 32; i++)
				if (mask[i % 16] == 0) assertEquals("gradient at unannotated voxel " + i, 0, gradients[0][i], 0);
			NDArray logits = m.create(logitValues, new Shape(1, 2, 2, 2, 4));
			org.junit.Assert.assertNotEquals(Losses.supervised(logits, m.create(labelsA, voxels)).getFloat(),
				Losses.supervised(logits, m.create(labelsB, voxels)).getFloat(), 1e-4);
		}
	}

	/**
	 * Copy-paste's loss split by origin: voxel 0 from a labeled patch, voxel 1 from an unlabeled
	 * one, both of class 1 (p1 = 0.75 and 0.25). Each part is 0.5·(mean over both voxels of its
	 * masked cross-entropy + Dice of its masked voxels).
	 */
	@Test
	public void copyPasteLossByOriginEqualsHandValues() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			NDArray labels = m.create(new float[] { 1, 1 }, new Shape(1, 1, 1, 1, 2));
			NDArray fromLabeled = m.create(new float[] { 1, 0 }, new Shape(1, 1, 1, 1, 2));
			Losses.ByOrigin parts = Losses.byOrigin(logits(m), labels, fromLabeled);
			double s = Losses.DICE_SMOOTH;
			// labeled voxel: CE −ln 0.75 over 2 voxels; Dice of p (0.75, 0) against t (1, 0)
			double labeled = 0.5 * (-Math.log(0.75) / 2 + 1 - (1.5 + s) / (0.5625 + 1 + s));
			// unlabeled voxel: CE −ln 0.25 over 2 voxels; Dice of p (0, 0.25) against t (0, 1)
			double unlabeled = 0.5 * (-Math.log(0.25) / 2 + 1 - (0.5 + s) / (0.0625 + 1 + s));
			assertEquals(labeled, parts.labeled().getFloat(), 1e-6);
			assertEquals(unlabeled, parts.unlabeled().getFloat(), 1e-6);

			// all voxels from labeled patches: the plain supervised loss and nothing unlabeled
			Losses.ByOrigin allLabeled = Losses.byOrigin(logits(m), labels, m.ones(new Shape(1, 1, 1, 1, 2)));
			assertEquals(Losses.supervised(logits(m), labels).getFloat(), allLabeled.labeled().getFloat(), 1e-6);
			assertEquals(0, allLabeled.unlabeled().getFloat(), 1e-6);
		}
	}

	@Test
	public void consistencyMseKlAndMaskEqualHandValues() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			NDArray student = logits(m);
			NDArray teacher = m.zeros(new Shape(1, 2, 1, 1, 2)); // p = 0.5 everywhere
			// squared differences 0.25² at all four elements
			assertEquals(0.0625, Losses.consistency(student, teacher, ConsistencyLoss.MSE).getFloat(), 1e-6);
			// KL(0.5 ‖ (0.25, 0.75)) per voxel, mean over voxels and classes
			double kl = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
			assertEquals(kl / 2, Losses.consistency(student, teacher, ConsistencyLoss.KL).getFloat(), 1e-6);
			// only the first voxel certain: Σ over its 2 classes (2·0.0625) / (2·1)
			NDArray mask = m.create(new float[] { 1, 0 }, new Shape(1, 1, 1, 1, 2));
			assertEquals(0.0625, Losses.maskedConsistency(student, teacher, mask, ConsistencyLoss.MSE).getFloat(), 1e-6);
			// entropy of (0.5, 0.5) = ln 2
			assertEquals(Math.log(2), Losses.entropy(teacher.softmax(1)).getFloat(0, 0, 0, 0, 0), 1e-5);
		}
	}
}
