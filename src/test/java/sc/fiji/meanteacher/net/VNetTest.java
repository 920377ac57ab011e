package sc.fiji.meanteacher.net;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import sc.fiji.meanteacher.device.TorchRuntime;

public class VNetTest {

	@Test
	public void referenceTopologyHasTheReferenceParameterCount() {
		Engine engine = TorchRuntime.engine();
		try (NDManager m = engine.newBaseManager()) {
			VNet net = VNet.create(VNetConfig.reference(2), m, new int[] { 16, 16, 16 });
			// PyTorch: sum(p.numel() for p in VNet(1, 2, 16, 'batchnorm', True).parameters() if p.requires_grad)
			assertEquals(9_448_866L, net.trainableParameterCount());
		}
	}

	@Test
	public void outputHasClassChannelsAndPatchSize() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			for (Normalization norm : Normalization.values()) {
				VNetConfig cfg = new VNetConfig(1, 3, 4, 4, norm, true);
				VNet net = VNet.create(cfg, m, new int[] { 32, 16, 48 });
				NDArray x = m.randomNormal(new Shape(2, 1, 48, 16, 32));
				for (boolean training : new boolean[] { true, false }) {
					NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), training).singletonOrThrow();
					assertEquals(norm + "", new Shape(2, 3, 48, 16, 32), y.getShape());
					assertTrue(norm + " finite", y.isInfinite().logicalOr(y.isNaN()).none().getBoolean());
				}
			}
		}
	}

	@Test
	public void patchNotDivisibleBySixteenIsRejected() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			VNet.create(VNetConfig.reference(2), m, new int[] { 32, 32, 24 });
			fail("24 is not divisible by 16");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("not divisible by 16") && e.getMessage().contains("32x32x24"));
		}
	}

	/** The 1×1×1-conv + pixel-shuffle replacement equals the definition of a k2/s2 transposed convolution. */
	@Test
	public void upConvEqualsTransposedConvolutionDefinition() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			int cin = 3, cout = 2, d = 2, h = 3, w = 2;
			UpConv3d up = new UpConv3d(cout);
			up.initialize(m, DataType.FLOAT32, new Shape(1, cin, d, h, w));
			NDArray x = m.randomNormal(new Shape(1, cin, d, h, w));
			up.getParameters().get("bias").getArray().set(new float[] { 0.5f, -1.25f });
			float[] wt = up.getParameters().get("weight").getArray().toFloatArray(); // (cout*8, cin)
			float[] xv = x.toFloatArray();
			float[] y = up.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
			float[] bias = { 0.5f, -1.25f };
			float[] expected = new float[cout * 8 * d * h * w];
			for (int o = 0; o < cout; o++)
				for (int z = 0; z < 2 * d; z++)
					for (int yy = 0; yy < 2 * h; yy++)
						for (int xx = 0; xx < 2 * w; xx++) {
							int a = z % 2, b = yy % 2, c = xx % 2;
							double s = bias[o];
							for (int i = 0; i < cin; i++)
								s += xv[((i * d + z / 2) * h + yy / 2) * w + xx / 2] * wt[(o * 8 + a * 4 + b * 2 + c) * cin + i];
							expected[((o * 2 * d + z) * 2 * h + yy) * 2 * w + xx] = (float) s;
						}
			assertArrayEquals(expected, y, 1e-5f);
		}
	}
}
