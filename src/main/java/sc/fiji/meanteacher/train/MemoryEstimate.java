package sc.fiji.meanteacher.train;

import java.util.Locale;

import ai.djl.Device;
import sc.fiji.meanteacher.device.HostMemory;
import sc.fiji.meanteacher.device.NvidiaDriver;
import sc.fiji.meanteacher.device.OutOfMemory;
import sc.fiji.meanteacher.device.OutOfMemoryException;

/**
 * Rough peak memory of a training iteration, so an impossible patch is refused before libtorch
 * tries to allocate it (and the JVM dies). Fitted to RSS measured on CPU for the reference
 * V-Net at batch 4: 0.8 GB at 32³, 2.5 GB at 64×64×48, 9.6 GB at 112×112×80. On a GPU the same
 * estimate (the activations are the same float32 tensors; the JVM's share stands in for the CUDA
 * context and cuDNN's workspace) is compared with the GPU's memory.
 */
public final class MemoryEstimate {

	private static final double BASE_BYTES = 0.55e9;
	/** Per patch voxel per batch item, at 16 base filters. */
	private static final double BYTES_PER_VOXEL = 2300;

	private MemoryEstimate() {}

	public static double trainingBytes(TrainingConfig c) {
		long voxels = c.patch.voxels();
		int items = c.labeledPerBatch + c.unlabeledInBatch();
		double teacherShare = c.method.teacherMemoryFactor(c);
		return BASE_BYTES + voxels * items * BYTES_PER_VOXEL * (c.baseFilters / 16.0) * teacherShare;
	}

	/**
	 * Throws before any allocation when training would need more memory than {@code device} has:
	 * the memory available now for the CPU ({@link HostMemory}), the GPU's own for a GPU (as the
	 * NVIDIA driver reports it).
	 */
	public static void requireTrainingFits(TrainingConfig c, Device device) {
		if (!device.isGpu()) {
			requireTrainingFitsOnHost(c, HostMemory.now());
			return;
		}
		long bytes = -1;
		for (NvidiaDriver.Gpu g : NvidiaDriver.probe().gpus())
			if (g.index() == device.getDeviceId()) bytes = g.memoryBytes();
		requireTrainingFitsOnGpu(c, "gpu" + device.getDeviceId(), bytes);
	}

	/**
	 * The GPU half of {@link #requireTrainingFits(TrainingConfig, Device)}, with the GPU's memory given.
	 *
	 * @param gpuBytes the GPU's total memory; unknown (&le; 0) lets everything through
	 */
	static void requireTrainingFitsOnGpu(TrainingConfig c, String gpu, long gpuBytes) {
		double need = trainingBytes(c);
		if (gpuBytes > 0 && need > 0.9 * gpuBytes)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"out of GPU memory: patch %s with %d volumes per batch needs about %.1f GB to train, %s has %.1f GB; "
					+ "use a smaller patch or batch", patchText(c), c.labeledPerBatch + c.unlabeledInBatch(), need / 1e9, gpu,
				gpuBytes / 1e9));
	}

	/**
	 * When {@code e} is libtorch running out of memory during training on {@code device}, an error
	 * naming the patch and batch that did not fit; otherwise null.
	 */
	public static OutOfMemoryException outOfMemory(Throwable e, TrainingConfig c, Device device) {
		if (!OutOfMemory.isOutOfMemory(e)) return null;
		String where = device.isGpu() ? "gpu" + device.getDeviceId() : "the CPU";
		return new OutOfMemoryException(String.format(Locale.ROOT,
			"out of %s memory: training patch %s with %d volumes per batch (%d labeled) did not fit on %s (estimate %.1f GB); "
				+ "use a smaller patch or batch. libtorch: %s", device.isGpu() ? "GPU" : "host", patchText(c),
			c.labeledPerBatch + c.unlabeledInBatch(), c.labeledPerBatch, where, trainingBytes(c) / 1e9, OutOfMemory.firstLine(e)), e);
	}

	private static String patchText(TrainingConfig c) {
		return c.patch.toString();
	}

	/** Throws before any allocation when training on the CPU would need more memory than {@code memory} holds. */
	static void requireTrainingFitsOnHost(TrainingConfig c, HostMemory memory) {
		double need = trainingBytes(c);
		if (!memory.holds(need))
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"out of memory: patch %s with %d volumes per batch needs about %.1f GB to train, this machine has %s; "
					+ "use a smaller patch or batch", c.patch, c.labeledPerBatch + c.unlabeledInBatch(), need / 1e9, memory.describe()));
	}
}
