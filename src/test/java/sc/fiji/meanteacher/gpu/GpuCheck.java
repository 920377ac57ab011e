package sc.fiji.meanteacher.gpu;

import java.util.ArrayList;
import java.util.List;

import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Runs {@link GpuCheckSuite} for {@code gpu-check.sh} and says of every test whether it passed,
 * failed or was skipped (JUnitCore's own summary counts a test skipped for want of a GPU as passed).
 * Exit status: 0 all passed, 1 a test failed, 3 none failed but some were skipped.
 */
public final class GpuCheck {

	private GpuCheck() {}

	public static void main(String[] args) {
		List<String> lines = new ArrayList<>();
		int[] skipped = new int[1];
		JUnitCore core = new JUnitCore();
		core.addListener(new RunListener() {
			private final List<Description> notPassed = new ArrayList<>();

			@Override
			public void testFailure(Failure f) {
				notPassed.add(f.getDescription());
				lines.add("GPU TEST " + f.getDescription().getDisplayName() + ": FAILED " + f.getMessage());
			}

			@Override
			public void testAssumptionFailure(Failure f) {
				notPassed.add(f.getDescription());
				skipped[0]++;
				lines.add("GPU TEST " + f.getDescription().getDisplayName() + ": skipped (" + f.getMessage() + ")");
			}

			@Override
			public void testFinished(Description d) {
				if (!notPassed.contains(d)) lines.add("GPU TEST " + d.getDisplayName() + ": passed");
			}
		});
		Result r = core.run(GpuCheckSuite.class);
		for (Failure f : r.getFailures()) f.getException().printStackTrace(System.out);
		lines.forEach(System.out::println);
		System.out.println("GPU TESTS: " + r.getRunCount() + " run, " + r.getFailureCount() + " failed, " + skipped[0] + " skipped");
		System.exit(r.getFailureCount() > 0 ? 1 : skipped[0] > 0 ? 3 : 0);
	}
}
