package sc.fiji.meanteacher.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import sc.fiji.meanteacher.data.PasteCube;
import sc.fiji.meanteacher.infer.LabelPostProcessing;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Bidirectional copy-paste (BCP, Bai et al. 2023) on the Mean Teacher frame: each iteration pastes
 * a cube ({@link PasteCube}, {@link TrainingConfig#copyPasteCube} of the patch per axis, at a
 * position drawn from the seed and the iteration) between the patches of a pair, and the student
 * learns the mixed images against the mixed labels.
 * <ul>
 * <li>Warm-up, the first {@link #warmupIterations} iterations: labeled patch i outside the cube,
 * labeled patch i + 1 (cyclically) inside; every voxel has its true label.</li>
 * <li>Self-training: labeled patch i is paired with unlabeled patch i, whose label is the
 * teacher's {@link #pseudoLabels pseudo-label}; "inward" is the unlabeled patch outside the cube
 * and the labeled one inside, "outward" the labeled patch outside and the unlabeled one inside.
 * The student's batch is every pair's inward image, then every pair's outward image.</li>
 * </ul>
 * The loss is {@link Losses#byOrigin}, the voxels from unlabeled patches weighted by
 * {@link TrainingConfig#copyPasteUnlabeledWeight}; the teacher is the student's EMA throughout, restarted
 * from the student when self-training begins ({@link #teacherStartsFromStudent}).
 */
@Plugin(type = TrainingMethod.class, priority = Priority.NORMAL - 1)
public final class CopyPasteMethod implements TrainingMethod, BatchMixing {

	/** The name the Train dialog lists (a constant: dialog choices are compile-time constants). */
	public static final String LABEL = "Copy-paste Mean Teacher";

	@Override
	public String id() {
		return "BCP";
	}

	@Override
	public String label() {
		return LABEL;
	}

	@Override
	public List<String> aliases() {
		return List.of("copy-paste", "copypaste", "bidirectional-copy-paste");
	}

	@Override
	public ConsistencyTerm consistency() {
		return null;
	}

	@Override
	public BatchMixing mixing() {
		return this;
	}

	@Override
	public void requireValid(TrainingConfig config) {
		int unlabeled = config.batchSize - config.labeledPerBatch;
		if (unlabeled != config.labeledPerBatch)
			throw new IllegalArgumentException(LABEL + " pairs each labeled patch with an unlabeled one: labeled per batch ("
				+ config.labeledPerBatch + ") must be half the batch size (" + config.batchSize + ")");
		if (!(config.copyPasteWarmup >= 0 && config.copyPasteWarmup < 1))
			throw new IllegalArgumentException("copy-paste warm-up (bcpwarmup) must be a share of the iterations in [0, 1), got "
				+ config.copyPasteWarmup);
		if (!(config.copyPasteCube > 0 && config.copyPasteCube <= 1))
			throw new IllegalArgumentException("copy-paste cube (bcpcube) must be a share of the patch in (0, 1], got " + config.copyPasteCube);
		if (!(config.copyPasteUnlabeledWeight >= 0) || Double.isInfinite(config.copyPasteUnlabeledWeight))
			throw new IllegalArgumentException("copy-paste unlabeled weight (bcpweight) must be a number >= 0, got "
				+ config.copyPasteUnlabeledWeight);
	}

	@Override
	public Map<String, Double> settings(TrainingConfig config) {
		Map<String, Double> s = new LinkedHashMap<>();
		s.put("copyPasteWarmup", config.copyPasteWarmup);
		s.put("copyPasteCube", config.copyPasteCube);
		s.put("copyPasteUnlabeledWeight", config.copyPasteUnlabeledWeight);
		return s;
	}

	/** The supervised warm-up: the first {@code round(copyPasteWarmup · iterations)} iterations. */
	public static long warmupIterations(TrainingConfig config) {
		return Math.round(config.copyPasteWarmup * config.iterations);
	}

	/**
	 * At the first self-training iteration: the paper starts both networks of the self-training
	 * from the warmed-up model. Our teacher followed the student through the warm-up, but with the
	 * EMA's early ramp its weights there are the mean of every warm-up iterate, the random start
	 * included, so its first pseudo-labels would be worse than the student's own.
	 */
	@Override
	public boolean teacherStartsFromStudent(long iteration, TrainingConfig config) {
		long warmup = warmupIterations(config);
		return warmup > 0 && iteration == warmup;
	}

	/** The unlabeled weight once self-training has begun; 0 in the warm-up, which has no unlabeled voxels. */
	@Override
	public double unlabeledWeightAt(long it, TrainingConfig config) {
		return it < warmupIterations(config) ? 0 : config.copyPasteUnlabeledWeight;
	}

	@Override
	public Mixed mix(ConsistencyTerm.Teacher teacher, NDArray labeled, NDArray labels, NDArray unlabeled, NDManager scope, long iteration,
		TrainingConfig config)
	{
		PatchSize p = config.patch;
		PasteCube cube = PasteCube.draw(p.toArray(), config.copyPasteCube, config.seed, iteration);
		NDArray inside = scope.create(cube.insideMask(p.toArray()), new Shape(p.tensorShape(1, 1))).gt(0.5f);
		NDArray y = labels.toType(DataType.FLOAT32, false);
		if (iteration < warmupIterations(config)) {
			long nl = labeled.getShape().get(0);
			NDArray images = paste(labeled, next(labeled, nl), inside);
			NDArray mixedLabels = paste(y, next(y, nl), inside);
			return new Mixed(images, mixedLabels, scope.ones(mixedLabels.getShape()));
		}
		NDArray pseudo = pseudoLabels(teacher.logits(unlabeled), p).toType(DataType.FLOAT32, false);
		NDArray insideOnly = inside.toType(DataType.FLOAT32, false).broadcast(y.getShape());
		NDArray images = NDArrays.concat(new NDList(paste(unlabeled, labeled, inside), paste(labeled, unlabeled, inside)));
		NDArray mixedLabels = NDArrays.concat(new NDList(paste(pseudo, y, inside), paste(y, pseudo, inside)));
		NDArray fromLabeled = NDArrays.concat(new NDList(insideOnly, insideOnly.neg().add(1)));
		return new Mixed(images, mixedLabels, fromLabeled);
	}

	/** {@code inside} where the boolean mask {@code (1, 1, z, y, x)} holds, else {@code outside}: each voxel copied, not blended. */
	static NDArray paste(NDArray outside, NDArray inside, NDArray insideMask) {
		return NDArrays.where(insideMask.broadcast(outside.getShape()), inside, outside);
	}

	/** The items shifted by one, cyclically: item i + 1 at place i. */
	private static NDArray next(NDArray items, long n) {
		return n == 1 ? items : NDArrays.concat(new NDList(items.get("1:"), items.get(":1")));
	}

	/**
	 * The teacher's pseudo-labels {@code (n, 1, z, y, x)} (INT32): per voxel the class of the highest
	 * logit (the argmax of the softmax), then per item, of each foreground class only its largest
	 * 26-connected component, the rest background — the paper's clean-up of a teacher whose
	 * scattered false positives the student would otherwise learn.
	 */
	static NDArray pseudoLabels(NDArray teacherLogits, PatchSize patch) {
		long n = teacherLogits.getShape().get(0);
		int voxels = (int) patch.voxels();
		long[] argmax = teacherLogits.argMax(1).toLongArray();
		int[] classes = new int[argmax.length];
		int[] item = new int[voxels];
		for (int i = 0; i < n; i++) {
			for (int v = 0; v < voxels; v++) item[v] = (int) argmax[i * voxels + v];
			LabelPostProcessing.keepLargestComponent(item, patch.toArray());
			System.arraycopy(item, 0, classes, i * voxels, voxels);
		}
		return teacherLogits.getManager().create(classes, new Shape(patch.tensorShape(n, 1)));
	}
}
