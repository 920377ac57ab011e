package sc.fiji.meanteacher.train;

import java.util.List;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * UA-MT (Yu et al. 2019): Mean Teacher whose consistency counts only the voxels where the teacher is
 * certain — where the entropy of the mean of T noisy, dropout-on teacher passes is below
 * {@code (0.75 + 0.25·ramp(it, iterations))·ln C}.
 */
@Plugin(type = TrainingMethod.class, priority = Priority.NORMAL)
public final class UncertaintyAwareMethod implements TrainingMethod, ConsistencyTerm {

	/** The name the Train dialog lists (a constant: dialog choices are compile-time constants). */
	public static final String LABEL = "UA-MT";

	@Override
	public String id() {
		return "UA_MT";
	}

	@Override
	public String label() {
		return LABEL;
	}

	@Override
	public List<String> aliases() {
		return List.of("uamt");
	}

	@Override
	public ConsistencyTerm consistency() {
		return this;
	}

	@Override
	public void requireValid(TrainingConfig config) {
		if (config.uncertaintyPasses < 2)
			throw new IllegalArgumentException("UA-MT needs at least 2 stochastic teacher passes, got " + config.uncertaintyPasses);
	}

	/** Fitted to peak RSS on the CPU: each stochastic pass adds 15 % of a teacher pass's share. */
	@Override
	public double teacherMemoryFactor(TrainingConfig config) {
		return 1 + 0.15 * config.uncertaintyPasses;
	}

	@Override
	public Target target(Teacher teacher, NDArray unlabeled, NDArray noise, NDManager scope, long iteration, TrainingConfig config) {
		NDArray logits = teacher.logits(noise == null ? unlabeled : unlabeled.add(noise));
		return new Target(logits, certaintyMask(teacher, scope, unlabeled, iteration, config));
	}

	@Override
	public NDArray loss(NDArray studentLogits, Target target, TrainingConfig config) {
		return Losses.maskedConsistency(studentLogits, target.teacherLogits(), target.voxelWeights(), config.consistencyLoss);
	}

	/** 1 where the teacher is certain, else 0; the passes run two at a time as in the reference. */
	static NDArray certaintyMask(Teacher teacher, NDManager scope, NDArray xu, long it, TrainingConfig config) {
		int passes = config.uncertaintyPasses;
		long u = xu.getShape().get(0);
		NDArray sum = null;
		for (int done = 0; done < passes;) {
			int k = Math.min(2, passes - done);
			NDArray xr = k == 1 ? xu : NDArrays.concat(new NDList(xu, xu));
			// each pass's activations live in their own manager (results attach to the first operand's):
			// only the per-pass sum outlives it, instead of all passes' activations until the iteration ends
			try (NDManager pass = scope.newSubManager()) {
				NDArray noise = pass.randomNormal(0f, (float) config.teacherNoiseSd, xr.getShape(), DataType.FLOAT32)
					.clip(-config.teacherNoiseClamp, config.teacherNoiseClamp);
				NDArray probs = teacher.logits(noise.add(xr)).softmax(1);
				Shape s = probs.getShape();
				NDArray summed = probs.reshape(new Shape(k, u).addAll(s.slice(1))).sum(new int[] { 0 });
				summed.attach(scope);
				sum = sum == null ? summed : sum.add(summed);
			}
			done += k;
		}
		NDArray uncertainty = Losses.entropy(sum.div((float) passes));
		double threshold = (0.75 + 0.25 * RampUp.sigmoid(it, config.iterations)) * Math.log(config.numClasses);
		return uncertainty.lt(threshold).toType(DataType.FLOAT32, false);
	}
}
