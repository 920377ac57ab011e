package sc.fiji.meanteacher.net;

/** Feature normalisation after each convolution, as the reference V-Net offers. */
public enum Normalization {
	/** Batch norm with running statistics (reference default). */
	BATCH,
	/** Group norm, 16 groups (or fewer where a stage has fewer channels), with affine parameters. */
	GROUP,
	/** Instance norm without affine parameters (PyTorch's InstanceNorm3d default). */
	INSTANCE,
	/** Convolution and ReLU only. */
	NONE;

	/** Groups of {@link #GROUP} normalisation over {@code channels} channels. */
	public static int groupsFor(int channels) {
		return Math.min(NormBlocks.GROUPS, channels);
	}

	public static Normalization fromName(String name) {
		for (Normalization n : values())
			if (n.name().equalsIgnoreCase(name.trim())) return n;
		throw new IllegalArgumentException("unknown normalisation '" + name + "' (batch, group, instance or none)");
	}
}
