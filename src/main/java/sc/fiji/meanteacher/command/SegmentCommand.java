package sc.fiji.meanteacher.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.PluginService;
import org.scijava.task.TaskService;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import ij.WindowManager;
import ij.io.FileInfo;
import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;
import sc.fiji.meanteacher.files.CaseBatch;
import sc.fiji.meanteacher.files.Folders;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.files.Shard;
import sc.fiji.meanteacher.infer.BareNetwork;
import sc.fiji.meanteacher.infer.BlendingWeights;
import sc.fiji.meanteacher.infer.ModelFormat;
import sc.fiji.meanteacher.infer.ModelFormats;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SegmentationModel;
import sc.fiji.meanteacher.infer.SegmentationResult;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.ui.ProbabilityImages;
import sc.fiji.meanteacher.volume.CaseFolder;
import sc.fiji.meanteacher.volume.ImageFormat;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.NiftiVolumes;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;

/**
 * Segments an open image (the {@code input} parameter, else the current image) or, when
 * {@code folder} is given, every TIFF stack and NIfTI volume of that folder or every case of a
 * folder in the LA layout ({@link sc.fiji.meanteacher.volume.LaLayout}), or only those named in
 * {@code caselist}, with a trained model. An open image gets a label image with the class LUT and
 * class outlines as its overlay; a folder's labels are written to {@code output} under the image's
 * base name or case name (probabilities to {@code output/probabilities}): {@code <case>.nii.gz}
 * for a NIfTI input, with its header (uint8 labels, float32 probabilities), else
 * {@code <case>.tif}. Labels are always on the input's grid: a model trained on
 * resampled images resamples each input the same way and brings its labels back.
 * <p>
 * The output folder must lie apart from the input (the batch folder, or the folder of the image's
 * file): not the same folder, not inside it and not containing it, so that labels never replace
 * an input. A run that writes nothing (failed, cancelled) leaves no new empty folder behind.
 * Existing label (and probability) files of the cases it segments are replaced only with
 * {@code overwrite}, and refused before any work without it ({@link OutputPolicy}); the model,
 * the input and the case list are never written over. A rerun into a run's own earlier output, a
 * requeued cluster shard say, sets {@code overwrite}: skipping existing files instead would take a
 * file of the same name that is not a result of this model (a copy of the truths) for one.
 * <p>
 * {@code shard=i/n} segments only the {@link Shard}'s cases of the folder, so that the tasks of a
 * cluster array job share one output folder: a shard removes only its own cases' leftover
 * temporaries and never the folder. {@code device} chooses the CPU or a GPU ({@link DeviceChoice});
 * the device report starts the log.
 * <p>
 * Its length is its {@code @Parameter} fields, which are its dialog and its macro keys and so
 * stay in the command; the work is the engine's ({@code ModelFormats}, {@code CaseBatch},
 * {@code CaseFolder}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Mean Teacher>" + SegmentCommand.TITLE)
public class SegmentCommand extends MeanTeacherCommand {

	public static final String TITLE = "Segment with Mean Teacher";
	static final String PROBABILITY_FOLDER = "probabilities";

	@Parameter(label = "Model (zip or folder, or a TorchScript .pt)", style = FileWidget.FILE_AND_DIRECTORY_STYLE,
		persist = false)
	private File model;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String inputheader = header("Input: one image, or every image of a folder");

	@Parameter(label = "Image (ignored when a folder is given)", required = false, persist = false)
	private ImagePlus input;

	@Parameter(label = "Folder of images (TIFF, NIfTI or LA layout; empty = segment the image)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false)
	private File folder;

	@Parameter(label = "Folder: only these cases (text file, one name a line; empty = all)", style = FileWidget.OPEN_STYLE,
		required = false, persist = false)
	private File caselist;

	@Parameter(label = "Folder: only shard i/n of the sorted cases (counted from 0, e.g. 0/4; empty = all)", required = false,
		persist = false)
	private String shard = "";

	@Parameter(label = "Save labels to folder (needed for a folder; optional for one image)", style = FileWidget.DIRECTORY_STYLE,
		required = false, persist = false)
	private File output;

	@Parameter(label = "Replace existing label files in that folder", persist = false)
	private boolean overwrite = false;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String windowheader = header("Sliding window");

	@Parameter(label = "Window overlap", min = "0", max = "0.95", stepSize = "0.05", persist = false)
	private double overlap = 0.5;

	@Parameter(label = "Blending", choices = { "gaussian", "constant" }, persist = false)
	private String blending = "gaussian";

	@Parameter(label = "Windows per forward pass", min = "1", persist = false)
	private int windows = 4;

	@Parameter(label = "Flip test-time augmentation", persist = false)
	private boolean tta = false;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String postheader = header("Post-processing and outputs");

	@Parameter(label = "Keep largest component per class", persist = false)
	private boolean largest = false;

	@Parameter(label = "Fill holes", persist = false)
	private boolean fillholes = false;

	@Parameter(label = "Probability map", persist = false)
	private boolean probabilities = false;

	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String deviceheader = header("Device");

	@Parameter(label = "Device (auto, cpu, gpu0, gpu1, ...)", persist = false)
	private String device = "auto";

	// The pt* parameters apply to TorchScript files from elsewhere; one exported by this plugin carries its own.
	@Parameter(visibility = ItemVisibility.MESSAGE, required = false, persist = false)
	private String torchscriptheader = header("TorchScript (.pt) from elsewhere only; a Mean Teacher model, or a .pt "
		+ "exported by this plugin, knows these");

	@Parameter(label = "TorchScript: patch size x,y,z", required = false, persist = false)
	private String ptpatch = "112,112,80";

	@Parameter(label = "TorchScript: classes (with background)", min = "2", persist = false)
	private int ptclasses = 2;

	@Parameter(label = "TorchScript: intensity normalisation", choices = { "zscore", "none", "percentile-0.5-99.5" },
		persist = false)
	private String ptintensity = "zscore";

	@Parameter(label = "Labels", type = ItemIO.OUTPUT, required = false)
	private ImagePlus labels;

	@Parameter(label = "Probabilities", type = ItemIO.OUTPUT, required = false)
	private ImagePlus probability;

	/** Shows a folder's segmentation in Fiji's task list, where scripts can cancel it ({@link CommandTask}); null without a context. */
	@Parameter(required = false)
	private TaskService tasks;

	/** Lists the model formats ({@link ModelFormat} plugins). */
	@Parameter
	private PluginService plugins;

	@Override
	protected void execute() throws IOException {
		if (ParameterValues.isEmpty(model)) throw new IllegalArgumentException("no model given");
		boolean batch = !ParameterValues.isEmpty(folder);
		if (!batch && !ParameterValues.isEmpty(caselist))
			throw new IllegalArgumentException("caselist names cases of a batch folder, but no folder is given");
		Shard part = Shard.parse(shard);
		if (!batch && !part.isAll()) throw new IllegalArgumentException("shard=" + part + " splits a batch folder, but no folder is given");
		// In Fiji the open image fills 'input' by itself; headless, both were given on purpose.
		if (batch && input != null && isHeadless())
			throw new IllegalArgumentException("give either input (one image) or folder (a batch of images), not both: input "
				+ input.getTitle() + ", folder " + folder.getAbsolutePath());
		// Before the images are listed: a GPU asked for and not usable fails here, with the reason.
		DeviceSelection on = DeviceChoice.parse(device).select();
		for (String line : on.lines()) log.info(line);
		Path inputFolder = batch ? ParameterValues.folder("images", folder) : null;
		CaseFolder cases = batch ? CaseFolder.of(inputFolder) : null;
		List<String> names = batch ? shardOf(cases.names(ParameterValues.isEmpty(caselist) ? null : caselist.toPath()), part) : List.of();
		ImagePlus image = batch ? null : inputImage();
		if (batch && input != null) log.info("segmenting the folder " + inputFolder + "; the open image " + input.getTitle() + " is not used");
		if (batch && ParameterValues.isEmpty(output))
			throw new IllegalArgumentException("batch segmentation of " + folder + " needs an output folder");
		Path out = ParameterValues.isEmpty(output) ? null : output.toPath();
		OutputPolicy policy = OutputPolicy.of(overwrite).reading(model.toPath(), batch ? inputFolder : fileOf(image),
			ParameterValues.isEmpty(caselist) ? null : caselist.toPath());
		if (out != null) {
			Path source = batch ? inputFolder : folderOf(image);
			if (source != null) Folders.requireApart(source, out, batch ? "images of the input folder" : "image's own file");
			Folders.requireCreatable("output folder", out);
			// before any work: every file this run would write, so that a refusal names them all and costs nothing
			policy.requireWritable(outputFiles(out, cases, batch ? names : List.of(ImagePlusVolumes.nameOf(image))));
		}
		boolean created = out != null && !Files.exists(out);
		try {
			if (out != null) {
				Folders.writable("output folder", out);
				part.removeLeftovers(out, names.stream().flatMap(n -> labelFileNames(n).stream()).toList());
			}
			segment(on, image, cases, names, out, policy);
		}
		finally {
			// a run that wrote nothing (failed, cancelled) leaves no empty folder behind, unless other shards share it
			if (created && part.mayRemoveFolder()) Folders.deleteIfEmpty(out);
		}
	}

	/** Opens the model with the format that reads it ({@link ModelFormats}), then segments the image or the folder's cases. */
	private void segment(DeviceSelection on, ImagePlus image, CaseFolder cases, List<String> names, Path out, OutputPolicy policy)
		throws IOException
	{
		ModelFormats formats = ModelFormats.registered(plugins);
		try (SegmentationModel opened = formats.open(model.toPath(), on.device(), this::bareNetwork)) {
			ModelSegmentation segmentation = opened.segmentation(windowOptions()).largestComponent(largest).fillHoles(fillholes);
			if (image == null) segmentFolder(segmentation, cases, names, out, policy);
			else segmentImage(segmentation, opened.classNames(), image, out, policy);
		}
	}

	/** The TorchScript group's answers, for a network file that does not describe itself. */
	private BareNetwork bareNetwork() {
		return new BareNetwork(PatchSize.parse("ptpatch", ptpatch), ptclasses, IntensityNormalization.fromName(ptintensity));
	}

	/** The folder the image was read from, or null for an image that never was a file. */
	private static Path folderOf(ImagePlus image) {
		FileInfo info = image.getOriginalFileInfo();
		return info == null || info.directory == null || info.directory.isBlank() ? null : Path.of(info.directory);
	}

	/** The file the image was read from, or null for an image that never was a file. */
	private static Path fileOf(ImagePlus image) {
		Path folder = folderOf(image);
		FileInfo info = image.getOriginalFileInfo();
		return folder == null || info.fileName == null || info.fileName.isBlank() ? null : folder.resolve(info.fileName);
	}

	/** A cluster task's own cases ({@link Shard}); the whole batch keeps the folder's order. */
	private List<String> shardOf(List<String> names, Shard part) {
		if (part.isAll()) return names;
		List<String> mine = part.select(names);
		showStatus("shard " + part + ": " + mine.size() + " of " + names.size() + " cases");
		return mine;
	}

	private ImagePlus inputImage() {
		ImagePlus image = input != null ? input : WindowManager.getCurrentImage();
		if (image == null) throw new IllegalArgumentException("no image is open; open a 3-D stack or give a folder");
		// SciJava turns an input path it cannot open (a folder, a missing or non-TIFF file) into an empty image
		if (image.getWidth() == 0 || image.getHeight() == 0 || image.getStackSize() == 0)
			throw new IllegalArgumentException("input: the image" + (image.getTitle().isBlank() ? "" : " " + image.getTitle())
				+ " has no pixels (a path that is a folder, missing or not an image?); give an image file, or a folder as 'folder'");
		return image;
	}

	private SlidingWindowOptions windowOptions() {
		return new SlidingWindowOptions().overlap(overlap).blending(BlendingWeights.fromName(blending))
			.batchSize(windows).flipTta(tta).cancelWhen(() -> isCanceled() || Thread.currentThread().isInterrupted())
			.progress((done, total) -> {
				if (status != null) status.showProgress(done, total);
			});
	}

	private void segmentImage(ModelSegmentation segmentation, List<String> classNames, ImagePlus image, Path out, OutputPolicy policy)
		throws IOException
	{
		Volume volume = ImagePlusVolumes.toVolume(image, true);
		Path file = fileOf(image);
		segmentation.grid().requireVoxelSize(ImagePlusVolumes.lengthUnit(image), file == null ? "image '" + image.getTitle() + "'"
			: file.toAbsolutePath().toString());
		showStatus("segmenting " + image.getTitle());
		SegmentationResult result = segmentation.segmentOnInputGrid(volume);
		LabelVolume labelVolume = ModelSegmentation.labelsOf(result, volume.name() + "-labels", volume.voxelSize());
		String unit = image.getCalibration().getUnit();
		labels = LabelOverlays.labelImage(labelVolume, unit);
		LabelOverlays.showOutlines(image, labelVolume, segmentation.numClasses(), classNames);
		if (probabilities) probability = ProbabilityImages.of(result, volume.name() + "-probabilities", volume.voxelSize(), unit);
		if (out != null) save(labels, probability, out, volume.name(), policy);
		showStatus(image.getTitle() + ": segmented into " + labels.getTitle());
	}

	private void segmentFolder(ModelSegmentation segmentation, CaseFolder cases, List<String> names, Path out, OutputPolicy policy)
		throws IOException
	{
		CaseBatch batch = new CaseBatch(this::isCanceled, (name, k, n) -> showStatus("segmenting " + name + " (" + k + "/" + n + ")"));
		CaseBatch.Work segmentCase = name -> {
			CaseFolder.Read<Volume> image = cases.image(name);
			Volume volume = image.volume();
			segmentation.grid().requireVoxelSize(ImagePlusVolumes.lengthUnit(image.unit()), cases.file(name).toAbsolutePath().toString());
			SegmentationResult result = segmentation.segmentOnInputGrid(volume);
			LabelVolume labelVolume = ModelSegmentation.labelsOf(result, name, volume.voxelSize());
			if (image.nifti() != null) {
				saveNifti(result, labelVolume, image.nifti(), out, name, policy);
				return;
			}
			ImagePlus p = probabilities ? ProbabilityImages.of(result, name, volume.voxelSize(), image.unit()) : null;
			save(LabelOverlays.labelImage(labelVolume, image.unit()), p, out, name, policy);
		};
		int done;
		// the task's cancel is Fiji's: the batch stops before the next case
		try (CommandTask task = CommandTask.start(tasks, TITLE + ": " + out.getFileName(), names.size(), this::cancel)) {
			done = batch.run(names, name -> {
				segmentCase.on(name);
				task.progress(names.indexOf(name) + 1, "segmented " + name);
			});
		}
		if (done == names.size()) showStatus("segmented " + names.size() + " images into " + out);
	}

	private static void save(ImagePlus labelImage, ImagePlus probabilityImage, Path out, String name, OutputPolicy policy)
		throws IOException
	{
		String file = tiffName(name);
		VolumeIO.writeTiff(labelImage, out.resolve(file), policy);
		if (probabilityImage != null) VolumeIO.writeTiff(probabilityImage, out.resolve(PROBABILITY_FOLDER).resolve(file), policy);
	}

	/**
	 * The files a run writes for {@code names} of {@code cases} (null for one open image): the
	 * labels, and the probabilities when asked for.
	 */
	private List<Path> outputFiles(Path out, CaseFolder cases, List<String> names) {
		List<Path> files = new ArrayList<>();
		for (String name : names) {
			String file = cases != null && ImageFormat.of(cases.file(name)) == ImageFormat.NIFTI ? niftiName(name) : tiffName(name);
			files.add(out.resolve(file));
			if (probabilities) files.add(out.resolve(PROBABILITY_FOLDER).resolve(file));
		}
		return files;
	}

	/**
	 * A NIfTI input's labels (uint8) and, if asked for, its foreground classes' probabilities
	 * (float32, one volume per class along dim[4] when there are several), with the input's header.
	 */
	private void saveNifti(SegmentationResult result, LabelVolume labels, NiftiHeader input, Path out, String name, OutputPolicy policy)
		throws IOException
	{
		String file = niftiName(name);
		NiftiVolumes.writeLabels(labels, input, out.resolve(file), policy);
		if (!probabilities) return;
		float[] p = result.probabilities().update(null).getCurrentStorageArray();
		// laid out (x, y, z, class): the background's volume comes first and is left out, as in ProbabilityImages
		NiftiVolumes.writeFloats(p, labels.data().length, result.numClasses() - 1, input, out.resolve(PROBABILITY_FOLDER).resolve(file),
			policy);
	}

	private static String tiffName(String name) {
		return name + ".tif";
	}

	private static String niftiName(String name) {
		return name + NiftiVolumes.EXTENSION;
	}

	/** The files a case's labels (and probabilities) may be saved as: TIFF, or NIfTI for a NIfTI input. */
	private static List<String> labelFileNames(String name) {
		return List.of(tiffName(name), niftiName(name));
	}
}
