package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.yaml.snakeyaml.Yaml;

import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.VNetPredictor;
import sc.fiji.meanteacher.model.Sha256;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

/**
 * The BioImage Model Zoo package: every field the model description format 0.5 requires, files
 * that match their checksums, and test tensors that the exported TorchScript reproduces in
 * libtorch.
 */
public class BioImageIoPackageTest {

	/** x, y, z all different: a mixed-up axis shows. */
	private static final int[] PATCH = { 48, 32, 16 };

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static BioImageIoPackage.Metadata metadata() {
		BioImageIoPackage.Metadata m = new BioImageIoPackage.Metadata();
		m.name = "LA segmentation (Mean Teacher)";
		m.authors = List.of("Ada Lovelace", "Charles Babbage");
		m.tags = List.of("MRI", "heart");
		return m;
	}

	private static TrainedModel model(int depth, String intensity) {
		TrainedModel m = TestModels.random(new VNetConfig(1, 2, 4, depth, Normalization.BATCH, true), 21, PATCH);
		m.descriptor().intensityNormalization = intensity;
		m.descriptor().classNames = List.of("background", "left atrium");
		m.descriptor().voxelSize = new double[] { 0.625, 0.625, 1.25 };
		m.descriptor().training.method = "Mean Teacher";
		m.descriptor().training.labeled = 2;
		m.descriptor().training.unlabeled = 22;
		m.descriptor().training.iterations = 600;
		m.descriptor().training.bestValidationDice = 0.8125;
		m.descriptor().training.bestIteration = 400;
		return m;
	}

