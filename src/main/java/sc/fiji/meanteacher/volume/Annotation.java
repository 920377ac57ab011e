package sc.fiji.meanteacher.volume;

import java.util.BitSet;
import java.util.Locale;

/**
 * Which voxels of a label volume are annotated: every one (dense labels, the default), or every one
 * but those holding the not-annotated value (sparse labels: a few slices or strokes painted). A
 * not-annotated voxel carries no supervised loss and is not scored by validation.
 *
 * @param unannotated the label value meaning "not annotated", 0..255, or {@link #NONE}
 */
public record Annotation(int unannotated) {

	/** No value means "not annotated". */
	public static final int NONE = -1;
	/** Every voxel annotated: today's dense labels. */
	public static final Annotation DENSE = new Annotation(NONE);

	public Annotation {
		if (unannotated < NONE || unannotated > LabelValues.MAX_LABEL)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "the not-annotated label value must be 0..%d, got %d",
				LabelValues.MAX_LABEL, unannotated));
	}

	/** Whether some label value means "not annotated". */
	public boolean isSparse() { return unannotated != NONE; }

	/** Whether a voxel holding {@code label} (read with {@code & 0xff}) is annotated. */
	public boolean isAnnotated(byte label) {
		return (label & 0xff) != unannotated;
	}

	/** The number of annotated voxels of {@code labels}. */
	public int annotatedCount(LabelVolume labels) {
		if (!isSparse()) return labels.data().length;
		int count = 0;
		for (byte b : labels.data())
			if (isAnnotated(b)) count++;
		return count;
	}

	/**
	 * The flat indices (x fastest, ascending) of the annotated voxels of {@code labels}; null when
	 * every voxel is annotated, so that a crop of it is drawn as dense labels are.
	 */
	public int[] annotatedVoxels(LabelVolume labels) {
		if (!isSparse()) return null;
		byte[] data = labels.data();
		int[] voxels = new int[annotatedCount(labels)];
		if (voxels.length == data.length) return null;
		int n = 0;
		for (int i = 0; i < data.length; i++)
			if (isAnnotated(data[i])) voxels[n++] = i;
		return voxels;
	}

	/**
	 * @throws IllegalArgumentException naming the volume when a label value is neither below
	 *           {@code numClasses} nor the not-annotated value, or when no voxel is annotated
	 */
	public void requireLabels(LabelVolume labels, int numClasses) {
		BitSet present = labels.presentValues();
		for (int v = present.nextSetBit(numClasses); v >= 0; v = present.nextSetBit(v + 1))
			if (v != unannotated)
				throw new IllegalArgumentException(labels.name() + ": label value " + v + " exceeds the class count " + numClasses
					+ " (labels must be 0.." + (numClasses - 1) + (isSparse() ? " or the not-annotated value " + unannotated : "") + ")");
		if (isSparse() && present.cardinality() == 1 && present.get(unannotated))
			throw new IllegalArgumentException(labels.name() + ": no voxel is annotated (every voxel holds the not-annotated value "
				+ unannotated + ")");
	}
}
