package sc.fiji.meanteacher.data;

/**
 * A rotated ellipsoid whose radius is modulated by smooth bumps on the sphere of directions: a
 * star-shaped, irregular blob (the atrium body, the appendage as one narrow bump, or a distractor).
 * <p>
 * In the blob's own frame, scaled by the semi-axes, a point at distance ρ in direction u is inside
 * when ρ &lt; 1 + Σ a_j exp(k_j (u·d_j − 1)). Each term is a bump of height a_j centred on d_j
 * whose angular width shrinks as k_j grows; a few wide bumps give low-frequency irregularity
 * without any trigonometry per voxel.
 */
final class SyntheticBlob implements SyntheticShape {

	/** Never let negative bumps pinch the radius below this fraction, so the blob stays one piece. */
	private static final double MIN_RADIUS_FACTOR = 0.35;
	/**
	 * Directions spread evenly over the sphere (a Fibonacci lattice), about 6° apart: where the
	 * blob's extent and volume are measured.
	 */
	private static final double[][] SPHERE = fibonacciSphere(1000);
	/** Headroom on the measured extent for bump peaks that fall between sampled directions. */
	private static final double EXTENT_HEADROOM = 1.04;

	private final double[] center;
	private final double[][] axes;
	private final double[] semiAxes;
	private final double[][] bumpDirections;
	private final double[] bumpHeights;
	private final double[] bumpSharpness;
	private final double minFactor;
	private final double maxFactor;
	private final double[] halfExtent;
	private final double volume;

	/**
	 * @param center         centre in physical coordinates
	 * @param axes           rows are the blob's orthonormal local axes in physical coordinates
	 * @param semiAxes       radii along the local axes before the bumps
	 * @param bumpDirections unit vectors in the local frame
	 * @param bumpHeights    relative radius change at each bump centre (negative: a dent)
	 * @param bumpSharpness  k of each bump; 2 covers about a hemisphere, 10 a narrow lobe
	 */
	SyntheticBlob(double[] center, double[][] axes, double[] semiAxes, double[][] bumpDirections,
		double[] bumpHeights, double[] bumpSharpness)
	{
		if (bumpDirections.length != bumpHeights.length || bumpHeights.length != bumpSharpness.length)
			throw new IllegalArgumentException("blob: " + bumpDirections.length + " bump directions, "
				+ bumpHeights.length + " heights and " + bumpSharpness.length + " sharpness values");
		this.center = center.clone();
		this.axes = new double[][] { axes[0].clone(), axes[1].clone(), axes[2].clone() };
		this.semiAxes = semiAxes.clone();
		this.bumpDirections = bumpDirections.clone();
		this.bumpHeights = bumpHeights.clone();
		this.bumpSharpness = bumpSharpness.clone();
		// extent, volume and radius range from the surface along the sampled directions: the bumps
		// make exact formulas impractical and the sums of bump heights are far too loose as bounds
		double up = 1, down = 1;
		for (double h : bumpHeights) {
			if (h > 0) up += h;
			else down += h;
		}
		double floor = Math.max(MIN_RADIUS_FACTOR, down);
		this.halfExtent = new double[3];
		double cubes = 0, highest = 0, lowest = Double.POSITIVE_INFINITY;
		for (double[] u : SPHERE) {
			double f = radiusFactor(u[0], u[1], u[2], floor);
			cubes += f * f * f;
			highest = Math.max(highest, f);
			lowest = Math.min(lowest, f);
			for (int d = 0; d < 3; d++) {
				double reach = 0;
				for (int a = 0; a < 3; a++)
					reach += axes[a][d] * semiAxes[a] * u[a] * f;
				halfExtent[d] = Math.max(halfExtent[d], Math.abs(reach));
			}
		}
		for (int d = 0; d < 3; d++)
			halfExtent[d] *= EXTENT_HEADROOM;
		this.maxFactor = Math.min(up, highest * EXTENT_HEADROOM);
		this.minFactor = Math.max(floor, lowest / EXTENT_HEADROOM);
		// a star-shaped solid holds ∫ r(u)³/3 dΩ; in the scaled frame r = f, and scaling back multiplies by abc
		this.volume = 4 * Math.PI / 3 * cubes / SPHERE.length * semiAxes[0] * semiAxes[1] * semiAxes[2];
	}

	/** The same blob with all radii multiplied by {@code scale}, moved to {@code newCenter}. */
	SyntheticBlob scaledAndMoved(double scale, double[] newCenter) {
		double[] semi = { semiAxes[0] * scale, semiAxes[1] * scale, semiAxes[2] * scale };
		return new SyntheticBlob(newCenter, axes, semi, bumpDirections, bumpHeights, bumpSharpness);
	}

