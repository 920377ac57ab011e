package sc.fiji.meanteacher.train;

import ai.djl.Device;

/** What a device can train, checked before any tensor is allocated. */
final class DeviceLimits {

	/**
	 * libtorch 2.7.1's CPU (oneDNN) convolution backward intermittently returned NaN gradients
	 * when a stage had 4 or 8 channels (seen on AVX-512 and with AVX2 capped), never with 16·2^k.
	 */
	static final int CPU_FILTER_MULTIPLE = 16;

	private DeviceLimits() {}

	/** Throws when {@code config} would not fit {@code device}'s memory, or hits the CPU filter bug above. */
	static void requireTrainable(TrainingConfig config, Device device) {
		MemoryEstimate.requireTrainingFits(config, device);
		if (!device.isGpu() && config.baseFilters % CPU_FILTER_MULTIPLE != 0)
			throw new IllegalArgumentException("base filters must be a multiple of " + CPU_FILTER_MULTIPLE + " on the CPU, got "
				+ config.baseFilters + " (libtorch 2.7.1's CPU convolution backward returned NaN gradients for 4 and 8)");
	}
}
