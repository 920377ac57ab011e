package sc.fiji.meanteacher.example;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.train.ConsistencyTerm;
import sc.fiji.meanteacher.train.Losses;
import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethod;

/**
 * A worked example of a training method of one's own, to copy: Mean Teacher whose teacher sees the
 * unlabeled items without the input noise, composed of the pieces every method shares (the
 * supervised loss the loop pays for every method, the EMA teacher, {@link Losses#consistency}).
 * <p>
 * In a jar of your own, annotate the class with {@code @Plugin(type = TrainingMethod.class)}: the
 * Train command, macros, scripts and headless {@code Main} then find it by its label or
 * {@link #slug()} ({@code method=clean-teacher}), and checkpoints and models record its {@link #id()}.
 * This copy is test code without the annotation, so that the class path keeps listing the built-in
 * methods only; {@code ExamplePluginsTest} registers it in its context by hand and trains with it.
 */
public final class CleanTeacherMethod implements TrainingMethod, ConsistencyTerm {

	@Override
	public String id() {
		return "CLEAN_TEACHER";
	}

	@Override
	public String label() {
		return "Clean-teacher Mean Teacher";
	}

	@Override
	public ConsistencyTerm consistency() {
		return this;
	}

	/** The teacher's logits on the unlabeled items as they are: the noise is the student's alone. */
	@Override
	public Target target(Teacher teacher, NDArray unlabeled, NDArray noise, NDManager scope, long iteration, TrainingConfig config) {
		return new Target(teacher.logits(unlabeled), null);
	}

	@Override
	public NDArray loss(NDArray studentLogits, Target target, TrainingConfig config) {
		return Losses.consistency(studentLogits, target.teacherLogits(), config.consistencyLoss);
	}
}
