package sc.fiji.meanteacher.train;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.plugin.SciJavaPlugin;

/**
 * A training method (docs/METHOD.md): every method pays the supervised loss on the labeled part of a
 * batch; a semi-supervised one adds λ(t) · L_con between the student and an EMA teacher on the
 * unlabeled part, which is its {@link #consistency()}. Methods are SciJava plugins of this type
 * ({@code @Plugin(type = TrainingMethod.class)}), found by {@link TrainingMethods}: the Train dialog
 * lists what is registered, so a jar can add a method. Implementations hold no state; a run keeps
 * its networks itself. The worked example to copy is the test class
 * {@code sc.fiji.meanteacher.example.CleanTeacherMethod} (README, "Extending").
 */
public interface TrainingMethod extends SciJavaPlugin {

	/** The name configurations and checkpoints record ("MEAN_TEACHER"): it must never change. */
	String id();

	/** The name the dialog lists, macros pass and {@code model.json} records ("Mean Teacher"). */
	String label();

	/** Further names that macros and command lines may use, in lower case ("mt"). */
	default List<String> aliases() {
		return List.of();
	}

	/**
	 * Whether a macro or command line means this method by {@code name}, given as
	 * {@link TrainingMethods#normalised}: the slug, the label, or an alias.
	 */
	default boolean isCalled(String name) {
		return name.equals(slug()) || name.equals(TrainingMethods.normalised(label())) || aliases().contains(name);
	}

	/** The consistency term with the teacher, or null for a method without teacher and unlabeled volumes. */
	ConsistencyTerm consistency();

	/** How the method mixes a batch into the student's input, or null for a method that trains on the batch as it is. */
	default BatchMixing mixing() {
		return null;
	}

	/** Whether the method trains an EMA teacher and reads unlabeled volumes. */
	default boolean usesTeacher() {
		return consistency() != null || mixing() != null;
	}

	/**
	 * The weight of the unlabeled part of the loss at iteration {@code it} (0-based): λ(t) of the
	 * consistency ramp for a method with a teacher, 0 without one.
	 */
	default double unlabeledWeightAt(long it, TrainingConfig config) {
		return usesTeacher() ? RampUp.consistencyWeight(it, config.consistencyWeight, config.rampUpLength, config.rampUpStep) : 0;
	}

	/** The method's name in folder names and command lines: the id in lower case with hyphens ("mean-teacher"). */
	default String slug() {
		return id().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The settings of this method alone, by their {@link TrainingConfig} field name, that a trained
	 * model records in {@code model.json} besides the method's name; none by default.
	 */
	default Map<String, Double> settings(TrainingConfig config) {
		return Map.of();
	}

	/** Throws for a setting this method cannot train with; {@link TrainingConfig#validate()} checks the shared ones. */
	default void requireValid(TrainingConfig config) {}

	/** The teacher's share of a training iteration's memory, relative to one teacher pass ({@link MemoryEstimate}). */
	default double teacherMemoryFactor(TrainingConfig config) {
		return 1;
	}
}
