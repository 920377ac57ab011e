package sc.fiji.meanteacher.data;

import java.util.function.IntConsumer;

/**
 * A solid in physical coordinates (millimetres, origin at the outer corner of voxel 0) that the
 * synthetic generator paints into volumes. Shapes are kept in physical space so that the same
 * case rendered with anisotropic voxels has the same anatomy.
 */
interface SyntheticShape {

	boolean contains(double x, double y, double z);

	/** Lower corner of an axis-aligned box holding the shape (x, y, z). */
	double[] lower();

	/** Upper corner of an axis-aligned box holding the shape (x, y, z). */
	double[] upper();

	/**
	 * Calls {@code action} with the flat (x-fastest) index of every voxel whose centre lies in the
	 * shape; only voxels inside the bounding box are tested, which keeps small shapes cheap.
	 */
	default void forEachVoxelInside(int[] dims, double[] voxelSize, IntConsumer action) {
		double[] lo = lower(), hi = upper();
		int[] from = new int[3], to = new int[3];
		for (int d = 0; d < 3; d++) {
			// voxel i has its centre at (i + 0.5) * size
			from[d] = (int) Math.max(0, Math.floor(lo[d] / voxelSize[d] - 0.5));
			to[d] = (int) Math.min(dims[d] - 1, Math.ceil(hi[d] / voxelSize[d] - 0.5));
		}
		for (int z = from[2]; z <= to[2]; z++) {
			double pz = (z + 0.5) * voxelSize[2];
			for (int y = from[1]; y <= to[1]; y++) {
				double py = (y + 0.5) * voxelSize[1];
				int row = (z * dims[1] + y) * dims[0];
				for (int x = from[0]; x <= to[0]; x++)
					if (contains((x + 0.5) * voxelSize[0], py, pz)) action.accept(row + x);
			}
		}
	}
}
