package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.Sizes;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Synthetic left-atrium-like cases ({@link SyntheticAtriumGenerator}). With an output folder they
 * are written as a ready training set: {@code images/} (all cases), {@code labels/} (the first
 * {@code labeled} cases; the rest train as unlabeled) and {@code truth/} (every label, for
 * evaluation). Without one the cases open as images. Existing files of those names are replaced
 * only with {@code overwrite} ({@link OutputPolicy}), and refused before anything is written
 * without it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + DemoDataCommand.TITLE)
public class DemoDataCommand extends MeanTeacherCommand {

	public static final String TITLE = "Mean Teacher Demo Data";
	public static final String IMAGES = "images", LABELS = "labels", TRUTH = "truth";

	@Parameter(label = "Cases", min = "1", persist = false)
	private int cases = 4;

	@Parameter(label = "Labeled cases", min = "0", persist = false)
	private int labeled = 2;

	@Parameter(label = "Size x,y,z", persist = false)
	private String size = "64,64,48";

	@Parameter(label = "Seed", persist = false)
	private long seed = 1337;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String outputheader = header("Save as a training set (images, labels, truth), or open the images");

	@Parameter(label = "Write to folder (empty = open the images)", style = FileWidget.DIRECTORY_STYLE, required = false,
		persist = false)
	private File output;

	@Parameter(label = "Replace existing files in that folder", persist = false)
	private boolean overwrite = false;

	@Parameter(label = "First image", type = ItemIO.OUTPUT, required = false)
	private ImagePlus image;

	@Parameter(label = "First label", type = ItemIO.OUTPUT, required = false)
	private ImagePlus label;

	@Override
	protected void execute() throws IOException {
		if (labeled > cases) throw new IllegalArgumentException("labeled cases (" + labeled + ") exceed cases (" + cases + ")");
		int[] dims = Sizes.parse("size", size);
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(seed);
		OutputPolicy policy = OutputPolicy.of(overwrite);
		if (!ParameterValues.isEmpty(output)) {
			Folders.requireCreatable("output folder", output.toPath());
			policy.requireWritable(files(output.toPath()));
		}
		Path out = ParameterValues.isEmpty(output) ? null : Folders.writable("output folder", output.toPath());
		for (int i = 0; i < cases; i++) {
			if (isCanceled()) return;
			showStatus("synthetic case " + (i + 1) + "/" + cases);
			Case c = generator.generate(i, dims[0], dims[1], dims[2]);
			if (out != null) {
				String file = fileName(i);
				VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(c.image()), out.resolve(IMAGES).resolve(file), policy);
				VolumeIO.writeTiff(LabelOverlays.labelImage(c.label(), null), out.resolve(TRUTH).resolve(file), policy);
				if (i < labeled) VolumeIO.writeTiff(LabelOverlays.labelImage(c.label(), null), out.resolve(LABELS).resolve(file), policy);
				continue;
			}
			ImagePlus img = ImagePlusVolumes.toImagePlus(c.image());
			ImagePlus lab = LabelOverlays.labelImage(c.label(), null);
			lab.setTitle(c.name() + "-labels");
			if (i == 0) {
				image = img;
				label = lab;
			}
			// The outputs show the first case; further cases are shown here, where a screen exists.
			else if (!isHeadless()) {
				img.show();
				lab.show();
			}
		}
		if (out != null) showStatus("wrote " + cases + " synthetic cases (" + labeled + " labeled) to " + out);
	}

	/** Every file a run writes into {@code out}, for the check before the first is written. */
	private List<Path> files(Path out) {
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < cases; i++) {
			files.add(out.resolve(IMAGES).resolve(fileName(i)));
			files.add(out.resolve(TRUTH).resolve(fileName(i)));
			if (i < labeled) files.add(out.resolve(LABELS).resolve(fileName(i)));
		}
		return files;
	}

	/** The file name of case {@code index}: the case's name ({@link SyntheticAtriumGenerator#caseName}). */
	private static String fileName(int index) {
		return SyntheticAtriumGenerator.caseName(index) + ".tif";
	}
}
