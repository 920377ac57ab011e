package sc.fiji.meanteacher.net;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.device.TorchRuntime;

public class UaMtLayoutTest {

	/** Every parameter of the reference V-Net gets the key UA-MT's state dict has, in the same order. */
	@Test
	public void namesFollowTheUaMtStateDict() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			VNet net = VNet.create(VNetConfig.reference(2), m, new int[] { 16, 16, 16 });
			List<String> names = new ArrayList<>();
			for (Pair<String, Parameter> p : net.getParameters()) names.add(UaMtLayout.torchName(p.getKey()));
			assertEquals(176, names.size());
			assertEquals(names.size(), new HashSet<>(names).size());
			// state_dict order of networks/vnet.py (num_batches_tracked left out)
			assertEquals("block_one.conv.0.weight", names.get(0));
			assertEquals("block_one.conv.1.running_var", names.get(5));
			assertEquals("block_one_dw.conv.0.weight", names.get(6));
			assertEquals("block_two.conv.3.weight", names.get(18));
			assertEquals("block_two.conv.4.running_mean", names.get(22));
			assertEquals("block_five_up.conv.0.weight", names.get(96));
			assertEquals("block_six.conv.0.weight", names.get(102));
			assertEquals("block_six_up.conv.1.weight", names.get(122));
			assertEquals("block_nine.conv.1.running_var", names.get(173));
			assertEquals("out_conv.bias", names.get(175));
		}
	}

	/** Ours (out·8, in, 1, 1, 1) at [o·8 + a·4 + b·2 + c, i] is PyTorch's (in, out, 2, 2, 2) at [i, o, a, b, c]. */
	@Test
	public void upSamplingWeightsArePermutedBothWays() {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			int out = 3, in = 5;
			float[] ours = new float[out * 8 * in];
			for (int i = 0; i < ours.length; i++) ours[i] = i;
			String name = "10up3_01conv0_weight";
			assertTrue(UaMtLayout.isUpConvWeight(name));
			assertEquals(new Shape(in, out, 2, 2, 2), UaMtLayout.torchShape(name, new Shape(out * 8, in, 1, 1, 1)));
			NDArray a = m.create(ours, new Shape(out * 8, in, 1, 1, 1));
			NDArray torch = UaMtLayout.toTorch(name, a);
			assertEquals(new Shape(in, out, 2, 2, 2), torch.getShape());
			float[] t = torch.toFloatArray();
			for (int i = 0; i < in; i++)
				for (int o = 0; o < out; o++)
					for (int k = 0; k < 8; k++)
						assertEquals(ours[(o * 8 + k) * in + i], t[(i * out + o) * 8 + k], 0);
			assertArrayEquals(ours, UaMtLayout.fromTorch(name, torch).toFloatArray(), 0);
			assertEquals(new Shape(out * 8, in, 1, 1, 1), UaMtLayout.fromTorch(name, torch).getShape());
			String conv = "01enc0_01conv0_weight";
			assertFalse(UaMtLayout.isUpConvWeight(conv));
			assertArrayEquals(ours, UaMtLayout.toTorch(conv, a).toFloatArray(), 0);
		}
	}

	@Test
	public void deeperNetworksAndForeignNamesAreRefused() {
		for (String bad : new String[] { "17enc5_01conv0_weight", "12up4_01conv0_weight", "weight", "01enc0_01conv0_alpha" }) {
			try {
				UaMtLayout.torchName(bad);
				fail(bad);
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(bad));
			}
		}
	}

	/** Without normalisation a unit is (conv, ReLU); other depths continue the block numbering. */
	@Test
	public void namesFollowTheNormalisationAndTheDepth() {
		assertEquals("block_two.conv.2.weight", UaMtLayout.torchName("03enc1_02conv1_weight", Normalization.NONE));
		assertEquals("block_two.conv.3.weight", UaMtLayout.torchName("03enc1_03conv1_weight", Normalization.INSTANCE));
		assertEquals("block_two.conv.4.running_mean", UaMtLayout.torchName("03enc1_04norm1_runningMean", Normalization.BATCH));
		// depth 2: block_one .. block_three encoder, block_four and block_five decoder
		assertEquals("block_three_up.conv.0.weight", UaMtLayout.torchName("06up1_01conv0_weight", Normalization.BATCH, 2));
		assertEquals("block_four.conv.0.bias", UaMtLayout.torchName("07dec1_01conv0_bias", Normalization.BATCH, 2));
		assertEquals("block_four_up.conv.0.weight", UaMtLayout.torchName("08up0_01conv0_weight", Normalization.BATCH, 2));
		assertEquals("block_five.conv.0.weight", UaMtLayout.torchName("09dec0_01conv0_weight", Normalization.BATCH, 2));
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			for (int depth = 1; depth <= 6; depth++) {
				VNet net = VNet.create(new VNetConfig(1, 2, 4, depth, Normalization.GROUP, false), m, new int[] { 64, 64, 64 });
				List<String> names = new ArrayList<>();
				for (Pair<String, Parameter> p : net.getParameters())
					names.add(UaMtLayout.torchName(p.getKey(), Normalization.GROUP, depth));
				assertEquals("depth " + depth + ": unique names", names.size(), new HashSet<>(names).size());
				assertEquals("block_" + new String[] { "", "three", "five", "seven", "nine", "eleven", "thirteen" }[depth] + ".conv.1.bias",
					names.get(names.size() - 3));
			}
		}
	}
}
