package sc.fiji.meanteacher.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.device.TorchRuntime;

public class WeightInitTest {

	/** PyTorch's Conv3d / ConvTranspose3d default: weights and biases uniform in ±1/√fan_in. */
	@Test
	public void pytorchDefaultIsUniformWithinOneOverRootFanIn() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			TorchRuntime.engine().setRandomSeed(11);
			VNet net = VNet.create(VNetConfig.reference(2), m, new int[] { 16, 16, 16 }, WeightInit.PYTORCH);
			double fanIn = 0;
			int checked = 0;
			for (Pair<String, Parameter> p : net.getParameters()) {
				Parameter.Type type = p.getValue().getType();
				NDArray a = p.getValue().getArray();
				if (type == Parameter.Type.WEIGHT) {
					// PyTorch's fan-in: ConvTranspose3d (in, out, 2, 2, 2) → out·8, which is our dimension 0
					fanIn = UaMtLayout.isUpConvWeight(p.getKey()) ? a.getShape().get(0) : a.getShape().size() / a.getShape().get(0);
				}
				if (type != Parameter.Type.WEIGHT && type != Parameter.Type.BIAS) continue;
				float[] v = a.toFloatArray();
				double bound = 1 / Math.sqrt(fanIn), max = 0, squares = 0;
				for (float x : v) {
					max = Math.max(max, Math.abs(x));
					squares += x * x;
				}
				assertTrue(p.getKey() + ": |w| " + max + " within " + bound, max <= bound * (1 + 1e-6));
				if (v.length >= 1000) {
					// uniform on ±b: sd b/√3
					assertEquals(p.getKey() + " sd", bound / Math.sqrt(3), Math.sqrt(squares / v.length), 0.05 * bound / Math.sqrt(3));
					assertTrue(p.getKey() + " fills its range", max > 0.95 * bound);
				}
				else assertTrue(p.getKey() + " is not all zero", max > 0);
				checked++;
			}
			// 12 + 9 stage convolutions, 4 down, 4 up, 1 output: 30 weights and 30 biases
			assertEquals(60, checked);
		}
	}

	@Test
	public void heNormalKeepsZeroBiasesAndTwoOverFanInVariance() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			TorchRuntime.engine().setRandomSeed(11);
			VNet net = VNet.create(VNetConfig.reference(2), m, new int[] { 16, 16, 16 }, WeightInit.HE_NORMAL);
			for (Pair<String, Parameter> p : net.getParameters()) {
				NDArray a = p.getValue().getArray();
				if (p.getValue().getType() == Parameter.Type.BIAS) assertEquals(p.getKey(), 0, a.abs().max().getFloat(), 0);
				if (p.getValue().getType() == Parameter.Type.WEIGHT && a.size() > 10000) {
					double fanIn = a.getShape().size() / a.getShape().get(0);
					double sd = Math.sqrt(a.square().mean().getFloat());
					assertEquals(p.getKey() + " sd", Math.sqrt(2 / fanIn), sd, 0.05 * Math.sqrt(2 / fanIn));
				}
			}
		}
	}

	@Test
	public void sameSeedSameWeightsAndNamesParse() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			VNetConfig small = new VNetConfig(1, 2, 16, 2, Normalization.BATCH, false);
			TorchRuntime.engine().setRandomSeed(5);
			float[] a = VNet.create(small, m, new int[] { 8, 8, 8 }).getParameters().get(0).getValue().getArray().toFloatArray();
			TorchRuntime.engine().setRandomSeed(5);
			float[] b = VNet.create(small, m, new int[] { 8, 8, 8 }).getParameters().get(0).getValue().getArray().toFloatArray();
			org.junit.Assert.assertArrayEquals(a, b, 0);
		}
		assertEquals(WeightInit.PYTORCH, WeightInit.fromName(" PyTorch "));
		assertEquals(WeightInit.HE_NORMAL, WeightInit.fromName("he"));
		try {
			WeightInit.fromName("xavier");
			org.junit.Assert.fail();
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("xavier") && e.getMessage().contains("pytorch or he"));
		}
	}
}
