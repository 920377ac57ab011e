package sc.fiji.meanteacher.data;

/**
 * The "two-stream" batch sampler of Mean Teacher training: every batch holds
 * {@code labeledPerBatch} indices into the labeled pool and {@code batchSize - labeledPerBatch}
 * indices into the unlabeled pool.
 * <ul>
 * <li>An epoch is one pass over the labeled pool in an order shuffled afresh for every epoch;
 * it lasts {@code numLabeled / labeledPerBatch} batches, the leftover labeled cases of an epoch
 * are skipped (as in the reference).</li>
 * <li>The unlabeled pool is read from an endless concatenation of permutations, one per cycle,
 * consumed a batch share at a time without restarting at epoch boundaries.</li>
 * </ul>
 * Both orders are derived from (seed, stream, epoch or cycle), so {@link #indices(long)} is a pure
 * function of the iteration: resuming at any iteration reproduces the uninterrupted run. The
 * sampler is immutable and thread-safe.
 */
public final class TwoStreamBatchSampler {

	/** The indices of one batch: into the labeled pool and into the unlabeled pool. */
	public record Batch(long iteration, int[] labeled, int[] unlabeled) {}

	private final int numLabeled;
	private final int numUnlabeled;
	private final int batchSize;
	private final int labeledPerBatch;
	private final long seed;

	public TwoStreamBatchSampler(int numLabeled, int numUnlabeled, int batchSize, int labeledPerBatch, long seed) {
		if (labeledPerBatch < 1 || labeledPerBatch > batchSize)
			throw new IllegalArgumentException("labeled per batch must be between 1 and the batch size "
				+ batchSize + ", got " + labeledPerBatch);
		int unlabeledPerBatch = batchSize - labeledPerBatch;
		if (numLabeled < labeledPerBatch)
			throw new IllegalArgumentException(numLabeled + " labeled volumes, but a batch needs "
				+ labeledPerBatch + " labeled");
		if (numUnlabeled < unlabeledPerBatch)
			throw new IllegalArgumentException(numUnlabeled + " unlabeled volumes, but a batch needs "
				+ unlabeledPerBatch + " unlabeled");
		this.numLabeled = numLabeled;
		this.numUnlabeled = numUnlabeled;
		this.batchSize = batchSize;
		this.labeledPerBatch = labeledPerBatch;
		this.seed = seed;
	}

	public int numLabeled() { return numLabeled; }

	public int numUnlabeled() { return numUnlabeled; }

	public int batchSize() { return batchSize; }

	public int labeledPerBatch() { return labeledPerBatch; }

	public int unlabeledPerBatch() { return batchSize - labeledPerBatch; }

	public long seed() { return seed; }

	/** Batches in one epoch (one pass over the labeled pool). */
	public int batchesPerEpoch() {
		return numLabeled / labeledPerBatch;
	}

	/** The epoch that iteration {@code iteration} (0-based) belongs to. */
	public long epochOf(long iteration) {
		return requireIteration(iteration) / batchesPerEpoch();
	}

	/** The indices of the batch for an iteration (0-based). */
	public Batch indices(long iteration) {
		requireIteration(iteration);
		int perEpoch = batchesPerEpoch();
		int[] order = Rng.derive(seed, Rng.LABELED_ORDER, iteration / perEpoch).permutation(numLabeled);
		int first = (int) (iteration % perEpoch) * labeledPerBatch;
		int[] labeled = new int[labeledPerBatch];
		System.arraycopy(order, first, labeled, 0, labeledPerBatch);
		return new Batch(iteration, labeled, unlabeledIndices(iteration));
	}

	/** Positions {@code iteration * share ...} of the endless stream of unlabeled permutations. */
	private int[] unlabeledIndices(long iteration) {
		int share = unlabeledPerBatch();
		int[] out = new int[share];
		long start = iteration * share;
		long cycle = -1;
		int[] order = null;
		for (int j = 0; j < share; j++) {
			long position = start + j;
			// a batch may straddle two cycles; each cycle's order is derived only when first needed
			if (position / numUnlabeled != cycle) {
				cycle = position / numUnlabeled;
				order = Rng.derive(seed, Rng.UNLABELED_ORDER, cycle).permutation(numUnlabeled);
			}
			out[j] = order[(int) (position % numUnlabeled)];
		}
		return out;
	}

	private static long requireIteration(long iteration) {
		if (iteration < 0) throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
		return iteration;
	}
}
