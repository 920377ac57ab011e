package sc.fiji.meanteacher.infer;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Sums weighted window predictions per voxel and turns them into averaged class probabilities.
 * Holds the output (x, y, z, c) and one weight sum per voxel; window voxels that fall in padding
 * are dropped here, so nothing of the padded volume is ever stored.
 */
final class ProbabilityAccumulator {

	private final int nx, ny, nz, voxels, classes;
	private final int px, py, pz, patchVoxels;
	private final float[] weights;
	private final float[] sum;
	private float[] weightSum;

	ProbabilityAccumulator(String name, long[] dims, int classes, int[] patch, float[] weights) {
		this.voxels = VolumeViews.voxelCount(dims, name);
		if ((long) voxels * classes > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(name + ": " + classes + " class probabilities of " + voxels
				+ " voxels do not fit one array; segment the volume in pieces");
		this.nx = (int) dims[0];
		this.ny = (int) dims[1];
		this.nz = (int) dims[2];
		this.classes = classes;
		this.px = patch[0];
		this.py = patch[1];
		this.pz = patch[2];
		this.patchVoxels = px * py * pz;
		this.weights = weights;
		this.sum = new float[voxels * classes];
		this.weightSum = new float[voxels];
	}

	/**
	 * Adds one window's probabilities, {@code [c][z][y][x]} starting at {@code offset} of
	 * {@code probs}, for the window starting at {@code origin} (may be negative: padding).
	 */
	void add(float[] probs, int offset, long[] origin) {
		int ox = (int) origin[0], oy = (int) origin[1], oz = (int) origin[2];
		int x0 = Math.max(0, -ox), x1 = Math.min(px, nx - ox);
		int y0 = Math.max(0, -oy), y1 = Math.min(py, ny - oy);
		int z0 = Math.max(0, -oz), z1 = Math.min(pz, nz - oz);
		for (int z = z0; z < z1; z++)
			for (int y = y0; y < y1; y++) {
				int patchRow = (z * py + y) * px;
				int volumeRow = ((oz + z) * ny + oy + y) * nx + ox;
				for (int x = x0; x < x1; x++)
					weightSum[volumeRow + x] += weights[patchRow + x];
				for (int c = 0; c < classes; c++) {
					int in = offset + c * patchVoxels + patchRow, out = c * voxels + volumeRow;
					for (int x = x0; x < x1; x++)
						sum[out + x] += weights[patchRow + x] * probs[in + x];
				}
			}
	}

	/** Divides by the weight sums and returns the probabilities (x, y, z, c); the accumulator is spent. */
	ArrayImg<FloatType, FloatArray> finish() {
		for (int v = 0; v < voxels; v++)
			if (!(weightSum[v] > 0))
				throw new IllegalStateException("voxel " + v + " was not covered by any window");
		for (int c = 0; c < classes; c++)
			for (int v = 0, i = c * voxels; v < voxels; v++, i++)
				sum[i] /= weightSum[v];
		weightSum = null;
		return ArrayImgs.floats(sum, nx, ny, nz, classes);
	}
}
