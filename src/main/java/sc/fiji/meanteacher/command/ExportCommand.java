package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.meanteacher.exchange.AxisOrder;
import sc.fiji.meanteacher.exchange.BioImageIoPackage;
import sc.fiji.meanteacher.exchange.ModelExport;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Writes a trained model for other software: a BioImage Model Zoo package (deepImageJ, ilastik,
 * bioimageio.core), a TorchScript archive, or a PyTorch state dict for the UA-MT / LASeg V-Net.
 * The work is {@link ModelExport} and {@link BioImageIoPackage}'s; an existing file is replaced
 * only with {@code overwrite}, and the model and the sample file never ({@link OutputPolicy}). The dialog groups the fields of one format under a header; the
 * headers also keep SciJava from asking for {@code samplefile} when a recorded call that names a
 * sample image is replayed (see {@link MeanTeacherCommand#header(String)}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + ExportCommand.TITLE)
public class ExportCommand extends MeanTeacherCommand {

	public static final String TITLE = "Export Mean Teacher Model";
	static final String BIOIMAGE_IO = "BioImage Model Zoo (.zip)", TORCHSCRIPT = "TorchScript (.pt)",
		STATE_DICT = "PyTorch state dict (.pth)";

	@Parameter(label = "Model (zip or folder)", style = FileWidget.FILE_AND_DIRECTORY_STYLE, persist = false)
	private File model;

	@Parameter(label = "Format", choices = { BIOIMAGE_IO, TORCHSCRIPT, STATE_DICT }, persist = false)
	private String format = BIOIMAGE_IO;

	@Parameter(label = "Save as (.zip, .pt or .pth)", style = FileWidget.SAVE_STYLE, persist = false)
	private File output;

	@Parameter(label = "Replace an existing file", persist = false)
	private boolean overwrite = false;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String statedictheader = header("PyTorch state dict (.pth) only");

	@Parameter(label = "State dict only: axis order of the Python arrays", choices = { "z,y,x", "x,y,z" }, persist = false)
	private String axes = "z,y,x";

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String zooheader = header("BioImage Model Zoo package (.zip) only");

	@Parameter(label = "Zoo package: name", required = false, persist = false)
	private String name = "";

	@Parameter(label = "Zoo package: description (empty = generated)", required = false, persist = false)
	private String description = "";

	@Parameter(label = "Zoo package: authors (separated by ;)", required = false, persist = false)
	private String authors = "";

	@Parameter(label = "Zoo package: license (SPDX)", required = false, persist = false)
	private String license = "CC-BY-4.0";

	@Parameter(label = "Zoo package: extra tags (separated by ,)", required = false, persist = false)
	private String tags = "";

	@Parameter(label = "Zoo package: sample image for test tensor and cover (empty = synthetic)", required = false,
		persist = false)
	private ImagePlus sample;

	@Parameter(label = "Zoo package: or a sample TIFF file", style = FileWidget.OPEN_STYLE, required = false, persist = false)
	private File samplefile;

	@Override
	protected void execute() throws IOException {
		if (ParameterValues.isEmpty(model)) throw new IllegalArgumentException("no model given");
		if (ParameterValues.isEmpty(output)) throw new IllegalArgumentException("no file to export to");
		Path target = output.toPath();
		OutputPolicy policy = OutputPolicy.of(overwrite).reading(model.toPath(), ParameterValues.isEmpty(samplefile) ? null
			: samplefile.toPath());
		try (TrainedModel trained = TrainedModel.load(model.toPath())) {
			switch (format) {
				case TORCHSCRIPT -> ModelExport.torchScript(trained, target, policy);
				case STATE_DICT -> ModelExport.stateDict(trained, target, AxisOrder.fromName(axes), policy);
				case BIOIMAGE_IO -> BioImageIoPackage.write(trained, target, metadata(), sampleVolume(), policy);
				default -> throw new IllegalArgumentException("unknown format '" + format + "' (" + BIOIMAGE_IO + ", " + TORCHSCRIPT
					+ " or " + STATE_DICT + ")");
			}
		}
		showStatus("exported " + model.getName() + " as " + format + " to " + target);
	}

	private BioImageIoPackage.Metadata metadata() {
		BioImageIoPackage.Metadata m = new BioImageIoPackage.Metadata();
		if (name != null && !name.isBlank()) m.name = name;
		m.description = description == null ? "" : description;
		m.authors = split(authors, ";");
		if (m.authors.isEmpty())
			throw new IllegalArgumentException("a BioImage Model Zoo package needs at least one author (authors=, separated by ;)");
		if (license != null && !license.isBlank()) m.license = license;
		m.tags = split(tags, ",");
		return m;
	}

	private Volume sampleVolume() {
		if (!ParameterValues.isEmpty(samplefile)) return ImagePlusVolumes.toVolume(VolumeIO.openTiff(samplefile.toPath()), true);
		return sample == null ? null : ImagePlusVolumes.toVolume(sample, true);
	}

	private static List<String> split(String text, String separator) {
		if (text == null) return List.of();
		return Arrays.stream(text.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
	}
}
