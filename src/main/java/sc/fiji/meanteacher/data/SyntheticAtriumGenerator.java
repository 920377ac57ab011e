package sc.fiji.meanteacher.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Deterministic left-atrium-like 3-D volumes for tests, the demo and benchmarks.
 * <p>
 * The target (label 1) is an irregular blob with an appendage-like lobe and 2–4 tapering
 * vein-like branches. A global threshold cannot isolate it: an aorta-like tube and often a second
 * chamber of the same brightness touch or nearly touch it, thin bright vessels cross the box,
 * darker tissue, two scales of background texture, a texture inside the target, partial-volume
 * blur, a ±10–20 % bias field, Rician noise and a per-case gain and offset vary every case.
 * <p>
 * Case {@code index} depends only on (seed, index, size, voxel size): every case has its own
 * random generator, so cases can be made in any order, in parallel, or one at a time. The anatomy
 * is drawn in physical coordinates relative to the box, so it does not depend on the grid.
 * Instances are immutable and thread-safe.
 */
public final class SyntheticAtriumGenerator {

	/** Below this size a dimension cannot hold a recognisable atrium with branches. */
	public static final int MIN_SIZE = 8;

	/** Partial-volume blur of all edges, in voxels. */
	private static final double EDGE_BLUR = 1.0;
	/** Background level before gain; the target sits around 0.8. */
	private static final double BACKGROUND = 0.3;

	private final long seed;
	private final double[] voxelSize;

	/** A generator of isotropic 1 × 1 × 1 volumes. */
	public SyntheticAtriumGenerator(long seed) {
		this(seed, new double[] { 1, 1, 1 });
	}

	/** A generator of volumes with the given voxel size (x, y, z), e.g. {1, 1, 2.5} for thick slices. */
	public SyntheticAtriumGenerator(long seed, double[] voxelSize) {
		if (voxelSize == null || voxelSize.length != 3)
			throw new IllegalArgumentException("synthetic atrium: voxel size needs 3 values (x, y, z), got "
				+ (voxelSize == null ? "none" : Arrays.toString(voxelSize)));
		for (double v : voxelSize)
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("synthetic atrium: voxel size must be positive and finite, got "
					+ Arrays.toString(voxelSize));
		this.seed = seed;
		this.voxelSize = voxelSize.clone();
	}

	public long seed() { return seed; }

	public double[] voxelSize() { return voxelSize.clone(); }

	/** The name of case {@code index}: {@code synthetic-007}. */
	public static String caseName(int index) {
		return String.format(Locale.ROOT, "synthetic-%03d", index);
	}

	/** Cases {@code first .. first + count - 1}, each exactly as {@link #generate(int, int, int, int)} makes it. */
	public List<Case> generate(int first, int count, int nx, int ny, int nz) {
		if (count < 0)
			throw new IllegalArgumentException("synthetic atrium: cannot make " + count + " cases");
		List<Case> cases = new ArrayList<>(count);
		for (int i = 0; i < count; i++)
			cases.add(generate(first + i, nx, ny, nz));
		return cases;
	}

