package sc.fiji.meanteacher.macro;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;
import org.scijava.widget.TextWidget;

import ij.ImagePlus;

/**
 * The option string Fiji's macro recorder writes for a command run from its dialog, built from the
 * finished module as imagej-legacy's recorder builds it: every input's name and final value, an
 * image by its title, skipping services and the context (resolved before the dialog), messages,
 * invisible and password inputs and null values; a value with a space goes in brackets, as
 * ImageJ's {@code Recorder.recordOption} writes it.
 */
public final class RecordedOptions {

	private RecordedOptions() {}

	public static String of(Module module) {
		StringBuilder options = new StringBuilder();
		for (ModuleItem<?> input : module.getInfo().inputs()) {
			Class<?> type = input.getType();
			if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) continue;
			if (input.getVisibility() == ItemVisibility.MESSAGE || input.getVisibility() == ItemVisibility.INVISIBLE) continue;
			if (input.getWidgetStyle() != null && input.getWidgetStyle().contains(TextWidget.PASSWORD_STYLE)) continue;
			Object value = module.getInput(input.getName());
			if (value == null) continue;
			String text = value instanceof ImagePlus imp ? imp.getTitle() : value.toString();
			if (options.length() > 0) options.append(' ');
			options.append(input.getName()).append('=').append(text.contains(" ") ? "[" + text + "]" : text);
		}
		return options.toString();
	}

	/** A macro line that replays {@code module}'s command with its recorded options. */
	public static String macroLine(Module module) {
		return "run(\"" + module.getInfo().getTitle() + "\", \"" + of(module).replace("\\", "\\\\").replace("\"", "\\\"") + "\");";
	}
}
