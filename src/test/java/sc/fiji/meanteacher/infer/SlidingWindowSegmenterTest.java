package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.Test;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import sc.fiji.meanteacher.volume.PatchSize;

public class SlidingWindowSegmenterTest {

	private static final int[] PATCH = { 8, 6, 4 };

	private static ArrayImg<FloatType, FloatArray> randomImage(long seed, long... dims) {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(dims);
		Random r = new Random(seed);
		for (FloatType t : img) t.set((float) (r.nextDouble() * 10 - 5));
		return img;
	}

	/** p0 and p1 at every voxel equal the sigmoid of the input there, and labels are their argmax. */
	private static void assertReproducesSigmoid(String c, RandomAccessibleInterval<? extends RealType<?>> input,
		SegmentationResult r)
	{
		RandomAccessibleInterval<? extends RealType<?>> in = VolumeViews.asVolume(input, c);
		assertArrayEquals(c, in.dimensionsAsLongArray(), r.dims());
		assertArrayEquals(c, in.minAsLongArray(), r.inputMin());
		RandomAccess<? extends RealType<?>> src = in.randomAccess();
		RandomAccess<FloatType> p = r.probabilities().randomAccess();
		RandomAccess<? extends IntegerType<?>> label = r.labels().randomAccess();
		long[] d = r.dims(), min = r.inputMin();
		for (int z = 0; z < d[2]; z++)
			for (int y = 0; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++) {
					src.setPosition(new long[] { min[0] + x, min[1] + y, min[2] + z });
					float p1 = FakePredictors.sigmoid(src.get().getRealFloat());
					String at = c + " at " + x + "," + y + "," + z;
					p.setPosition(new long[] { x, y, z, 1 });
					assertEquals(at, p1, p.get().get(), 1e-6);
					p.setPosition(0, 3);
					assertEquals(at, 1 - p1, p.get().get(), 1e-6);
					label.setPosition(new long[] { x, y, z });
					if (Math.abs(p1 - 0.5f) > 1e-5) assertEquals(at, p1 > 0.5f ? 1 : 0, label.get().getInteger());
				}
	}

	@Test
	public void voxelwiseNetworkIsReproducedExactlyForEveryBlendingAndAugmentation() {
		List<RandomAccessibleInterval<FloatType>> inputs = List.of(
			randomImage(1, 23, 17, 11),
			randomImage(2, 5, 4, 3), // smaller than the patch along every axis: padded
			Views.translate(randomImage(3, 19, 3, 9), 7, -3, 2)); // y padded, interval not at 0
		for (BlendingWeights blending : BlendingWeights.values())
			for (boolean tta : new boolean[] { false, true })
				for (int strideCase = 0; strideCase < 2; strideCase++)
					for (RandomAccessibleInterval<FloatType> in : inputs) {
						SlidingWindowOptions o = new SlidingWindowOptions().blending(blending).flipTta(tta).batchSize(3);
						if (strideCase == 1) o.stride(3, 5, 3);
						String c = blending + " tta " + tta + " " + o + " " + Arrays.toString(in.dimensionsAsLongArray());
						assertReproducesSigmoid(c, in, new SlidingWindowSegmenter(FakePredictors.sigmoid(PATCH), o).segment(in));
					}
	}

	@Test
	public void twoDimensionalAndIntegerImagesAreSegmentedAsOneSlice() {
		ArrayImg<FloatType, FloatArray> slice = randomImage(4, 20, 13);
		SegmentationResult r = new SlidingWindowSegmenter(FakePredictors.sigmoid(PATCH),
			new SlidingWindowOptions().flipTta(true)).segment(slice);
		assertArrayEquals(new long[] { 20, 13, 1 }, r.dims());
		assertReproducesSigmoid("2-D", slice, r);

		ArrayImg<ShortType, ?> ints = ArrayImgs.shorts(9, 10, 5);
		Random rnd = new Random(5);
		for (ShortType t : ints) t.set((short) (rnd.nextInt(11) - 5));
		assertReproducesSigmoid("short", ints, new SlidingWindowSegmenter(FakePredictors.sigmoid(PATCH)).segment(ints));
	}

	/** Volume 6x2x1, patch 4x2x1, stride 2: windows start at x = 0 and 2; the ramp fake says p1 = (x in patch) / 3. */
	private static SegmentationResult rampOnSixVoxels(BlendingWeights blending, boolean tta) {
		SlidingWindowOptions o = new SlidingWindowOptions().stride(2, 2, 1).blending(blending).flipTta(tta);
		return new SlidingWindowSegmenter(FakePredictors.ramp(new int[] { 4, 2, 1 }), o).segment(ArrayImgs.floats(6, 2, 1));
	}

	private static float p1(SegmentationResult r, int x, int y) {
		RandomAccess<FloatType> a = r.probabilities(1).randomAccess();
		a.setPosition(new long[] { x, y, 0 });
		return a.get().get();
	}

