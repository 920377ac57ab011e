package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.Test;

import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Resampling;
import sc.fiji.meanteacher.volume.Volume;

/** Segmenting an image on its own grid with a model trained on resampled images. */
public class InputScaleSegmentationTest {

	private static final long[] DIMS = { 24, 20, 15 };
	private static final double[] SPACING = { 0.625, 0.625, 1.25 };

	private static Volume volume() {
		Random r = new Random(4);
		float[] v = new float[(int) (DIMS[0] * DIMS[1] * DIMS[2])];
		int i = 0;
		for (int z = 0; z < DIMS[2]; z++)
			for (int y = 0; y < DIMS[1]; y++)
				for (int x = 0; x < DIMS[0]; x++)
					v[i++] = (float) (20 + 15 * Math.sin(x / 3.0) * Math.cos(y / 4.0) + z + 3 * r.nextGaussian());
		return Volume.wrap("scan", v, DIMS, SPACING);
	}

	private static float[] probabilities(SegmentationResult r) {
		return r.probabilities().update(null).getCurrentStorageArray();
	}

	@Test
	public void atScaleOneNothingIsResampled() {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 2)) {
			ModelSegmentation seg = new ModelSegmentation(model, null).largestComponent(true);
			assertEquals(1, seg.inputScale(), 0);
			SegmentationResult direct = seg.segment(volume()), onGrid = seg.segmentOnInputGrid(volume());
			assertArrayEquals(probabilities(direct), probabilities(onGrid), 0f);
			assertArrayEquals(direct.byteLabels().update(null).getCurrentStorageArray(),
				onGrid.byteLabels().update(null).getCurrentStorageArray());
		}
	}

	@Test
	public void halfScaleSegmentsTheResampledImageAndBringsTheResultBack() {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 2)) {
			model.descriptor().inputScale = 0.5;
			ModelSegmentation seg = new ModelSegmentation(model, null);
			assertEquals(0.5, seg.inputScale(), 0);
			Volume image = volume();
			long[] small = Resampling.scaledDims(DIMS, 0.5);
			assertArrayEquals(new long[] { 12, 10, 8 }, small);
			SegmentationResult atModelGrid = seg.segment(Resampling.image(image, small));

			SegmentationResult r = seg.segmentOnInputGrid(image);
			assertArrayEquals(DIMS, r.dims());
			int n = (int) (DIMS[0] * DIMS[1] * DIMS[2]), m = (int) (small[0] * small[1] * small[2]);
			float[] p = probabilities(r);
			assertEquals(2 * n, p.length);
			float[][] back = new float[2][];
			for (int c = 0; c < 2; c++) {
				Volume pc = Volume.wrap("p", Arrays.copyOfRange(probabilities(atModelGrid), c * m, (c + 1) * m), small, SPACING);
				back[c] = Resampling.image(pc, DIMS).data();
				assertArrayEquals("class " + c, back[c], Arrays.copyOfRange(p, c * n, (c + 1) * n), 0f);
			}
			// the labels are those of the probabilities on the input's grid (the lower class on ties)
			byte[] argmax = new byte[n];
			for (int i = 0; i < n; i++) argmax[i] = (byte) (back[1][i] > back[0][i] ? 1 : 0);
			LabelVolume expected = LabelVolume.wrap("scan", argmax, DIMS, SPACING);
			byte[] labels = r.byteLabels().update(null).getCurrentStorageArray();
			assertArrayEquals(expected.data(), labels);
			int foreground = 0;
			for (byte b : labels) foreground += b;
			assertTrue("both classes occur: " + foreground, foreground > 0 && foreground < labels.length);

			LabelVolume wrapped = seg.labelsOnInputGrid(image);
			assertArrayEquals(SPACING, wrapped.voxelSize(), 0);
			assertEquals("scan", wrapped.name());

			// The clean-up works on the labels of the input's grid.
			LabelPostProcessing.keepLargestComponent(expected.img());
			byte[] largest = seg.largestComponent(true).labelsOnInputGrid(image).data();
			assertArrayEquals(expected.data(), largest);
		}
	}

	@Test
	public void otherNetworksWorkAtScaleOneUnlessToldOtherwise() {
		PatchPredictor net = FakePredictors.sigmoid(new int[] { 4, 4, 4 });
		assertEquals(1, new ModelSegmentation(net, IntensityNormalization.NONE, null).inputScale(), 0);
		ModelSegmentation half = new ModelSegmentation(net, IntensityNormalization.NONE, null, 0.5);
		SegmentationResult r = half.segmentOnInputGrid(Volume.wrap("v", new float[9 * 9 * 9], new long[] { 9, 9, 9 },
			new double[] { 1, 1, 1 }));
		assertArrayEquals(new long[] { 9, 9, 9 }, r.dims());
		for (double bad : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			try {
				new ModelSegmentation(net, IntensityNormalization.NONE, null, bad);
				fail(bad + " was accepted");
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("input scale must be a positive number, got " + bad));
			}
		}
	}
}
