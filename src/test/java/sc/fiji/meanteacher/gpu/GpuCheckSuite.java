package sc.fiji.meanteacher.gpu;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * The GPU-tagged tests, for {@code src/test/gpu/gpu-check.sh} (JUnitCore on a machine with a GPU
 * and no Maven). Under {@code mvn test} each of them runs too and skips without a usable GPU; the
 * name keeps Surefire from running the suite a second time.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({ GpuTrainingTest.class, GpuInferenceTest.class })
public class GpuCheckSuite {}
