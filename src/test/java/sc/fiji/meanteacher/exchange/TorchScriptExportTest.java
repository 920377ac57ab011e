package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.VoxelSpacing;

/** TorchScript out: the archive our own writer makes must run in libtorch (through DJL) as our network does. */
public class TorchScriptExportTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static float[] windows(int[] patch, int n, long seed) {
		float[] x = new float[n * patch[0] * patch[1] * patch[2]];
		Random r = new Random(seed);
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
		return x;
	}

	private static double maxDifference(float[] a, float[] b) {
		assertEquals(a.length, b.length);
		double max = 0;
		for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
		return max;
	}

	private static double sd(float[] v) {
		double mean = 0, sq = 0;
		for (float x : v) mean += x;
		mean /= v.length;
		for (float x : v) sq += (x - mean) * (x - mean);
		return Math.sqrt(sq / v.length);
	}

	@Test
	public void theExportedNetworkRunsInLibtorchAsOurNetworkForEveryNormalisationAndDepth() throws IOException {
		Object[][] cases = { { Normalization.BATCH, 3, 4, 2 }, { Normalization.GROUP, 2, 8, 3 }, { Normalization.INSTANCE, 2, 4, 2 },
			{ Normalization.NONE, 1, 4, 2 }, { Normalization.BATCH, 4, 4, 2 } };
		for (Object[] c : cases) {
			VNetConfig cfg = new VNetConfig(1, (Integer) c[3], (Integer) c[2], (Integer) c[1], (Normalization) c[0], true);
			int m = cfg.patchMultiple();
			int[] patch = { 2 * m, m, m }; // x ≠ y: an axis mix-up shows
			try (TrainedModel model = TestModels.random(cfg, 3, patch)) {
				Path pt = tmp.newFolder().toPath().resolve("net.pt");
				ModelExport.torchScript(model, pt, OutputPolicy.of(false));
				float[] x = windows(patch, 2, 1);
				float[] ours = new VNetPredictor(model.net(), model.manager(), cfg.numClasses(), PatchSize.of(patch)).predict(x, 2);
				try (TorchScriptPredictor ts = TorchScriptPredictor.load(pt, PatchSize.of(patch), cfg.numClasses())) {
					float[] theirs = ts.predict(x, 2);
					double max = maxDifference(ours, theirs);
					assertTrue(cfg + ": max |TorchScript - ours| = " + max, max < 1e-5);
					assertTrue(cfg + ": the output varies", sd(theirs) > 0.01);
				}
			}
		}
	}

	@Test
	public void aProbabilityOutputNeedsNoSecondSoftmax() throws IOException {
		int[] patch = { 16, 8, 8 };
		try (TrainedModel model = TestModels.random(TestModels.config(4, 3), 8, patch)) {
			Path pt = tmp.getRoot().toPath().resolve("p.pt");
			Files.write(pt, TorchScriptWriter.write(model, "p", TorchScriptWriter.Output.PROBABILITIES));
			float[] x = windows(patch, 1, 4);
			float[] ours = new VNetPredictor(model.net(), model.manager(), 2, PatchSize.of(patch)).predict(x, 1);
			try (TorchScriptPredictor ts = TorchScriptPredictor.load(pt, PatchSize.of(patch), 2, true)) {
				assertTrue(maxDifference(ours, ts.predict(x, 1)) < 1e-5);
			}
			TorchScriptInfo info = TorchScriptInfo.read(pt);
			assertTrue(info.probabilities());
		}
	}

	@Test
	public void theArchiveCarriesTheModelsDescription() throws IOException {
		int[] patch = { 24, 16, 8 };
		try (TrainedModel model = TestModels.random(new VNetConfig(1, 3, 4, 3, Normalization.BATCH, true), 2, patch)) {
			model.descriptor().classNames = List.of("background", "atrium", "vein");
			model.descriptor().intensityNormalization = "percentile-0.5-99.5";
			model.descriptor().inputScale = 0.5;
			model.descriptor().voxelSize = new double[] { 1.25, 1.25, 2.5 };
			Path pt = tmp.getRoot().toPath().resolve("described.pt");
			ModelExport.torchScript(model, pt, OutputPolicy.of(false));
			TorchScriptInfo info = TorchScriptInfo.read(pt);
			assertNotNull(info);
			assertEquals(PatchSize.of(patch), info.patch());
			assertEquals(List.of("background", "atrium", "vein"), info.classNames());
			assertEquals("percentile-0.5-99.5", info.intensityNormalization());
			assertEquals(0.5, info.inputScale(), 0);
			assertNull(info.inputSpacing());
			assertArrayEquals(new double[] { 1.25, 1.25, 2.5 }, info.voxelSize(), 0);
			assertFalse(info.probabilities());
			try (TorchScriptPredictor ts = info.load(pt)) {
				assertEquals(3, ts.numClasses());
				assertEquals(PatchSize.of(patch), ts.patchSize());
			}

			// a model trained at a spacing carries it, and libtorch still loads the module
			model.descriptor().inputScale = 1;
			model.descriptor().inputSpacing = new double[] { 0.4, 0.4, 1.5 };
			Path spaced = tmp.getRoot().toPath().resolve("spaced.pt");
			ModelExport.torchScript(model, spaced, OutputPolicy.of(false));
			TorchScriptInfo spacedInfo = TorchScriptInfo.read(spaced);
			assertEquals(new VoxelSpacing(0.4, 0.4, 1.5), spacedInfo.inputSpacing());
			assertEquals(GridTarget.spacing(new VoxelSpacing(0.4, 0.4, 1.5)), spacedInfo.grid());
			try (TorchScriptPredictor ts = spacedInfo.load(spaced)) {
				assertEquals(3, ts.numClasses());
			}
		}
		Path text = Files.writeString(tmp.getRoot().toPath().resolve("other.pt"), "not ours");
		assertNull(TorchScriptInfo.read(text));
		assertNull("a state dict is not our TorchScript", TorchScriptInfo.read(ExchangeFixtures.checkpoint()));
	}

	@Test
	public void theModulesTensorsAreTheUaMtStateDict() throws IOException {
		try (TrainedModel model = TestModels.random(new VNetConfig(1, 2, 4, 4, Normalization.BATCH, true), 6, new int[] { 16, 16, 16 })) {
			Path pt = tmp.getRoot().toPath().resolve("net.pt");
			ModelExport.torchScript(model, pt, OutputPolicy.of(false));
			TorchArchive a = TorchArchive.read(pt, "TorchScript file");
			assertTrue(a.has("code/__torch__/meanteacher/vnet.py"));
			assertTrue(a.has("constants.pkl"));
			assertEquals("3\n", new String(a.record(pt, "version")));
			Object root = TorchUnpickler.load(a.record(pt, "data.pkl"), "data.pkl", key -> a.record(pt, "data/" + key));
			Map<String, TorchTensor> found = new java.util.LinkedHashMap<>();
			collect("", root, found);
			Map<String, TorchTensor> expected = UaMtStateDict.of(model.net(), AxisOrder.ZYX);
			assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(found.keySet()));
			for (String k : expected.keySet()) assertEquals(k, expected.get(k), found.get(k));
		}
	}

	/** Tensors of a module tree by dotted path, as {@code state_dict()} names them. */
	private static void collect(String prefix, Object o, Map<String, TorchTensor> out) {
		if (o instanceof TorchTensor t) out.put(prefix, t);
		else if (o instanceof PickleReader.Instance i)
			for (Map.Entry<Object, Object> e : i.attributes().entrySet())
				collect(prefix.isEmpty() ? (String) e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
	}

	@Test
	public void exportTargetsAreCheckedAndAFailedExportLeavesTheOldFile() throws IOException {
		Path dir = tmp.getRoot().toPath();
		try (TrainedModel model = TestModels.random(TestModels.config(4, 3), 1)) {
			Path pt = Files.writeString(dir.resolve("existing.pt"), "old");
			ModelImportTest.assertRejected(() -> ModelExport.torchScript(model, pt, OutputPolicy.of(false)), pt, "exists already", "set overwrite=true");
			assertEquals("old", Files.readString(pt));
			ModelExport.torchScript(model, pt, OutputPolicy.of(true));
			assertNotNull(TorchScriptInfo.read(pt));
			Path wrong = dir.resolve("net.pth");
			ModelImportTest.assertRejected(() -> ModelExport.torchScript(model, wrong, OutputPolicy.of(false)), wrong, "must end in .pt");
			Path folder = Files.createDirectory(dir.resolve("folder.pt"));
			ModelImportTest.assertRejected(() -> ModelExport.torchScript(model, folder, OutputPolicy.of(false)), folder, "is a folder");
			Path underAFile = Files.writeString(dir.resolve("notes.txt"), "a file").resolve("net.pt");
			ModelImportTest.assertRejected(() -> ModelExport.torchScript(model, underAFile, OutputPolicy.of(false)), underAFile, "cannot create folder");
		}
		try (var files = Files.list(dir)) {
			assertTrue("no temporary files left", files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
		}
	}

	@Test
	public void aFolderThatIsNotWritableIsRefusedBeforeAnyWork() throws IOException {
		Path locked = tmp.newFolder("locked").toPath();
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
		Assume.assumeFalse("running as root: permissions are not enforced", Files.isWritable(locked));
		try (TrainedModel model = TestModels.random(TestModels.config(4, 3), 1)) {
			Path inLocked = locked.resolve("net.pt");
			ModelImportTest.assertRejected(() -> ModelExport.torchScript(model, inLocked, OutputPolicy.of(false)), inLocked, "is not writable");
		}
	}
}
