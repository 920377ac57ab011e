package sc.fiji.meanteacher.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The {@code inputScale} of model.json: written, read back, absent in old files, checked. */
public class ModelInputScaleTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static JsonObject json(Map<String, byte[]> entries) {
		return JsonParser.parseString(new String(entries.get(ModelDescriptor.DESCRIPTOR_FILE), StandardCharsets.UTF_8))
			.getAsJsonObject();
	}

	private Path zipWithJson(String name, Map<String, byte[]> entries, Consumer<JsonObject> edit) throws IOException {
		JsonObject j = json(entries);
		edit.accept(j);
		Map<String, byte[]> copy = new LinkedHashMap<>(entries);
		copy.put(ModelDescriptor.DESCRIPTOR_FILE, j.toString().getBytes(StandardCharsets.UTF_8));
		Path file = tmp.getRoot().toPath().resolve(name);
		ModelArchive.writeZip(file, copy);
		return file;
	}

	@Test
	public void inputScaleRoundTripsAndDefaultsToOneInOldFiles() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1)) {
			model.descriptor().inputScale = 0.5;
			Path file = tmp.getRoot().toPath().resolve("half.zip");
			model.save(file);
			assertEquals(0.5, json(model.entries()).get("inputScale").getAsDouble(), 0);
			try (TrainedModel loaded = TrainedModel.load(file)) {
				assertEquals(0.5, loaded.descriptor().inputScale, 0);
			}
			Path old = zipWithJson("old.zip", model.entries(), j -> j.remove("inputScale"));
			try (TrainedModel loaded = TrainedModel.load(old)) {
				assertEquals(1, loaded.descriptor().inputScale, 0);
			}
		}
	}

	@Test
	public void nonPositiveOrInfiniteInputScaleIsRejectedNamingTheFile() throws IOException {
		try (TrainedModel model = TestModels.random(TestModels.config(4, 2), 1)) {
			String[] bad = { "0", "-0.5", "Infinity", "NaN" };
			for (int i = 0; i < bad.length; i++) {
				String value = bad[i];
				Path file = zipWithJson("bad" + i + ".zip", model.entries(),
					j -> j.add("inputScale", JsonParser.parseString(value)));
				try (TrainedModel loaded = TrainedModel.load(file)) {
					fail(value + " was accepted");
				}
				catch (IOException e) {
					assertTrue(e.getMessage(), e.getMessage().startsWith(file.toString() + ": model.json inputScale must be a positive"));
				}
			}
		}
	}
}
