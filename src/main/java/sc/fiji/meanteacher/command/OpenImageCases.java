package sc.fiji.meanteacher.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * The training cases of the images open in Fiji, by one naming rule: an open image whose title
 * (without file extension) is {@code <name>-labels} is the label image of the open image
 * {@code <name>}; every other open image trains unlabeled. Titles are what ImageJ's macro recorder
 * and the Window menu show, so the rule replays from a macro as long as the same images are open.
 * Images and label images are checked as files are (3-D single-channel grayscale, same size,
 * integer labels below the class count).
 */
final class OpenImageCases {

	static final String LABEL_SUFFIX = "-labels";
	static final String RULE = "each open image <title> with an open <title>" + LABEL_SUFFIX
		+ " is labeled by it, every other open image trains unlabeled";

	/** An image and its label image, or an image without one. */
	record Pairing(ImagePlus image, ImagePlus label) {}

	private OpenImageCases() {}

	/** The images open now, in the order of ImageJ's Window menu (batch-mode images included). */
	static List<ImagePlus> openImages() {
		int[] ids = WindowManager.getIDList();
		List<ImagePlus> images = new ArrayList<>();
		if (ids != null) for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) images.add(imp);
		}
		return images;
	}

	/**
	 * Pairs images with their label images by name, sorted by name (the order the folder path uses).
	 *
	 * @throws IllegalArgumentException when no image is open, two open images have the same name, a
	 *           label image has no image, or a label image has a label image of its own
	 */
	static List<Pairing> pair(List<ImagePlus> open) {
		if (open.isEmpty())
			throw new IllegalArgumentException("no images are open: open the images to train on (" + RULE
				+ "), or choose Folders");
		Map<String, ImagePlus> byName = new TreeMap<>();
		for (ImagePlus imp : open) {
			ImagePlus other = byName.put(ImagePlusVolumes.nameOf(imp), imp);
			if (other != null)
				throw new IllegalArgumentException("two open images are named '" + ImagePlusVolumes.nameOf(imp) + "' ('"
					+ other.getTitle() + "' and '" + imp.getTitle() + "'), so the same image would be used twice; rename or "
					+ "close one (Image > Rename...)");
		}
		Map<String, Pairing> pairs = new LinkedHashMap<>();
		for (Map.Entry<String, ImagePlus> e : byName.entrySet()) {
			String name = e.getKey();
			if (isLabelName(name)) {
				String imageName = name.substring(0, name.length() - LABEL_SUFFIX.length());
				if (!byName.containsKey(imageName))
					throw new IllegalArgumentException("label image '" + e.getValue().getTitle() + "' is open, but no image '"
						+ imageName + "' that it labels; open that image or close the label image (" + RULE + ")");
				if (byName.containsKey(name + LABEL_SUFFIX))
					throw new IllegalArgumentException("'" + e.getValue().getTitle() + "' is the label image of '" + imageName
						+ "', so it cannot itself be labeled by '" + byName.get(name + LABEL_SUFFIX).getTitle() + "'");
				continue;
			}
			pairs.put(name, new Pairing(e.getValue(), byName.get(name + LABEL_SUFFIX)));
		}
		return new ArrayList<>(pairs.values());
	}

	/**
	 * Reads the open images as training cases, each brought to {@code grid}; with
	 * {@code withUnlabeled} false (supervised training) images without a label image are left out.
	 */
	static CaseSet read(List<ImagePlus> open, int numClasses, GridTarget grid, boolean withUnlabeled) {
		List<Case> cases = new ArrayList<>();
		for (Pairing p : pair(open)) {
			if (p.label() == null && !withUnlabeled) continue;
			String name = ImagePlusVolumes.nameOf(p.image());
			Volume image = checked(() -> ImagePlusVolumes.toVolume(p.image(), false));
			LabelVolume label = p.label() == null ? null : checked(() -> ImagePlusVolumes.toLabelVolume(p.label(), false));
			Case c;
			try {
				c = new Case(name, image, label, ImagePlusVolumes.lengthUnit(p.image()));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("label image '" + p.label().getTitle() + "' is " + describeSize(p.label())
					+ ", but image '" + p.image().getTitle() + "' is " + describeSize(p.image()) + ": a label image must have "
					+ "the size of its image", e);
			}
			cases.add(grid.apply(c, "image '" + p.image().getTitle() + "'", numClasses));
		}
		if (cases.stream().noneMatch(Case::isLabeled))
			throw new IllegalArgumentException("none of the " + open.size() + " open images has a label image: " + RULE
				+ " (rename a label image with Image > Rename...)");
		return CaseSet.of(cases, numClasses, grid);
	}

	/** One line for the dialog: what the rule makes of the images open now, or why it cannot. */
	static String describe(List<ImagePlus> open) {
		List<Pairing> pairs;
		try {
			pairs = pair(open);
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
		List<String> labeled = new ArrayList<>(), unlabeled = new ArrayList<>();
		for (Pairing p : pairs)
			if (p.label() == null) unlabeled.add(p.image().getTitle());
			else labeled.add(p.image().getTitle() + " + " + p.label().getTitle());
		return labeled.size() + " labeled " + shortList(labeled) + ", " + unlabeled.size() + " unlabeled " + shortList(unlabeled);
	}

	private static boolean isLabelName(String name) {
		return name.length() > LABEL_SUFFIX.length() && name.endsWith(LABEL_SUFFIX);
	}

	private static String shortList(List<String> items) {
		if (items.isEmpty()) return "";
		List<String> shown = items.size() <= 4 ? items : items.subList(0, 3);
		return "(" + String.join(", ", shown) + (items.size() > shown.size() ? ", ..." : "") + ")";
	}

	private static String describeSize(ImagePlus imp) {
		return imp.getWidth() + " x " + imp.getHeight() + " x " + imp.getStackSize();
	}

	/** Runs a conversion, making sure its message (which starts with the title) says that an open image is meant. */
	private static <T> T checked(Supplier<T> reading) {
		try {
			return reading.get();
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("open image " + e.getMessage() + " (" + RULE + "; close the images that should "
				+ "not train)", e);
		}
	}
}
