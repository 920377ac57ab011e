package sc.fiji.meanteacher.model;

import java.io.IOException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import sc.fiji.meanteacher.volume.PatchSize;

/**
 * The one JSON mapper of the files this plugin writes: model descriptors ({@code model.json}) and
 * the training configuration and state inside checkpoints. It lives with the model, the lowest
 * layer that writes JSON, so that training and model both use it without the model depending on
 * training. The JSON it writes is
 * strict: NaN (a value that does not exist, such as the best validation Dice of a run without
 * validation) is left out, so a field reads back as NaN when absent; files of earlier versions
 * that hold a NaN literal still read.
 */
public final class StrictJson {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
		.registerTypeAdapter(double.class, new NaNAsAbsent()).registerTypeAdapter(Double.class, new NaNAsAbsent())
		.registerTypeAdapter(PatchSize.class, new PatchSizeAsArray().nullSafe()).create();

	private StrictJson() {}

	public static String toJson(Object o) {
		return GSON.toJson(o);
	}

	public static <T> T fromJson(String json, Class<T> type) {
		return GSON.fromJson(json, type);
	}

	/** A patch as the array [x, y, z], as configurations wrote it before it had a type of its own. */
	private static final class PatchSizeAsArray extends TypeAdapter<PatchSize> {
		@Override
		public void write(JsonWriter out, PatchSize p) throws IOException {
			out.beginArray().value(p.x()).value(p.y()).value(p.z()).endArray();
		}

		@Override
		public PatchSize read(JsonReader in) throws IOException {
			int[] xyz = new int[3];
			int n = 0;
			in.beginArray();
			while (in.hasNext()) {
				int v = in.nextInt();
				if (n < 3) xyz[n] = v;
				n++;
			}
			in.endArray();
			if (n != 3) throw new JsonParseException("a patch size has 3 lengths (x, y, z), got " + n);
			try {
				return PatchSize.of(xyz);
			}
			catch (IllegalArgumentException e) {
				throw new JsonParseException(e.getMessage(), e);
			}
		}
	}

	/** NaN is written as null, which Gson then drops with its field; null reads as NaN. Infinity has no JSON form. */
	private static final class NaNAsAbsent extends TypeAdapter<Double> {
		@Override
		public void write(JsonWriter out, Double value) throws IOException {
			if (value == null || value.isNaN()) out.nullValue();
			else if (value.isInfinite()) throw new IllegalArgumentException("JSON has no infinite numbers, got " + value);
			else out.value(value.doubleValue());
		}

		@Override
		public Double read(JsonReader in) throws IOException {
			if (in.peek() == JsonToken.NULL) {
				in.nextNull();
				return Double.NaN;
			}
			// lenient parsing (Gson's default for fromJson) accepts the NaN literal of older files
			return in.nextDouble();
		}
	}
}
