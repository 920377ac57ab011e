package sc.fiji.meanteacher.train;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import sc.fiji.meanteacher.net.WeightIO;

/**
 * Keeps the teacher's weights an exponential moving average of the student's:
 * {@code θ' ← α θ' + (1 − α) θ} after every optimiser step, with {@code α_t = min(1 − 1/(t + 1), α)}
 * so that the teacher follows the (still random) student closely at first.
 * <p>
 * Updates run in place with no temporaries. Batch-norm running statistics are not averaged:
 * the teacher keeps its own from its own forward passes, as in the reference.
 */
public final class EmaTeacher {

	private final double decay;
	private final List<Parameter[]> pairs;

	public EmaTeacher(Block student, Block teacher, double decay) {
		if (decay < 0 || decay >= 1) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
		this.decay = decay;
		this.pairs = WeightIO.matchingParameters(student, teacher, p -> p.getType() != Parameter.Type.RUNNING_MEAN
			&& p.getType() != Parameter.Type.RUNNING_VAR);
	}

	/** Decay used after optimiser step {@code step} (0-based). */
	public double decayAt(long step) {
		return Math.min(1 - 1.0 / (step + 1), decay);
	}

	/** Moves the teacher towards the student after optimiser step {@code step}; returns the decay used. */
	public double update(long step) {
		double a = decayAt(step);
		float alpha = (float) a;
		// Grad mode is per thread in libtorch; in-place updates of leaf tensors need it off.
		JniUtils.setGradMode(false);
		for (Parameter[] pair : pairs) {
			NDArray s = pair[0].getArray();
			// t ← (t − s)·α + s  =  α t + (1 − α) s
			pair[1].getArray().subi(s).muli(alpha).addi(s);
		}
		return a;
	}

	/** Copies the student's weights (not running statistics) into the teacher. */
	public void copyStudent() {
		JniUtils.setGradMode(false);
		for (Parameter[] pair : pairs)
			WeightIO.assign(pair[1].getArray(), pair[0].getArray());
	}
}
