package sc.fiji.meanteacher.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import sc.fiji.meanteacher.volume.ImageAndLabel;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * The volumes of one training run: labeled cases (supervised loss), unlabeled cases (consistency
 * loss only) and held-out validation cases (labeled, never trained on). Images are loaded eagerly
 * and normalised at load. Whether there are enough cases for a batch is the sampler's concern.
 */
public final class CaseSet {

	/** Background and left atrium. */
	public static final int LA_NUM_CLASSES = 2;

	private final List<TrainingCase> labeled;
	private final List<TrainingCase> unlabeled;
	private final List<TrainingCase> validation;
	private final int numClasses;

	/**
	 * @param unlabeled cases used without labels; any label they carry is dropped
	 * @throws IllegalArgumentException when there is no labeled case, a labeled or validation case has
	 *           no label, a label value is not below {@code numClasses}, or two cases share a name
	 */
	public CaseSet(List<TrainingCase> labeled, List<TrainingCase> unlabeled, List<TrainingCase> validation,
		int numClasses)
	{
		if (numClasses < 2)
			throw new IllegalArgumentException("at least 2 classes (background and one structure) are needed, got " + numClasses);
		if (labeled.isEmpty())
			throw new IllegalArgumentException("no labeled volumes: at least one image needs a label to train");
		this.numClasses = numClasses;
		this.labeled = requireLabeled(labeled, "training");
		this.validation = requireLabeled(validation, "validation");
		this.unlabeled = unlabeled.stream().map(TrainingCase::withoutLabel).toList();
		Set<String> names = new HashSet<>();
		for (List<TrainingCase> list : List.of(this.labeled, this.unlabeled, this.validation))
			for (TrainingCase c : list)
				if (!names.add(c.name())) throw new IllegalArgumentException("two cases are named " + c.name());
	}

	/** Labeled cases train with their labels, unlabeled ones without; no validation cases. */
	public static CaseSet of(List<TrainingCase> cases, int numClasses) {
		List<TrainingCase> labeled = cases.stream().filter(TrainingCase::isLabeled).toList();
		List<TrainingCase> unlabeled = cases.stream().filter(c -> !c.isLabeled()).toList();
		return new CaseSet(labeled, unlabeled, List.of(), numClasses);
	}

	/**
	 * Reads the .tif/.tiff stacks in {@code images}; an image is labeled when {@code labels} holds a
	 * file of the same base name (either extension), otherwise it is unlabeled. Cases are ordered by name.
	 *
	 * @param labels the label folder, or null when no image is labeled (which fails: training needs labels)
	 * @throws IllegalArgumentException for an empty image folder, a label file without an image, a
	 *           label whose size differs from its image's, or any unreadable file
	 */
	public static CaseSet fromFolders(Path images, Path labels, int numClasses, IntensityNormalization normalization) {
		return fromFolders(images, labels, numClasses, normalization, 1);
	}

	/**
	 * As {@link #fromFolders(Path, Path, int, IntensityNormalization)}, each case resampled by
	 * {@code scale} (see {@link TrainingCase#resampled}) before it is normalised, as segmentation
	 * prepares a model's input.
	 */
	public static CaseSet fromFolders(Path images, Path labels, int numClasses, IntensityNormalization normalization,
		double scale)
	{
		Map<String, Path> imageFiles = tiffsByBaseName(images);
		if (imageFiles.isEmpty())
			throw new IllegalArgumentException(images.toAbsolutePath() + ": contains no .tif/.tiff images");
		Map<String, Path> labelFiles = labels == null ? Map.of() : tiffsByBaseName(labels);
		for (Map.Entry<String, Path> label : labelFiles.entrySet())
			if (!imageFiles.containsKey(label.getKey()))
				throw new IllegalArgumentException(label.getValue().toAbsolutePath() + ": label file without an image named "
					+ label.getKey() + ".tif/.tiff in " + images.toAbsolutePath());
		List<TrainingCase> cases = new ArrayList<>();
		for (Map.Entry<String, Path> image : imageFiles.entrySet()) {
			String name = image.getKey();
			Volume volume = VolumeIO.readImage(image.getValue(), false);
			Path labelFile = labelFiles.get(name);
			LabelVolume label = labelFile == null ? null : VolumeIO.readLabels(labelFile, false);
			cases.add(prepared(new TrainingCase(name, volume, label), scale, numClasses, normalization));
		}
		return of(cases, numClasses);
	}

