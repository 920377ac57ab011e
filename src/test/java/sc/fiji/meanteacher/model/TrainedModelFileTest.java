package sc.fiji.meanteacher.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;

public class TrainedModelFileTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void zipAndFolderLoadBackBitIdenticalParametersAndOutput() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(16, 2), 11)) {
			long runningStats = model.net().getParameters().values().stream()
				.filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR).count();
			// Depth 2: encoder 1+2+3, decoder 2+1, two down and two up convolutions, each with BN.
			assertEquals("a BN mean and variance per normalised convolution", 2 * 13, runningStats);
			float[] input = randomPatch(5);
			float[] expected = forward(model, input);
			for (String name : new String[] { "model.zip", "model" }) {
				Path file = tmp.newFolder().toPath().resolve(name);
				model.save(file);
				assertEquals(name, Files.isDirectory(file), !name.endsWith(".zip"));
				try (TrainedModel loaded = TrainedModel.load(file)) {
					assertSameParameters(name, model.net(), loaded.net());
					assertArrayEquals(name + ": eval-mode output", expected, forward(loaded, input), 0f);
				}
			}
		}
	}

	@Test
	public void aFreshNetworkGivesADifferentOutput() {
		// Guards the test above: the seeded parameters, running statistics included, shape the output.
		float[] input = randomPatch(5);
		try (TrainedModel a = TestModels.random(TestModels.config(16, 2), 11);
			TrainedModel b = TestModels.random(TestModels.config(16, 2), 12))
		{
			float[] fa = forward(a, input), fb = forward(b, input);
			assertFalse(Arrays.equals(fa, fb));
			resetRunningStatistics(b.net(), a.net());
			assertFalse("running statistics alone change the output", Arrays.equals(fa, forward(a, input)));
		}
	}

	@Test
	public void modelJsonRoundTripsEveryField() throws IOException {
		VNetConfig cfg = new VNetConfig(2, 3, 4, 1, Normalization.GROUP, false);
		try (TrainedModel model = TestModels.random(cfg, 3)) {
			ModelDescriptor d = model.descriptor();
			d.intensityNormalization = "percentile-0.5-99.5";
			d.classNames = List.of("background", "atrium", "vein");
			d.voxelSize = new double[] { 0.625, 0.6875, 2.5 };
			d.weights = "net.npz";
			d.training.method = "mean-teacher";
			d.training.labeled = 16;
			d.training.unlabeled = 64;
			d.training.iterations = 6000;
			d.training.seed = 1L << 40;
			d.training.bestValidationDice = 0.8912345678901234;
			d.training.bestIteration = 5400;
			d.training.date = "2025-01-02T03:04:05+01:00";
			d.training.software = "mean-teacher-fiji 9.9";
			Path file = tmp.getRoot().toPath().resolve("described.zip");
			model.save(file);
			Map<String, byte[]> entries = ModelArchive.read(file);
			assertEquals(List.of("model.json", "net.npz"), List.copyOf(entries.keySet()));
			assertSameDescriptor(d, TrainedModel.readDescriptor(file, entries));
			try (TrainedModel loaded = TrainedModel.load(file)) {
				assertSameDescriptor(d, loaded.descriptor());
				assertSameParameters("", model.net(), loaded.net());
			}
		}
	}

	@Test
	public void unknownValidationDiceIsAbsentFromStrictJsonAndReadsAsNaN() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 1), 3)) {
			assertTrue(Double.isNaN(model.descriptor().training.bestValidationDice));
			Path file = tmp.getRoot().toPath().resolve("m.zip");
			model.save(file);
			Map<String, byte[]> entries = ModelArchive.read(file);
			String json = new String(entries.get(ModelDescriptor.DESCRIPTOR_FILE), StandardCharsets.UTF_8);
			// jq, JavaScript and Python's json reject NaN; a strict reader stands in for them
			JsonReader strict = new JsonReader(new StringReader(json));
			strict.setLenient(false);
			JsonObject tree = JsonParser.parseReader(strict).getAsJsonObject();
			assertFalse(json, tree.getAsJsonObject("training").has("bestValidationDice"));
			assertTrue(Double.isNaN(TrainedModel.readDescriptor(file, entries).training.bestValidationDice));

			// a model.json of an earlier version, with the NaN literal, still reads
			String old = json.replace("\"bestIteration\"", "\"bestValidationDice\": NaN,\n    \"bestIteration\"");
			assertTrue(old, old.contains("NaN"));
			entries.put(ModelDescriptor.DESCRIPTOR_FILE, old.getBytes(StandardCharsets.UTF_8));
			assertTrue(Double.isNaN(TrainedModel.readDescriptor(file, entries).training.bestValidationDice));
		}
	}

	@Test
	public void savingReplacesAnExistingModelAndLeavesNoTemporaryFiles() throws IOException {
		try (TrainedModel first = TestModels.random(TestModels.config(4, 2), 1);
			TrainedModel second = TestModels.random(TestModels.config(4, 2), 2))
		{
			for (String name : new String[] { "model.zip", "model" }) {
				Path dir = tmp.newFolder().toPath();
				Path file = dir.resolve(name);
				first.save(file);
				second.save(file, OutputPolicy.of(true));
				assertEquals(name, List.of(name), list(dir));
				if (Files.isDirectory(file)) assertEquals(List.of("model.json", "weights.npz"), list(file));
				try (TrainedModel loaded = TrainedModel.load(file)) {
					assertSameParameters(name, second.net(), loaded.net());
				}
			}
		}
	}

	@Test
	public void aWriteFailingHalfWayLeavesTheOldModelIntact() throws IOException {
		try (TrainedModel old = TestModels.random(TestModels.config(4, 2), 1);
			TrainedModel next = TestModels.random(TestModels.config(4, 2), 2))
		{
			// An entry name the zip format cannot hold (> 65535 bytes) and a file name the file system
			// rejects (> 255 bytes) make the write fail after model.json has been written.
			String[][] cases = { { "model.zip", "x".repeat(70_000) }, { "model", "x".repeat(300) } };
			for (String[] c : cases) {
				Path dir = tmp.newFolder().toPath();
				Path file = dir.resolve(c[0]);
				old.save(file);
				Map<String, byte[]> before = ModelArchive.read(file);
				Map<String, byte[]> broken = new LinkedHashMap<>(next.entries());
				broken.put(c[1], new byte[] { 1 });
				try {
					TrainedModel.save(file, OutputPolicy.of(true), broken);
					fail(c[0] + ": the write should have failed");
				}
				catch (IOException | IllegalArgumentException expected) {
					// the failure itself is the zip library's or the file system's
				}
				assertEquals(c[0], List.of(c[0]), list(dir));
				Map<String, byte[]> after = ModelArchive.read(file);
				assertEquals(c[0], before.keySet(), after.keySet());
				for (String k : before.keySet()) assertArrayEquals(c[0] + " " + k, before.get(k), after.get(k));
			}
		}
	}

	@Test
	public void savingIntoAnUnwritableFolderFailsNamingItAndKeepsTheOldFile() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1)) {
			Path dir = tmp.newFolder("locked").toPath();
			Path file = dir.resolve("model.zip");
			model.save(file);
			byte[] before = Files.readAllBytes(file);
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
			try {
				Assume.assumeFalse("permissions do not bind this user (root)", Files.isWritable(dir));
				model.save(file, OutputPolicy.of(true));
				fail("saved into a read-only folder");
			}
			catch (IOException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(dir.toString()) && e.getMessage().contains("not writable"));
				assertArrayEquals(before, Files.readAllBytes(file));
			}
			finally {
				Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
	}

	@Test
	public void loadRejectsNewerOrForeignFormats() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1)) {
			Map<String, byte[]> good = model.entries();
			assertRejected(zip("v2.zip", editJson(good, j -> j.addProperty("formatVersion", 2))),
				"model format version 2 is newer than this plugin reads", "update the plugin");
			assertRejected(folder("v2", editJson(good, j -> j.addProperty("formatVersion", 2))),
				"model format version 2 is newer than this plugin reads");
			// version 0 never existed: updating would not help
			assertRejected(zip("v0.zip", editJson(good, j -> j.addProperty("formatVersion", 0))),
				"invalid format version 0", "damaged");
			assertRejected(zip("foreign.zip", editJson(good, j -> j.addProperty("format", "bioimage.io"))),
				"not a Mean Teacher model", "bioimage.io");
			assertRejected(zip("unlabelled.zip", editJson(good, j -> j.remove("format"))), "no \"format\" field");
			assertRejected(zip("unet.zip", editJson(good, j -> j.getAsJsonObject("architecture").addProperty("name", "unet"))),
				"unknown architecture 'unet'");
			Map<String, byte[]> noJson = new LinkedHashMap<>(good);
			noJson.remove("model.json");
			assertRejected(zip("nojson.zip", noJson), "no model.json");
		}
	}

	@Test
	public void loadRejectsFilesThatAreNotModels() throws IOException {
		Path text = tmp.getRoot().toPath().resolve("model.zip");
		Files.writeString(text, "these are notes, not a model\n");
		assertRejected(text, "not a model file");
		Path empty = tmp.getRoot().toPath().resolve("empty.zip");
		Files.write(empty, new byte[0]);
		assertRejected(empty, "not a model file");
		assertRejected(tmp.getRoot().toPath().resolve("absent.zip"), "no such file");
	}

	@Test
	public void loadRejectsTruncatedOrIncompleteModels() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1)) {
			Map<String, byte[]> good = model.entries();
			Path whole = zip("whole.zip", good);
			byte[] bytes = Files.readAllBytes(whole);
			Path half = tmp.getRoot().toPath().resolve("half.zip");
			Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
			assertRejected(half, "truncated or corrupt zip");
			Map<String, byte[]> noWeights = new LinkedHashMap<>(good);
			noWeights.remove("weights.npz");
			assertRejected(zip("noweights.zip", noWeights), "weights.npz is missing");
			Map<String, byte[]> notNpz = new LinkedHashMap<>(good);
			notNpz.put("weights.npz", "1,2,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8));
			assertRejected(zip("csvweights.zip", notNpz), "weights.npz", "not a weights file");
			Map<String, byte[]> badJson = new LinkedHashMap<>(good);
			badJson.put("model.json", "{ \"format\": \"mean-teacher-fiji-model\", ".getBytes(StandardCharsets.UTF_8));
			assertRejected(zip("badjson.zip", badJson), "model.json is not valid JSON");
			assertRejected(zip("wrongtype.zip", editJson(good, j -> j.addProperty("patchSize", "big"))), "model.json is not valid JSON");
		}
	}

	@Test
	public void loadRejectsWeightsOfAnotherArchitecture() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1);
			TrainedModel wider = TestModels.random(TestModels.config(8, 2), 1);
			TrainedModel deeper = TestModels.random(TestModels.config(4, 3), 1))
		{
			for (TrainedModel other : List.of(wider, deeper)) {
				Map<String, byte[]> mixed = new LinkedHashMap<>(model.entries());
				mixed.put("weights.npz", other.entries().get("weights.npz"));
				VNetConfig o = other.net().config();
				assertRejected(zip("mixed-" + o.baseFilters() + "-" + o.depth() + ".zip", mixed), "mismatched architecture",
					"depth 2, 4 base filters");
			}
			Map<String, byte[]> relabelled = editJson(model.entries(), j -> j.getAsJsonObject("architecture").addProperty("depth", 3));
			assertRejected(zip("relabelled.zip", relabelled), "mismatched architecture", "depth 3");
		}
	}

	@Test
	public void loadRejectsInconsistentDescriptions() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1)) {
			Map<String, byte[]> good = model.entries();
			assertRejected(zip("patch.zip", editJson(good, j -> j.add("patchSize", JsonParser.parseString("[8, 8, 6]")))),
				"not divisible by 4");
			assertRejected(zip("norm.zip", editJson(good, j -> j.addProperty("intensityNormalization", "histogram"))),
				"unknown intensity normalisation 'histogram'");
			assertRejected(zip("names.zip", editJson(good, j -> j.add("classNames", JsonParser.parseString("[\"a\",\"b\",\"c\"]")))),
				"names 3 classes", "predicts 2");
			assertRejected(zip("spacing.zip", editJson(good, j -> j.add("voxelSize", JsonParser.parseString("[1, 0, 1]")))),
				"voxel size must be 3 positive numbers");
		}
	}

	// ---------------------------------------------------------------------------------------------

	private static void assertRejected(Path file, String... phrases) {
		try {
			TrainedModel.load(file).close();
			fail(file + " was loaded");
		}
		catch (IOException e) {
			String m = e.getMessage();
			assertTrue("names the file: " + m, m.contains(file.toString()));
			for (String p : phrases) assertTrue("says '" + p + "': " + m, m.contains(p));
		}
	}

	private Path zip(String name, Map<String, byte[]> entries) throws IOException {
		Path file = tmp.getRoot().toPath().resolve(name);
		ModelArchive.writeZip(file, entries);
		return file;
	}

	private Path folder(String name, Map<String, byte[]> entries) throws IOException {
		Path file = tmp.getRoot().toPath().resolve(name);
		ModelArchive.writeFolder(file, OutputPolicy.newFilesOnly(), entries);
		return file;
	}

	private static Map<String, byte[]> editJson(Map<String, byte[]> entries, Consumer<JsonObject> edit) {
		JsonObject json = JsonParser.parseString(new String(entries.get("model.json"), StandardCharsets.UTF_8)).getAsJsonObject();
		edit.accept(json);
		Map<String, byte[]> copy = new LinkedHashMap<>(entries);
		copy.put("model.json", json.toString().getBytes(StandardCharsets.UTF_8));
		return copy;
	}

	private static List<String> list(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static float[] randomPatch(long seed) {
		Random r = new Random(seed);
		float[] v = new float[TestModels.PATCH[0] * TestModels.PATCH[1] * TestModels.PATCH[2]];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		return v;
	}

	/** The network's logits for one patch, in inference mode (running statistics, no dropout). */
	private static float[] forward(TrainedModel model, float[] patch) {
		try (NDManager scope = model.manager().newSubManager()) {
			int[] p = TestModels.PATCH;
			NDArray x = scope.create(patch, new Shape(1, 1, p[2], p[1], p[0]));
			return model.net().forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow().toFloatArray();
		}
	}

	private static void assertSameParameters(String what, VNet expected, VNet actual) {
		PairList<String, Parameter> e = expected.getParameters(), a = actual.getParameters();
		assertEquals(what, e.keys(), a.keys());
		for (int i = 0; i < e.size(); i++) {
			NDArray x = e.get(i).getValue().getArray(), y = a.get(i).getValue().getArray();
			assertEquals(what + " " + e.get(i).getKey(), x.getShape(), y.getShape());
			assertArrayEquals(what + " " + e.get(i).getKey(), bits(x.toFloatArray()), bits(y.toFloatArray()));
		}
	}

	private static int[] bits(float[] v) {
		int[] b = new int[v.length];
		for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
		return b;
	}

	/** Copies the running statistics of {@code from} into {@code to}. */
	private static void resetRunningStatistics(VNet from, VNet to) {
		PairList<String, Parameter> src = from.getParameters();
		for (Pair<String, Parameter> p : to.getParameters()) {
			Parameter.Type t = p.getValue().getType();
			if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR)
				p.getValue().getArray().set(src.get(p.getKey()).getArray().toFloatArray());
		}
	}

	private static void assertSameDescriptor(ModelDescriptor e, ModelDescriptor a) {
		assertEquals(e.format, a.format);
		assertEquals(e.formatVersion, a.formatVersion);
		assertEquals(e.architecture.name, a.architecture.name);
		assertEquals(e.architecture.inChannels, a.architecture.inChannels);
		assertEquals(e.architecture.numClasses, a.architecture.numClasses);
		assertEquals(e.architecture.baseFilters, a.architecture.baseFilters);
		assertEquals(e.architecture.depth, a.architecture.depth);
		assertEquals(e.architecture.normalization, a.architecture.normalization);
		assertEquals(e.architecture.dropout, a.architecture.dropout);
		assertArrayEquals(e.patchSize, a.patchSize);
		assertEquals(e.intensityNormalization, a.intensityNormalization);
		assertEquals(e.classNames, a.classNames);
		assertArrayEquals(e.voxelSize, a.voxelSize, 0);
		assertEquals(e.weights, a.weights);
		assertEquals(e.training.method, a.training.method);
		assertEquals(e.training.labeled, a.training.labeled);
		assertEquals(e.training.unlabeled, a.training.unlabeled);
		assertEquals(e.training.iterations, a.training.iterations);
		assertEquals(e.training.seed, a.training.seed);
		assertEquals(Double.doubleToLongBits(e.training.bestValidationDice), Double.doubleToLongBits(a.training.bestValidationDice));
		assertEquals(e.training.bestIteration, a.training.bestIteration);
		assertEquals(e.training.date, a.training.date);
		assertEquals(e.training.software, a.training.software);
	}
}
