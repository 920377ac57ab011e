package sc.fiji.meanteacher.eval;

/**
 * Surface-distance metrics of one prediction/truth pair, in one unit (voxels or physical).
 * <p>
 * Built from the two directed surface distance sets: for every surface voxel of the prediction
 * the distance to the nearest surface voxel of the truth, and the reverse (see
 * {@link BinaryMask#surface()} for which voxels form a surface).
 *
 * @param hd95Pooled 95th percentile of both directed sets pooled together (medpy {@code hd95})
 * @param hd95MaxDirected larger of the two directed 95th percentiles (MONAI
 *          {@code compute_hausdorff_distance(percentile=95)})
 * @param asd mean distance from the prediction surface to the truth surface (medpy {@code asd},
 *          directed: prediction to truth)
 * @param assd mean of the two directed means, {@code (asd(pred, truth) + asd(truth, pred)) / 2}
 *          (medpy {@code assd}; not the mean of the pooled distances)
 */
public record SurfaceDistanceMetrics(double hd95Pooled, double hd95MaxDirected, double asd, double assd) {

	/** A mask empty: without a surface on both sides no distance exists. */
	public static final SurfaceDistanceMetrics UNDEFINED = new SurfaceDistanceMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

	/** Percentile of the HD95 metrics. */
	public static final double PERCENT = 95;

	/** Metrics from the directed distances; both arrays must be non-empty (they are when both masks are). */
	public static SurfaceDistanceMetrics of(double[] predictionToTruth, double[] truthToPrediction) {
		if (predictionToTruth.length == 0 || truthToPrediction.length == 0)
			throw new IllegalArgumentException("surface distances need non-empty surfaces on both sides");
		double[] pooled = new double[predictionToTruth.length + truthToPrediction.length];
		System.arraycopy(predictionToTruth, 0, pooled, 0, predictionToTruth.length);
		System.arraycopy(truthToPrediction, 0, pooled, predictionToTruth.length, truthToPrediction.length);
		double asd = mean(predictionToTruth);
		return new SurfaceDistanceMetrics(
			Percentile.linear(pooled, PERCENT),
			Math.max(Percentile.linear(predictionToTruth, PERCENT), Percentile.linear(truthToPrediction, PERCENT)),
			asd,
			(asd + mean(truthToPrediction)) / 2);
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double v : values) sum += v;
		return sum / values.length;
	}
}