	/**
	 * Reads LA cases ({@link LaCaseReader}): the first {@code numLabeled} train with their labels,
	 * the others as unlabeled (their labels are not even read).
	 *
	 * @param caseNames the cases in order, or null for those in {@code root/cases.list}
	 */
	public static CaseSet fromLaLayout(Path root, List<String> caseNames, int numLabeled,
		IntensityNormalization normalization)
	{
		List<String> names = caseNames == null ? LaCaseReader.readCaseList(root) : caseNames;
		if (numLabeled < 0 || numLabeled > names.size())
			throw new IllegalArgumentException(root.toAbsolutePath() + ": cannot label " + numLabeled + " of " + names.size()
				+ " cases");
		List<TrainingCase> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			boolean isLabeled = i < numLabeled;
			TrainingCase c = readLaCase(root, names.get(i), isLabeled, normalization);
			(isLabeled ? labeled : unlabeled).add(c);
		}
		return new CaseSet(labeled, unlabeled, List.of(), LA_NUM_CLASSES);
	}

	/**
	 * Reads LA cases ({@link LaCaseReader}) by name: {@code labeledNames} with their labels,
	 * {@code unlabeledNames} without (their labels are not even read). Each case is resampled by
	 * {@code scale} as soon as it is read, so only one is held at full size, then normalised.
	 */
	public static CaseSet fromLaLayout(Path root, List<String> labeledNames, List<String> unlabeledNames, double scale,
		IntensityNormalization normalization)
	{
		List<TrainingCase> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (String name : labeledNames) labeled.add(readLaCase(root, name, true, scale, normalization));
		for (String name : unlabeledNames) unlabeled.add(readLaCase(root, name, false, scale, normalization));
		return new CaseSet(labeled, unlabeled, List.of(), LA_NUM_CLASSES);
	}

	/** LA cases with their labels, e.g. a held-out test set to evaluate a model on. */
	public static List<TrainingCase> loadLaCases(Path root, List<String> caseNames, IntensityNormalization normalization) {
		List<TrainingCase> cases = new ArrayList<>();
		for (String name : caseNames) {
			TrainingCase c = readLaCase(root, name, true, normalization);
			c.requireLabelsBelow(LA_NUM_CLASSES);
			cases.add(c);
		}
		return cases;
	}

	/**
	 * A copy in which the last {@code count} labeled cases are held out for validation (appended to
	 * any already there): deterministic, so a run can be repeated.
	 *
	 * @throws IllegalArgumentException when that would leave no labeled training case
	 */
	public CaseSet withValidation(int count) {
		if (count < 0) throw new IllegalArgumentException("validation case count must be >= 0, got " + count);
		if (count >= labeled.size())
			throw new IllegalArgumentException("holding out " + count + " of " + labeled.size()
				+ " labeled cases for validation leaves no labeled training case");
		int keep = labeled.size() - count;
		List<TrainingCase> held = new ArrayList<>(validation);
		held.addAll(labeled.subList(keep, labeled.size()));
		return new CaseSet(labeled.subList(0, keep), unlabeled, held, numClasses);
	}

	public List<TrainingCase> labeled() { return labeled; }

	public List<TrainingCase> unlabeled() { return unlabeled; }

	public List<TrainingCase> validation() { return validation; }

	public int numClasses() { return numClasses; }

	@Override
	public String toString() {
		return labeled.size() + " labeled, " + unlabeled.size() + " unlabeled, " + validation.size() + " validation cases";
	}

	private List<TrainingCase> requireLabeled(List<TrainingCase> cases, String role) {
		for (TrainingCase c : cases) {
			if (!c.isLabeled())
				throw new IllegalArgumentException("case " + c.name() + " is used for " + role + " but has no label");
			c.requireLabelsBelow(numClasses);
		}
		return List.copyOf(cases);
	}

	private static TrainingCase readLaCase(Path root, String name, boolean withLabel,
		IntensityNormalization normalization)
	{
		return readLaCase(root, name, withLabel, 1, normalization);
	}

	private static TrainingCase readLaCase(Path root, String name, boolean withLabel, double scale,
		IntensityNormalization normalization)
	{
		ImageAndLabel read = LaCaseReader.read(root, name, withLabel);
		return prepared(new TrainingCase(name, read.image(), read.label()), scale, LA_NUM_CLASSES, normalization);
	}

	/** Resampled first, then normalised: the order in which segmentation prepares an image. */
	private static TrainingCase prepared(TrainingCase c, double scale, int numClasses, IntensityNormalization normalization) {
		TrainingCase r = c.resampled(scale, numClasses);
		return new TrainingCase(r.name(), normalization.apply(r.image()), r.label());
	}

	/** Visible .tif/.tiff files of a folder keyed by base name, sorted; two files of one base name fail. */
	private static Map<String, Path> tiffsByBaseName(Path folder) {
		if (!Files.isDirectory(folder))
			throw new IllegalArgumentException(folder.toAbsolutePath() + ": is not a folder");
		Map<String, Path> byName = new TreeMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String fileName = file.getFileName().toString();
				// Hidden files include half-written temporaries and macOS "._" resource forks.
				if (fileName.startsWith(".") || !fileName.matches("(?i).+\\.tiff?") || !Files.isRegularFile(file))
					continue;
				String base = ImagePlusVolumes.stripExtension(fileName);
				Path other = byName.put(base, file);
				if (other != null)
					throw new IllegalArgumentException(folder.toAbsolutePath() + ": both " + other.getFileName() + " and "
						+ fileName + " are named " + base);
			}
		}
		catch (IOException e) {
			throw new IllegalArgumentException(folder.toAbsolutePath() + ": cannot list the folder (" + e + ")", e);
		}
		return byName;
	}
}
