package sc.fiji.meanteacher.data;

import java.util.Arrays;

import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Cuts training and validation patches of a fixed size out of a volume, with the reference
 * training augmentation: a rotation by k quarter turns in the x-y plane, a flip along x or y,
 * then a random crop (zero padding, label 0, where the volume is smaller than the patch).
 * <p>
 * Nothing is materialised: a {@link Transform} is turned into one source index per patch voxel
 * (rotation, flip and crop composed per axis), and image and label are gathered through the same
 * indices, so they stay aligned by construction. The augmenter is immutable and thread-safe.
 */
public final class Augmenter {

	/** Teacher noise of the reference: N(0, 0.1) clamped to ±0.2. */
	public static final double NOISE_SD = 0.1, NOISE_CLAMP = 0.2;

	/**
	 * A geometric patch transform: the volume is rotated by {@code quarterTurns} counter-clockwise
	 * quarter turns in the x-y plane (as displayed, x to the right, y down; a turn swaps the x and y
	 * extents), then mirrored along {@code flipAxis} (0 = x, 1 = y, -1 = none), and the patch is
	 * read from that geometry starting at {@code (offsetX, offsetY, offsetZ)}. A negative offset
	 * means zero padding before the volume along that axis.
	 */
	public record Transform(int quarterTurns, int flipAxis, int offsetX, int offsetY, int offsetZ) {
		public Transform {
			if (quarterTurns < 0 || quarterTurns > 3)
				throw new IllegalArgumentException("quarter turns must be 0..3, got " + quarterTurns);
			if (flipAxis < -1 || flipAxis > 1)
				throw new IllegalArgumentException("flip axis must be -1 (none), 0 (x) or 1 (y), got " + flipAxis);
		}
	}

	private final int px, py, pz;

