package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * PyTorch checkpoints in: the fixture made by real PyTorch (src/test/python/uamt_fixture.py) must
 * predict here what PyTorch predicted, and everything that is not such a checkpoint must be
 * refused with a message naming the problem.
 */
public class ModelImportTest {

	private static final int X = ExchangeFixtures.X, Y = ExchangeFixtures.Y, Z = ExchangeFixtures.Z;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static ModelImport.Settings settings(AxisOrder order) {
		ModelImport.Settings s = new ModelImport.Settings();
		s.patch = new int[] { X, Y, Z };
		s.axisOrder = order;
		s.intensityNormalization = "none";
		return s;
	}

	/** Our network on the fixture's volume, probabilities [c][z][y][x]. */
	private static float[] predict(TrainedModel model, float[] xyzImage) {
		float[] input = ExchangeFixtures.xyzToZyx(xyzImage, X, Y, Z);
		return new VNetPredictor(model.net(), model.manager(), 2, new PatchSize(X, Y, Z)).predict(input, 1);
	}

	private static double maxDifferenceToPyTorch(float[] ours, float[] pytorchXyz) {
		double max = 0;
		int n = X * Y * Z;
		for (int c = 0; c < 2; c++) {
			float[] expected = ExchangeFixtures.xyzToZyx(Arrays.copyOfRange(pytorchXyz, c * n, (c + 1) * n), X, Y, Z);
			for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(expected[i] - ours[c * n + i]));
		}
		return max;
	}

	@Test
	public void aCheckpointTrainedByPyTorchOnXyzArraysPredictsWhatPyTorchPredicted() throws IOException {
		Map<String, Npy.Array> expected = ExchangeFixtures.npz(ExchangeFixtures.file("uamt-vnet-f3-expected.npz"));
		float[] image = expected.get("image").values(), pytorch = expected.get("probabilities").values();
		assertArrayEquals(new long[] { 2, X, Y, Z }, expected.get("probabilities").shape());
		try (TrainedModel model = ModelImport.fromStateDict(ExchangeFixtures.checkpoint(), settings(AxisOrder.XYZ))) {
			VNetConfig cfg = model.net().config();
			assertEquals(3, cfg.baseFilters());
			assertEquals(2, cfg.numClasses());
			assertEquals(4, cfg.depth());
			assertEquals(Normalization.BATCH, cfg.normalization());
			assertEquals("imported", model.descriptor().training.method);
			assertEquals("uamt-vnet-f3.pth", model.descriptor().training.importedFrom);
			assertEquals("x,y,z", model.descriptor().training.importedAxisOrder);
			float[] ours = predict(model, image);
			double max = maxDifferenceToPyTorch(ours, pytorch);
			assertTrue("max |ours - PyTorch| = " + max, max < 1e-5);
			// The network found the object: a real segmentation, not a constant.
			long foreground = 0;
			for (int i = 0; i < X * Y * Z; i++) if (ours[X * Y * Z + i] > 0.5f) foreground++;
			assertTrue("foreground voxels " + foreground, foreground > 0.03 * X * Y * Z && foreground < 0.5 * X * Y * Z);
		}
	}

	@Test
	public void readingTheCheckpointInTheWrongAxisOrderChangesThePrediction() throws IOException {
		Map<String, Npy.Array> expected = ExchangeFixtures.npz(ExchangeFixtures.file("uamt-vnet-f3-expected.npz"));
		try (TrainedModel model = ModelImport.fromStateDict(ExchangeFixtures.checkpoint(), settings(AxisOrder.ZYX))) {
			double max = maxDifferenceToPyTorch(predict(model, expected.get("image").values()), expected.get("probabilities").values());
			assertTrue("without reversing the kernels the output must differ, max difference " + max, max > 0.1);
		}
	}

	@Test
	public void exportedStateDictHasTheKeysOrderAndShapesPyTorchWrote() throws IOException {
		Map<String, TorchTensor> pytorch = StateDictFile.read(ExchangeFixtures.checkpoint(), null);
		VNetConfig cfg = new VNetConfig(1, 2, 3, 4, Normalization.BATCH, true);
		try (TrainedModel model = TestModels.random(cfg, 5, new int[] { 16, 16, 16 })) {
			Path pth = tmp.getRoot().toPath().resolve("ours.pth");
			ModelExport.stateDict(model, pth, AxisOrder.ZYX, OutputPolicy.of(false));
			Map<String, TorchTensor> ours = StateDictFile.read(pth, null);
			assertEquals(new ArrayList<>(pytorch.keySet()), new ArrayList<>(ours.keySet()));
			for (String k : pytorch.keySet()) {
				assertArrayEquals(k, pytorch.get(k).shape(), ours.get(k).shape());
				assertEquals(k, pytorch.get(k).dtype(), ours.get(k).dtype());
			}
		}
	}

	@Test
	public void exportThenImportIsBitIdenticalForEveryNormalisationAndAxisOrder() throws IOException {
		for (Normalization norm : Normalization.values())
			for (AxisOrder order : AxisOrder.values()) {
				VNetConfig cfg = new VNetConfig(1, 3, 4, 4, norm, false);
				String what = norm + " " + order;
				try (TrainedModel model = TestModels.random(cfg, 17, new int[] { 16, 16, 16 })) {
					Path pth = tmp.newFolder().toPath().resolve("weights.pth");
					ModelExport.stateDict(model, pth, order, OutputPolicy.of(false));
					ModelImport.Settings s = settings(order);
					s.patch = new int[] { 16, 32, 48 };
					s.classNames = List.of("background", "left atrium", "vessels");
					try (TrainedModel back = ModelImport.fromStateDict(pth, s)) {
						assertEquals(what, cfg, back.net().config());
						assertEquals(what, s.classNames, back.descriptor().classNames);
						Map<String, float[]> a = ExchangeFixtures.parameters(model.net()), b = ExchangeFixtures.parameters(back.net());
						assertEquals(what, a.keySet(), b.keySet());
						for (String k : a.keySet()) assertArrayEquals(what + " " + k, a.get(k), b.get(k), 0f);
					}
				}
			}
	}

	@Test
	public void xyzExportReversesTheSpatialAxesOfEveryKernel() throws IOException {
		try (TrainedModel model = TestModels.random(new VNetConfig(1, 2, 4, 4, Normalization.BATCH, false), 2, new int[] { 16, 16, 16 })) {
			Map<String, TorchTensor> zyx = UaMtStateDict.of(model.net(), AxisOrder.ZYX), xyz = UaMtStateDict.of(model.net(), AxisOrder.XYZ);
			for (String key : new String[] { "block_one.conv.0.weight", "block_one_dw.conv.0.weight", "block_five_up.conv.0.weight" }) {
				long[] s = zyx.get(key).shape();
				float[] a = zyx.get(key).floats(), b = xyz.get(key).floats();
				assertFalse(key, Arrays.equals(a, b));
				int k0 = (int) s[2], k1 = (int) s[3], k2 = (int) s[4], kernel = k0 * k1 * k2;
				for (int ab = 0; ab < s[0] * s[1]; ab++)
					for (int p = 0; p < k0; p++)
						for (int q = 0; q < k1; q++)
							for (int r = 0; r < k2; r++)
								assertEquals(key, a[ab * kernel + (p * k1 + q) * k2 + r], b[ab * kernel + (r * k1 + q) * k0 + p], 0f);
			}
			assertArrayEquals(zyx.get("block_one.conv.1.running_var").floats(), xyz.get("block_one.conv.1.running_var").floats(), 0f);
		}
	}

	@Test
	public void aCheckpointNestedInADictWithADataParallelPrefixIsFound() throws IOException {
		Map<String, TorchTensor> dict = StateDictFile.read(ExchangeFixtures.checkpoint(), null);
		PickleWriter p = new PickleWriter();
		Map<String, byte[]> records = new LinkedHashMap<>();
		p.op(PickleWriter.EMPTY_DICT).op(PickleWriter.MARK);
		p.string("epoch").integer(7).string("best_dice").real(0.91);
		p.string("state_dict").global("collections", "OrderedDict").op(PickleWriter.EMPTY_TUPLE).op(PickleWriter.REDUCE);
		p.op(PickleWriter.MARK);
		int k = 0;
		for (Map.Entry<String, TorchTensor> e : dict.entrySet()) {
			p.string("module." + e.getKey());
			StateDictFile.writeTensor(p, Integer.toString(k), e.getValue(), false);
			records.put("data/" + k++, e.getValue().data());
		}
		p.op(PickleWriter.SETITEMS).op(PickleWriter.SETITEMS);
		records.put("data.pkl", p.finish());
		records.put("version", "3\n".getBytes());
		Path file = tmp.getRoot().toPath().resolve("checkpoint.pth");
		try (var out = Files.newOutputStream(file)) {
			TorchArchive.write(out, "checkpoint", records);
		}
		assertEquals(dict, StateDictFile.read(file, null));
		assertEquals(dict, StateDictFile.read(file, "state_dict"));
		assertRejected(() -> StateDictFile.read(file, "ema"), file, "has no entry 'ema'", "'epoch'", "'state_dict'");
		try (TrainedModel m = ModelImport.fromStateDict(file, settings(AxisOrder.XYZ))) {
			assertEquals(3, m.net().config().baseFilters());
		}
	}

	@Test
	public void aWholePickledModuleIsRefused() {
		Path file = ExchangeFixtures.file("pickled-module.pth");
		assertRejected(() -> ModelImport.fromStateDict(file, settings(AxisOrder.XYZ)), file,
			"whole pickled torch.nn.modules.container.Sequential object", "torch.save(model.state_dict(), path)");
	}

	@Test
	public void theLegacyNonZipFormatIsRefused() {
		Path file = ExchangeFixtures.file("legacy-format.pth");
		assertRejected(() -> ModelImport.fromStateDict(file, settings(AxisOrder.XYZ)), file, "legacy (non-zip) format",
			"PyTorch 1.6 or newer");
	}

	@Test
	public void truncatedEmptyAndForeignFilesAreRefused() throws IOException {
		Path dir = tmp.getRoot().toPath();
		byte[] good = Files.readAllBytes(ExchangeFixtures.checkpoint());
		Path half = Files.write(dir.resolve("half.pth"), Arrays.copyOf(good, good.length / 2));
		assertRejected(() -> ModelImport.fromStateDict(half, settings(AxisOrder.XYZ)), half, "truncated or corrupt zip");
		Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
		assertRejected(() -> ModelImport.fromStateDict(empty, settings(AxisOrder.XYZ)), empty, "is empty");
		Path text = Files.writeString(dir.resolve("notes.pth"), "weights to follow\n");
		assertRejected(() -> ModelImport.fromStateDict(text, settings(AxisOrder.XYZ)), text, "is not a PyTorch checkpoint");
		Path absent = dir.resolve("absent.pth");
		assertRejected(() -> ModelImport.fromStateDict(absent, settings(AxisOrder.XYZ)), absent, "no such file");
		Path folder = tmp.newFolder("folder.pth").toPath();
		assertRejected(() -> ModelImport.fromStateDict(folder, settings(AxisOrder.XYZ)), folder, "is a folder");
	}

	@Test
	public void aTorchScriptArchiveIsNotTakenForAStateDict() throws IOException {
		Path pt = tmp.getRoot().toPath().resolve("net.pt");
		try (TrainedModel m = TestModels.random(TestModels.config(4, 3), 1)) {
			ModelExport.torchScript(m, pt, OutputPolicy.of(false));
		}
		assertRejected(() -> ModelImport.fromStateDict(pt, settings(AxisOrder.XYZ)), pt, "is a TorchScript archive",
			"torch.jit.load(path).state_dict()");
	}

	@Test
	public void anotherArchitectureIsRefusedNamingEveryMissingExtraAndMisShapedKey() throws IOException {
		Map<String, TorchTensor> dict = new LinkedHashMap<>(StateDictFile.read(ExchangeFixtures.checkpoint(), null));
		dict.remove("block_nine.conv.0.bias");
		dict.put("block_ten.conv.0.weight", dict.get("block_nine.conv.0.weight"));
		dict.put("block_six.conv.3.weight", dict.get("block_six.conv.0.bias"));
		Path file = write("other.pth", dict);
		assertRejected(() -> ModelImport.fromStateDict(file, settings(AxisOrder.XYZ)), file,
			"does not fit a UA-MT V-Net with 3 base filters, 2 classes and batch normalisation",
			"missing keys (1): block_nine.conv.0.bias", "unexpected keys (1): block_ten.conv.0.weight",
			"wrong shapes (1): block_six.conv.3.weight is (24,), expected (24, 24, 3, 3, 3)");
		Map<String, TorchTensor> unet = new LinkedHashMap<>();
		unet.put("encoder.0.weight", dict.get("block_one.conv.0.weight"));
		Path foreign = write("unet.pth", unet);
		assertRejected(() -> ModelImport.fromStateDict(foreign, settings(AxisOrder.XYZ)), foreign,
			"not a state dict of the UA-MT / LASeg V-Net", "lacks block_one.conv.0.weight", "encoder.0.weight");
	}

	@Test
	public void lasegsAnisotropicFourthStageIsNamedAsTheReason() throws IOException {
		Map<String, TorchTensor> dict = new LinkedHashMap<>(StateDictFile.read(ExchangeFixtures.checkpoint(), null));
		// LASeg's networks/vnet.py: block_four_dw and block_five_up use kernel = stride = (2, 2, 1).
		for (String key : new String[] { "block_four_dw.conv.0.weight", "block_five_up.conv.0.weight" }) {
			long[] s = dict.get(key).shape();
			dict.put(key, TorchTensor.ofFloats(new long[] { s[0], s[1], 2, 2, 1 }, new float[(int) (s[0] * s[1] * 4)]));
		}
		Path file = write("laseg.pth", dict);
		assertRejected(() -> ModelImport.fromStateDict(file, settings(AxisOrder.XYZ)), file,
			"wrong shapes (2): block_four_dw.conv.0.weight is (48, 24, 2, 2, 1), expected (48, 24, 2, 2, 2)", "anisotropic");
	}

	@Test
	public void settingsThatDoNotFitTheNetworkAreRefused() {
		ModelImport.Settings names = settings(AxisOrder.XYZ);
		names.classNames = List.of("background", "atrium", "vessels");
		assertRejected(() -> ModelImport.fromStateDict(ExchangeFixtures.checkpoint(), names), null, "3 class names given",
			"predicts 2 classes");
		ModelImport.Settings patch = settings(AxisOrder.XYZ);
		patch.patch = new int[] { 112, 112, 81 };
		assertRejected(() -> ModelImport.fromStateDict(ExchangeFixtures.checkpoint(), patch), null, "not divisible by 16");
		ModelImport.Settings scale = settings(AxisOrder.XYZ);
		scale.inputScale = 0;
		assertRejected(() -> ModelImport.fromStateDict(ExchangeFixtures.checkpoint(), scale), null, "input scale must be a positive");
	}

	@Test
	public void aStateDictExportOfANetworkOfAnotherDepthIsRefusedAndWritesNothing() throws IOException {
		Path dir = tmp.newFolder().toPath();
		try (TrainedModel m = TestModels.random(TestModels.config(4, 3), 1)) {
			assertRejected(() -> ModelExport.stateDict(m, dir.resolve("w.pth"), AxisOrder.ZYX, OutputPolicy.of(false)), null,
				"the UA-MT V-Net has 4 down-sampling stages, this model 3");
		}
		try (var files = Files.list(dir)) {
			assertEquals("nothing written", 0, files.count());
		}
	}

	private Path write(String name, Map<String, TorchTensor> dict) throws IOException {
		Path file = tmp.getRoot().toPath().resolve(name);
		Files.write(file, StateDictFile.encode("archive", dict));
		return file;
	}

	interface Action {
		void run() throws Exception;
	}

	static void assertRejected(Action action, Path file, String... phrases) {
		try {
			action.run();
			fail("accepted; expected an error saying " + Arrays.toString(phrases));
		}
		catch (Exception e) {
			String m = e.getMessage();
			assertTrue(e.getClass().getSimpleName() + ": " + m, e instanceof IOException || e instanceof IllegalArgumentException);
			if (file != null) assertTrue("names the file: " + m, m.contains(file.toString()));
			for (String p : phrases) assertTrue("says '" + p + "': " + m, m.contains(p));
		}
	}
}
