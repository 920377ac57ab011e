package sc.fiji.meanteacher.train;

/** Bookkeeping saved in a checkpoint beside the weights, so a resumed run continues exactly. */
final class TrainerState {
	/** Iterations completed: the resumed run starts with this iteration index. */
	long nextIteration;
	double bestDice = Double.NaN;
	long bestIteration = -1;
	TrainingConfig config;
	/** What the run trains on; absent in checkpoints written before data fingerprints existed (their data is not checked). */
	DataFingerprint data;
	int labeled;
	int unlabeled;
}
