package sc.fiji.meanteacher.train;

import java.util.List;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Mean Teacher (Tarvainen &amp; Valpola 2017): softmax consistency with the EMA teacher on the noisy unlabeled items. */
@Plugin(type = TrainingMethod.class, priority = Priority.HIGH)
public final class MeanTeacherMethod implements TrainingMethod, ConsistencyTerm {

	/** The name the Train dialog lists (a constant: dialog choices are compile-time constants). */
	public static final String LABEL = "Mean Teacher";

	@Override
	public String id() {
		return "MEAN_TEACHER";
	}

	@Override
	public String label() {
		return LABEL;
	}

	@Override
	public List<String> aliases() {
		return List.of("mt", "meanteacher");
	}

	@Override
	public ConsistencyTerm consistency() {
		return this;
	}

	@Override
	public Target target(Teacher teacher, NDArray unlabeled, NDArray noise, NDManager scope, long iteration, TrainingConfig config) {
		return new Target(teacher.logits(noise == null ? unlabeled : unlabeled.add(noise)), null);
	}

	@Override
	public NDArray loss(NDArray studentLogits, Target target, TrainingConfig config) {
		return Losses.consistency(studentLogits, target.teacherLogits(), config.consistencyLoss);
	}
}
