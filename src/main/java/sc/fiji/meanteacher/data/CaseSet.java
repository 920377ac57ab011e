package sc.fiji.meanteacher.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.DecathlonDataset;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.ImageFolder;
import sc.fiji.meanteacher.volume.ImageFormat;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * The volumes of one training run: labeled cases (supervised loss), unlabeled cases (consistency
 * loss only) and held-out validation cases (labeled, never trained on), with the grid they were
 * resampled to from their files' grid (a factor or a voxel size, {@link GridTarget}), which the
 * model records so that segmentation resamples new images alike. Images are loaded eagerly, as read: the trainer normalises them. Whether there are
 * enough cases for a batch is the trainer's concern.
 */
public final class CaseSet {

	/** Background and left atrium. */
	public static final int LA_NUM_CLASSES = 2;
	/** Largest input scale ({@link GridTarget#MAX_FACTOR}). */
	public static final double MAX_INPUT_SCALE = GridTarget.MAX_FACTOR;

	private final List<Case> labeled;
	private final List<Case> unlabeled;
	private final List<Case> validation;
	private final int numClasses;
	private final GridTarget grid;
	/** The classes' names, background first, as the data names them; empty when it does not. */
	private final List<String> classNames;

	/**
	 * Cases as they are (input scale 1).
	 *
	 * @param unlabeled cases used without labels; any label they carry is dropped
	 * @throws IllegalArgumentException when there is no labeled case, a labeled or validation case has
	 *           no label, or two cases share a name (label values are the training's to check)
	 */
	public CaseSet(List<Case> labeled, List<Case> unlabeled, List<Case> validation, int numClasses) {
		this(labeled, unlabeled, validation, numClasses, GridTarget.AS_IS, List.of());
	}

	private CaseSet(List<Case> labeled, List<Case> unlabeled, List<Case> validation, int numClasses, GridTarget grid,
		List<String> classNames)
	{
		if (numClasses < 2)
			throw new IllegalArgumentException("at least 2 classes (background and one structure) are needed, got " + numClasses);
		if (labeled.isEmpty())
			throw new IllegalArgumentException("no labeled volumes: at least one image needs a label to train");
		this.numClasses = numClasses;
		this.grid = grid;
		if (!classNames.isEmpty() && classNames.size() != numClasses)
			throw new IllegalArgumentException(classNames.size() + " class names " + classNames + " for " + numClasses + " classes");
		this.classNames = List.copyOf(classNames);
		this.labeled = requireLabeled(labeled, "training");
		this.validation = requireLabeled(validation, "validation");
		this.unlabeled = unlabeled.stream().map(Case::withoutLabel).toList();
		Set<String> names = new HashSet<>();
		for (List<Case> list : List.of(this.labeled, this.unlabeled, this.validation))
			for (Case c : list)
				if (!names.add(c.name())) throw new IllegalArgumentException("two cases are named " + c.name());
	}

	/**
	 * Labeled cases train with their labels, unlabeled ones without; no validation cases.
	 *
	 * @param inputScale the factor every case was resampled by ({@link Case#resampled}), 1 for none
	 */
	public static CaseSet of(List<Case> cases, int numClasses, double inputScale) {
		return of(cases, numClasses, GridTarget.scale(inputScale));
	}

	/**
	 * As above for cases brought to {@code grid} ({@link GridTarget#apply}).
	 */
	public static CaseSet of(List<Case> cases, int numClasses, GridTarget grid) {
		List<Case> labeled = cases.stream().filter(Case::isLabeled).toList();
		List<Case> unlabeled = cases.stream().filter(c -> !c.isLabeled()).toList();
		return new CaseSet(labeled, unlabeled, List.of(), numClasses, grid, List.of());
	}

	/** As {@link #of(List, int, double)} for cases as they are. */
	public static CaseSet of(List<Case> cases, int numClasses) {
		return of(cases, numClasses, 1);
	}

	/**
	 * Reads the image files in {@code images} (TIFF stacks and NIfTI volumes, {@link ImageFolder}),
	 * each brought to {@code grid} ({@link GridTarget#apply}); an image is labeled when {@code labels} holds a file of the
	 * same base name (any of the extensions: {@code case.nii.gz} labels {@code case.tif}), otherwise
	 * it is unlabeled. Cases are ordered by name.
	 *
	 * @param labels the label folder, or null when no image is labeled (which fails: training needs labels)
	 * @throws IllegalArgumentException for an empty image folder, a label file without an image, a
	 *           label whose size differs from its image's, any unreadable file, or a file without a
	 *           voxel size when {@code grid} is a spacing
	 */
	public static CaseSet fromFolders(Path images, Path labels, int numClasses, GridTarget grid) {
		Map<String, Path> imageFiles = ImageFolder.images(images);
		Map<String, Path> labelFiles = labels == null ? Map.of() : ImageFolder.byBaseName(labels);
		for (Map.Entry<String, Path> label : labelFiles.entrySet())
			if (!imageFiles.containsKey(label.getKey()))
				throw new IllegalArgumentException(label.getValue().toAbsolutePath() + ": label file without an image named "
					+ label.getKey() + " (" + ImageFormat.EXTENSIONS + ") in " + images.toAbsolutePath());
		return fromFiles(imageFiles, labelFiles, numClasses, grid);
	}

