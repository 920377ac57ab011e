package sc.fiji.meanteacher.train;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;

/** Labeled volumes only, no teacher, no consistency: the baseline every user compares with. */
@Plugin(type = TrainingMethod.class, priority = Priority.LOW)
public final class SupervisedOnlyMethod implements TrainingMethod {

	@Override
	public String id() {
		return "SUPERVISED";
	}

	@Override
	public String label() {
		return "Supervised only";
	}

	/** Also any name starting with "supervised" ("supervised_only", "supervised-baseline"). */
	@Override
	public boolean isCalled(String name) {
		return TrainingMethod.super.isCalled(name) || name.startsWith("supervised");
	}

	@Override
	public ConsistencyTerm consistency() {
		return null;
	}
}
