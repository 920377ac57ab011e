package sc.fiji.meanteacher.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import sc.fiji.meanteacher.volume.LabelVolume;

/**
 * Overlap and surface-distance metrics of a predicted segmentation against the truth, per case and
 * class, as medical-imaging papers report them (medpy / MONAI definitions, see
 * {@link SurfaceDistanceMetrics} and {@link BinaryMask#surface()}).
 * <p>
 * Every distance is computed twice: in voxel steps (what the UA-MT reference reports) and in
 * physical units from the voxel size.
 * <p>
 * <b>Empty masks.</b> Prediction and truth both empty for a class: Dice 1, Jaccard 1 (a perfect
 * "nothing there"). Exactly one empty: Dice 0, Jaccard 0. Either way all distances are NaN,
 * because no surface exists to measure from (medpy raises an error, MONAI returns inf or NaN);
 * {@link MetricsSummary} leaves NaN out of its means and names the cases it left out.
 */
public final class SegmentationMetrics {

	private static final double[] UNIT_SPACING = { 1, 1, 1 };

	private SegmentationMetrics() {}

	/** Metrics of each class in {@code classes}, named after and calibrated by the truth volume. */
	public static List<CaseMetrics> evaluate(LabelVolume prediction, LabelVolume truth, int... classes) {
		return evaluate(truth.name(), prediction.img(), truth.img(), truth.voxelSize(), classes);
	}

	/**
	 * Metrics of each class in {@code classes} (a voxel is in class c when its value equals c).
	 *
	 * @param voxelSize x, y, z size of a voxel, for the physical distances
	 * @throws IllegalArgumentException naming the case when the sizes differ, an image has no
	 *           voxels, the voxel size is invalid or no class is given
	 */
	public static <P extends RealType<P>, T extends RealType<T>> List<CaseMetrics> evaluate(String caseName,
		RandomAccessibleInterval<P> prediction, RandomAccessibleInterval<T> truth, double[] voxelSize, int... classes)
	{
		requireSameSize(caseName, prediction.dimensionsAsLongArray(), truth.dimensionsAsLongArray());
		if (classes.length == 0)
			throw new IllegalArgumentException(caseName + ": no class to evaluate");
		List<CaseMetrics> results = new ArrayList<>(classes.length);
		for (int c : classes)
			results.add(compare(caseName, c, BinaryMask.ofClass(caseName + " prediction", prediction, c),
				BinaryMask.ofClass(caseName + " truth", truth, c), voxelSize));
		return results;
	}

	/** Dice 2|P∩T| / (|P| + |T|) of two masks of one size; 1 when both are empty (nothing there, nothing found). */
	public static double dice(BinaryMask prediction, BinaryMask truth) {
		long total = (long) prediction.count() + truth.count();
		return total == 0 ? 1 : 2.0 * prediction.overlap(truth) / total;
	}

	/** Metrics of one binary prediction against one binary truth. */
	public static CaseMetrics compare(String caseName, int classIndex, BinaryMask prediction, BinaryMask truth, double[] voxelSize) {
		requireSameSize(caseName, toLong(prediction.dims()), toLong(truth.dims()));
		double[] spacing = checkVoxelSize(caseName, voxelSize);
		long np = prediction.count(), nt = truth.count();
		if (np == 0 && nt == 0) return CaseMetrics.bothEmpty(caseName, classIndex);
		if (np == 0 || nt == 0)
			return new CaseMetrics(caseName, classIndex, np, nt, 0, 0, SurfaceDistanceMetrics.UNDEFINED, SurfaceDistanceMetrics.UNDEFINED);
		long overlap = prediction.overlap(truth);
		double dice = dice(prediction, truth);
		double jaccard = (double) overlap / (np + nt - overlap);
		// Every surface voxel and its nearest partner lie in the box around both masks, and a
		// foreground voxel on that box's border has background (or the volume's outside) beyond
		// it in both masks, so cropping changes no surface and no distance, only the work.
		int[][] box = prediction.boundingBox(truth);
		BinaryMask ps = prediction.crop(box[0], box[1]).surface(), ts = truth.crop(box[0], box[1]).surface();
		SurfaceDistanceMetrics voxels = surfaceDistances(ps, ts, UNIT_SPACING);
		// With any other spacing the nearest surface voxel can change, so the transform is redone.
		SurfaceDistanceMetrics physical = Arrays.equals(spacing, UNIT_SPACING) ? voxels : surfaceDistances(ps, ts, spacing);
		return new CaseMetrics(caseName, classIndex, np, nt, dice, jaccard, voxels, physical);
	}

	private static SurfaceDistanceMetrics surfaceDistances(BinaryMask predictionSurface, BinaryMask truthSurface, double[] spacing) {
		return SurfaceDistanceMetrics.of(directed(predictionSurface, truthSurface, spacing),
			directed(truthSurface, predictionSurface, spacing));
	}

	/** For each voxel of {@code from}, the distance to the nearest voxel of {@code to}. */
	static double[] directed(BinaryMask from, BinaryMask to, double[] spacing) {
		double[] squared = EuclideanDistanceTransform.squaredDistance(to, spacing);
		double[] out = new double[from.count()];
		for (int i = 0, k = 0; i < squared.length; i++)
			if (from.isForeground(i)) out[k++] = Math.sqrt(squared[i]);
		return out;
	}

	private static void requireSameSize(String caseName, long[] prediction, long[] truth) {
		if (!Arrays.equals(prediction, truth))
			throw new IllegalArgumentException(caseName + ": prediction size " + Arrays.toString(prediction)
				+ " differs from truth size " + Arrays.toString(truth));
	}

	private static double[] checkVoxelSize(String caseName, double[] voxelSize) {
		if (voxelSize == null || voxelSize.length != 3)
			throw new IllegalArgumentException(caseName + ": voxel size needs 3 values (x, y, z), got " + Arrays.toString(voxelSize));
		for (double v : voxelSize)
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException(caseName + ": voxel size must be positive and finite, got " + Arrays.toString(voxelSize));
		return voxelSize.clone();
	}

	private static long[] toLong(int[] dims) {
		return Arrays.stream(dims).asLongStream().toArray();
	}
}
