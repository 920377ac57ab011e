package sc.fiji.meanteacher.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import sc.fiji.meanteacher.files.IoMessages;

/**
 * A folder in the Medical Segmentation Decathlon layout: {@code dataset.json} beside
 * {@code imagesTr/}, {@code labelsTr/} and {@code imagesTs/}, as its {@code training} pairs and
 * {@code test} list name them. Cases are named by the file's base name ({@code la_003} for
 * {@code ./imagesTr/la_003.nii.gz}); an {@code imagesTr} file that no training pair names is an
 * unlabeled case. The class names come from {@code labels}, background first. Read strictly: every
 * problem is one line naming {@code dataset.json} and the field (and, for a listed file, the entry
 * and its path), since a dataset half read would train on other cases than the user meant.
 *
 * @param root the folder holding {@code dataset.json}
 * @param classNames one per label value 0, 1, ... as {@code labels} names them
 * @param labeled the images of the {@code training} pairs by case name, in the file's order
 * @param labels their label files by case name
 * @param unlabeled the {@code imagesTr} files that no training pair names, by case name, sorted
 * @param test the {@code test} images by case name, in the file's order
 */
public record DecathlonDataset(Path root, List<String> classNames, Map<String, Path> labeled, Map<String, Path> labels,
	Map<String, Path> unlabeled, Map<String, Path> test)
{

	/** The file that makes a folder a Decathlon dataset. */
	public static final String DATASET_FILE = "dataset.json";
	/** The folder of the training images, whose unnamed files are unlabeled cases. */
	public static final String TRAINING_IMAGES = "imagesTr";

	/** True when {@code folder} holds a {@code dataset.json} file. */
	public static boolean isDecathlon(Path folder) {
		return folder != null && Files.isRegularFile(folder.resolve(DATASET_FILE));
	}

	/**
	 * Reads {@code root/dataset.json} and checks that every file it lists exists.
	 *
	 * @throws IllegalArgumentException in one line naming dataset.json and the field: unreadable or
	 *           not JSON, no {@code training} list, an entry without {@code image} or {@code label},
	 *           a listed file that does not exist, two entries of one case name, {@code labels} not
	 *           numbering the classes 0, 1, ..., or a {@code modality} of more than one channel
	 */
	public static DecathlonDataset read(Path root) {
		Path file = root.toAbsolutePath().resolve(DATASET_FILE);
		JsonObject json = parse(file);
		requireOneChannel(file, json.get("modality"));
		List<String> classNames = classNames(file, json.get("labels"));
		JsonElement training = json.get("training");
		if (training == null || !training.isJsonArray())
			throw new IllegalArgumentException(file + ": no 'training' list of {\"image\": ..., \"label\": ...} pairs");
		Map<String, Path> labeled = new LinkedHashMap<>(), labels = new LinkedHashMap<>();
		JsonArray pairs = training.getAsJsonArray();
		for (int i = 0; i < pairs.size(); i++) {
			String entry = "training[" + i + "]";
			if (!pairs.get(i).isJsonObject()) throw new IllegalArgumentException(file + ": " + entry + " is not an {\"image\", \"label\"} pair");
			JsonObject pair = pairs.get(i).getAsJsonObject();
			Path image = listedFile(file, entry + ".image", pair.get("image"));
			Path label = listedFile(file, entry + ".label", pair.get("label"));
			String name = caseName(image);
			putNew(file, entry, labeled, name, image);
			labels.put(name, label);
		}
		if (labeled.isEmpty()) throw new IllegalArgumentException(file + ": 'training' lists no image and label pair");
		Map<String, Path> unlabeled = new LinkedHashMap<>();
		Path imagesTr = file.getParent().resolve(TRAINING_IMAGES);
		if (Files.isDirectory(imagesTr))
			for (Map.Entry<String, Path> image : ImageFolder.byBaseName(imagesTr).entrySet())
				if (!labeled.containsKey(image.getKey())) unlabeled.put(image.getKey(), image.getValue());
		Map<String, Path> test = new LinkedHashMap<>();
		JsonElement testList = json.get("test");
		if (testList != null && !testList.isJsonArray())
			throw new IllegalArgumentException(file + ": 'test' is not a list of image paths");
		if (testList != null) {
			JsonArray images = testList.getAsJsonArray();
			for (int i = 0; i < images.size(); i++) {
				String entry = "test[" + i + "]";
				Path image = listedFile(file, entry, images.get(i));
				String name = caseName(image);
				if (labeled.containsKey(name) || unlabeled.containsKey(name))
					throw new IllegalArgumentException(file + ": " + entry + " names case " + name + ", a training case too");
				putNew(file, entry, test, name, image);
			}
		}
		return new DecathlonDataset(root, List.copyOf(classNames), Collections.unmodifiableMap(labeled),
			Collections.unmodifiableMap(labels), Collections.unmodifiableMap(unlabeled), Collections.unmodifiableMap(test));
	}

	/** Every image of the dataset by case name: the training pairs', the unlabeled and the test images. */
	public Map<String, Path> images() {
		Map<String, Path> all = new LinkedHashMap<>(labeled);
		all.putAll(unlabeled);
		all.putAll(test);
		return all;
	}

	/** {@code dataset.json} as an absolute path, for messages. */
	public Path file() {
		return root.toAbsolutePath().resolve(DATASET_FILE);
	}

	private static JsonObject parse(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(file + ": cannot be read (" + IoMessages.describe(e) + ")", e);
		}
		JsonElement json;
		try {
			json = JsonParser.parseString(text);
		}
		catch (JsonParseException e) {
			// Gson's message names the line and column; its cause's class name is left out
			String where = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
			throw new IllegalArgumentException(file + ": is not valid JSON (" + where + ")", e);
		}
		if (!json.isJsonObject()) throw new IllegalArgumentException(file + ": is not a JSON object with 'training', 'labels', ...");
		return json.getAsJsonObject();
	}

	/** A {@code modality} of several channels ("0": "FLAIR", "1": "T1w", ...) is refused: the network takes one. */
	private static void requireOneChannel(Path file, JsonElement modality) {
		if (modality == null) return;
		if (!modality.isJsonObject())
			throw new IllegalArgumentException(file + ": 'modality' is not an object such as {\"0\": \"MRI\"}");
		int channels = modality.getAsJsonObject().size();
		if (channels > 1)
			throw new IllegalArgumentException(file + ": 'modality' names " + channels + " channels " + modality
				+ "; this plugin segments single-channel volumes");
	}

	/** The names of {@code labels}, whose keys must be "0", "1", ... without a gap. */
	private static List<String> classNames(Path file, JsonElement labels) {
		if (labels == null || !labels.isJsonObject() || labels.getAsJsonObject().size() < 2)
			throw new IllegalArgumentException(file + ": 'labels' must name the classes, background first, such as "
				+ "{\"0\": \"background\", \"1\": \"left atrium\"}");
		JsonObject byValue = labels.getAsJsonObject();
		List<String> names = new ArrayList<>();
		for (int value = 0; value < byValue.size(); value++) {
			JsonElement name = byValue.get(Integer.toString(value));
			if (name == null || !name.isJsonPrimitive())
				throw new IllegalArgumentException(file + ": 'labels' has no name for class " + value + " (its keys are "
					+ byValue.keySet() + "; they must be 0 to " + (byValue.size() - 1) + ")");
			names.add(name.getAsString());
		}
		return names;
	}

	/** The file a path of {@code dataset.json} names, relative to its folder; it must exist. */
	private static Path listedFile(Path file, String entry, JsonElement path) {
		if (path == null || !path.isJsonPrimitive() || !path.getAsJsonPrimitive().isString())
			throw new IllegalArgumentException(file + ": " + entry + " is not a file path");
		String relative = path.getAsString();
		Path resolved = file.getParent().resolve(relative).normalize();
		if (!Files.isRegularFile(resolved))
			throw new IllegalArgumentException(file + ": " + entry + " names " + relative + ", but " + resolved + " does not exist");
		if (ImageFormat.of(resolved) == null)
			throw new IllegalArgumentException(file + ": " + entry + " names " + relative + ", not a " + ImageFormat.EXTENSIONS + " image");
		return resolved;
	}

	private static String caseName(Path image) {
		return ImagePlusVolumes.stripExtension(image.getFileName().toString());
	}

	private static void putNew(Path file, String entry, Map<String, Path> byName, String name, Path image) {
		Path other = byName.put(name, image);
		if (other != null)
			throw new IllegalArgumentException(file + ": " + entry + " names case " + name + " a second time (" + other.getFileName()
				+ ", " + image.getFileName() + ")");
	}
}
