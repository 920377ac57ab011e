package sc.fiji.meanteacher.command;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Lets {@link TrainCommand} fill the inputs its caller left out from the chosen preset. SciJava
 * marks an input resolved when a macro ({@code run("…", "key=value")}), a script's input map or
 * {@code --headless --run} gives it; everything else still holds the field's initial value. This
 * runs after those have been assigned and before Fiji's dialog collects the rest, so a macro that
 * names a preset and one key gets the preset with that one key changed, and the dialog opens with
 * the preset's values. The inputs it fills stay unresolved: the dialog shows them and the macro
 * recorder records them.
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.NORMAL)
public class PresetPreprocessor extends AbstractPreprocessorPlugin {

	@Override
	public void process(Module module) {
		if (module.getDelegateObject() instanceof TrainCommand train) train.fillLeftOut(module::isInputResolved);
	}
}
