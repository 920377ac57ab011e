package sc.fiji.meanteacher.data;

/**
 * A small, fast pseudo-random generator (xoshiro256**, seeded through SplitMix64) whose output
 * is fully determined by its seed on every JVM.
 * <p>
 * Training never keeps one long-lived generator: every random decision for an iteration comes
 * from a fresh generator {@link #derive derived} from (seed, stream, index). A run resumed at
 * iteration k therefore draws exactly what an uninterrupted run would have drawn. An instance is
 * not thread-safe; derive one per thread or per task.
 */
public final class Rng {

	/** Stream: the per-epoch order of the labeled cases. */
	public static final long LABELED_ORDER = 1;
	/** Stream: the per-cycle order of the unlabeled cases. */
	public static final long UNLABELED_ORDER = 2;
	/** Stream: rotation, flip and crop of one batch item. */
	public static final long AUGMENTATION = 3;
	/** Stream: the noise added to the teacher's input. */
	public static final long TEACHER_NOISE = 4;
	/** Stream: where the copy-paste cube of an iteration lies. */
	public static final long COPY_PASTE = 5;

	private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

	private long s0, s1, s2, s3;
	private double spareGaussian;
	private boolean hasSpareGaussian;

	/** A generator seeded from one value. */
	public Rng(long seed) {
		long x = seed;
		s0 = mix64(x += GOLDEN_GAMMA);
		s1 = mix64(x += GOLDEN_GAMMA);
		s2 = mix64(x += GOLDEN_GAMMA);
		s3 = mix64(x += GOLDEN_GAMMA);
		// xoshiro must not start from the all-zero state (SplitMix64 outputs make this practically impossible)
		if ((s0 | s1 | s2 | s3) == 0) s0 = GOLDEN_GAMMA;
	}

	/** A generator in a given xoshiro256** state (for checking against the published reference output). */
	static Rng ofState(long s0, long s1, long s2, long s3) {
		Rng r = new Rng(0);
		r.s0 = s0;
		r.s1 = s1;
		r.s2 = s2;
		r.s3 = s3;
		return r;
	}

	/**
	 * The generator for one (seed, stream, index) triple. Nearby triples (index and index + 1,
	 * stream 1 and 2) give unrelated sequences because each component goes through the
	 * SplitMix64 finaliser before being combined.
	 */
	public static Rng derive(long seed, long stream, long index) {
		long h = mix64(seed + GOLDEN_GAMMA);
		h = mix64(h ^ mix64(stream + 2 * GOLDEN_GAMMA));
		h = mix64(h ^ mix64(index + 3 * GOLDEN_GAMMA));
		return new Rng(h);
	}

	/** The SplitMix64 finaliser (Stafford's variant 13): a bijective, well-avalanching 64-bit mix. */
	/**
	 * The seed libtorch is given before {@code iteration} of a run seeded with {@code seed} (-1:
	 * before the networks are initialised), so that libtorch's own draws (dropout, initial weights)
	 * are a function of (seed, iteration) too. libtorch takes an int: (seed, iteration) mixed into
	 * one, never negative.
	 */
	public static int libtorchSeed(long seed, long iteration) {
		return (int) (mix64(seed * GOLDEN_GAMMA + iteration + 0x632BE59BD9B4E019L) & 0x7fffffff);
	}

	static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	/** 64 uniformly random bits (xoshiro256**). */
	public long nextLong() {
		long result = Long.rotateLeft(s1 * 5, 7) * 9;
		long t = s1 << 17;
		s2 ^= s0;
		s3 ^= s1;
		s1 ^= s2;
		s0 ^= s3;
		s2 ^= t;
		s3 = Long.rotateLeft(s3, 45);
		return result;
	}

	/** Uniform in [0, bound), without modulo bias. */
	public int nextInt(int bound) {
		if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
		// Rejection on 31 high bits: draws falling into the incomplete last block of size bound are redrawn.
		int r = (int) (nextLong() >>> 33);
		int m = bound - 1;
		if ((bound & m) == 0) return (int) ((bound * (long) r) >> 31);
		for (int u = r; u - (r = u % bound) + m < 0; u = (int) (nextLong() >>> 33)) {
			// redraw
		}
		return r;
	}

	/** Uniform in [0, 1) with 53 random bits. */
	public double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	/**
	 * Standard normal (Marsaglia's polar method). StrictMath keeps the values identical on every
	 * JVM, which Math does not promise.
	 */
	public double nextGaussian() {
		if (hasSpareGaussian) {
			hasSpareGaussian = false;
			return spareGaussian;
		}
		double u, v, s;
		do {
			u = 2 * nextDouble() - 1;
			v = 2 * nextDouble() - 1;
			s = u * u + v * v;
		} while (s >= 1 || s == 0);
		double scale = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
		spareGaussian = v * scale;
		hasSpareGaussian = true;
		return u * scale;
	}

	/** Shuffles the array in place (Fisher–Yates); every permutation is equally likely. */
	public void shuffle(int[] a) {
		for (int i = a.length - 1; i > 0; i--) {
			int j = nextInt(i + 1);
			int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	/** A uniformly random permutation of 0..n-1. */
	public int[] permutation(int n) {
		int[] p = new int[n];
		for (int i = 0; i < n; i++) p[i] = i;
		shuffle(p);
		return p;
	}
}