	/**
	 * This blob made to fit a box of half-size {@code room} around its centre. Semi-axes shrink
	 * only as far as needed and in proportion to how closely they align with an axis where the blob
	 * does not fit, so a flat box gets a flattened blob instead of a uniformly tiny one.
	 */
	SyntheticBlob fittedInto(double[] room) {
		double[] semi = semiAxes.clone();
		// how much further than the plain ellipsoid the bumps reach, taken as fixed while fitting
		double[] bumpReach = new double[3];
		for (int d = 0; d < 3; d++)
			bumpReach[d] = halfExtent[d] / ellipsoidHalfExtent(semi, d);
		for (int iteration = 0; iteration < 60; iteration++) {
			boolean fits = true;
			for (int d = 0; d < 3; d++) {
				double reach = bumpReach[d] * ellipsoidHalfExtent(semi, d);
				if (reach <= room[d]) continue;
				fits = false;
				for (int a = 0; a < 3; a++)
					semi[a] *= Math.pow(room[d] / reach, axes[a][d] * axes[a][d]);
			}
			if (fits) break;
		}
		SyntheticBlob fitted = new SyntheticBlob(center, axes, semi, bumpDirections, bumpHeights, bumpSharpness);
		// the bumps' reach changes a little with the aspect: a final uniform shrink makes sure
		double shrink = 1;
		for (int d = 0; d < 3; d++)
			shrink = Math.min(shrink, room[d] / fitted.halfExtent[d]);
		return shrink < 1 ? fitted.scaledAndMoved(shrink, center) : fitted;
	}

	/** Half-extent along physical axis d of the ellipsoid with these semi-axes and this blob's axes. */
	private double ellipsoidHalfExtent(double[] semi, int d) {
		double s = 0;
		for (int a = 0; a < 3; a++)
			s += axes[a][d] * axes[a][d] * semi[a] * semi[a];
		return Math.sqrt(s);
	}

	double[] center() { return center.clone(); }

	/** Half the size of the bounding box along x, y, z: how far the blob may reach from its centre. */
	double[] halfExtent() { return halfExtent.clone(); }

	/** The enclosed volume (physical units cubed), measured to within about a percent. */
	double volume() { return volume; }

	/** The geometric-mean radius before bumps. */
	double meanRadius() { return Math.cbrt(semiAxes[0] * semiAxes[1] * semiAxes[2]); }

	/** Distance from the centre to the surface along a physical unit direction. */
	double surfaceDistance(double[] direction) {
		double vx = dot(axes[0], direction) / semiAxes[0];
		double vy = dot(axes[1], direction) / semiAxes[1];
		double vz = dot(axes[2], direction) / semiAxes[2];
		double norm = Math.sqrt(vx * vx + vy * vy + vz * vz);
		return radiusFactor(vx / norm, vy / norm, vz / norm, minFactor) / norm;
	}

	@Override
	public boolean contains(double x, double y, double z) {
		double px = x - center[0], py = y - center[1], pz = z - center[2];
		double vx = (axes[0][0] * px + axes[0][1] * py + axes[0][2] * pz) / semiAxes[0];
		double vy = (axes[1][0] * px + axes[1][1] * py + axes[1][2] * pz) / semiAxes[1];
		double vz = (axes[2][0] * px + axes[2][1] * py + axes[2][2] * pz) / semiAxes[2];
		double rho2 = vx * vx + vy * vy + vz * vz;
		// cheap answers before evaluating the bumps
		if (rho2 >= maxFactor * maxFactor) return false;
		if (rho2 < minFactor * minFactor) return true;
		double rho = Math.sqrt(rho2);
		return rho < radiusFactor(vx / rho, vy / rho, vz / rho, minFactor);
	}

	private double radiusFactor(double ux, double uy, double uz, double floor) {
		double f = 1;
		for (int j = 0; j < bumpHeights.length; j++) {
			double[] d = bumpDirections[j];
			double cos = ux * d[0] + uy * d[1] + uz * d[2];
			f += bumpHeights[j] * Math.exp(bumpSharpness[j] * (cos - 1));
		}
		return Math.max(floor, f);
	}

	@Override
	public double[] lower() {
		return new double[] { center[0] - halfExtent[0], center[1] - halfExtent[1], center[2] - halfExtent[2] };
	}

	@Override
	public double[] upper() {
		return new double[] { center[0] + halfExtent[0], center[1] + halfExtent[1], center[2] + halfExtent[2] };
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	private static double[][] fibonacciSphere(int n) {
		double[][] points = new double[n][];
		double golden = Math.PI * (3 - Math.sqrt(5));
		for (int i = 0; i < n; i++) {
			double z = 1 - (2 * i + 1) / (double) n;
			double r = Math.sqrt(1 - z * z);
			points[i] = new double[] { r * Math.cos(golden * i), r * Math.sin(golden * i), z };
		}
		return points;
	}
}