	public Augmenter(int px, int py, int pz) {
		if (px < 1 || py < 1 || pz < 1)
			throw new IllegalArgumentException("patch size must be positive, got " + px + "x" + py + "x" + pz);
		if ((long) px * py * pz > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("patch " + px + "x" + py + "x" + pz + " has more than 2^31 voxels");
		this.px = px;
		this.py = py;
		this.pz = pz;
	}

	/** @param patch patch size (x, y, z) */
	public Augmenter(int[] patch) {
		this(checkLength(patch)[0], patch[1], patch[2]);
	}

	/** Patch size (x, y, z). */
	public int[] patch() { return new int[] { px, py, pz }; }

	public int patchVoxels() { return px * py * pz; }

	/**
	 * A random training transform for a volume of the given size: with {@code rotateFlip} a random
	 * quarter-turn count (0..3) and a random in-plane flip axis (x or y, as the reference flips one
	 * of the first two array axes), then a random crop position in the rotated geometry. Along an
	 * axis where the volume is smaller than the patch, it is centred in zero padding instead.
	 */
	public Transform randomTransform(int nx, int ny, int nz, boolean rotateFlip, Rng rng) {
		int turns = rotateFlip ? rng.nextInt(4) : 0;
		int flip = rotateFlip ? rng.nextInt(2) : -1;
		boolean swapped = (turns & 1) == 1;
		return new Transform(turns, flip,
			randomOffset(swapped ? ny : nx, px, rng),
			randomOffset(swapped ? nx : ny, py, rng),
			randomOffset(nz, pz, rng));
	}

	/**
	 * As {@link #randomTransform}, but the crop holds the source voxel {@code voxel} (flat index, x
	 * fastest) at a uniformly random position of the patch, the crop then moved back inside the
	 * volume where it would stick out: the crops of a sparsely labeled volume are placed around an
	 * annotated voxel so that every one holds some.
	 */
	public Transform randomTransformContaining(int nx, int ny, int nz, int voxel, boolean rotateFlip, Rng rng) {
		int turns = rotateFlip ? rng.nextInt(4) : 0;
		int flip = rotateFlip ? rng.nextInt(2) : -1;
		Axes a = Axes.of(turns, flip);
		int sx = voxel % nx, sy = voxel / nx % ny, sz = voxel / nx / ny;
		// the voxel's coordinates in the rotated and flipped geometry the offsets refer to
		int gx = a.swapped() ? (a.reverseX() ? ny - 1 - sy : sy) : (a.reverseX() ? nx - 1 - sx : sx);
		int gy = a.swapped() ? (a.reverseY() ? nx - 1 - sx : sx) : (a.reverseY() ? ny - 1 - sy : sy);
		return new Transform(turns, flip,
			offsetContaining(gx, a.swapped() ? ny : nx, px, rng),
			offsetContaining(gy, a.swapped() ? nx : ny, py, rng),
			offsetContaining(sz, nz, pz, rng));
	}

	/**
	 * Rotation by {@code k} quarter turns and a flip as, for patch x and y, whether each reads the
	 * other source axis and whether it runs backwards; see {@link Transform} for the direction.
	 */
	private record Axes(boolean swapped, boolean reverseX, boolean reverseY) {
		static Axes of(int k, int flipAxis) {
			boolean reverseX = k == 2 || k == 3;
			boolean reverseY = k == 1 || k == 2;
			return new Axes((k & 1) == 1, flipAxis == 0 ? !reverseX : reverseX, flipAxis == 1 ? !reverseY : reverseY);
		}
	}

	/** The validation transform: no rotation or flip, the patch centred on the volume (padded if smaller). */
	public Transform centreTransform(int nx, int ny, int nz) {
		return new Transform(0, -1, centreOffset(nx, px), centreOffset(ny, py), centreOffset(nz, pz));
	}

	/**
	 * Writes a randomly transformed patch of {@code image} into {@code dst} at {@code dstOffset}
	 * and, when {@code label} is given, the same patch of the label into {@code labelDst} at
	 * {@code labelOffset}. Returns the transform used.
	 */
	public Transform randomPatch(Volume image, LabelVolume label, boolean rotateFlip, Rng rng,
		float[] dst, int dstOffset, byte[] labelDst, int labelOffset)
	{
		return randomPatch(image, label, Annotation.DENSE, rotateFlip, rng, dst, dstOffset, labelDst, labelOffset);
	}

	/**
	 * As above; when {@code label} has voxels that {@code annotation} marks not annotated, the crop
	 * is placed around an annotated voxel drawn uniformly at random
	 * ({@link #randomTransformContaining}), so that it holds annotated voxels.
	 */
	public Transform randomPatch(Volume image, LabelVolume label, Annotation annotation, boolean rotateFlip, Rng rng,
		float[] dst, int dstOffset, byte[] labelDst, int labelOffset)
	{
		return randomPatch(image, label, label == null ? null : annotation.annotatedVoxels(label), rotateFlip, rng, dst, dstOffset,
			labelDst, labelOffset);
	}

	/**
	 * As above, with the label's annotated voxels found beforehand ({@link Annotation#annotatedVoxels};
	 * null: every voxel annotated, or no label), so that training does not scan a volume per crop.
	 */
	public Transform randomPatch(Volume image, LabelVolume label, int[] annotatedVoxels, boolean rotateFlip, Rng rng,
		float[] dst, int dstOffset, byte[] labelDst, int labelOffset)
	{
		// a fully annotated volume is cut as dense labels are, so that it trains exactly as they do
		Transform t = annotatedVoxels == null
			? randomTransform(image.nx(), image.ny(), image.nz(), rotateFlip, rng)
			: randomTransformContaining(image.nx(), image.ny(), image.nz(), annotatedVoxels[rng.nextInt(annotatedVoxels.length)],
				rotateFlip, rng);
		apply(t, image, label, dst, dstOffset, labelDst, labelOffset);
		return t;
	}

	/** Writes the centred patch of {@code image} (and {@code label}, if given), as {@link #randomPatch}. */
	public Transform centreCrop(Volume image, LabelVolume label, float[] dst, int dstOffset, byte[] labelDst, int labelOffset) {
		Transform t = centreTransform(image.nx(), image.ny(), image.nz());
		apply(t, image, label, dst, dstOffset, labelDst, labelOffset);
		return t;
	}

	/** Writes the patch that {@code t} selects from {@code image} (and {@code label}, if not null). */
	public void apply(Transform t, Volume image, LabelVolume label, float[] dst, int dstOffset, byte[] labelDst, int labelOffset) {
		requireRoom(image.name(), dst == null ? -1 : dst.length, dstOffset);
		if (label != null) {
			label.requireSameSize(image);
			requireRoom(label.name(), labelDst == null ? -1 : labelDst.length, labelOffset);
		}
		int[] source = sourceIndices(t, image.nx(), image.ny(), image.nz());
		float[] src = image.data();
		for (int i = 0; i < source.length; i++)
			dst[dstOffset + i] = source[i] < 0 ? 0f : src[source[i]];
		if (label == null) return;
		byte[] lab = label.data();
		for (int i = 0; i < source.length; i++)
			labelDst[labelOffset + i] = source[i] < 0 ? 0 : lab[source[i]];
	}

	/**
	 * For every patch voxel (x fastest), its flat index in the untransformed {@code nx × ny × nz}
	 * volume, or -1 where the patch lies in the padding. A quarter turn maps each patch axis onto
	 * one source axis, possibly reversed, so the index is a sum of three per-axis terms.
	 */
	public int[] sourceIndices(Transform t, int nx, int ny, int nz) {
		Axes a = Axes.of(t.quarterTurns(), t.flipAxis());
		boolean swapped = a.swapped(), reverseX = a.reverseX(), reverseY = a.reverseY();
		int[] termX = swapped ? axisTerms(px, t.offsetX(), ny, nx, reverseX) : axisTerms(px, t.offsetX(), nx, 1, reverseX);
		int[] termY = swapped ? axisTerms(py, t.offsetY(), nx, 1, reverseY) : axisTerms(py, t.offsetY(), ny, nx, reverseY);
		int[] termZ = axisTerms(pz, t.offsetZ(), nz, nx * ny, false);
		int[] out = new int[px * py * pz];
		int i = 0;
		for (int z = 0; z < pz; z++)
			for (int y = 0; y < py; y++) {
				int yz = termY[y] < 0 || termZ[z] < 0 ? -1 : termY[y] + termZ[z];
				for (int x = 0; x < px; x++, i++)
					out[i] = yz < 0 || termX[x] < 0 ? -1 : yz + termX[x];
			}
		return out;
	}

	/** Index contribution of each patch position along one axis, -1 outside the source extent {@code n}. */
	private static int[] axisTerms(int p, int offset, int n, int stride, boolean reversed) {
		int[] terms = new int[p];
		for (int q = 0; q < p; q++) {
			long g = (long) q + offset;
			terms[q] = g < 0 || g >= n ? -1 : (int) ((reversed ? n - 1 - g : g) * stride);
		}
		return terms;
	}

	/**
	 * Adds the teacher's input noise {@code clamp(N(0, sd), -clamp, clamp)} to
	 * {@code dst[off .. off+len)}.
	 */
	public static void addClampedNoise(float[] dst, int off, int len, Rng rng, double sd, double clamp) {
		if (!(sd >= 0) || !(clamp >= 0))
			throw new IllegalArgumentException("noise sd and clamp must be >= 0, got sd " + sd + ", clamp " + clamp);
		if (off < 0 || len < 0 || off + len > dst.length)
			throw new IllegalArgumentException("noise range [" + off + ", " + (off + len) + ") outside an array of " + dst.length);
		for (int i = off; i < off + len; i++)
			dst[i] += (float) Math.max(-clamp, Math.min(clamp, sd * rng.nextGaussian()));
	}

	/** {@link #addClampedNoise(float[], int, int, Rng, double, double)} with the reference sd 0.1 and clamp 0.2. */
	public static void addClampedNoise(float[] dst, int off, int len, Rng rng) {
		addClampedNoise(dst, off, len, rng, NOISE_SD, NOISE_CLAMP);
	}

	private static int randomOffset(int n, int p, Rng rng) {
		return n >= p ? rng.nextInt(n - p + 1) : -((p - n) / 2);
	}

	/** A crop start that puts {@code g} at a random patch position, clamped inside {@code [0, n − p]}; centred padding when {@code n < p}. */
	private static int offsetContaining(int g, int n, int p, Rng rng) {
		if (n < p) return centreOffset(n, p);
		return Math.max(0, Math.min(n - p, g - rng.nextInt(p)));
	}

	private static int centreOffset(int n, int p) {
		return n >= p ? (n - p) / 2 : -((p - n) / 2);
	}

	private void requireRoom(String name, int length, int offset) {
		if (length < 0)
			throw new IllegalArgumentException(name + ": no destination array for the patch");
		if (offset < 0 || (long) offset + patchVoxels() > length)
			throw new IllegalArgumentException(name + ": a " + px + "x" + py + "x" + pz + " patch at offset "
				+ offset + " does not fit a destination of " + length + " voxels");
	}

	private static int[] checkLength(int[] patch) {
		if (patch == null || patch.length != 3)
			throw new IllegalArgumentException("patch size needs 3 values (x, y, z), got "
				+ (patch == null ? "none" : Arrays.toString(patch)));
		return patch;
	}
}
