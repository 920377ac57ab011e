package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.scijava.command.CommandModule;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;

/**
 * Names are matched and written alike under every default locale: in Turkish, "i".toUpperCase()
 * is "İ" and "I".toLowerCase() is "ı", which broke the default blending "gaussian" and more.
 */
public class TurkishLocaleTest extends CommandTestBase {

	private Locale original;

	@Before
	public void turkish() {
		original = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("tr-TR"));
	}

	@After
	public void restore() {
		Locale.setDefault(original);
	}

	@Test
	public void segmentWithTheDefaultGaussianBlending() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Map<String, Object> in = new HashMap<>();
		in.put("input", ImagePlusVolumes.toImagePlus(new SyntheticAtriumGenerator(3).generate(0, 24, 24, 16).image()));
		in.put("model", model.toFile());
		in.put("blending", "gaussian");
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
	}

	@Test
	public void namesParseAndAreWrittenInEnglish() {
		assertEquals(TrainingMethods.SUPERVISED, TrainingMethods.fromName("SUPERVISED ONLY"));
		assertEquals(TrainingMethods.SUPERVISED, TrainingMethods.fromName("Supervised only"));
		VNetConfig instance = new VNetConfig(1, 2, 16, 2, Normalization.INSTANCE, false);
		assertEquals("instance", ModelDescriptor.of(instance, new int[] { 16, 16, 16 }).architecture.normalization);
		assertTrue(TrainedModel.looksLikeModel(Path.of("BEST-MODEL.ZIP")));
	}
}
