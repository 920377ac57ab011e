package sc.fiji.meanteacher.data;

import java.util.Objects;

import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Resampling;
import sc.fiji.meanteacher.volume.Volume;

/**
 * One training volume: its (normalised) image and, for a labeled case, the label volume of the
 * same size. An unlabeled case has a null {@code label}.
 */
public record TrainingCase(String name, Volume image, LabelVolume label) {

	public TrainingCase {
		if (name == null || name.isBlank()) throw new IllegalArgumentException("a training case needs a name");
		Objects.requireNonNull(image, () -> name + ": no image");
		if (label != null) label.requireSameSize(image);
	}

	public static TrainingCase unlabeled(String name, Volume image) {
		return new TrainingCase(name, image, null);
	}

	public boolean isLabeled() { return label != null; }

	/** The same case without its label, for using a labeled volume as unlabeled data. */
	public TrainingCase withoutLabel() {
		return label == null ? this : unlabeled(name, image);
	}

	/**
	 * The case on its grid scaled by {@code factor} (0.5 = half the voxels per axis): the image
	 * interpolated trilinearly, the label class by class ({@link Resampling}); itself when the
	 * factor is 1.
	 *
	 * @param numClasses label values must be below it
	 */
	public TrainingCase resampled(double factor, int numClasses) {
		if (factor == 1) return this;
		long[] dims = Resampling.scaledDims(image.dims(), factor);
		Volume scaledImage = Resampling.image(image, dims);
		LabelVolume scaledLabel;
		try {
			scaledLabel = label == null ? null : Resampling.labels(label, dims, numClasses);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("case " + name + ": " + e.getMessage(), e);
		}
		return new TrainingCase(name, scaledImage, scaledLabel);
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
