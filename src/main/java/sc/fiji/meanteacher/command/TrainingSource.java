package sc.fiji.meanteacher.command;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.volume.DecathlonDataset;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LaCaseSplit;
import sc.fiji.meanteacher.volume.LaLayout;

/**
 * Where Train reads its cases, from its inputs: an images and a labels folder of TIFF stacks or NIfTI volumes, a
 * Medical Segmentation Decathlon dataset ({@link DecathlonDataset}: its training pairs labeled, its
 * other {@code imagesTr} files unlabeled, its {@code test} images unlabeled too when asked), a
 * folder in the LA layout with case lists, or the images open in Fiji ({@link OpenImageCases});
 * each volume brought to the run's grid ({@link GridTarget}: Train's {@code scale} or {@code spacing}) as it is read.
 */
final class TrainingSource {

	static final String FOLDERS = "Folders", OPEN_IMAGES = "Open images";

	private final boolean openImages;
	private final File images, labels, labeledList, unlabeledList;
	private final boolean testAsUnlabeled;
	private final int classes;
	private final GridTarget grid;

	/**
	 * @param testAsUnlabeled whether a Decathlon dataset's {@code test} images train as unlabeled cases
	 * @throws IllegalArgumentException for a {@code source} that is neither, files given with the
	 *           open images, or {@code testAsUnlabeled} for anything but a Decathlon dataset
	 */
	TrainingSource(String source, File images, File labels, File labeledList, File unlabeledList, boolean testAsUnlabeled, int classes,
		GridTarget grid)
	{
		this.openImages = isOpenImages(source);
		this.images = images;
		this.labels = labels;
		this.labeledList = labeledList;
		this.unlabeledList = unlabeledList;
		this.testAsUnlabeled = testAsUnlabeled;
		this.classes = classes;
		this.grid = grid;
		if (openImages) requireNoFiles();
		else ParameterValues.folder("images", images);
		if (testAsUnlabeled && (openImages || !DecathlonDataset.isDecathlon(images.toPath())))
			throw new IllegalArgumentException("testasunlabeled takes the test images of a Decathlon dataset, but "
				+ (openImages ? "the open images are" : images.getAbsolutePath() + " is not one (no " + DecathlonDataset.DATASET_FILE + ")")
				+ "; leave it false");
	}

	private static boolean isOpenImages(String source) {
		String s = source == null ? "" : source.trim();
		if (s.equalsIgnoreCase(OPEN_IMAGES) || s.equalsIgnoreCase("open")) return true;
		if (s.isEmpty() || s.equalsIgnoreCase(FOLDERS)) return false;
		throw new IllegalArgumentException("source must be '" + FOLDERS + "' or '" + OPEN_IMAGES + "', got '" + source + "'");
	}

	/** Training on the open images takes no folder or case list. */
	private void requireNoFiles() {
		for (File f : new File[] { images, labels, labeledList, unlabeledList })
			if (!ParameterValues.isEmpty(f))
				throw new IllegalArgumentException("source=[" + OPEN_IMAGES + "] trains on the open images, but a folder or case "
					+ "list was given too (" + f + "); choose " + FOLDERS + " to train from files");
	}

	/**
	 * Reads the cases for {@code method}, telling {@code status} what it reads.
	 *
	 * @throws IllegalArgumentException naming the file, image or case that is wrong
	 */
	CaseSet read(TrainingMethod method, Consumer<String> status) {
		if (openImages) {
			CaseSet cases = OpenImageCases.read(OpenImageCases.openImages(), classes, grid, method.usesTeacher());
			status.accept("training on the open images: " + cases + grid.describe());
			return cases;
		}
		Path imageDir = ParameterValues.folder("images", images);
		if (DecathlonDataset.isDecathlon(imageDir)) return decathlonCases(imageDir, status);
		return LaLayout.isLaLayout(imageDir) ? laCases(imageDir, method, status) : imageFileCases(imageDir);
	}

	private CaseSet imageFileCases(Path imageDir) {
		if (!ParameterValues.isEmpty(labeledList) || !ParameterValues.isEmpty(unlabeledList))
			throw new IllegalArgumentException("labeledlist and unlabeledlist are for a folder in the LA layout (<case>/"
				+ LaCaseReader.CASE_FILE + "), but " + imageDir.toAbsolutePath()
				+ " holds TIFF or NIfTI images: there, an image with a file in the labels folder is labeled");
		Path labelDir = ParameterValues.folder("labels", labels);
		return CaseSet.fromFolders(imageDir, labelDir, classes, grid);
	}

	private CaseSet decathlonCases(Path root, Consumer<String> status) {
		for (File given : new File[] { labels, labeledList, unlabeledList })
			if (!ParameterValues.isEmpty(given))
				throw new IllegalArgumentException(root.toAbsolutePath() + " is a Decathlon dataset, whose " + DecathlonDataset.DATASET_FILE
					+ " pairs images with labels; leave labels, labeledlist and unlabeledlist empty (" + given + " was given)");
		DecathlonDataset dataset = DecathlonDataset.read(root);
		status.accept("reading " + dataset.labeled().size() + " labeled, " + dataset.unlabeled().size() + " unlabeled "
			+ DecathlonDataset.TRAINING_IMAGES + " and " + (testAsUnlabeled ? dataset.test().size() + " unlabeled test" : "no test")
			+ " cases from " + root + grid.describe());
		return CaseSet.fromDecathlon(dataset, testAsUnlabeled, classes, grid);
	}

	private CaseSet laCases(Path root, TrainingMethod method, Consumer<String> status) {
		if (!ParameterValues.isEmpty(labels))
			throw new IllegalArgumentException(root.toAbsolutePath() + " is in the LA layout, whose labels are in each case's "
				+ LaCaseReader.CASE_FILE + "; leave the labels folder empty and name the labeled cases in labeledlist");
		if (ParameterValues.isEmpty(labeledList))
			throw new IllegalArgumentException(root.toAbsolutePath() + " is in the LA layout: give labeledlist, a text file "
				+ "naming the labeled training cases one a line (and unlabeledlist for the unlabeled ones)");
		LaCaseSplit split = LaCaseSplit.read(root, labeledList.toPath(), ParameterValues.isEmpty(unlabeledList) ? null
			: unlabeledList.toPath());
		if (method.usesTeacher()) split.requireUnlabeledFor(method.label());
		status.accept("reading " + split.labeled().size() + " labeled and " + split.unlabeled().size() + " unlabeled cases from " + root
			+ grid.describe());
		return CaseSet.fromLaLayout(root, split.labeled(), split.unlabeled(), grid);
	}
}
