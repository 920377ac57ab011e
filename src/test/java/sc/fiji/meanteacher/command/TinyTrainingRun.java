package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertFalse;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;

/** A small synthetic training set and the Train inputs of a tiny run on it. */
final class TinyTrainingRun {

	private TinyTrainingRun() {}

	/** Four 32×32×16 demo cases (two labeled) written by the demo command into {@code out}. */
	static Path demo(Context context, Path out) throws Exception {
		CommandModule m = CommandTestSupport.run(context, DemoDataCommand.class,
			Map.of("output", out.toFile(), "cases", 4, "labeled", 2, "size", "32,32,16", "seed", 5L));
		assertFalse(m.getCancelReason(), m.isCanceled());
		return out;
	}

	/** Train inputs for the demo folders: patch 16³, 16 base filters, depth 3, 4 iterations. */
	static Map<String, Object> folderInputs(Path demo, Path out) {
		Map<String, Object> in = tinyNetwork(out);
		in.put("images", demo.resolve(DemoDataCommand.IMAGES).toFile());
		in.put("labels", demo.resolve(DemoDataCommand.LABELS).toFile());
		return in;
	}

	/** The size and budget of every test training, without data inputs. */
	static Map<String, Object> tinyNetwork(Path out) {
		Map<String, Object> in = new HashMap<>();
		in.put("output", out.toFile());
		in.put("patch", "16,16,16");
		in.put("filters", 16);
		in.put("depth", 3);
		in.put("iterations", 4);
		in.put("batch", 4);
		in.put("labeledbatch", 2);
		in.put("progress", 2);
		return in;
	}
}
