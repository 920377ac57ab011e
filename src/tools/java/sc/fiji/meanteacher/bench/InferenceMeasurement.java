package sc.fiji.meanteacher.bench;

import java.util.Locale;

import sc.fiji.meanteacher.volume.Sizes;

/**
 * One sliding-window setting of the inference benchmark and what it gave.
 *
 * @param setting "reference" or "overlap"
 * @param stride step between windows (x, y, z) in voxels
 * @param blending constant or gaussian
 * @param windowsPerPass windows in one forward pass
 * @param windows windows the volume needed
 * @param seconds wall time of the whole segmentation (normalisation, windows, blending, argmax)
 * @param voxels voxels of the segmented volume
 * @param dice mean foreground Dice against the truth
 */
record InferenceMeasurement(String setting, int[] size, int[] patch, int[] stride, String blending, int windowsPerPass,
	int windows, double seconds, long voxels, double dice, int threads)
{
	double voxelsPerSecond() {
		return voxels / seconds;
	}

	String toLine() {
		return String.format(Locale.ROOT,
			"BENCH infer setting=%s size=%s patch=%s stride=%s blending=%s windows_per_pass=%d windows=%d seconds=%.2f "
				+ "voxels_per_s=%.0f dice=%.4f threads=%d",
			setting, Sizes.format(size), Sizes.format(patch), Sizes.format(stride), blending, windowsPerPass, windows, seconds,
			voxelsPerSecond(), dice, threads);
	}
}
