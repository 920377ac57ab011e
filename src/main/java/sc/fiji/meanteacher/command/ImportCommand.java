package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.meanteacher.exchange.AxisOrder;
import sc.fiji.meanteacher.exchange.ModelImport;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * Turns a PyTorch checkpoint of the UA-MT / LASeg V-Net ({@code torch.save(model.state_dict())})
 * into a model of this plugin, asking for what the checkpoint does not record. The work is
 * {@link ModelImport}'s. An existing model is replaced only with {@code overwrite}, and the
 * checkpoint (or a folder holding it) never ({@link OutputPolicy}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + ImportCommand.TITLE)
public class ImportCommand extends MeanTeacherCommand {

	public static final String TITLE = "Import PyTorch V-Net";
	static final String XYZ = "x,y,z (UA-MT / LASeg LA HDF5 arrays)", ZYX = "z,y,x (TIFF stacks, this plugin)";

	@Parameter(label = "PyTorch checkpoint (.pth state dict)", style = FileWidget.OPEN_STYLE, persist = false)
	private File checkpoint;

	@Parameter(label = "Save model as (.zip or folder)", style = FileWidget.SAVE_STYLE, persist = false)
	private File output;

	@Parameter(label = "Replace an existing model", persist = false)
	private boolean overwrite = false;

	@Parameter(label = "Axis order of the arrays it was trained on", choices = { XYZ, ZYX }, persist = false)
	private String axes = XYZ;

	@Parameter(label = "Patch size x,y,z it was trained on", persist = false)
	private String patch = "112,112,80";

	@Parameter(label = "Intensity normalisation of its inputs", choices = { "zscore", "none", "percentile-0.5-99.5" },
		persist = false)
	private String intensity = "zscore";

	@Parameter(label = "Class names, background first (separated by ,; empty = default)", required = false, persist = false)
	private String classnames = "";

	@Parameter(label = "Voxel size x,y,z of its training data", required = false, persist = false)
	private String voxel = "1,1,1";

	@Parameter(label = "Scale its training images were resampled by", min = "0.01", persist = false)
	private double scale = 1;

	@Parameter(label = "Key of the state dict in a checkpoint dict (empty = find it)", required = false, persist = false)
	private String entry = "";

	@Override
	protected void execute() throws IOException {
		if (ParameterValues.isEmpty(checkpoint)) throw new IllegalArgumentException("no checkpoint given");
		if (ParameterValues.isEmpty(output)) throw new IllegalArgumentException("no model file to save to");
		Path target = output.toPath();
		OutputPolicy policy = OutputPolicy.of(overwrite).reading(checkpoint.toPath());
		policy.requireWritable(target);
		ModelImport.Settings s = new ModelImport.Settings();
		s.axisOrder = AxisOrder.fromName(axes.replaceAll("\\(.*", ""));
		s.patch = Sizes.parse("patch", patch);
		s.intensityNormalization = intensity;
		s.classNames = classnames == null ? java.util.List.of()
			: Arrays.stream(classnames.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
		s.voxelSize = voxelSize();
		s.inputScale = scale;
		s.entry = entry == null || entry.isBlank() ? null : entry.trim();
		try (TrainedModel model = ModelImport.fromStateDict(checkpoint.toPath(), s)) {
			model.save(target, policy);
		}
		showStatus("imported " + checkpoint.getName() + " as " + target);
	}

	private double[] voxelSize() {
		String[] parts = voxel == null || voxel.isBlank() ? new String[] { "1", "1", "1" } : voxel.trim().split("[,\\s]+");
		if (parts.length != 3) throw new IllegalArgumentException("voxel needs 3 sizes x,y,z, got '" + voxel + "'");
		double[] v = new double[3];
		for (int i = 0; i < 3; i++) {
			try {
				v[i] = Double.parseDouble(parts[i]);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("voxel: '" + parts[i] + "' is not a number (in '" + voxel + "')");
			}
		}
		return v;
	}
}
