package sc.fiji.meanteacher.train;

import java.io.IOException;

import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/** A {@link TrainingMethod} in JSON: its {@link TrainingMethod#id() id}, as configurations and checkpoints always recorded it. */
final class TrainingMethodJson extends TypeAdapter<TrainingMethod> {

	@Override
	public void write(JsonWriter out, TrainingMethod method) throws IOException {
		out.value(method.id());
	}

	@Override
	public TrainingMethod read(JsonReader in) throws IOException {
		try {
			return TrainingMethods.byId(in.nextString());
		}
		catch (IllegalArgumentException e) {
			throw new JsonParseException(e.getMessage(), e);
		}
	}
}
