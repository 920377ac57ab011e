package sc.fiji.meanteacher.ui;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import sc.fiji.meanteacher.infer.SegmentationResult;

/** The class probabilities of a segmentation as an ImageJ 1.x stack. */
public final class ProbabilityImages {

	private ProbabilityImages() {}

	/**
	 * A 32-bit hyperstack of the foreground classes' probabilities: one channel per class 1..C-1
	 * (the background's is 1 minus their sum, so it is left out), one slice per z.
	 *
	 * @param unit length unit of the voxel size, or null
	 */
	public static ImagePlus of(SegmentationResult result, String title, double[] voxelSize, String unit) {
		long[] d = result.dims();
		int nx = (int) d[0], ny = (int) d[1], nz = (int) d[2], plane = nx * ny;
		float[] p = result.probabilities().update(null).getCurrentStorageArray();
		int channels = result.numClasses() - 1;
		ImageStack stack = new ImageStack(nx, ny);
		// ImageJ orders a hyperstack channel-fastest; the result is laid out (x, y, z, c).
		for (int z = 0; z < nz; z++)
			for (int c = 1; c <= channels; c++) {
				float[] slice = new float[plane];
				System.arraycopy(p, (c * nz + z) * plane, slice, 0, plane);
				stack.addSlice("class " + c + ", z " + (z + 1), new FloatProcessor(nx, ny, slice));
			}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(channels, nz, 1);
		if (channels > 1) imp = new ij.CompositeImage(imp, ij.CompositeImage.COMPOSITE);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = voxelSize[0];
		cal.pixelHeight = voxelSize[1];
		cal.pixelDepth = voxelSize[2];
		if (unit != null) cal.setUnit(unit);
		imp.setDisplayRange(0, 1);
		return imp;
	}
}
