package sc.fiji.meanteacher.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import sc.fiji.meanteacher.net.VNet;

/**
 * One optimisation step of the method (METHOD.md) on a batch whose first {@code nl} items are
 * labeled: the teacher's output on the noisy unlabeled items (without gradients), the student's
 * forward pass on the whole batch, {@code L = L_seg(labeled) + λ·L_con(unlabeled)}, backward, one
 * SGD step and the EMA update of the teacher. Without a teacher (supervised only) the consistency
 * term is absent. Every pass runs in training mode (batch statistics, dropout), as in the reference.
 */
final class TrainingStep {

	/** Loss values of a step and the nanosecond clock at the end of each stage. */
	record Outcome(double supervised, double consistency, long teacherDone, long forwardDone, long backwardDone, long end) {}

	private final VNet student;
	private final VNet teacher;
	private final EmaTeacher ema;
	private final SgdOptimizer sgd;
	private final TrainingConfig config;
	private final Engine engine;

	/** {@code teacher} and {@code ema} are null for supervised-only training. */
	TrainingStep(TrainingConfig config, VNet student, VNet teacher, EmaTeacher ema, SgdOptimizer sgd, Engine engine) {
		this.config = config;
		this.student = student;
		this.teacher = teacher;
		this.ema = ema;
		this.sgd = sgd;
		this.engine = engine;
	}

	/**
	 * @param images {@code (n, 1, z, y, x)}
	 * @param labels {@code (nl, 1, z, y, x)} class indices of the first {@code nl} items
	 * @param teacherNoise {@code (n − nl, 1, z, y, x)} added to the teacher's input, or null
	 * @param iteration 0-based, for the EMA decay and UA-MT's threshold
	 */
	Outcome run(NDManager scope, NDArray images, NDArray labels, NDArray teacherNoise, double weight, double learningRate,
		long iteration)
	{
		ParameterStore ps = new ParameterStore(scope, false);
		long n = images.getShape().get(0), nl = labels.getShape().get(0);
		NDArray teacherLogits = null, certain = null;
		if (teacher != null) {
			JniUtils.setGradMode(false);
			NDArray xu = images.get(nl + ":");
			teacherLogits = forward(teacher, ps, teacherNoise == null ? xu : xu.add(teacherNoise));
			if (config.method == Method.UA_MT) certain = certaintyMask(ps, scope, xu, iteration);
		}
		long teacherDone = System.nanoTime();
		NDArray lossSup, lossCons = null;
		long forwardDone;
		try (GradientCollector gc = engine.newGradientCollector()) {
			NDArray logits = forward(student, ps, images);
			NDList parts = n > nl ? logits.split(new long[] { nl }, 0) : new NDList(logits);
			lossSup = Losses.supervised(parts.get(0), labels);
			NDArray loss = lossSup;
			if (teacherLogits != null) {
				NDArray su = parts.get(1);
				lossCons = certain == null ? Losses.consistency(su, teacherLogits, config.consistencyLoss)
					: Losses.maskedConsistency(su, teacherLogits, certain, config.consistencyLoss);
				loss = loss.add(lossCons.mul((float) weight));
			}
			forwardDone = System.nanoTime();
			gc.backward(loss);
		}
		long backwardDone = System.nanoTime();
		sgd.step(learningRate);
		if (ema != null) ema.update(iteration);
		double sup = lossSup.getFloat();
		double cons = lossCons == null ? 0 : lossCons.getFloat();
		return new Outcome(sup, cons, teacherDone, forwardDone, backwardDone, System.nanoTime());
	}

	/**
	 * UA-MT: 1 where the entropy of the mean of T noisy, dropout-on teacher passes is below
	 * {@code (0.75 + 0.25·ramp(it, iterations))·ln C}; passes run two at a time as in the reference.
	 */
	NDArray certaintyMask(ParameterStore ps, NDManager scope, NDArray xu, long it) {
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
				NDArray probs = forward(teacher, ps, noise.add(xr)).softmax(1);
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

	private static NDArray forward(VNet net, ParameterStore ps, NDArray x) {
		return net.forward(ps, new NDList(x), true).singletonOrThrow();
	}
}
