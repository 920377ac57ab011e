package sc.fiji.meanteacher.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random geometry of one synthetic case, in physical coordinates: the labeled target (an
 * irregular atrium body with an appendage-like lobe and 2–4 tapering vein-like branches), bright
 * unlabeled distractors that touch or nearly touch it (an aorta-like tube, often a second smaller
 * chamber, thin vessels) and darker tissue blobs.
 * <p>
 * All sizes are fractions of the volume's extent, so a case looks the same at 32^3 and 128^3;
 * the draws never depend on the voxel grid, so the anatomy of a case is the same at any
 * resolution or voxel size covering the same extent.
 */
final class SyntheticAnatomy {

	/** A shape to paint and its intensity relative to the target's. */
	record Part(SyntheticShape shape, double relativeIntensity) {}

	/** The share of the box kept free around the atrium body on each side, at least. */
	private static final double MARGIN = 0.04;

	final SyntheticBlob body;
	final List<SyntheticShape> target = new ArrayList<>();
	final List<Part> brightDistractors = new ArrayList<>();
	/** Intensities relative to the background's. */
	final List<Part> tissue = new ArrayList<>();

	private SyntheticAnatomy(SyntheticBlob body) {
		this.body = body;
		target.add(body);
	}

	/** Draws one case's anatomy for a box of physical size {@code extent} (x, y, z). */
	static SyntheticAnatomy sample(SplittableRandom rng, double[] extent) {
		SyntheticAnatomy anatomy = new SyntheticAnatomy(sampleBody(rng, extent));
		anatomy.addVeins(rng);
		anatomy.addAorta(rng, extent);
		if (rng.nextDouble() < 0.7) anatomy.addSecondChamber(rng);
		anatomy.addThinVessels(rng, extent);
		anatomy.addTissue(rng, extent);
		return anatomy;
	}

	/**
	 * The atrium body: a blob of random volume (6–12 % of the box, bumps included), aspect and
	 * orientation, 4–6 wide bumps and dents, one narrow appendage lobe; shrunk where it would not
	 * fit and placed at random where it does.
	 */
	private static SyntheticBlob sampleBody(SplittableRandom rng, double[] extent) {
		double boxVolume = extent[0] * extent[1] * extent[2];
		double wantedVolume = rng.nextDouble(0.06, 0.12) * boxVolume;
		int wide = 4 + rng.nextInt(3);
		double[][] directions = new double[wide + 1][];
		double[] heights = new double[wide + 1], sharpness = new double[wide + 1];
		for (int j = 0; j < wide; j++) {
			directions[j] = unitVector(rng);
			heights[j] = rng.nextDouble(-0.3, 0.35);
			sharpness[j] = rng.nextDouble(2, 6);
		}
		directions[wide] = unitVector(rng);
		heights[wide] = rng.nextDouble(0.3, 0.55);
		sharpness[wide] = rng.nextDouble(8, 14);
		SyntheticBlob unit = new SyntheticBlob(new double[3], randomRotation(rng), randomAspect(rng, 1),
			directions, heights, sharpness);
		double[] room = new double[3];
		for (int d = 0; d < 3; d++)
			room[d] = (0.5 - MARGIN) * extent[d];
		SyntheticBlob blob = unit.scaledAndMoved(Math.cbrt(wantedVolume / unit.volume()), new double[3]).fittedInto(room);
		double[] half = blob.halfExtent();
		double[] center = new double[3];
		for (int d = 0; d < 3; d++)
			center[d] = 0.5 * extent[d] + rng.nextDouble(-1, 1) * Math.max(0, room[d] - half[d]);
		return blob.scaledAndMoved(1, center);
	}

