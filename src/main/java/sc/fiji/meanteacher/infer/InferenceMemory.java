package sc.fiji.meanteacher.infer;

import java.util.Locale;

import sc.fiji.meanteacher.device.HostMemory;

/**
 * Rough peak memory of segmenting one volume, so that a patch too large for the machine is refused
 * with the figure instead of the kernel killing the process. Fitted to the peak RSS measured on
 * the CPU for the V-Net (depth 4, 16 base filters, 2 classes): 0.53 GB at 32³ × 4 windows per
 * forward pass, 1.97 GB at 64³ × 4, 5.46 GB at 96³ × 4, 0.78 GB at 64³ × 1; twice the filters
 * took 1.8× the activation memory.
 */
public final class InferenceMemory {

	private static final double BASE_BYTES = 0.3e9;
	/** Per patch voxel per window of a forward pass, at 16 base filters. */
	private static final double BYTES_PER_WINDOW_VOXEL = 1700;
	/** Per volume voxel and class: the probabilities accumulated, beside the input, its normalised copy, weights and labels. */
	private static final int BYTES_PER_VOLUME_VOXEL_AND_CLASS = 4, BYTES_PER_VOLUME_VOXEL = 16;

	private InferenceMemory() {}

	public static double bytes(int[] patch, int windowsPerPass, int baseFilters, int classes, long volumeVoxels) {
		double window = (double) patch[0] * patch[1] * patch[2];
		return BASE_BYTES + window * windowsPerPass * BYTES_PER_WINDOW_VOXEL * (baseFilters / 16.0)
			+ volumeVoxels * (double) (BYTES_PER_VOLUME_VOXEL + BYTES_PER_VOLUME_VOXEL_AND_CLASS * classes);
	}

	/**
	 * Throws before any allocation when segmenting on the CPU would need more memory than is
	 * available now ({@link HostMemory}), with the figures and what would help.
	 *
	 * @param onGpu whether the network runs on a GPU (the device chosen for this segmentation, not
	 *          the engine's default): then the estimate does not apply and nothing is checked
	 */
	public static void requireFits(String name, int[] patch, int windowsPerPass, int baseFilters, int classes, long volumeVoxels,
		boolean onGpu)
	{
		if (!onGpu) requireFits(name, patch, windowsPerPass, baseFilters, classes, volumeVoxels, HostMemory.now());
	}

	/** The CPU half of {@link #requireFits(String, int[], int, int, int, long, boolean)}, with the machine's memory given. */
	static void requireFits(String name, int[] patch, int windowsPerPass, int baseFilters, int classes, long volumeVoxels,
		HostMemory memory)
	{
		double need = bytes(patch, windowsPerPass, baseFilters, classes, volumeVoxels);
		if (memory.holds(need)) return;
		double single = bytes(patch, 1, baseFilters, classes, volumeVoxels);
		throw new IllegalArgumentException(String.format(Locale.ROOT,
			"out of memory: segmenting %s with the model's patch %dx%dx%d, %d window(s) per forward pass, needs about %.1f GB; "
				+ "this machine has %s; %s", name, patch[0], patch[1], patch[2], windowsPerPass, need / 1e9, memory.describe(),
			windowsPerPass > 1 && memory.holds(single) ? "use fewer windows per forward pass (1 needs about "
				+ String.format(Locale.ROOT, "%.1f GB)", single / 1e9)
				: "use a model trained with a smaller patch, or a machine with more memory"));
	}
}
