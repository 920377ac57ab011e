package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.real.FloatType;

import sc.fiji.meanteacher.infer.BlendingWeights;
import sc.fiji.meanteacher.infer.SegmentationResult;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.infer.SlidingWindowSegmenter;
import sc.fiji.meanteacher.volume.PatchSize;

/** Runs hand-built TorchScript files through libtorch (see {@link TorchScriptFiles}). */
public class TorchScriptPredictorTest {

	/** Logits (−x, x): the softmax gives p1 = 1 / (1 + e^(−2x)) and p0 = 1 − p1. */
	private static final String NEG_CAT = "torch.cat([torch.neg(x), x], 1)";
	private static final int[] PATCH = { 8, 6, 4 };

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path script(String name, String expression) throws IOException {
		return TorchScriptFiles.write(tmp.getRoot().toPath().resolve(name), expression);
	}

	private static double p1(double x) {
		return 1 / (1 + Math.exp(-2 * x));
	}

	@Test
	public void softmaxOfTheNetworksLogitsPerPatch() throws IOException {
		int voxels = PATCH[0] * PATCH[1] * PATCH[2], n = 3;
		float[] windows = new float[n * voxels];
		Random r = new Random(4);
		for (int i = 0; i < windows.length; i++) windows[i] = (float) (r.nextGaussian() * 2);
		try (TorchScriptPredictor net = TorchScriptPredictor.load(script("negcat.pt", NEG_CAT), PatchSize.of(PATCH), 2)) {
			assertEquals(2, net.numClasses());
			assertEquals(PatchSize.of(PATCH), net.patchSize());
			float[] out = net.predict(windows, n);
			assertEquals(n * 2 * voxels, out.length);
			for (int k = 0; k < n; k++)
				for (int i = 0; i < voxels; i++) {
					double p = p1(windows[k * voxels + i]);
					assertEquals("p0 of window " + k + " voxel " + i, 1 - p, out[(2 * k) * voxels + i], 1e-6);
					assertEquals("p1 of window " + k + " voxel " + i, p, out[(2 * k + 1) * voxels + i], 1e-6);
				}
		}
	}

	@Test
	public void slidingWindowReproducesThePointwiseNetworkWithEitherBlending() throws IOException {
		long[] dims = { 19, 13, 9 };
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(dims);
		Random r = new Random(9);
		for (FloatType t : img) t.set((float) (r.nextDouble() * 6 - 3));
		try (TorchScriptPredictor net = TorchScriptPredictor.load(script("negcat.pt", NEG_CAT), PatchSize.of(PATCH), 2)) {
			for (BlendingWeights blending : BlendingWeights.values()) {
				SlidingWindowOptions options = new SlidingWindowOptions().overlap(0.5).blending(blending).batchSize(3);
				SegmentationResult result = new SlidingWindowSegmenter(net, options).segment("random", img);
				assertArrayEquals(dims, result.dims());
				RandomAccess<FloatType> in = img.randomAccess(), p = result.probabilities().randomAccess();
				RandomAccess<? extends IntegerType<?>> label = result.labels().randomAccess();
				for (int z = 0; z < dims[2]; z++)
					for (int y = 0; y < dims[1]; y++)
						for (int x = 0; x < dims[0]; x++) {
							long[] at = { x, y, z };
							float v = in.setPositionAndGet(at).get();
							String where = blending + " at " + Arrays.toString(at);
							assertEquals(where, p1(v), p.setPositionAndGet(x, y, z, 1).get(), 1e-6);
							assertEquals(where, v > 0 ? 1 : 0, label.setPositionAndGet(at).getInteger());
						}
			}
		}
	}

	@Test
	public void aClassCountOtherThanTheNetworksIsRejectedAtLoad() throws IOException {
		Path file = script("negcat.pt", NEG_CAT);
		assertLoadRejected(IllegalArgumentException.class, file, PATCH, 3, "predicts 2 classes", "3 were given");
	}

	@Test
	public void anOutputOfAnotherShapeIsRejectedAtLoad() throws IOException {
		Path pooled = script("pooled.pt", "torch.max_pool3d(torch.cat([x, x], 1), [2, 2, 2])");
		assertLoadRejected(IllegalArgumentException.class, pooled, PATCH, 2, "returns shape (1, 2, 2, 3, 4)",
			"expected logits (1, 2, 4, 6, 8)");
		Path flat = script("flat.pt", "torch.flatten(x, 1)");
		assertLoadRejected(IllegalArgumentException.class, flat, PATCH, 2, "returns shape (1, 192)");
	}

	@Test
	public void aNetworkThatFailsOnThePatchIsRejectedAtLoad() throws IOException {
		// A matrix product over the last axis needs x = 3, the patch has x = 8.
		Path file = script("matmul.pt", "torch.matmul(x, torch.ones([3, 3]))");
		assertLoadRejected(IllegalArgumentException.class, file, PATCH, 2, "failed on input (1, 1, 4, 6, 8)",
			"mat1 and mat2 shapes cannot be multiplied");
	}

	@Test
	public void missingFoldersAndFilesOfOtherKindsAreRejected() throws IOException {
		Path root = tmp.getRoot().toPath();
		assertLoadRejected(IOException.class, root.resolve("absent.pt"), PATCH, 2, "no such file");
		assertLoadRejected(IOException.class, tmp.newFolder("net.pt").toPath(), PATCH, 2, "is a folder");
		Path text = root.resolve("notes.pt");
		Files.writeString(text, "not a network\n");
		assertLoadRejected(IOException.class, text, PATCH, 2, "not a TorchScript file");
		byte[] good = Files.readAllBytes(script("negcat.pt", NEG_CAT));
		Path half = root.resolve("half.pt");
		Files.write(half, Arrays.copyOf(good, good.length / 2));
		assertLoadRejected(IOException.class, half, PATCH, 2, "not a TorchScript file");
	}

	@Test
	public void invalidPatchOrClassCountIsRejected() throws IOException {
		Path file = script("negcat.pt", NEG_CAT);
		// a patch of other than 3 positive lengths cannot even be given (PatchSize refuses it)
		assertThrows(IllegalArgumentException.class, () -> TorchScriptPredictor.load(file, null, 2));
		assertLoadRejected(IllegalArgumentException.class, file, PATCH, 1, "at least 2 classes");
	}

	private static void assertLoadRejected(Class<? extends Exception> type, Path file, int[] patch, int classes,
		String... phrases)
	{
		try {
			TorchScriptPredictor.load(file, PatchSize.of(patch), classes).close();
			fail(file + " was loaded");
		}
		catch (Exception e) {
			assertTrue(e.getClass().getSimpleName() + ": " + e.getMessage(), type.isInstance(e));
			String m = e.getMessage();
			assertTrue("names the file: " + m, m.contains(file.toString()));
			for (String p : phrases) assertTrue("says '" + p + "': " + m, m.contains(p));
		}
	}
}