	private static Map<String, byte[]> unzip(Path zip) throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (ZipEntry e : Collections.list(z.entries())) files.put(e.getName(), z.getInputStream(e).readAllBytes());
		}
		return files;
	}

	@SuppressWarnings("unchecked")
	private static <T> T at(Object node, Object... path) {
		Object o = node;
		for (Object p : path) o = p instanceof Integer i ? ((List<Object>) o).get(i) : ((Map<String, Object>) o).get(p);
		return (T) o;
	}

	private static void assertFileMatches(Map<String, byte[]> files, Map<String, Object> descr) {
		String source = (String) descr.get("source");
		assertNotNull("packaged: " + source, files.get(source));
		assertEquals(source + " sha256", Sha256.hex(files.get(source)), descr.get("sha256"));
	}

	@Test
	public void thePackageHoldsEveryRequiredFieldAndFilesMatchingTheirChecksums() throws IOException {
		Path zip = tmp.getRoot().toPath().resolve("la-model.zip");
		try (TrainedModel m = model(4, "zscore")) {
			BioImageIoPackage.write(m, zip, metadata(), null, OutputPolicy.of(false));
		}
		Map<String, byte[]> files = unzip(zip);
		assertEquals(List.of("rdf.yaml", "README.md", "cover.png", "test_input.npy", "test_output.npy", "weights-torchscript.pt",
			"weights.pth", "vnet_uamt_layout.py"), new ArrayList<>(files.keySet()));
		Map<String, Object> rdf = new Yaml().load(new String(files.get("rdf.yaml"), StandardCharsets.UTF_8));
		assertEquals("0.5.7", rdf.get("format_version"));
		assertEquals("model", rdf.get("type"));
		assertEquals("LA segmentation (Mean Teacher)", rdf.get("name"));
		assertTrue(((String) rdf.get("description")).contains("left atrium"));
		assertEquals("Ada Lovelace", at(rdf, "authors", 0, "name"));
		assertEquals("Charles Babbage", at(rdf, "authors", 1, "name"));
		List<Map<String, Object>> cite = at(rdf, "cite");
		List<Object> dois = new ArrayList<>();
		for (Map<String, Object> c : cite) {
			assertFalse(((String) c.get("text")).isBlank());
			dois.add(c.get("doi"));
		}
		assertTrue(dois.toString(), dois.containsAll(List.of("10.48550/arXiv.1703.01780", "10.1007/978-3-030-32245-8_67")));
		assertEquals("CC-BY-4.0", rdf.get("license"));
		assertEquals("README.md", rdf.get("documentation"));
		String readme = new String(files.get("README.md"), StandardCharsets.UTF_8);
		assertTrue("a Validation section", readme.matches("(?s).*#+ Validation.*"));
		assertTrue(readme.contains("0.8125"));
		assertEquals(List.of("cover.png"), rdf.get("covers"));
		BufferedImage cover = ImageIO.read(new ByteArrayInputStream(files.get("cover.png")));
		assertEquals("2:1 cover", 2 * cover.getHeight(), cover.getWidth());
		assertTrue(cover.getHeight() >= 256);
		assertTrue("cover under 500 KB", files.get("cover.png").length < 500_000);
		List<String> tags = at(rdf, "tags");
		assertTrue(tags.toString(), tags.containsAll(List.of("3d", "semantic-segmentation", "pytorch", "mri", "heart")));
		assertTrue(((String) rdf.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"));

		Map<String, Object> input = at(rdf, "inputs", 0), output = at(rdf, "outputs", 0);
		assertEquals("raw", input.get("id"));
		List<Map<String, Object>> inAxes = at(input, "axes"), outAxes = at(output, "axes");
		assertEquals(List.of("batch", "channel", "space", "space", "space"), inAxes.stream().map(a -> a.get("type")).toList());
		assertEquals(List.of("intensity"), inAxes.get(1).get("channel_names"));
		for (int a = 0; a < 3; a++) {
			String id = String.valueOf("zyx".charAt(a));
			assertEquals(id, inAxes.get(2 + a).get("id"));
			assertEquals(Map.of("min", 16, "step", 16), inAxes.get(2 + a).get("size"));
			assertEquals(id, outAxes.get(2 + a).get("id"));
			assertEquals(Map.of("tensor_id", "raw", "axis_id", id), outAxes.get(2 + a).get("size"));
			assertEquals(new double[] { 1.25, 0.625, 0.625 }[a], (Double) inAxes.get(2 + a).get("scale"), 0);
		}
		assertEquals(List.of("background", "left_atrium"), outAxes.get(1).get("channel_names"));
		List<Map<String, Object>> pre = at(input, "preprocessing");
		assertEquals(List.of("ensure_dtype", "zero_mean_unit_variance", "ensure_dtype"), pre.stream().map(p -> p.get("id")).toList());
		assertEquals(List.of("z", "y", "x"), at(pre.get(1), "kwargs", "axes"));
		assertEquals(1e-6, (Double) at(pre.get(1), "kwargs", "eps"), 0);
		assertEquals("probabilities", output.get("id"));
		assertEquals(List.of(0.0, 1.0), at(output, "data", "range"));
		assertFileMatches(files, at(input, "test_tensor"));
		assertFileMatches(files, at(output, "test_tensor"));

		Map<String, Object> sd = at(rdf, "weights", "pytorch_state_dict"), ts = at(rdf, "weights", "torchscript");
		assertFileMatches(files, sd);
		assertFileMatches(files, ts);
		assertFileMatches(files, at(sd, "architecture"));
		assertEquals("VNet", at(sd, "architecture", "callable"));
		assertEquals(Map.of("n_channels", 1, "n_classes", 2, "n_filters", 4, "normalization", "batchnorm", "has_dropout", false,
			"softmax", true), at(sd, "architecture", "kwargs"));
		assertEquals("pytorch_state_dict", ts.get("parent"));
		assertEquals(null, sd.get("parent"));
		assertTrue(((String) ts.get("pytorch_version")).matches("\\d+\\.\\d+(\\.\\d+)?"));
		assertEquals(List.of(48, 32, 16), at(rdf, "config", "mean_teacher_fiji", "patch_size_xyz"));
		assertEquals(0.8125, (Double) at(rdf, "config", "mean_teacher_fiji", "best_validation_dice"), 0);

		Npy.Array in = Npy.read(files.get("test_input.npy"), "test_input.npy"), out = Npy.read(files.get("test_output.npy"), "out");
		assertArrayEquals(new long[] { 1, 1, 16, 32, 48 }, in.shape());
		assertArrayEquals(new long[] { 1, 2, 16, 32, 48 }, out.shape());
		int n = 16 * 32 * 48;
		for (int i = 0; i < n; i++) assertEquals("probabilities sum to 1", 1, out.values()[i] + out.values()[n + i], 1e-5);
	}

	@Test
	public void theTestTensorsAreOurNetworksOutputAndTheExportedTorchScriptReproducesThem() throws IOException {
		Path zip = tmp.getRoot().toPath().resolve("model.zip");
		try (TrainedModel m = model(4, "zscore")) {
			BioImageIoPackage.write(m, zip, metadata(), null, OutputPolicy.of(false));
			Map<String, byte[]> files = unzip(zip);
			float[] raw = Npy.read(files.get("test_input.npy"), "in").values();
			float[] expected = Npy.read(files.get("test_output.npy"), "out").values();
			// zero_mean_unit_variance as bioimage.io applies it: (x - mean) / (std + eps)
			double mean = 0, sq = 0;
			for (float v : raw) mean += v;
			mean /= raw.length;
			for (float v : raw) sq += (v - mean) * (v - mean);
			double sd = Math.sqrt(sq / raw.length);
			assertTrue("the synthetic test patch has contrast", sd > 0.01);
			float[] input = new float[raw.length];
			for (int i = 0; i < raw.length; i++) input[i] = (float) ((raw[i] - mean) / (sd + 1e-6));
			float[] ours = new VNetPredictor(m.net(), m.manager(), 2, PatchSize.of(PATCH)).predict(input, 1);
			Path pt = tmp.getRoot().toPath().resolve("weights-torchscript.pt");
			Files.write(pt, files.get("weights-torchscript.pt"));
			float[] torchScript;
			try (TorchScriptPredictor ts = TorchScriptPredictor.load(pt, PatchSize.of(PATCH), 2, true)) {
				torchScript = ts.predict(input, 1);
			}
			double toOurs = 0, toTorchScript = 0, spread = 0;
			for (int i = 0; i < expected.length; i++) {
				toOurs = Math.max(toOurs, Math.abs(expected[i] - ours[i]));
				toTorchScript = Math.max(toTorchScript, Math.abs(expected[i] - torchScript[i]));
				spread = Math.max(spread, Math.abs(expected[i] - expected[0]));
			}
			assertTrue("test output = our network, max difference " + toOurs, toOurs < 1e-5);
			assertTrue("TorchScript through DJL reproduces the test output, max difference " + toTorchScript, toTorchScript < 1e-5);
			assertTrue("the output is not constant", spread > 0.01);
			// The packaged state dict holds the same weights, bit for bit.
			Path pth = Files.write(tmp.getRoot().toPath().resolve("weights.pth"), files.get("weights.pth"));
			ModelImport.Settings s = new ModelImport.Settings();
			s.patch = PATCH;
			s.axisOrder = AxisOrder.ZYX;
			try (TrainedModel back = ModelImport.fromStateDict(pth, s)) {
				Map<String, float[]> a = ExchangeFixtures.parameters(m.net()), b = ExchangeFixtures.parameters(back.net());
				assertEquals(a.keySet(), b.keySet());
				for (String k : a.keySet()) assertArrayEquals(k, a.get(k), b.get(k), 0f);
			}
		}
	}

	@Test
	public void eachIntensityNormalisationIsDeclaredAsTheMatchingPreprocessing() throws IOException {
		try (TrainedModel m = model(3, "percentile-0.5-99.5")) {
			Map<String, Object> rdf = rdf(BioImageIoPackage.files(m, metadata(), null));
			List<Map<String, Object>> pre = at(rdf, "inputs", 0, "preprocessing");
			assertEquals(List.of("ensure_dtype", "scale_range", "clip", "ensure_dtype"), pre.stream().map(p -> p.get("id")).toList());
			assertEquals(0.5, (Double) at(pre.get(1), "kwargs", "min_percentile"), 0);
			assertEquals(99.5, (Double) at(pre.get(1), "kwargs", "max_percentile"), 0);
			assertEquals(Map.of("min", 0.0, "max", 1.0), at(pre.get(2), "kwargs"));
		}
		try (TrainedModel m = model(3, "none")) {
			Map<String, Object> rdf = rdf(BioImageIoPackage.files(m, metadata(), null));
			List<Map<String, Object>> pre = at(rdf, "inputs", 0, "preprocessing");
			assertEquals(List.of("ensure_dtype", "ensure_dtype"), pre.stream().map(p -> p.get("id")).toList());
		}
		// Our z-score and bioimage.io's differ only by the epsilon.
		float[] raw = { 1, 2, 4, 8, 16 };
		float[] ours = sc.fiji.meanteacher.volume.IntensityNormalization.ZSCORE.apply(Volume.wrap("v", raw, new long[] { 5, 1, 1 },
			new double[] { 1, 1, 1 })).data();
		float[] theirs = BioImageIoPackage.preprocess(raw, sc.fiji.meanteacher.volume.IntensityNormalization.ZSCORE);
		assertArrayEquals(ours, theirs, 1e-5f);
	}

	@Test
	public void aNetworkOfAnotherDepthIsPackagedAsTorchScriptAlone() throws IOException {
		try (TrainedModel m = model(3, "zscore")) {
			Map<String, byte[]> files = BioImageIoPackage.files(m, metadata(), null);
			assertFalse(files.containsKey("weights.pth"));
			assertFalse(files.containsKey("vnet_uamt_layout.py"));
			Map<String, Object> weights = at(rdf(files), "weights");
			assertEquals(List.of("torchscript"), new ArrayList<>(weights.keySet()));
			assertEquals(null, at(weights, "torchscript", "parent"));
			assertEquals(Map.of("min", 8, "step", 8), at(rdf(files), "inputs", 0, "axes", 2, "size"));
		}
	}

	@Test
	public void theTestPatchIsTheCentreOfTheSampleOnTheModelsGrid() {
		int nx = 60, ny = 40, nz = 20;
		float[] v = new float[nx * ny * nz];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) v[(z * ny + y) * nx + x] = x + 100 * y + 10000 * z;
		Volume sample = Volume.wrap("sample", v, new long[] { nx, ny, nz }, new double[] { 1, 1, 1 });
		try (TrainedModel m = model(3, "zscore")) {
			float[] patch = BioImageIoPackage.testPatch(m.descriptor(), sample);
			assertEquals(48 * 32 * 16, patch.length);
			// offsets (60-48)/2 = 6, (40-32)/2 = 4, (20-16)/2 = 2
			assertEquals(6 + 100 * 4 + 10000 * 2, patch[0], 0);
			assertEquals((6 + 47) + 100 * (4 + 31) + 10000 * (2 + 15), patch[patch.length - 1], 0);
			m.descriptor().inputScale = 0.5;
			ModelImportTest.assertRejected(() -> BioImageIoPackage.testPatch(m.descriptor(), sample), null,
				"sample: 30x20x10 voxels resampled by 0.5 per axis is smaller than the patch 48x32x16 along x");
			// a spacing resamples each axis from the sample's own voxel size: 20 slices of 1 become 5 of 4
			m.descriptor().inputScale = 1;
			m.descriptor().inputSpacing = new double[] { 1, 1, 4 };
			ModelImportTest.assertRejected(() -> BioImageIoPackage.testPatch(m.descriptor(), sample), null,
				"sample: 60x40x5 voxels resampled to a voxel size of 1,1,4 (x, y, z) is smaller than the patch 48x32x16 along z");
			assertTrue(BioImageIoDescription.readme(m, metadata(), false).contains(
				"- The training images were resampled to a voxel size of 1,1,4 (x, y, z); resample new images the same way first"));
		}
	}

	@Test
	public void invalidMetadataAndTargetsAreRefusedAndNothingIsWritten() throws IOException {
		Path dir = tmp.newFolder().toPath();
		try (TrainedModel m = model(3, "zscore")) {
			BioImageIoPackage.Metadata bad = metadata();
			bad.name = "LA/heart";
			ModelImportTest.assertRejected(() -> BioImageIoPackage.write(m, dir.resolve("a.zip"), bad, null, OutputPolicy.of(false)), null,
				"model name 'LA/heart' must be 5 to 128 letters");
			BioImageIoPackage.Metadata noAuthor = metadata();
			noAuthor.authors = List.of(" ");
			ModelImportTest.assertRejected(() -> BioImageIoPackage.write(m, dir.resolve("a.zip"), noAuthor, null, OutputPolicy.of(false)), null,
				"at least one author");
			BioImageIoPackage.Metadata license = metadata();
			license.license = "my own license";
			ModelImportTest.assertRejected(() -> BioImageIoPackage.write(m, dir.resolve("a.zip"), license, null, OutputPolicy.of(false)), null,
				"not an SPDX identifier");
			Volume small = Volume.zeros("tiny", new long[] { 8, 8, 8 }, new double[] { 1, 1, 1 });
			ModelImportTest.assertRejected(() -> BioImageIoPackage.write(m, dir.resolve("a.zip"), metadata(), small, OutputPolicy.of(false)), null,
				"smaller than the patch");
			try (var files = Files.list(dir)) {
				assertEquals("nothing written", 0, files.count());
			}
			Path existing = Files.writeString(dir.resolve("old.zip"), "old");
			ModelImportTest.assertRejected(() -> BioImageIoPackage.write(m, existing, metadata(), null, OutputPolicy.of(false)), existing, "exists already");
			assertEquals("old", Files.readString(existing));
			Path wrong = dir.resolve("model.yaml");
			ModelImportTest.assertRejected(() -> BioImageIoPackage.write(m, wrong, metadata(), null, OutputPolicy.of(false)), wrong, "must end in .zip");
		}
	}

	private static Map<String, Object> rdf(Map<String, byte[]> files) {
		return new Yaml().load(new String(files.get("rdf.yaml"), StandardCharsets.UTF_8));
	}
}
