package sc.fiji.meanteacher.eval;

/**
 * Metrics of one case and one class.
 *
 * @param caseName the case, as passed to {@link SegmentationMetrics}
 * @param classIndex the label compared (prediction == c vs truth == c)
 * @param predictedVoxels voxels of the class in the prediction
 * @param trueVoxels voxels of the class in the truth
 * @param dice 2|P∩T| / (|P| + |T|)
 * @param jaccard |P∩T| / |P∪T|
 * @param voxels surface distances in voxel steps (spacing 1, 1, 1)
 * @param physical surface distances in the unit of the voxel size
 */
public record CaseMetrics(String caseName, int classIndex, long predictedVoxels, long trueVoxels, double dice, double jaccard,
	SurfaceDistanceMetrics voxels, SurfaceDistanceMetrics physical) {

	/**
	 * A class absent from both prediction and truth: Dice and Jaccard a perfect "nothing there",
	 * surface distances undefined, as no surface exists on either side (see {@link SegmentationMetrics}).
	 */
	public static CaseMetrics bothEmpty(String caseName, int classIndex) {
		return new CaseMetrics(caseName, classIndex, 0, 0, 1, 1, SurfaceDistanceMetrics.UNDEFINED, SurfaceDistanceMetrics.UNDEFINED);
	}

	/** One metric; the unit is ignored for Dice and Jaccard. */
	public double value(Metric metric, DistanceUnit unit) {
		SurfaceDistanceMetrics d = unit == DistanceUnit.VOXELS ? voxels : physical;
		return switch (metric) {
			case DICE -> dice;
			case JACCARD -> jaccard;
			case HD95_POOLED -> d.hd95Pooled();
			case HD95_MAX_DIRECTED -> d.hd95MaxDirected();
			case ASD -> d.asd();
			case ASSD -> d.assd();
		};
	}

	/**
	 * Why the surface distances are undefined ("empty prediction", "empty truth", "empty prediction
	 * and truth"), or null when they are defined.
	 */
	public String distancesUndefinedBecause() {
		if (predictedVoxels == 0 && trueVoxels == 0) return "empty prediction and truth";
		if (predictedVoxels == 0) return "empty prediction";
		if (trueVoxels == 0) return "empty truth";
		return null;
	}
}