	/** Case {@code index} on an {@code nx × ny × nz} grid. */
	public Case generate(int index, int nx, int ny, int nz) {
		String name = caseName(index);
		if (index < 0)
			throw new IllegalArgumentException(name + ": the case index must not be negative");
		if (nx < MIN_SIZE || ny < MIN_SIZE || nz < MIN_SIZE)
			throw new IllegalArgumentException(name + ": size " + nx + "x" + ny + "x" + nz
				+ " is too small, every dimension needs at least " + MIN_SIZE + " voxels");
		if ((long) nx * ny * nz > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException(name + ": size " + nx + "x" + ny + "x" + nz + " exceeds 2^31 voxels");
		int[] dims = { nx, ny, nz };
		double[] extent = { nx * voxelSize[0], ny * voxelSize[1], nz * voxelSize[2] };

		SplittableRandom caseRandom = new SplittableRandom(caseSeed(seed, index));
		// separate streams: the anatomy never depends on how many noise values the grid needs
		SyntheticAnatomy anatomy = SyntheticAnatomy.sample(caseRandom.split(), extent);
		SplittableRandom look = caseRandom.split();

		byte[] label = new byte[nx * ny * nz];
		float[] image = render(anatomy, look, dims, extent, label);
		long[] longDims = { nx, ny, nz };
		return new Case(name, Volume.wrap(name, image, longDims, voxelSize),
			LabelVolume.wrap(name, label, longDims, voxelSize));
	}

	/** Paints the anatomy, fills {@code label} and returns the image. */
	private float[] render(SyntheticAnatomy anatomy, SplittableRandom rng, int[] dims, double[] extent, byte[] label) {
		// scalar appearance first, so the draws do not depend on the grid size
		double target = rng.nextDouble(0.65, 0.85);
		double fineAmplitude = rng.nextDouble(0.03, 0.06);
		double coarseAmplitude = rng.nextDouble(0.06, 0.1);
		double textureAmplitude = rng.nextDouble(0.04, 0.09);
		double biasAmplitude = rng.nextDouble(0.1, 0.2);
		double noiseSigma = rng.nextDouble(0.03, 0.07);
		double gain = rng.nextDouble(0.7, 1.4);
		double offset = rng.nextDouble(-0.1, 0.1);

		double size = Math.cbrt(extent[0] * extent[1] * extent[2]);
		float[] fine = SyntheticFields.smoothNoise(rng.split(), dims, inVoxels(Math.max(1, 0.012 * size)));
		float[] coarse = SyntheticFields.smoothNoise(rng.split(), dims, inVoxels(0.08 * size));
		float[] texture = SyntheticFields.smoothNoise(rng.split(), dims, inVoxels(0.035 * size));
		float[] bias = SyntheticFields.quadraticField(rng.split(), dims);

		float[] img = new float[label.length];
		for (int i = 0; i < img.length; i++)
			img[i] = (float) (BACKGROUND + fineAmplitude * fine[i] + coarseAmplitude * coarse[i]);
		// later parts cover earlier ones: tissue, then bright distractors, then the target
		for (SyntheticAnatomy.Part part : anatomy.tissue) {
			double level = BACKGROUND * part.relativeIntensity();
			part.shape().forEachVoxelInside(dims, voxelSize,
				i -> img[i] = (float) (level + 0.5 * fineAmplitude * fine[i]));
		}
		for (SyntheticAnatomy.Part part : anatomy.brightDistractors) {
			double level = target * part.relativeIntensity();
			part.shape().forEachVoxelInside(dims, voxelSize,
				i -> img[i] = (float) (level * (1 + textureAmplitude * texture[i])));
		}
		for (SyntheticShape shape : anatomy.target)
			shape.forEachVoxelInside(dims, voxelSize, i -> {
				label[i] = 1;
				img[i] = (float) (target * (1 + textureAmplitude * texture[i]));
			});

		SyntheticFields.blur(img, dims, new double[] { EDGE_BLUR, EDGE_BLUR, EDGE_BLUR });
		addBiasNoiseAndGain(img, bias, biasAmplitude, noiseSigma, gain, offset, rng.split());
		return img;
	}

	/** Multiplicative bias, then Rician noise (the magnitude of a complex signal with Gaussian noise), then gain and offset. */
	private static void addBiasNoiseAndGain(float[] img, float[] bias, double biasAmplitude, double sigma,
		double gain, double offset, SplittableRandom rng)
	{
		for (int i = 0; i < img.length; i++) {
			double signal = img[i] * (1 + biasAmplitude * bias[i]);
			double real = signal + sigma * rng.nextGaussian(), imaginary = sigma * rng.nextGaussian();
			img[i] = (float) (gain * Math.sqrt(real * real + imaginary * imaginary) + offset);
		}
	}

	/** A physical length as a per-axis length in voxels. */
	private double[] inVoxels(double millimetres) {
		return new double[] { millimetres / voxelSize[0], millimetres / voxelSize[1], millimetres / voxelSize[2] };
	}

	/** Mixes seed and index (SplitMix64 finaliser) so that neighbouring indices give unrelated streams. */
	static long caseSeed(long seed, int index) {
		return mix(mix(seed) ^ mix(index + 0x9e3779b97f4a7c15L));
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}
}
