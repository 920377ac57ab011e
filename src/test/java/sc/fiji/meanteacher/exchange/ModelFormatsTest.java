package sc.fiji.meanteacher.exchange;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.device.TorchRuntime;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.infer.BareNetwork;
import sc.fiji.meanteacher.infer.ModelFormats;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.NativeModelFormat;
import sc.fiji.meanteacher.infer.SegmentationModel;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

/** A model file is opened by the format its content is, whatever its name says. */
public class ModelFormatsTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static final ModelFormats FORMATS = new ModelFormats(List.of(new TorchScriptFormat(), new NativeModelFormat()));

	/** For formats that describe themselves: asking is an error. */
	private static final Supplier<BareNetwork> NEVER = () -> {
		throw new AssertionError("a self-describing model asked for the bare network's settings");
	};

	@Test
	public void theContentNotTheNameChoosesTheFormat() throws IOException {
		Path dir = tmp.getRoot().toPath();
		try (TrainedModel model = TestModels.random(TestModels.config(4, 3), 7)) {
			Path nativeNamedPt = dir.resolve("model.pt"), scriptNamedZip = dir.resolve("net.zip"), folder = dir.resolve("folder");
			model.save(dir.resolve("model.zip"));
			Files.copy(dir.resolve("model.zip"), nativeNamedPt);
			model.save(folder);
			ModelExport.torchScript(model, dir.resolve("net.pt"), OutputPolicy.of(false));
			Files.copy(dir.resolve("net.pt"), scriptNamedZip);
			assertTrue(FORMATS.formatOf(nativeNamedPt) instanceof NativeModelFormat);
			assertTrue(FORMATS.formatOf(folder) instanceof NativeModelFormat);
			assertTrue(FORMATS.formatOf(scriptNamedZip) instanceof TorchScriptFormat);
			assertTrue(FORMATS.formatOf(dir.resolve("net.pt")) instanceof TorchScriptFormat);
			assertFalse("a state dict is no TorchScript", new TorchScriptFormat().canOpen(ExchangeFixtures.checkpoint()));
			assertFalse(new NativeModelFormat().canOpen(ExchangeFixtures.checkpoint()));

			// both segment a volume as the model does
			Volume image = Volume.wrap("v", random(16 * 12 * 10), new long[] { 16, 12, 10 }, null);
			byte[] expected = new ModelSegmentation(model, null).labels(image).data();
			for (Path p : List.of(nativeNamedPt, scriptNamedZip))
				try (SegmentationModel opened = FORMATS.open(p, TorchRuntime.device(), NEVER)) {
					LabelVolume got = opened.segmentation(new SlidingWindowOptions()).labels(image);
					assertEquals(p.toString(), expected.length, got.data().length);
					int differ = 0;
					for (int i = 0; i < expected.length; i++) if (expected[i] != got.data()[i]) differ++;
					assertTrue(p + ": " + differ + " voxels differ", differ <= expected.length / 1000);
				}
		}
	}

	@Test
	public void aBareTorchScriptTakesTheSettingsItIsGivenAndAFileNoFormatReadsIsExplained() throws IOException {
		Path dir = tmp.getRoot().toPath();
		try (TrainedModel model = TestModels.random(TestModels.config(4, 3), 7)) {
			Path pt = TorchScriptFiles.write(dir.resolve("traced.pt"), "torch.cat([torch.neg(x), x], 1)");
			boolean[] asked = { false };
			try (SegmentationModel opened = FORMATS.open(pt, TorchRuntime.device(), () -> {
				asked[0] = true;
				return new BareNetwork(PatchSize.of(TestModels.PATCH), 2, IntensityNormalization.ZSCORE);
			})) {
				assertTrue("a file that does not describe itself asks", asked[0]);
				assertEquals(2, opened.segmentation(null).numClasses());
			}
		}
		Path text = Files.writeString(dir.resolve("notes.pt"), "not a model");
		IOException e = assertThrows(IOException.class, () -> FORMATS.open(text, TorchRuntime.device(), NEVER));
		assertTrue(e.getMessage(), e.getMessage().contains("not a model file"));
	}

	private static float[] random(int n) {
		java.util.Random r = new java.util.Random(3);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
		return v;
	}
}
