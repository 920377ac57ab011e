package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.junit.Test;

import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/** Crops and batches of sparsely labeled volumes: one annotated axial slice in a 20×18×12 volume. */
public class SparseCropTest {

	private static final int NX = 20, NY = 18, NZ = 12, SLICE = 7, NOT_ANNOTATED = 255;
	private static final int[] PATCH = { 8, 8, 4 };
	private static final Annotation SPARSE = new Annotation(NOT_ANNOTATED);

	/** Slice {@link #SLICE} annotated (class 1 on its left half, 0 elsewhere); every other voxel not annotated. */
	private static LabelVolume oneAnnotatedSlice() {
		byte[] labels = new byte[NX * NY * NZ];
		Arrays.fill(labels, (byte) NOT_ANNOTATED);
		for (int y = 0; y < NY; y++)
			for (int x = 0; x < NX; x++)
				labels[(SLICE * NY + y) * NX + x] = (byte) (x < NX / 2 ? 1 : 0);
		return LabelVolume.wrap("sparse", labels, new long[] { NX, NY, NZ }, null);
	}

	private static Volume image() {
		float[] v = new float[NX * NY * NZ];
		for (int i = 0; i < v.length; i++) v[i] = i;
		return Volume.wrap("sparse", v, new long[] { NX, NY, NZ }, null);
	}

	/** Many rotated, flipped crops: each holds annotated voxels, and the slice lands on every patch depth. */
	@Test
	public void cropsOfSparselyLabeledVolumesAlwaysHoldAnnotatedVoxels() {
		Augmenter a = new Augmenter(PATCH);
		Volume image = image();
		LabelVolume label = oneAnnotatedSlice();
		int voxels = a.patchVoxels();
		BitSet depths = new BitSet();
		for (int s = 0; s < 2000; s++) {
			float[] p = new float[voxels];
			byte[] l = new byte[voxels];
			a.randomPatch(image, label, SPARSE, true, Rng.derive(5, Rng.AUGMENTATION, s), p, 0, l, 0);
			int annotated = 0;
			for (int i = 0; i < voxels; i++) {
				if (!SPARSE.isAnnotated(l[i])) continue;
				annotated++;
				// the image voxel cut with it lies in the annotated slice: image and label stay aligned
				assertEquals("draw " + s, SLICE, (int) p[i] / (NX * NY));
				depths.set(i / (PATCH[0] * PATCH[1]));
			}
			assertTrue("draw " + s + " holds no annotated voxel", annotated > 0);
		}
		assertEquals("the annotated slice at each depth of the patch", PATCH[2], depths.cardinality());
	}

	/** Crops of a fully annotated volume are the dense crops, draw for draw. */
	@Test
	public void fullyAnnotatedVolumesAreCutAsDenseOnes() {
		Augmenter a = new Augmenter(PATCH);
		byte[] dense = new byte[NX * NY * NZ];
		for (int i = 0; i < dense.length; i++) dense[i] = (byte) (i % 2);
		LabelVolume label = LabelVolume.wrap("dense", dense, new long[] { NX, NY, NZ }, null);
		for (int s = 0; s < 20; s++) {
			float[] p1 = new float[a.patchVoxels()], p2 = new float[a.patchVoxels()];
			byte[] l1 = new byte[a.patchVoxels()], l2 = new byte[a.patchVoxels()];
			Augmenter.Transform t1 = a.randomPatch(image(), label, true, Rng.derive(5, Rng.AUGMENTATION, s), p1, 0, l1, 0);
			Augmenter.Transform t2 = a.randomPatch(image(), label, SPARSE, true, Rng.derive(5, Rng.AUGMENTATION, s), p2, 0, l2, 0);
			assertEquals(t1, t2);
			assertArrayEquals(l1, l2);
		}
	}

	/** A batch carries 1 where its label voxels are annotated, 0 elsewhere; none for dense labels. */
	@Test
	public void batchesCarryTheMaskOfAnnotatedVoxels() {
		TwoStreamBatchSampler sampler = new TwoStreamBatchSampler(1, 0, 1, 1, 3);
		BatchFactory dense = new BatchFactory(List.of(image()), List.of(oneAnnotatedSlice()), List.of(), sampler, new Augmenter(PATCH), true);
		assertNull(dense.assemble(0).annotated());
		BatchFactory sparse = dense.withAnnotation(SPARSE);
		for (long it = 0; it < 10; it++) {
			TrainingBatch b = sparse.assemble(it);
			byte[] mask = b.annotated();
			int annotated = 0;
			for (int i = 0; i < mask.length; i++) {
				assertEquals(SPARSE.isAnnotated(b.labels()[i]) ? 1 : 0, mask[i]);
				annotated += mask[i];
			}
			assertTrue(annotated > 0 && annotated < mask.length);
		}
	}
}