	@Test
	public void constantBlendingAveragesOverlappingWindows() {
		SegmentationResult r = rampOnSixVoxels(BlendingWeights.CONSTANT, false);
		// x = 3 is at 3 in the first window (p1 = 1) and at 1 in the second (1/3): mean 2/3.
		assertEquals(2 / 3.0, p1(r, 3, 1), 1e-6);
		// x = 2: 2/3 and 0, mean 1/3; x = 0 and 5 are seen once, at 0 and at 3.
		assertEquals(1 / 3.0, p1(r, 2, 0), 1e-6);
		assertEquals(0, p1(r, 0, 0), 1e-6);
		assertEquals(1, p1(r, 5, 0), 1e-6);
		RandomAccess<UnsignedByteType> label = r.byteLabels().randomAccess();
		label.setPosition(new long[] { 2, 0, 0 });
		assertEquals(0, label.get().get());
		label.setPosition(new long[] { 3, 0, 0 });
		assertEquals(1, label.get().get());
	}

	@Test
	public void gaussianBlendingTrustsWindowCentres() {
		SegmentationResult r = rampOnSixVoxels(BlendingWeights.GAUSSIAN, false);
		// Patch 4: sigma 0.5, centre 1.5, weights e^-4, 1, 1, e^-4 (y: 2 voxels, both 1). x = 2 is
		// a centre voxel of the first window (2/3) and an edge voxel of the second (0).
		double e4 = Math.exp(-4);
		assertEquals((2 / 3.0) / (1 + e4), p1(r, 2, 0), 1e-6);
		assertEquals((e4 * 1 + 1 / 3.0) / (e4 + 1), p1(r, 3, 0), 1e-6);
	}

	@Test
	public void paddingPutsHalfTheMissingVoxelsBefore() {
		// 2 voxels in a patch of 4: one zero voxel before, so the volume sits at patch x = 1 and 2.
		SegmentationResult r = new SlidingWindowSegmenter(FakePredictors.ramp(new int[] { 4, 2, 1 })).segment(ArrayImgs.floats(2, 2, 1));
		assertEquals(1 / 3.0, p1(r, 0, 0), 1e-6);
		assertEquals(2 / 3.0, p1(r, 1, 1), 1e-6);
	}

	@Test
	public void flipAugmentationMirrorsBack() {
		SegmentationResult r = rampOnSixVoxels(BlendingWeights.CONSTANT, true);
		// Passes: identity, x mirror, y mirror (z has length 1 and is skipped). Only the x mirror
		// changes the ramp: patch voxel i gets (2 f(i) + f(3 - i)) / 3. x = 0 is seen once, at i = 0:
		// (0 + 0 + 1) / 3. x = 2: window 1 at i = 2 gives (4/3 + 1/3) / 3 = 5/9, window 2 at i = 0 gives 1/3.
		assertEquals(1 / 3.0, p1(r, 0, 1), 1e-6);
		assertEquals((5 / 9.0 + 1 / 3.0) / 2, p1(r, 2, 1), 1e-6);
	}

	@Test
	public void windowsGoInBatchesWithProgressAndTheResultDoesNotDependOnTheBatchSize() {
		int[] patch = { 4, 2, 1 };
		ArrayImg<FloatType, FloatArray> img = randomImage(6, 14, 2, 1); // x windows at 0, 2, ..., 10: 6
		FakePredictors.Recording net = FakePredictors.ramp(patch);
		List<String> progress = new ArrayList<>();
		SlidingWindowOptions o = new SlidingWindowOptions().stride(2, 2, 1).batchSize(4)
			.progress((done, total) -> progress.add(done + "/" + total));
		SegmentationResult four = new SlidingWindowSegmenter(net, o).segment(img);
		assertEquals(List.of(4, 2), net.calls);
		assertEquals(List.of("0/6", "4/6", "6/6"), progress);

		FakePredictors.Recording single = FakePredictors.ramp(patch);
		SegmentationResult one = new SlidingWindowSegmenter(single, o.batchSize(1).progress(null)).segment(img);
		assertEquals(List.of(1, 1, 1, 1, 1, 1), single.calls);
		assertArrayEquals(four.probabilities().update(null).getCurrentStorageArray(),
			one.probabilities().update(null).getCurrentStorageArray(), 0f);

		FakePredictors.Recording tta = FakePredictors.ramp(patch);
		new SlidingWindowSegmenter(tta, o.batchSize(4).flipTta(true)).segment(img);
		assertEquals("identity, x and y mirror per batch", List.of(4, 4, 4, 2, 2, 2), tta.calls);
	}

