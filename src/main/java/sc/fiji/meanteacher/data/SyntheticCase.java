package sc.fiji.meanteacher.data;

import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * One generated case: an MRI-like image and its 0/1 target label, same size and voxel size, both
 * named {@code name} (for example {@code synthetic-007}).
 */
public record SyntheticCase(String name, Volume image, LabelVolume label) {

	/** The share of voxels labeled 1. */
	public double foregroundFraction() {
		long count = 0;
		for (byte b : label.data())
			if (b != 0) count++;
		return count / (double) label.data().length;
	}
}
