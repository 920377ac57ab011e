package sc.fiji.meanteacher.train;

import java.nio.ByteBuffer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import sc.fiji.meanteacher.data.TrainingBatch;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * One optimisation step of the method (docs/METHOD.md) on a batch whose first {@code nl} items are
 * labeled: the method's consistency target from the teacher on the unlabeled items (without
 * gradients), the student's forward pass on the whole batch, {@code L = L_seg(labeled) +
 * λ·L_con(unlabeled)}, backward, one SGD step and the EMA update of the teacher. Without a teacher
 * (supervised only) the consistency term is absent. A mixing method (copy-paste) trains the student on
 * the batch it mixes instead ({@link BatchMixing}). Every pass runs in training mode (batch statistics, dropout), as in the reference.
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

	/** One step on {@code batch}: its images, labels and teacher noise as tensors of {@code scope}. */
	Outcome run(NDManager scope, TrainingBatch batch, double weight, double learningRate) {
		PatchSize p = config.patch;
		int n = batch.batchSize(), nl = batch.labeledCount();
		NDArray x = scope.create(batch.images(), new Shape(p.tensorShape(n, 1)));
		NDArray y = scope.create(ByteBuffer.wrap(batch.labels()), new Shape(p.tensorShape(nl, 1)), DataType.UINT8);
		NDArray noise = teacher == null || batch.teacherNoise() == null ? null
			: scope.create(batch.teacherNoise(), new Shape(p.tensorShape(n, 1))).get(nl + ":");
		NDArray annotated = batch.annotated() == null ? null
			: scope.create(ByteBuffer.wrap(batch.annotated()), new Shape(p.tensorShape(nl, 1)), DataType.UINT8).toType(DataType.FLOAT32, false);
		return run(scope, x, y, annotated, noise, weight, learningRate, batch.iteration());
	}

	/** As below with every labeled voxel annotated. */
	Outcome run(NDManager scope, NDArray images, NDArray labels, NDArray teacherNoise, double weight, double learningRate,
		long iteration)
	{
		return run(scope, images, labels, null, teacherNoise, weight, learningRate, iteration);
	}

	/**
	 * @param images {@code (n, 1, z, y, x)}
	 * @param labels {@code (nl, 1, z, y, x)} class indices of the first {@code nl} items
	 * @param annotated {@code (nl, 1, z, y, x)}: 1 where a label voxel is annotated, 0 where it carries
	 *        no supervised loss; null when all are (the consistency term covers every voxel regardless)
	 * @param teacherNoise {@code (n − nl, 1, z, y, x)} added to the teacher's input, or null
	 * @param iteration 0-based, for the EMA decay and UA-MT's threshold
	 */
	Outcome run(NDManager scope, NDArray images, NDArray labels, NDArray annotated, NDArray teacherNoise, double weight,
		double learningRate, long iteration)
	{
		ParameterStore ps = new ParameterStore(scope, false);
		long n = images.getShape().get(0), nl = labels.getShape().get(0);
		BatchMixing mixing = config.method.mixing();
		if (mixing != null && annotated != null)
			throw new IllegalArgumentException(config.method.label() + " cannot train from sparse labels");
		if (mixing != null) return runMixed(mixing, ps, scope, images.get(":" + nl), labels, images.get(nl + ":"), weight, learningRate, iteration);
		ConsistencyTerm consistency = config.method.consistency();
		ConsistencyTerm.Target target = null;
		if (teacher != null) {
			JniUtils.setGradMode(false);
			target = consistency.target(x -> forward(teacher, ps, x), images.get(nl + ":"), teacherNoise, scope, iteration, config);
		}
		long teacherDone = System.nanoTime();
		NDArray lossSup, lossCons = null;
		long forwardDone;
		try (GradientCollector gc = engine.newGradientCollector()) {
			NDArray logits = forward(student, ps, images);
			NDList parts = n > nl ? logits.split(new long[] { nl }, 0) : new NDList(logits);
			lossSup = Losses.supervised(parts.get(0), labels, annotated);
			NDArray loss = lossSup;
			if (target != null) {
				lossCons = consistency.loss(parts.get(1), target, config);
				loss = loss.add(lossCons.mul((float) weight));
			}
			forwardDone = System.nanoTime();
			gc.backward(loss);
		}
		return finish(lossSup, lossCons, iteration, learningRate, teacherDone, forwardDone);
	}

	/**
	 * A step of a mixing method: the mixed batch (and the teacher's pseudo-labels) without
	 * gradients, then the student on the mixed images, {@code L = L_labeled + w·L_unlabeled}
	 * ({@link Losses#byOrigin}), reported as the supervised and the consistency part.
	 */
	private Outcome runMixed(BatchMixing mixing, ParameterStore ps, NDManager scope, NDArray labeled, NDArray labels, NDArray unlabeled,
		double weight, double learningRate, long iteration)
	{
		JniUtils.setGradMode(false);
		if (ema != null && mixing.teacherStartsFromStudent(iteration, config)) ema.copyStudent();
		BatchMixing.Mixed mixed = mixing.mix(x -> forward(teacher, ps, x), labeled, labels, unlabeled, scope, iteration, config);
		long teacherDone = System.nanoTime();
		Losses.ByOrigin parts;
		long forwardDone;
		try (GradientCollector gc = engine.newGradientCollector()) {
			parts = Losses.byOrigin(forward(student, ps, mixed.images()), mixed.labels(), mixed.fromLabeled());
			NDArray loss = parts.labeled().add(parts.unlabeled().mul((float) weight));
			forwardDone = System.nanoTime();
			gc.backward(loss);
		}
		return finish(parts.labeled(), parts.unlabeled(), iteration, learningRate, teacherDone, forwardDone);
	}

	/** After the backward pass: the SGD step, the EMA update, and the outcome. */
	private Outcome finish(NDArray lossSup, NDArray lossCons, long iteration, double learningRate, long teacherDone, long forwardDone) {
		long backwardDone = System.nanoTime();
		sgd.step(learningRate);
		if (ema != null) ema.update(iteration);
		double sup = lossSup.getFloat();
		double cons = lossCons == null ? 0 : lossCons.getFloat();
		return new Outcome(sup, cons, teacherDone, forwardDone, backwardDone, System.nanoTime());
	}

	private static NDArray forward(VNet net, ParameterStore ps, NDArray x) {
		return net.forward(ps, new NDList(x), true).singletonOrThrow();
	}
}
