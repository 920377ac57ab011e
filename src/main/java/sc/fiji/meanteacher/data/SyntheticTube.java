package sc.fiji.meanteacher.data;

/**
 * A tube along a polyline whose radius changes linearly from point to point (rounded ends):
 * tapering pulmonary veins, an aorta-like vessel, small bright vessels.
 */
final class SyntheticTube implements SyntheticShape {

	private final double[][] points;
	private final double[] radii;
	private final double[] lower = new double[3];
	private final double[] upper = new double[3];

	SyntheticTube(double[][] points, double[] radii) {
		if (points.length < 2 || points.length != radii.length)
			throw new IllegalArgumentException("tube: needs at least 2 points with one radius each, got "
				+ points.length + " points and " + radii.length + " radii");
		this.points = new double[points.length][];
		for (int i = 0; i < points.length; i++)
			this.points[i] = points[i].clone();
		this.radii = radii.clone();
		double maxRadius = 0;
		for (double r : radii) {
			if (!(r > 0)) throw new IllegalArgumentException("tube: radii must be positive, got " + r);
			maxRadius = Math.max(maxRadius, r);
		}
		for (int d = 0; d < 3; d++) {
			lower[d] = Double.POSITIVE_INFINITY;
			upper[d] = Double.NEGATIVE_INFINITY;
			for (double[] p : points) {
				lower[d] = Math.min(lower[d], p[d] - maxRadius);
				upper[d] = Math.max(upper[d], p[d] + maxRadius);
			}
		}
	}

	@Override
	public boolean contains(double x, double y, double z) {
		for (int s = 0; s + 1 < points.length; s++) {
			double[] a = points[s], b = points[s + 1];
			double ex = b[0] - a[0], ey = b[1] - a[1], ez = b[2] - a[2];
			double px = x - a[0], py = y - a[1], pz = z - a[2];
			double len2 = ex * ex + ey * ey + ez * ez;
			double t = len2 > 0 ? (px * ex + py * ey + pz * ez) / len2 : 0;
			t = Math.max(0, Math.min(1, t));
			double dx = px - t * ex, dy = py - t * ey, dz = pz - t * ez;
			double r = radii[s] + t * (radii[s + 1] - radii[s]);
			if (dx * dx + dy * dy + dz * dz < r * r) return true;
		}
		return false;
	}

	@Override
	public double[] lower() { return lower.clone(); }

	@Override
	public double[] upper() { return upper.clone(); }
}