	@Test
	public void cancellingStopsBeforeTheNextBatch() {
		FakePredictors.Recording net = FakePredictors.ramp(new int[] { 4, 2, 1 });
		int[] polls = { 0 };
		List<Integer> done = new ArrayList<>();
		SlidingWindowOptions o = new SlidingWindowOptions().stride(2, 2, 1).batchSize(2)
			.progress((d, total) -> done.add(d)).cancelWhen(() -> ++polls[0] > 2);
		try {
			new SlidingWindowSegmenter(net, o).segment(ArrayImgs.floats(14, 2, 1));
			fail("not cancelled");
		}
		catch (CancellationException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("4 of 6"));
		}
		assertEquals(List.of(2, 2), net.calls);
		assertEquals(List.of(0, 2, 4), done);
	}

	@Test
	public void manyClassesGiveSixteenBitLabels() {
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(6, 5, 2);
		Random r = new Random(7);
		for (FloatType t : img) t.set(r.nextInt(300));
		SegmentationResult res = new SlidingWindowSegmenter(FakePredictors.oneHot(new int[] { 4, 4, 2 }, 300)).segment(img);
		assertTrue(res.labels().firstElement() instanceof UnsignedShortType);
		RandomAccess<? extends IntegerType<?>> label = res.labels().randomAccess();
		RandomAccess<FloatType> in = img.randomAccess();
		for (int i = 0; i < 60; i++) {
			long[] pos = { i % 6, (i / 6) % 5, i / 30 };
			in.setPosition(pos);
			label.setPosition(pos);
			assertEquals(Arrays.toString(pos), (int) in.get().get(), label.get().getInteger());
		}
		try {
			res.byteLabels();
			fail("300 classes in bytes");
		}
		catch (IllegalStateException e) {
			assertTrue(e.getMessage().contains("300"));
		}
	}

	private static void assertRejected(String expectedPart, Runnable r) {
		try {
			r.run();
			fail("accepted, expected an error mentioning " + expectedPart);
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(expectedPart));
		}
	}

	@Test
	public void badInputIsRejectedWithAMessage() {
		SlidingWindowSegmenter s = new SlidingWindowSegmenter(FakePredictors.sigmoid(PATCH));
		assertRejected("4-D", () -> s.segment(ArrayImgs.floats(9, 9, 9, 2)));
		assertRejected("1-D", () -> s.segment(ArrayImgs.floats(30)));

		ArrayImg<FloatType, FloatArray> nan = randomImage(8, 10, 9, 6);
		nan.update(null).getCurrentStorageArray()[(4 * 9 + 3) * 10 + 2] = Float.NaN;
		assertRejected("voxel (2, 3, 4) is NaN", () -> s.segment("case7", nan));
		assertRejected("case7", () -> s.segment("case7", nan));
		ArrayImg<FloatType, FloatArray> inf = randomImage(8, 10, 9, 6);
		inf.update(null).getCurrentStorageArray()[0] = Float.NEGATIVE_INFINITY;
		assertRejected("Infinity", () -> s.segment(inf));

		SlidingWindowSegmenter strict = new SlidingWindowSegmenter(FakePredictors.sigmoid(PATCH),
			new SlidingWindowOptions().allowPadding(false));
		assertRejected("[10, 5, 6] is smaller than the patch [8, 6, 4]", () -> strict.segment(ArrayImgs.floats(10, 5, 6)));
		assertReproducesSigmoid("fits", randomImage(9, 8, 6, 4), strict.segment(randomImage(9, 8, 6, 4)));

		assertRejected("stride 9", () -> new SlidingWindowSegmenter(FakePredictors.sigmoid(PATCH),
			new SlidingWindowOptions().stride(9, 2, 2)).segment(ArrayImgs.floats(20, 20, 20)));
		assertRejected("overlap", () -> new SlidingWindowOptions().overlap(1));
		assertRejected("at least 1", () -> new SlidingWindowOptions().batchSize(0));
	}

	@Test
	public void aPredictorBreakingItsContractIsCaught() {
		PatchPredictor short1 = new PatchPredictor() {
			@Override public int numClasses() { return 2; }
			@Override public PatchSize patchSize() { return PatchSize.of(PATCH); }
			@Override public float[] predict(float[] w, int n) { return new float[n * 2 * 192 - 1]; }
		};
		assertRejected("expected 384", () -> new SlidingWindowSegmenter(short1).segment(ArrayImgs.floats(8, 6, 4)));
		PatchPredictor nan = new PatchPredictor() {
			@Override public int numClasses() { return 2; }
			@Override public PatchSize patchSize() { return PatchSize.of(PATCH); }
			@Override public float[] predict(float[] w, int n) {
				float[] out = new float[n * 2 * 192];
				out[5] = Float.NaN;
				return out;
			}
		};
		assertRejected("non-finite", () -> new SlidingWindowSegmenter(nan).segment(ArrayImgs.floats(8, 6, 4)));
		PatchPredictor noPatch = new PatchPredictor() {
			@Override public int numClasses() { return 2; }
			@Override public PatchSize patchSize() { return null; }
			@Override public float[] predict(float[] w, int n) { return null; }
		};
		assertRejected("no patch size", () -> new SlidingWindowSegmenter(noPatch).segment(ArrayImgs.floats(8, 6, 4)));
		assertRejected("3 lengths", () -> PatchSize.of(new int[] { 8, 8 }));
	}
}
