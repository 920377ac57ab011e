package sc.fiji.meanteacher.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.plugin.PluginService;

import sc.fiji.meanteacher.infer.PluginInstances;

/**
 * The registered {@link TrainingMethod}s, highest priority first, found as {@link PluginInstances}
 * finds every plugin type of this plugin: through a context's plugin service where the caller has
 * one (the Train command), else once through SciJava's plugin index of the class path, so that
 * engine code, checkpoints and scripts name a method without a context.
 */
public final class TrainingMethods {

	private static final List<TrainingMethod> ALL = PluginInstances.of(TrainingMethod.class, null);

	/** The built-in methods, for code that names one. */
	public static final TrainingMethod MEAN_TEACHER = byId("MEAN_TEACHER"), UA_MT = byId("UA_MT"), COPY_PASTE = byId("BCP"),
		SUPERVISED = byId("SUPERVISED");

	private TrainingMethods() {}

	/** Every registered method, in the order the Train dialog lists them. */
	public static List<TrainingMethod> all() {
		return ALL;
	}

	/**
	 * Every method registered in a context, which lists what its plugin service was given by hand
	 * besides the class path's methods.
	 *
	 * @param plugins the context's plugin service, or null without a context: then {@link #all()}
	 */
	public static List<TrainingMethod> all(PluginService plugins) {
		return plugins == null ? ALL : PluginInstances.of(TrainingMethod.class, plugins);
	}

	/** The labels of {@link #all()}: the Train dialog's choices. */
	public static List<String> labels() {
		return ALL.stream().map(TrainingMethod::label).toList();
	}

	/**
	 * The method a configuration or checkpoint names by its {@link TrainingMethod#id()}, among the
	 * class path's: a method that only a context lists (added to it by hand) is not found here.
	 *
	 * @throws IllegalArgumentException when no registered method has that id
	 */
	public static TrainingMethod byId(String id) {
		for (TrainingMethod m : ALL)
			if (m.id().equals(id)) return m;
		throw new IllegalArgumentException("no training method with id '" + id + "' is installed (installed: "
			+ String.join(", ", ALL.stream().map(TrainingMethod::id).toList()) + ")");
	}

	/**
	 * The method a user means: its label, id or slug in any case, with spaces, hyphens or underscores,
	 * or one of its short forms ("mt", "ua-mt", "supervised").
	 *
	 * @throws IllegalArgumentException naming the methods there are
	 */
	public static TrainingMethod fromName(String name) {
		return fromName(null, name);
	}

	/**
	 * The method a user means, as {@link #fromName(String)}, among those registered in a context.
	 *
	 * @param plugins the context's plugin service, or null without a context
	 */
	public static TrainingMethod fromName(PluginService plugins, String name) {
		List<TrainingMethod> methods = all(plugins);
		String n = normalised(name);
		for (TrainingMethod m : methods)
			if (m.isCalled(n)) return m;
		throw new IllegalArgumentException("unknown method '" + name + "' (" + choices(methods) + ")");
	}

	/** A name as {@link TrainingMethod#isCalled} compares it: trimmed, lower case, spaces and underscores as hyphens. */
	public static String normalised(String name) {
		return name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
	}

	/** "Mean Teacher, UA-MT, Copy-paste Mean Teacher or Supervised only". */
	private static String choices(List<TrainingMethod> methods) {
		List<String> labels = methods.stream().map(TrainingMethod::label).toList();
		if (labels.size() <= 1) return String.join("", labels);
		return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
	}
}
