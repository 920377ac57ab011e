package sc.fiji.meanteacher.eval;

/** The per-case metrics; see {@link SurfaceDistanceMetrics} for the exact definitions of the distances. */
public enum Metric {
	DICE(false), JACCARD(false), HD95_POOLED(true), HD95_MAX_DIRECTED(true), ASD(true), ASSD(true);

	private final boolean distance;

	Metric(boolean distance) { this.distance = distance; }

	/** Whether the metric is a distance (has a unit) rather than an overlap ratio. */
	public boolean isDistance() { return distance; }
}