	/**
	 * Reads the cases of a Decathlon dataset ({@link DecathlonDataset}) as {@link #fromFolders}
	 * reads folders: the {@code training} pairs labeled, the other {@code imagesTr} files unlabeled,
	 * and the {@code test} images unlabeled too when {@code testAsUnlabeled}; ordered by name, with
	 * the class names of its {@code labels}.
	 *
	 * @throws IllegalArgumentException when the dataset names another number of classes than
	 *           {@code numClasses} (naming both), or for any file as {@link #fromFolders}
	 */
	public static CaseSet fromDecathlon(DecathlonDataset dataset, boolean testAsUnlabeled, int numClasses, GridTarget grid) {
		if (dataset.classNames().size() != numClasses)
			throw new IllegalArgumentException(dataset.file() + ": 'labels' names " + dataset.classNames().size() + " classes "
				+ dataset.classNames() + ", but classes=" + numClasses + "; set classes=" + dataset.classNames().size());
		Map<String, Path> imageFiles = new TreeMap<>(dataset.labeled());
		imageFiles.putAll(dataset.unlabeled());
		if (testAsUnlabeled) imageFiles.putAll(dataset.test());
		CaseSet cases = fromFiles(imageFiles, dataset.labels(), numClasses, grid);
		return new CaseSet(cases.labeled, cases.unlabeled, cases.validation, numClasses, grid, dataset.classNames());
	}

	/** The images by case name, each labeled by the file of its name in {@code labelFiles} when there is one, in the map's order. */
	private static CaseSet fromFiles(Map<String, Path> imageFiles, Map<String, Path> labelFiles, int numClasses, GridTarget grid) {
		List<Case> cases = new ArrayList<>();
		for (Map.Entry<String, Path> image : imageFiles.entrySet()) {
			String name = image.getKey();
			Path labelFile = labelFiles.get(name);
			cases.add(grid.apply(VolumeIO.readCase(name, image.getValue(), labelFile), image.getValue().toAbsolutePath().toString(), numClasses));
		}
		return of(cases, numClasses, grid);
	}

	/** As above, each case resampled by {@code scale}. */
	public static CaseSet fromFolders(Path images, Path labels, int numClasses, double scale) {
		return fromFolders(images, labels, numClasses, GridTarget.scale(scale));
	}

	/**
	 * Reads LA cases ({@link LaCaseReader}) by name: {@code labeledNames} with their labels,
	 * {@code unlabeledNames} without (their labels are not even read). Each case is brought to
	 * {@code grid} as soon as it is read, so only one is held at full size.
	 */
	public static CaseSet fromLaLayout(Path root, List<String> labeledNames, List<String> unlabeledNames, GridTarget grid) {
		List<Case> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (String name : labeledNames) labeled.add(readLaCase(root, name, true, grid));
		for (String name : unlabeledNames) unlabeled.add(readLaCase(root, name, false, grid));
		return new CaseSet(labeled, unlabeled, List.of(), LA_NUM_CLASSES, grid, List.of());
	}

	/** As above, each case resampled by {@code scale}. */
	public static CaseSet fromLaLayout(Path root, List<String> labeledNames, List<String> unlabeledNames, double scale) {
		return fromLaLayout(root, labeledNames, unlabeledNames, GridTarget.scale(scale));
	}

	/** @throws IllegalArgumentException unless {@code scale} is a resampling factor in (0, {@link #MAX_INPUT_SCALE}] */
	public static void requireInputScale(double scale) {
		GridTarget.scale(scale);
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
		List<Case> held = new ArrayList<>(validation);
		held.addAll(labeled.subList(keep, labeled.size()));
		return new CaseSet(labeled.subList(0, keep), unlabeled, held, numClasses, grid, classNames);
	}

	/** The same cases with each image replaced, e.g. normalised; labels, names and scale are kept. */
	public CaseSet withImages(UnaryOperator<Volume> image) {
		return new CaseSet(withImages(labeled, image), withImages(unlabeled, image), withImages(validation, image), numClasses,
			grid, classNames);
	}

	/** The same cases with each label replaced, e.g. read in another convention; images, names and scale are kept. */
	public CaseSet withLabels(UnaryOperator<LabelVolume> label) {
		return new CaseSet(withLabels(labeled, label), unlabeled, withLabels(validation, label), numClasses, grid, classNames);
	}

	private static List<Case> withLabels(List<Case> cases, UnaryOperator<LabelVolume> label) {
		List<Case> out = new ArrayList<>(cases.size());
		for (Case c : cases) out.add(c.withLabel(label.apply(c.label())));
		return out;
	}

	private static List<Case> withImages(List<Case> cases, UnaryOperator<Volume> image) {
		List<Case> out = new ArrayList<>(cases.size());
		for (Case c : cases) out.add(c.withImage(image.apply(c.image())));
		return out;
	}

	public List<Case> labeled() { return labeled; }

	public List<Case> unlabeled() { return unlabeled; }

	public List<Case> validation() { return validation; }

	public int numClasses() { return numClasses; }

	/** Factor the volumes were resampled by from their files' grid (0.5 = half the voxels per axis; 1 = as read). */
	public double inputScale() { return grid.scale(); }

	/** The grid the volumes were brought to from their files' grid: a factor ({@link #inputScale()}) or a voxel size. */
	public GridTarget grid() { return grid; }

	/** The classes' names, background first, as the data names them (a Decathlon dataset's {@code labels}); empty when it does not. */
	public List<String> classNames() { return classNames; }

	@Override
	public String toString() {
		return labeled.size() + " labeled, " + unlabeled.size() + " unlabeled, " + validation.size() + " validation cases";
	}

	private List<Case> requireLabeled(List<Case> cases, String role) {
		// label values are checked by the training, which knows which value means "not annotated"
		for (Case c : cases)
			if (!c.isLabeled())
				throw new IllegalArgumentException("case " + c.name() + " is used for " + role + " but has no label");
		return List.copyOf(cases);
	}

	private static Case readLaCase(Path root, String name, boolean withLabel, GridTarget grid) {
		return grid.apply(LaCaseReader.read(root, name, withLabel), root.resolve(name).resolve(LaCaseReader.CASE_FILE).toString(),
			LA_NUM_CLASSES);
	}
}
