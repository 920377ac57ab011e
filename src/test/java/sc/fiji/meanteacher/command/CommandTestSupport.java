package sc.fiji.meanteacher.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ai.djl.ndarray.NDManager;
import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNet;
import sc.fiji.meanteacher.net.VNetConfig;

/** Runs commands through SciJava as Fiji does, and makes small models without training. */
public final class CommandTestSupport {

	private CommandTestSupport() {}

	/** Runs {@code command} with pre- and post-processing and waits for it. */
	static CommandModule run(Context context, Class<? extends Command> command, Map<String, Object> inputs) throws Exception {
		return context.service(CommandService.class).run(command, true, inputs).get();
	}

	/**
	 * An untrained 2-class V-Net (4 base filters, depth 3, patch 16³) saved as a model: its weights
	 * are the seeded initialisation, which is all a test of the plumbing around the network needs.
	 */
	public static Path untrainedModel(Path file) throws IOException {
		return untrainedModel(file, 7);
	}

	/** As {@link #untrainedModel(Path)}, initialised from libtorch seed {@code seed}. */
	public static Path untrainedModel(Path file, int seed) throws IOException {
		int[] patch = { 16, 16, 16 };
		VNetConfig cfg = new VNetConfig(1, 2, 4, 3, Normalization.BATCH, false);
		TorchRuntime.engine().setRandomSeed(seed);
		NDManager manager = TorchRuntime.engine().newBaseManager(TorchRuntime.device());
		VNet net = VNet.create(cfg, manager, patch);
		ModelDescriptor d = ModelDescriptor.of(cfg, patch);
		try (TrainedModel model = new TrainedModel(d, net, manager)) {
			model.save(file);
		}
		return file;
	}
}
