package sc.fiji.meanteacher.gpu;

import org.junit.Assume;

import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;

/** The GPU tests' common start: gpu0 when the device report finds it usable, else the test is skipped with the report's reason. */
final class Gpu {

	private Gpu() {}

	static DeviceSelection gpu0OrSkip() {
		DeviceSelection auto = DeviceChoice.AUTO.select();
		Assume.assumeTrue("no usable GPU: " + auto.report().gpuProblem(), auto.report().gpuProblem() == null);
		return DeviceChoice.gpu(0).select();
	}
}
