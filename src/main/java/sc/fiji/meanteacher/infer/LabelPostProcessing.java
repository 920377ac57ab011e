package sc.fiji.meanteacher.infer;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Clean-up of a label image (0 = background, 1.. = classes) after segmentation. Both operations
 * work in place on any integer-typed 3-D image (a 2-D one counts as a single slice; its interval
 * may start anywhere) and return how many voxels they changed. Applied together, keep the largest
 * component first, then fill holes, so that removed fragments cannot seal cavities.
 */
public final class LabelPostProcessing {

	private LabelPostProcessing() {}

	/**
	 * For every class except background, keeps only its largest 3-D connected component
	 * (26-connectivity: voxels touching by a face, an edge or a corner are connected); voxels of the
	 * class's other components become background 0. Of equally large components the first in
	 * x-fastest scan order stays.
	 *
	 * @return number of voxels set to background
	 */
	public static int keepLargestComponent(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
		LabelArray a = LabelArray.read(labels);
		int changed = keepLargestComponent(a.values, a.dims);
		a.writeTo(labels);
		return changed;
	}

	/**
	 * {@link #keepLargestComponent(RandomAccessibleInterval)} on a flat label array, x fastest, in
	 * place (for pseudo-labels, which live in arrays).
	 *
	 * @param labels labels 0..65535 per voxel
	 * @param dims nx, ny, nz
	 * @return number of voxels set to background
	 */
	public static int keepLargestComponent(int[] labels, int[] dims) {
		ConnectedComponents cc = new ConnectedComponents(labels, dims, true, v -> v != 0);
		int maxValue = 0;
		for (int k = 0; k < cc.count; k++) maxValue = Math.max(maxValue, cc.value[k]);
		int[] largestOfClass = new int[maxValue + 1];
		Arrays.fill(largestOfClass, ConnectedComponents.NONE);
		for (int k = 0; k < cc.count; k++) {
			int best = largestOfClass[cc.value[k]];
			if (best == ConnectedComponents.NONE || cc.size[k] > cc.size[best]) largestOfClass[cc.value[k]] = k;
		}
		int changed = 0;
		for (int v = 0; v < labels.length; v++) {
			int k = cc.componentOf[v];
			if (k != ConnectedComponents.NONE && largestOfClass[cc.value[k]] != k) {
				labels[v] = 0;
				changed++;
			}
		}
		return changed;
	}

	/**
	 * Fills cavities: a connected region of background (6-connectivity, the complement of the
	 * 26-connectivity used for objects) that does not touch the image border and whose neighbours
	 * all belong to one class is given that class. A dent open to the border stays background, and
	 * so does a cavity bounded by two different classes (it is not clear whose it is).
	 *
	 * @return number of voxels filled
	 */
	public static int fillHoles(RandomAccessibleInterval<? extends IntegerType<?>> labels) {
		LabelArray a = LabelArray.read(labels);
		ConnectedComponents cc = new ConnectedComponents(a.values, a.dims, false, v -> v == 0);
		int changed = 0;
		for (int v = 0; v < a.values.length; v++) {
			int k = cc.componentOf[v];
			if (k != ConnectedComponents.NONE && !cc.touchesBorder[k] && cc.neighbourValue[k] > 0) {
				a.values[v] = cc.neighbourValue[k];
				changed++;
			}
		}
		a.writeTo(labels);
		return changed;
	}

	/** Labels copied to a flat x-fastest array, and written back in the same order. */
	private static final class LabelArray {

		final int[] values, dims;

		private LabelArray(int[] values, int[] dims) {
			this.values = values;
			this.dims = dims;
		}

		static LabelArray read(RandomAccessibleInterval<? extends IntegerType<?>> image) {
			RandomAccessibleInterval<? extends IntegerType<?>> volume = VolumeViews.asVolume(image, "label image");
			long[] d = volume.dimensionsAsLongArray();
			int[] values = new int[VolumeViews.voxelCount(d, "label image")];
			int i = 0;
			for (IntegerType<?> t : Views.flatIterable(volume)) {
				long v = t.getIntegerLong();
				if (v < 0 || v > 65535)
					throw new IllegalArgumentException("label image: label " + v + " at flat index " + i + " is outside 0..65535");
				values[i++] = (int) v;
			}
			return new LabelArray(values, new int[] { (int) d[0], (int) d[1], (int) d[2] });
		}

		void writeTo(RandomAccessibleInterval<? extends IntegerType<?>> image) {
			Cursor<? extends IntegerType<?>> c = Views.flatIterable(image).cursor();
			for (int i = 0; i < values.length; i++) {
				IntegerType<?> t = c.next();
				if (t.getIntegerLong() != values[i]) t.setInteger(values[i]);
			}
		}
	}
}
