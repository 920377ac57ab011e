package sc.fiji.meanteacher.data;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Builds the {@link TrainingBatch} of any iteration as a pure function of (seed, iteration):
 * the sampler picks the cases, each batch item is cut with its own generator derived from
 * (seed, {@link Rng#AUGMENTATION}, iteration × batch size + item), and its teacher noise from
 * (seed, {@link Rng#TEACHER_NOISE}, the same number). The seed is the sampler's. Immutable and
 * thread-safe, so {@link BatchAssembler} can run it on a background thread while a resumed or
 * checking caller gets the very same batch by calling {@link #assemble(long)} directly.
 */
public final class BatchFactory {

	private final List<Volume> labeledImages;
	private final List<LabelVolume> labels;
	private final List<Volume> unlabeledImages;
	private final TwoStreamBatchSampler sampler;
	private final Augmenter augmenter;
	private final boolean rotateFlip;
	private final double noiseSd, noiseClamp;
	private final Annotation annotation;
	/** Per labeled volume, its annotated voxels ({@link Annotation#annotatedVoxels}), found once; null entries crop as dense. */
	private final List<int[]> annotatedVoxels;

	/**
	 * @param rotateFlip whether to rotate and flip (training augmentation); the random crop is
	 *        always applied, since whole volumes rarely match the patch size
	 */
	public BatchFactory(List<Volume> labeledImages, List<LabelVolume> labels, List<Volume> unlabeledImages,
		TwoStreamBatchSampler sampler, Augmenter augmenter, boolean rotateFlip)
	{
		if (labeledImages.size() != sampler.numLabeled() || labels.size() != labeledImages.size())
			throw new IllegalArgumentException(labeledImages.size() + " labeled images and " + labels.size()
				+ " labels, but the sampler expects " + sampler.numLabeled() + " labeled cases");
		if (unlabeledImages.size() != sampler.numUnlabeled())
			throw new IllegalArgumentException(unlabeledImages.size() + " unlabeled images, but the sampler expects "
				+ sampler.numUnlabeled());
		for (int i = 0; i < labels.size(); i++) {
			if (labeledImages.get(i) == null || labels.get(i) == null)
				throw new IllegalArgumentException("labeled case " + i + " has no " + (labels.get(i) == null ? "label" : "image"));
			labels.get(i).requireSameSize(labeledImages.get(i));
		}
		for (int i = 0; i < unlabeledImages.size(); i++)
			if (unlabeledImages.get(i) == null) throw new IllegalArgumentException("unlabeled case " + i + " has no image");
		this.labeledImages = List.copyOf(labeledImages);
		this.labels = List.copyOf(labels);
		this.unlabeledImages = List.copyOf(unlabeledImages);
		this.sampler = sampler;
		this.augmenter = augmenter;
		this.rotateFlip = rotateFlip;
		this.noiseSd = Augmenter.NOISE_SD;
		this.noiseClamp = Augmenter.NOISE_CLAMP;
		this.annotation = Annotation.DENSE;
		this.annotatedVoxels = Collections.nCopies(this.labels.size(), null);
	}

	private BatchFactory(BatchFactory base, double noiseSd, double noiseClamp, Annotation annotation) {
		this.labeledImages = base.labeledImages;
		this.labels = base.labels;
		this.unlabeledImages = base.unlabeledImages;
		this.sampler = base.sampler;
		this.augmenter = base.augmenter;
		this.rotateFlip = base.rotateFlip;
		this.noiseSd = noiseSd;
		this.noiseClamp = noiseClamp;
		this.annotation = annotation;
		this.annotatedVoxels = annotation.equals(base.annotation) ? base.annotatedVoxels
			: base.labels.stream().map(annotation::annotatedVoxels).collect(Collectors.toList());
	}

	/** The same factory with another teacher noise; sd 0 turns it off ({@link TrainingBatch#teacherNoise()} null). */
	public BatchFactory withTeacherNoise(double sd, double clamp) {
		if (!(sd >= 0) || !(clamp >= 0))
			throw new IllegalArgumentException("teacher noise sd and clamp must be >= 0, got sd " + sd + ", clamp " + clamp);
		return new BatchFactory(this, sd, clamp, annotation);
	}

	/**
	 * The same factory for labels in which {@code annotation} marks voxels not annotated: crops of
	 * sparsely labeled volumes are placed around annotated voxels ({@link Augmenter#randomPatch}) and
	 * the batches carry the mask of annotated voxels ({@link TrainingBatch#annotated()}).
	 */
	public BatchFactory withAnnotation(Annotation annotation) {
		return new BatchFactory(this, noiseSd, noiseClamp, annotation);
	}

	public TwoStreamBatchSampler sampler() { return sampler; }

	public Augmenter augmenter() { return augmenter; }

	/**
	 * The batch of one iteration (0-based); the same on every call. Items are cut in parallel:
	 * each has its own generators, so the result does not depend on the order they finish in.
	 */
	public TrainingBatch assemble(long iteration) {
		TwoStreamBatchSampler.Batch picked = sampler.indices(iteration);
		int size = sampler.batchSize(), nl = sampler.labeledPerBatch(), voxels = augmenter.patchVoxels();
		float[] images = new float[size * voxels];
		byte[] labelPatches = new byte[nl * voxels];
		float[] noise = noiseSd > 0 ? new float[images.length] : null;
		String[] names = new String[size];
		IntStream.range(0, size).parallel().forEach(j -> {
			boolean labeled = j < nl;
			Volume image = labeled ? labeledImages.get(picked.labeled()[j]) : unlabeledImages.get(picked.unlabeled()[j - nl]);
			names[j] = image.name();
			long item = iteration * size + j;
			try {
				augmenter.randomPatch(image, labeled ? labels.get(picked.labeled()[j]) : null,
					labeled ? annotatedVoxels.get(picked.labeled()[j]) : null, rotateFlip,
					Rng.derive(sampler.seed(), Rng.AUGMENTATION, item), images, j * voxels, labelPatches, j * voxels);
			} catch (RuntimeException e) {
				throw new IllegalStateException("batch of iteration " + iteration + ", " + (labeled ? "labeled" : "unlabeled")
					+ " case '" + image.name() + "': " + e.getMessage(), e);
			}
			if (noise != null)
				Augmenter.addClampedNoise(noise, j * voxels, voxels, Rng.derive(sampler.seed(), Rng.TEACHER_NOISE, item),
					noiseSd, noiseClamp);
		});
		return new TrainingBatch(iteration, augmenter.patch(), nl, images, labelPatches, noise, names, annotatedMask(labelPatches));
	}

	/** 1 where a label voxel of the batch is annotated, else 0; null when all are, so that dense batches stay as they were. */
	private byte[] annotatedMask(byte[] labelPatches) {
		if (!annotation.isSparse()) return null;
		byte[] mask = new byte[labelPatches.length];
		boolean all = true;
		for (int i = 0; i < mask.length; i++) {
			boolean annotated = annotation.isAnnotated(labelPatches[i]);
			mask[i] = (byte) (annotated ? 1 : 0);
			all &= annotated;
		}
		return all ? null : mask;
	}
}
