package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt.MessageType;
import org.scijava.widget.FileWidget;

import sc.fiji.meanteacher.device.DeviceReport;
import sc.fiji.meanteacher.device.DjlPairing;
import sc.fiji.meanteacher.device.LibtorchFolder;
import sc.fiji.meanteacher.device.LocalLibtorch;
import sc.fiji.meanteacher.device.TorchRuntime;

/**
 * Shows which device the plugin computes on and why ({@link DeviceReport}), and sets the local
 * libtorch folder (e.g. a pip {@code torch} install with CUDA) that Fiji remembers and loads from
 * its next start on. libtorch loads once per process: a folder chosen after the engine started
 * takes effect after a restart, and the report says so.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + DeviceInfoCommand.TITLE)
public class DeviceInfoCommand extends MeanTeacherCommand {

	public static final String TITLE = "Mean Teacher Device Info";

	@Parameter(label = "Use libtorch from this folder (remembered; empty = keep the current setting)",
		style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File libtorch;

	@Parameter(label = "Forget the libtorch folder (use the bundled CPU libtorch)", persist = false)
	private boolean forget = false;

	@Parameter(label = "Report", type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws IOException {
		boolean given = !ParameterValues.isEmpty(libtorch);
		if (given && forget) throw new IllegalArgumentException("give a libtorch folder or tick 'forget', not both");
		if ((given || forget) && prefs == null)
			throw new IllegalStateException("no preference service: the libtorch folder cannot be remembered here; "
				+ "start with -D" + LocalLibtorch.PROPERTY + "=<folder> instead");
		if (given) {
			String flavor = System.getenv("PYTORCH_FLAVOR") != null ? System.getenv("PYTORCH_FLAVOR") : System.getProperty("PYTORCH_FLAVOR");
			// Checked now, so that a wrong folder is refused here rather than at the next start.
			LibtorchFolder folder = LibtorchFolder.inspect(libtorch.toPath(), DjlPairing.fromClassPath(), flavor);
			LibtorchPreference.remember(prefs, folder.dir());
			showStatus("libtorch folder " + folder.dir() + " remembered (" + folder.flavor() + ", " + folder.describeVersion() + ")");
			String searchPath = folder.searchPathNote(System.getenv("PATH"));
			if (searchPath != null) log.warn(searchPath);
		}
		if (forget) {
			LibtorchPreference.forget(prefs);
			showStatus("libtorch folder forgotten: the bundled libtorch loads from the next start on");
		}
		List<String> lines;
		try {
			lines = DeviceReport.gather().lines();
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			// The report is most needed when the engine cannot start: say what is known, and why.
			lines = DeviceReport.withoutEngine(e.getMessage());
		}
		report = String.join("\n", lines);
		for (String line : lines) log.info(line);
		if (!isHeadless()) ui.showDialog(report, TITLE, MessageType.INFORMATION_MESSAGE);
		if (!TorchRuntime.isStarted()) cancel("the engine could not start; see the report");
	}
}