	/**
	 * 2–4 veins leaving one side of the body (as the pulmonary veins leave the posterior atrium),
	 * at least 40° apart, each starting inside the body with a flared mouth, bending a little and
	 * tapering.
	 */
	private void addVeins(SplittableRandom rng) {
		double r = body.meanRadius();
		double[] c = body.center();
		double[] side = unitVector(rng);
		List<double[]> used = new ArrayList<>();
		int count = 2 + rng.nextInt(3);
		for (int tries = 0; used.size() < count && tries < 200; tries++) {
			double[] dir = normalise(add(side, scale(unitVector(rng), 1.1)));
			boolean apart = true;
			for (double[] u : used)
				apart &= dot(u, dir) < Math.cos(Math.toRadians(40));
			if (!apart) continue;
			used.add(dir);
			double surface = body.surfaceDistance(dir);
			double length = rng.nextDouble(0.6, 1.3) * r;
			double[] bend = scale(perpendicular(rng, dir), rng.nextDouble(-0.3, 0.3) * length);
			double[] start = add(c, scale(dir, 0.5 * surface));
			double[] mid = add(add(c, scale(dir, surface + 0.4 * length)), scale(bend, 0.4));
			double[] end = add(add(c, scale(dir, surface + length)), bend);
			double radius = rng.nextDouble(0.17, 0.27) * r;
			target.add(new SyntheticTube(new double[][] { start, mid, end },
				new double[] { 1.4 * radius, radius, 0.65 * radius }));
		}
	}

	/**
	 * A wide, slightly curved tube crossing the whole box beside the body, from a small overlap
	 * to a gap of half its radius: as bright as the target, never labeled.
	 */
	private void addAorta(SplittableRandom rng, double[] extent) {
		double r = body.meanRadius();
		double radius = rng.nextDouble(0.3, 0.45) * r;
		double[] dir = unitVector(rng);
		double[] away = perpendicular(rng, dir);
		double offset = body.surfaceDistance(away) + radius * rng.nextDouble(0.8, 1.5);
		double[] pass = add(body.center(), scale(away, offset));
		double reach = norm(extent);
		// the ends curve away from the body so the tube meets it only near 'pass'
		double[] curve = add(scale(away, rng.nextDouble(0, 0.3) * reach),
			scale(perpendicular(rng, dir), rng.nextDouble(-0.2, 0.2) * reach));
		double[][] points = { add(add(pass, scale(dir, -reach)), curve), pass, add(add(pass, scale(dir, reach)), curve) };
		brightDistractors.add(new Part(new SyntheticTube(points, new double[] { radius, radius, radius }),
			rng.nextDouble(0.85, 1.05)));
	}

	/** A smaller irregular chamber touching or nearly touching the body. */
	private void addSecondChamber(SplittableRandom rng) {
		double r2 = rng.nextDouble(0.45, 0.7) * body.meanRadius();
		SyntheticBlob chamber = randomBlob(rng, r2, 2 + rng.nextInt(2));
		double[] dir = unitVector(rng);
		double distance = body.surfaceDistance(dir) + r2 * rng.nextDouble(0.8, 1.3);
		brightDistractors.add(new Part(chamber.scaledAndMoved(1, add(body.center(), scale(dir, distance))),
			rng.nextDouble(0.8, 1.05)));
	}

	/** 1–3 thin straight vessels anywhere in the box. */
	private void addThinVessels(SplittableRandom rng, double[] extent) {
		int count = 1 + rng.nextInt(3);
		double reach = norm(extent);
		for (int i = 0; i < count; i++) {
			double[] through = randomPoint(rng, extent);
			double[] dir = unitVector(rng);
			double radius = rng.nextDouble(0.05, 0.1) * body.meanRadius();
			brightDistractors.add(new Part(new SyntheticTube(
				new double[][] { add(through, scale(dir, -reach)), add(through, scale(dir, reach)) },
				new double[] { radius, radius }), rng.nextDouble(0.7, 1.0)));
		}
	}

