package sc.fiji.meanteacher.infer;

import java.util.ArrayList;
import java.util.List;

import org.scijava.InstantiableException;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.plugin.SciJavaPlugin;

/**
 * The one way this plugin finds the implementations of its plugin types ({@code TrainingMethod},
 * {@link ModelFormat}): a context's {@link PluginService} where there is a context (a command, Fiji,
 * headless {@code Main}), so that what a context registers by hand is listed too; without one (engine
 * code, JSON readers, plain Java), SciJava's plugin index of the class path, from which a new
 * context's service is filled, so both list the same {@code @Plugin} classes. Highest priority first.
 */
public final class PluginInstances {

	private PluginInstances() {}

	/**
	 * A new instance of every plugin of {@code type}, highest priority first.
	 *
	 * @param plugins the context's plugin service, or null without a context
	 * @throws IllegalStateException naming the class of a plugin that cannot be created
	 */
	public static <T extends SciJavaPlugin> List<T> of(Class<T> type, PluginService plugins) {
		List<T> instances = new ArrayList<>();
		for (PluginInfo<T> info : plugins == null ? indexed(type) : plugins.getPluginsOfType(type)) {
			String failed = type.getSimpleName() + " plugin " + info.getClassName() + " cannot be created";
			T instance;
			try {
				// the service also fills the instance's @Parameter services from its context
				instance = plugins == null ? info.createInstance() : plugins.createInstance(info);
			}
			catch (InstantiableException e) {
				throw new IllegalStateException(failed, e);
			}
			// the service logs why and answers null
			if (instance == null) throw new IllegalStateException(failed);
			instances.add(instance);
		}
		return List.copyOf(instances);
	}

	private static <T extends SciJavaPlugin> List<PluginInfo<T>> indexed(Class<T> type) {
		PluginIndex index = new PluginIndex();
		index.discover();
		return index.getPlugins(type);
	}
}
