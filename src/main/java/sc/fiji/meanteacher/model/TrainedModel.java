package sc.fiji.meanteacher.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.net.WeightIO;

/**
 * A trained network with its {@link ModelDescriptor}, on disk a folder or a {@code .zip} holding
 * {@code model.json} and {@code weights.npz}. Owns the tensors of its network: close it.
 */
public final class TrainedModel implements AutoCloseable {

	private final ModelDescriptor descriptor;
	private final VNet net;
	private final NDManager manager;

	public TrainedModel(ModelDescriptor descriptor, VNet net, NDManager manager) {
		this.descriptor = descriptor;
		this.net = net;
		this.manager = manager;
	}

	public ModelDescriptor descriptor() {
		return descriptor;
	}

	public VNet net() {
		return net;
	}

	public NDManager manager() {
		return manager;
	}

	/** Loads a model folder or zip; every problem is an {@link IOException} naming the file and what is wrong. */
	public static TrainedModel load(Path source) throws IOException {
		return load(source, ModelArchive.read(source));
	}

	/** As {@link #load(Path)}, with the network's tensors on {@code device}. */
	public static TrainedModel load(Path source, Device device) throws IOException {
		return load(source, ModelArchive.read(source), device);
	}

	static TrainedModel load(Path source, Map<String, byte[]> entries) throws IOException {
		return load(source, entries, null);
	}

	private static TrainedModel load(Path source, Map<String, byte[]> entries, Device device) throws IOException {
		ModelDescriptor d = readDescriptor(source, entries);
		VNetConfig cfg = d.netConfig(source.toString());
		byte[] weights = entries.get(d.weights);
		if (weights == null) throw new IOException(source + ": " + d.weights + " is missing (truncated or incomplete model)");
		NDManager manager = TorchRuntime.engine().newBaseManager(device != null ? device : TorchRuntime.device());
		try {
			VNet net = VNet.create(cfg, manager, d.patchSize);
			try {
				WeightIO.read(net, manager, weights, d.weights);
			}
			catch (IllegalArgumentException e) {
				// WeightIO names the first array that does not fit; say which network it was compared to.
				throw new IOException(source + ": mismatched architecture: the weights do not fit the network model.json describes ("
					+ describe(cfg) + "): " + e.getMessage(), e);
			}
			catch (IOException e) {
				throw new IOException(source + ": " + e.getMessage(), e);
			}
			return new TrainedModel(d, net, manager);
		}
		catch (IOException e) {
			manager.close();
			throw e;
		}
		catch (RuntimeException e) {
			manager.close();
			throw new IOException(source + ": cannot build the network: " + e.getMessage(), e);
		}
	}

	private static String describe(VNetConfig cfg) {
		return "V-Net, depth " + cfg.depth() + ", " + cfg.baseFilters() + " base filters, " + cfg.numClasses() + " classes, "
			+ cfg.normalization().name().toLowerCase(Locale.ROOT) + " normalisation";
	}

	/**
	 * Parses and checks {@code model.json} of archive entries: a foreign or newer format, invalid
	 * JSON or an architecture this version cannot build is an {@link IOException} naming
	 * {@code source} and the problem.
	 */
	public static ModelDescriptor readDescriptor(Path source, Map<String, byte[]> entries) throws IOException {
		byte[] json = entries.get(ModelDescriptor.DESCRIPTOR_FILE);
		if (json == null)
			throw new IOException(source + ": not a Mean Teacher model (no " + ModelDescriptor.DESCRIPTOR_FILE + ")");
		String text = new String(json, StandardCharsets.UTF_8);
		ModelDescriptor d;
		try {
			JsonElement tree = JsonParser.parseString(text);
			if (!tree.isJsonObject()) throw new IOException(source + ": model.json is not a JSON object");
			// Absent fields keep their defaults when parsed, so a foreign JSON file would pass as ours.
			if (!tree.getAsJsonObject().has("format"))
				throw new IOException(source + ": not a Mean Teacher model (model.json has no \"format\" field)");
			d = StrictJson.fromJson(text, ModelDescriptor.class);
		}
		catch (JsonParseException e) {
			throw new IOException(source + ": model.json is not valid JSON or has a field of the wrong type (" + e.getMessage() + ")", e);
		}
		try {
			d.requireValid(source.toString());
		}
		catch (IllegalArgumentException e) {
			throw new IOException(e.getMessage(), e);
		}
		return d;
	}

	/** The files of this model: model.json and weights. */
	public Map<String, byte[]> entries() throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put(ModelDescriptor.DESCRIPTOR_FILE, StrictJson.toJson(descriptor).getBytes(StandardCharsets.UTF_8));
		ByteArrayOutputStream w = new ByteArrayOutputStream();
		WeightIO.write(net, w);
		entries.put(descriptor.weights, w.toByteArray());
		return entries;
	}

	/** Saves as a new model file or folder: an existing one is refused ({@link OutputPolicy#newFilesOnly()}). */
	public void save(Path target) throws IOException {
		save(target, OutputPolicy.newFilesOnly());
	}

	/**
	 * Saves as a zip when {@code target} ends in ".zip", otherwise as a folder; atomically either
	 * way, where {@code policy} allows it.
	 */
	public void save(Path target, OutputPolicy policy) throws IOException {
		save(target, policy, entries());
	}

	static void save(Path target, OutputPolicy policy, Map<String, byte[]> entries) throws IOException {
		if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) ModelArchive.writeZip(target, policy, entries);
		else ModelArchive.writeFolder(target, policy, entries);
	}

	/** True when {@code path} looks like a model (folder with model.json, or a zip). */
	public static boolean looksLikeModel(Path path) {
		return Files.isDirectory(path) ? Files.exists(path.resolve(ModelDescriptor.DESCRIPTOR_FILE))
			: path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
	}

	@Override
	public void close() {
		manager.close();
	}
}
