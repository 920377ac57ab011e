package sc.fiji.meanteacher.device;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;

/**
 * A {@link DeviceChoice} resolved on this machine: the device, and the report that decided it,
 * whose lines start every training and segmentation log.
 */
public record DeviceSelection(DeviceChoice choice, Device device, DeviceReport report) {

	/** The report's lines and one saying which device was chosen. */
	public List<String> lines() {
		List<String> lines = new ArrayList<>(report.lines());
		lines.add("device: " + summary());
		return lines;
	}

	/** The device chosen and how it was asked for: {@code gpu0 (device=auto)}. */
	public String summary() {
		return name() + " (device=" + choice + ")";
	}

	/** {@code cpu} or {@code gpu0} …, as the parameter writes it. */
	public String name() {
		return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
	}
}
