package sc.fiji.meanteacher.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;

/**
 * The {@code device} parameter of Train and Segment: {@code auto} (the first usable GPU, else the
 * CPU), {@code cpu}, or {@code gpuN} (the N-th GPU the process sees, so with
 * {@code CUDA_VISIBLE_DEVICES=3} the machine's GPU 3 is {@code gpu0}).
 *
 * @param gpu the GPU index for a GPU choice, else -1
 */
public record DeviceChoice(Kind kind, int gpu) {

	public enum Kind {
		AUTO, CPU, GPU
	}

	public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, -1);
	public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, -1);

	private static final Pattern GPU = Pattern.compile("gpu(\\d{1,4})?");

	public DeviceChoice {
		if ((kind == Kind.GPU) != (gpu >= 0)) throw new IllegalArgumentException("a GPU choice needs an index >= 0, others none");
	}

	public static DeviceChoice gpu(int index) {
		return new DeviceChoice(Kind.GPU, index);
	}

	/**
	 * Parses {@code auto}, {@code cpu}, {@code gpu} (= {@code gpu0}) or {@code gpuN}, any case;
	 * empty means {@code auto}.
	 *
	 * @throws IllegalArgumentException naming the value otherwise
	 */
	public static DeviceChoice parse(String text) {
		String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.equals("auto")) return AUTO;
		if (t.equals("cpu")) return CPU;
		Matcher m = GPU.matcher(t);
		if (m.matches()) return gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
		throw new IllegalArgumentException("device: '" + text + "' is not auto, cpu or gpuN (gpu0, gpu1, ...)");
	}

	/** Resolves the choice on this machine (starting the engine) and keeps the report that decided it. */
	public DeviceSelection select() {
		DeviceReport report = DeviceReport.gather();
		return new DeviceSelection(this, resolve(report), report);
	}

	/**
	 * The device this choice means on the machine {@code report} describes.
	 *
	 * @throws IllegalArgumentException when a GPU is asked for and none (or not that one) is usable, with the reason
	 */
	public Device resolve(DeviceReport report) {
		List<NvidiaDriver.Gpu> gpus = report.usableGpus();
		switch (kind) {
			case CPU:
				return Device.cpu();
			case AUTO:
				return gpus.isEmpty() ? Device.cpu() : Device.gpu(gpus.get(0).index());
			default:
				if (gpus.isEmpty()) throw new IllegalArgumentException("device=" + this + ": no usable GPU: " + report.gpuProblem());
				for (NvidiaDriver.Gpu g : gpus)
					if (g.index() == gpu) return Device.gpu(gpu);
				List<String> names = new ArrayList<>();
				for (NvidiaDriver.Gpu g : gpus) names.add("gpu" + g.index());
				throw new IllegalArgumentException("device=" + this + ": this process sees " + gpus.size() + " usable GPU"
					+ (gpus.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")"
					+ (System.getenv("CUDA_VISIBLE_DEVICES") == null ? "" : ", CUDA_VISIBLE_DEVICES=" + System.getenv("CUDA_VISIBLE_DEVICES")));
		}
	}

	/** As the parameter is written: {@code auto}, {@code cpu}, {@code gpu1}. */
	@Override
	public String toString() {
		return kind == Kind.GPU ? "gpu" + gpu : kind.name().toLowerCase(Locale.ROOT);
	}
}
