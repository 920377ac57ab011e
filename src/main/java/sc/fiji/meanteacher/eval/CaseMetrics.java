package sc.fiji.meanteacher.eval;

/**
 * Metrics of one case and one class.
 *
 * @param caseName the case, as passed to {@link SegmentationMetrics}
 * @param classIndex the label compared (prediction == c vs truth == c)
 * @param dice 2|P∩T| / (|P| + |T|)
 * @param jaccard |P∩T| / |P∪T|
 * @param voxels surface distances in voxel steps (spacing 1, 1, 1)
 * @param physical surface distances in the unit of the voxel size
 */
public record CaseMetrics(String caseName, int classIndex, double dice, double jaccard,
	SurfaceDistanceMetrics voxels, SurfaceDistanceMetrics physical) {

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
}
