package sc.fiji.meanteacher.data;

import java.util.Arrays;

/**
 * The input of one training iteration, laid out for a (batch, 1, z, y, x) tensor.
 *
 * @param iteration the iteration (0-based) this batch belongs to
 * @param patch patch size (x, y, z)
 * @param labeledCount the first {@code labeledCount} patches are labeled, the rest unlabeled
 * @param images {@code batchSize × patch voxels} intensities, one patch after the other, x fastest
 * @param labels {@code labeledCount × patch voxels} labels of the labeled patches (read with {@code & 0xff})
 * @param teacherNoise noise for the teacher's input, same layout as {@code images} (every patch,
 *        so the trainer may apply consistency to all of them); null when teacher noise is off
 * @param caseNames the case each patch was cut from, for logging
 * @param annotated same layout as {@code labels}: 1 where the label voxel is annotated, 0 where it is
 *        not (it then carries no supervised loss); null when every labeled voxel of the batch is annotated
 */
public record TrainingBatch(long iteration, int[] patch, int labeledCount, float[] images, byte[] labels,
	float[] teacherNoise, String[] caseNames, byte[] annotated)
{
	/** A batch whose labeled voxels are all annotated. */
	public TrainingBatch(long iteration, int[] patch, int labeledCount, float[] images, byte[] labels, float[] teacherNoise,
		String[] caseNames)
	{
		this(iteration, patch, labeledCount, images, labels, teacherNoise, caseNames, null);
	}

	public TrainingBatch {
		int voxels = patch[0] * patch[1] * patch[2];
		int n = caseNames.length;
		if (labeledCount < 0 || labeledCount > n || images.length != n * voxels
			|| labels.length != labeledCount * voxels || annotated != null && annotated.length != labels.length || teacherNoise != null && teacherNoise.length != images.length)
			throw new IllegalArgumentException("inconsistent batch for iteration " + iteration + ": "
				+ n + " cases, " + labeledCount + " labeled, patch " + Arrays.toString(patch) + ", " + images.length
				+ " image voxels, " + labels.length + " label voxels");
	}

	public int batchSize() { return caseNames.length; }

	public int unlabeledCount() { return caseNames.length - labeledCount; }

	public int patchVoxels() { return patch[0] * patch[1] * patch[2]; }
}
