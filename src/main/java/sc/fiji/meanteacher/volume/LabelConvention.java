package sc.fiji.meanteacher.volume;

import java.util.Locale;

/**
 * What the values of a label image mean. {@link #CLASSES}: value k is class k. {@link #LABKIT}: 0
 * is not annotated and k ≥ 1 is class k − 1, as a Labkit labeling exported as an index image
 * with the background painted as its first label; it is turned into classes with
 * {@link #NOT_ANNOTATED} marking the voxels left unpainted.
 */
public enum LabelConvention {

	CLASSES, LABKIT;

	/** The value a Labkit label image's unpainted voxels hold once converted ({@link #toClasses}). */
	public static final int NOT_ANNOTATED = LabelValues.MAX_LABEL;

	/** The setting's text: {@code classes} or {@code labkit}. */
	public String key() { return name().toLowerCase(Locale.ROOT); }

	/** @throws IllegalArgumentException naming the value and the choices when {@code key} is neither */
	public static LabelConvention parse(String key) {
		for (LabelConvention c : values())
			if (c.key().equals(key.trim().toLowerCase(Locale.ROOT))) return c;
		throw new IllegalArgumentException("label convention must be 'classes' or 'labkit', got '" + key + "'");
	}

	/** The labels as class indices: itself for {@link #CLASSES}; for {@link #LABKIT} 0 → {@link #NOT_ANNOTATED}, k → k − 1. */
	public LabelVolume toClasses(LabelVolume labels) {
		if (this == CLASSES) return labels;
		byte[] in = labels.data();
		byte[] out = new byte[in.length];
		for (int i = 0; i < in.length; i++)
			out[i] = (byte) (in[i] == 0 ? NOT_ANNOTATED : (in[i] & 0xff) - 1);
		return LabelVolume.wrap(labels.name(), out, labels.dims(), labels.voxelSize());
	}
}
