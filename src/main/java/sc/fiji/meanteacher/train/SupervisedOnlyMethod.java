package sc.fiji.meanteacher.train;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;

/** Labeled volumes only, no teacher, no consistency: the baseline every user compares with. */
@Plugin(type = TrainingMethod.class, priority = Priority.LOW)
public final class SupervisedOnlyMethod implements TrainingMethod {

	/** The name the Train dialog lists (a constant: dialog choices are compile-time constants). */
	public static final String LABEL = "Supervised only";

	@Override
	public String id() {
		return "SUPERVISED";
	}

	@Override
	public String label() {
		return LABEL;
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
