package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

public class ModelSegmentationTest {

	private static final long[] DIMS = { 21, 17, 10 };
	private static final double[] SPACING = { 0.625, 0.625, 2.5 };

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** Integer intensities (exact in float, also after 2v + 5) with a smooth pattern and noise. */
	private static Volume volume(String name, double scale, double offset) {
		Random r = new Random(21);
		float[] v = new float[(int) (DIMS[0] * DIMS[1] * DIMS[2])];
		int i = 0;
		for (int z = 0; z < DIMS[2]; z++)
			for (int y = 0; y < DIMS[1]; y++)
				for (int x = 0; x < DIMS[0]; x++) {
					long base = Math.round(20 + 15 * Math.sin(x / 3.0) * Math.cos(y / 4.0) + z + 3 * r.nextGaussian());
					v[i++] = (float) (scale * base + offset);
				}
		return Volume.wrap(name, v, DIMS, SPACING);
	}

	private TrainedModel savedAndLoaded(long seed) throws IOException {
		Path file = tmp.getRoot().toPath().resolve("model-" + seed + ".zip");
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), seed)) {
			model.save(file);
		}
		return TrainedModel.load(file);
	}

	@Test
	public void labelsCoverTheVolumeWithValidClassesAndKeepItsNameAndSpacing() throws IOException {
		try (TrainedModel model = savedAndLoaded(2)) {
			LabelVolume labels = new ModelSegmentation(model, null).labels(volume("scan", 1, 0));
			assertArrayEquals(DIMS, labels.dims());
			assertArrayEquals(SPACING, labels.voxelSize(), 0);
			assertEquals("scan", labels.name());
			int[] counts = new int[256];
			for (byte b : labels.data()) counts[b & 0xff]++;
			assertEquals("every voxel is background or foreground", labels.data().length, counts[0] + counts[1]);
			// With this seed the random network predicts both classes, so the comparisons below are not vacuous.
			assertTrue("both classes occur: " + counts[0] + " / " + counts[1], counts[0] > 0 && counts[1] > 0);
		}
	}

	@Test
	public void theModelsZScoreIsAppliedBeforeTheNetwork() throws IOException {
		SlidingWindowOptions options = new SlidingWindowOptions().overlap(0.5);
		try (TrainedModel model = savedAndLoaded(2)) {
			assertEquals("zscore", model.descriptor().intensityNormalization);
			Volume v = volume("v", 1, 0);
			SegmentationResult segmented = new ModelSegmentation(model, options).segment(v);
			// The same windows over a volume normalised by hand give the same probabilities.
			Volume normalised = IntensityNormalization.ZSCORE.apply(v);
			PatchPredictor net = new VNetPredictor(model.net(), model.manager(), 2, PatchSize.of(TestModels.PATCH));
			SegmentationResult byHand = new SlidingWindowSegmenter(net, options).segment("v", normalised.img());
			assertArrayEquals(probabilities(byHand), probabilities(segmented), 0f);

			// z-score removes any affine change of intensities: 2v + 5 segments as v does.
			SegmentationResult affine = new ModelSegmentation(model, options).segment(volume("2v+5", 2, 5));
			assertArrayEquals(probabilities(segmented), probabilities(affine), 1e-5f);
			assertArrayEquals(segmented.byteLabels().update(null).getCurrentStorageArray(),
				affine.byteLabels().update(null).getCurrentStorageArray());

			// Control: without normalisation the network does see the difference.
			model.descriptor().intensityNormalization = "none";
			float[] raw = probabilities(new ModelSegmentation(model, options).segment(v));
			float[] rawAffine = probabilities(new ModelSegmentation(model, options).segment(volume("2v+5", 2, 5)));
			assertTrue("raw intensities change the output", maxDifference(raw, rawAffine) > 0.01);
		}
	}

	/**
	 * A lone window gets the probabilities it gets inside a batch (inference mode: windows are
	 * independent), and predicting leaves no arrays behind in the model's manager.
	 */
	@Test
	public void aLoneWindowPredictsAsInABatchAndNothingAccumulates() throws IOException {
		try (TrainedModel model = savedAndLoaded(2)) {
			PatchPredictor net = new VNetPredictor(model.net(), model.manager(), 2, PatchSize.of(TestModels.PATCH));
			int voxels = TestModels.PATCH[0] * TestModels.PATCH[1] * TestModels.PATCH[2];
			float[] two = new float[2 * voxels];
			java.util.SplittableRandom r = new java.util.SplittableRandom(5);
			for (int i = 0; i < two.length; i++) two[i] = (float) r.nextGaussian();
			float[] batch = net.predict(two, 2);
			int before = model.manager().getManagedArrays().size();
			float[] first = net.predict(java.util.Arrays.copyOf(two, voxels), 1);
			float[] second = net.predict(java.util.Arrays.copyOfRange(two, voxels, 2 * voxels), 1);
			assertEquals(2 * voxels, first.length);
			assertArrayEquals(java.util.Arrays.copyOf(batch, 2 * voxels), first, 1e-5f);
			assertArrayEquals(java.util.Arrays.copyOfRange(batch, 2 * voxels, 4 * voxels), second, 1e-5f);
			assertEquals("arrays in the model's manager", before, model.manager().getManagedArrays().size());
		}
	}

	private static float[] probabilities(SegmentationResult r) {
		return r.probabilities().update(null).getCurrentStorageArray();
	}

	private static double maxDifference(float[] a, float[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}
}