	/**
	 * 2–4 dark blobs (lung, air) and 2–4 larger blobs between background and target brightness
	 * (muscle, fat) anywhere; painted first, so the bright parts cover them.
	 */
	private void addTissue(SplittableRandom rng, double[] extent) {
		int dark = 2 + rng.nextInt(3), grey = 2 + rng.nextInt(3);
		for (int i = 0; i < dark + grey; i++) {
			boolean isDark = i < dark;
			double radius = (isDark ? rng.nextDouble(0.3, 0.7) : rng.nextDouble(0.4, 0.9)) * body.meanRadius();
			SyntheticBlob blob = randomBlob(rng, radius, 2 + rng.nextInt(2));
			double level = isDark ? rng.nextDouble(0.15, 0.5) : rng.nextDouble(1.3, 1.8);
			tissue.add(new Part(blob.scaledAndMoved(1, randomPoint(rng, extent)), level));
		}
	}

	/** A blob centred at the origin with mean radius {@code radius} and a few wide bumps. */
	private static SyntheticBlob randomBlob(SplittableRandom rng, double radius, int bumps) {
		double[][] directions = new double[bumps][];
		double[] heights = new double[bumps], sharpness = new double[bumps];
		for (int j = 0; j < bumps; j++) {
			directions[j] = unitVector(rng);
			heights[j] = rng.nextDouble(-0.2, 0.3);
			sharpness[j] = rng.nextDouble(1.5, 4);
		}
		return new SyntheticBlob(new double[3], randomRotation(rng), randomAspect(rng, radius), directions,
			heights, sharpness);
	}

	/** Semi-axes with geometric mean {@code radius} and ratios up to about 1.3. */
	private static double[] randomAspect(SplittableRandom rng, double radius) {
		double e1 = Math.exp(rng.nextDouble(-0.25, 0.25)), e2 = Math.exp(rng.nextDouble(-0.25, 0.25));
		return new double[] { radius * e1, radius * e2, radius / (e1 * e2) };
	}

	/** A uniformly random rotation, rows = rotated axes, from a normalised Gaussian quaternion. */
	static double[][] randomRotation(SplittableRandom rng) {
		double w = rng.nextGaussian(), x = rng.nextGaussian(), y = rng.nextGaussian(), z = rng.nextGaussian();
		double n = Math.sqrt(w * w + x * x + y * y + z * z);
		w /= n; x /= n; y /= n; z /= n;
		return new double[][] {
			{ 1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y) },
			{ 2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x) },
			{ 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y) } };
	}

	static double[] unitVector(SplittableRandom rng) {
		return normalise(new double[] { rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian() });
	}

	/** A random unit vector perpendicular to the unit vector {@code dir}. */
	private static double[] perpendicular(SplittableRandom rng, double[] dir) {
		double[] v = unitVector(rng);
		double[] p = add(v, scale(dir, -dot(v, dir)));
		// v almost parallel to dir: any axis not parallel to dir will do
		if (norm(p) < 1e-6) p = Math.abs(dir[0]) < 0.9 ? new double[] { 1 - dir[0] * dir[0], -dir[0] * dir[1], -dir[0] * dir[2] }
			: new double[] { -dir[1] * dir[0], 1 - dir[1] * dir[1], -dir[1] * dir[2] };
		return normalise(p);
	}

	private static double[] randomPoint(SplittableRandom rng, double[] extent) {
		return new double[] { rng.nextDouble() * extent[0], rng.nextDouble() * extent[1], rng.nextDouble() * extent[2] };
	}

	private static double[] add(double[] a, double[] b) {
		return new double[] { a[0] + b[0], a[1] + b[1], a[2] + b[2] };
	}

	private static double[] scale(double[] a, double s) {
		return new double[] { a[0] * s, a[1] * s, a[2] * s };
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	private static double norm(double[] a) {
		return Math.sqrt(dot(a, a));
	}

	private static double[] normalise(double[] a) {
		return scale(a, 1 / norm(a));
	}
}
