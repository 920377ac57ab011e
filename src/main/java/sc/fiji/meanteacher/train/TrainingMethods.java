package sc.fiji.meanteacher.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.InstantiableException;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

/**
 * The registered {@link TrainingMethod}s, highest priority first, found once through SciJava's
 * plugin index (the annotation index on the class path), so that engine code and scripts need no
 * SciJava context to name a method.
 */
public final class TrainingMethods {

	private static final List<TrainingMethod> ALL = discover();

	/** The built-in methods, for code that names one. */
	public static final TrainingMethod MEAN_TEACHER = byId("MEAN_TEACHER"), UA_MT = byId("UA_MT"), COPY_PASTE = byId("BCP"),
		SUPERVISED = byId("SUPERVISED");

	private TrainingMethods() {}

	private static List<TrainingMethod> discover() {
		PluginIndex index = new PluginIndex();
		index.discover();
		List<TrainingMethod> methods = new ArrayList<>();
		for (PluginInfo<TrainingMethod> info : index.getPlugins(TrainingMethod.class)) {
			try {
				methods.add(info.createInstance());
			}
			catch (InstantiableException e) {
				throw new IllegalStateException("training method " + info.getClassName() + " cannot be created", e);
			}
		}
		return List.copyOf(methods);
	}

	/** Every registered method, in the order the Train dialog lists them. */
	public static List<TrainingMethod> all() {
		return ALL;
	}

	/** The labels of {@link #all()}: the Train dialog's choices. */
	public static List<String> labels() {
		return ALL.stream().map(TrainingMethod::label).toList();
	}

	/**
	 * The method a configuration or checkpoint names by its {@link TrainingMethod#id()}.
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
		String n = normalised(name);
		for (TrainingMethod m : ALL)
			if (m.isCalled(n)) return m;
		throw new IllegalArgumentException("unknown method '" + name + "' (" + choices() + ")");
	}

	/** A name as {@link TrainingMethod#isCalled} compares it: trimmed, lower case, spaces and underscores as hyphens. */
	public static String normalised(String name) {
		return name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
	}

	/** "Mean Teacher, UA-MT, Copy-paste Mean Teacher or Supervised only". */
	private static String choices() {
		List<String> labels = labels();
		if (labels.size() <= 1) return String.join("", labels);
		return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
	}
}
