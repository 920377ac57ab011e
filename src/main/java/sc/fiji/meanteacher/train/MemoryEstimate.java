package sc.fiji.meanteacher.train;

import java.util.Locale;

import sc.fiji.meanteacher.net.TorchRuntime;

/**
 * Rough peak memory of a training iteration, so an impossible patch is refused before libtorch
 * tries to allocate it (and the JVM dies). Fitted to RSS measured on CPU for the reference
 * V-Net at batch 4: 0.8 GB at 32³, 2.5 GB at 64×64×48, 9.6 GB at 112×112×80.
 */
public final class MemoryEstimate {

	private static final double BASE_BYTES = 0.55e9;
	/** Per patch voxel per batch item, at 16 base filters. */
	private static final double BYTES_PER_VOXEL = 2300;

	private MemoryEstimate() {}

	public static double trainingBytes(TrainingConfig c) {
		long voxels = (long) c.patch[0] * c.patch[1] * c.patch[2];
		int items = c.labeledPerBatch + c.unlabeledInBatch();
		double teacherShare = c.method == Method.UA_MT ? 1 + 0.15 * c.uncertaintyPasses : 1;
		return BASE_BYTES + voxels * items * BYTES_PER_VOXEL * (c.baseFilters / 16.0) * teacherShare;
	}

	/** Throws before any allocation when training on the CPU would need more memory than the machine has. */
	public static void requireTrainingFits(TrainingConfig c, boolean onGpu) {
		long physical = TorchRuntime.physicalMemoryBytes();
		double need = trainingBytes(c);
		if (!onGpu && physical > 0 && need > 0.9 * physical)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"out of memory: patch %dx%dx%d with %d volumes per batch needs about %.1f GB to train, this machine has %.1f GB; "
					+ "use a smaller patch or batch", c.patch[0], c.patch[1], c.patch[2], c.labeledPerBatch + c.unlabeledInBatch(),
				need / 1e9, physical / 1e9));
	}
}
