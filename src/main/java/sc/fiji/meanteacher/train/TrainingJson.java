package sc.fiji.meanteacher.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON mapper of configs, model descriptors and trainer state. */
public final class TrainingJson {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	private TrainingJson() {}

	public static String toJson(Object o) {
		return GSON.toJson(o);
	}

	public static <T> T fromJson(String json, Class<T> type) {
		return GSON.fromJson(json, type);
	}
}
