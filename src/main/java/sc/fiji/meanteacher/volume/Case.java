package sc.fiji.meanteacher.volume;

import java.util.Objects;

import sc.fiji.meanteacher.volume.Case;
/**
 * One case: a named image and, for a labeled case, its label volume of the same size; an unlabeled
 * case has a null {@code label}. What training, segmentation, evaluation, the LA reader and the
 * synthetic generator pass around.
 *
 * @param unit the length unit of the image's voxel size as its file or calibration gives it
 *          ("mm", "µm"), or null when it has none ({@link ImagePlusVolumes#lengthUnit})
 */
public record Case(String name, Volume image, LabelVolume label, String unit) {

	public Case {
		if (name == null || name.isBlank()) throw new IllegalArgumentException("a case needs a name");
		Objects.requireNonNull(image, () -> name + ": no image");
		if (label != null) label.requireSameSize(image);
	}

	/** A case whose voxel size has no unit. */
	public Case(String name, Volume image, LabelVolume label) {
		this(name, image, label, null);
	}

	public static Case unlabeled(String name, Volume image) {
		return new Case(name, image, null);
	}

	/** The same case with {@code image} in place of its image (e.g. normalised); label and unit are kept. */
	public Case withImage(Volume image) {
		return new Case(name, image, label, unit);
	}

	/** The same case with {@code label} in place of its label (e.g. in another convention); image and unit are kept. */
	public Case withLabel(LabelVolume label) {
		return new Case(name, image, label, unit);
	}

	public boolean isLabeled() { return label != null; }

	/** The same case without its label, for using a labeled volume as unlabeled data. */
	public Case withoutLabel() {
		return label == null ? this : new Case(name, image, null, unit);
	}

	/**
	 * The case on its grid scaled by {@code factor} (0.5 = half the voxels per axis): the image
	 * interpolated trilinearly, the label class by class ({@link Resampling}); itself when the
	 * factor is 1.
	 *
	 * @param numClasses label values must be below it
	 */
	public Case resampled(double factor, int numClasses) {
		return resampled(new double[] { factor, factor, factor }, numClasses);
	}

	/** As {@link #resampled(double, int)} with a factor per axis x, y, z; itself when all are 1. */
	public Case resampled(double[] factors, int numClasses) {
		if (factors[0] == 1 && factors[1] == 1 && factors[2] == 1) return this;
		long[] dims = Resampling.scaledDims(image.dims(), factors);
		Volume scaledImage = Resampling.image(image, dims);
		LabelVolume scaledLabel;
		try {
			scaledLabel = label == null ? null : Resampling.labels(label, dims, numClasses);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("case " + name + ": " + e.getMessage(), e);
		}
		return new Case(name, scaledImage, scaledLabel, unit);
	}

	/** @throws IllegalArgumentException naming the case when a label value is not below {@code numClasses} */
	public void requireLabelsBelow(int numClasses) {
		if (label == null) return;
		try {
			label.requireClassesBelow(numClasses);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("case " + name + ": " + e.getMessage(), e);
		}
	}
}
