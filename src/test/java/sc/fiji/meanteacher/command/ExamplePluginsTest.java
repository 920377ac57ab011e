package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;
import org.scijava.command.CommandModule;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;

import ij.ImagePlus;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.example.CleanTeacherMethod;
import sc.fiji.meanteacher.example.ThresholdModelFormat;
import sc.fiji.meanteacher.infer.ModelFormat;
import sc.fiji.meanteacher.infer.ModelFormats;
import sc.fiji.meanteacher.infer.NativeModelFormat;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.Volume;

/**
 * The worked examples of the two extension points ({@code example.CleanTeacherMethod},
 * {@code example.ThresholdModelFormat}), registered in this class's context as a jar's
 * {@code @Plugin} classes would be: listed there (and not without the context), trained with and
 * segmented with through the commands.
 */
public class ExamplePluginsTest extends CommandTestBase {

	@BeforeClass
	public static void registerExamples() {
		PluginService plugins = context.service(PluginService.class);
		plugins.addPlugin(new PluginInfo<>(CleanTeacherMethod.class, TrainingMethod.class));
		plugins.addPlugin(new PluginInfo<>(ThresholdModelFormat.class, ModelFormat.class));
	}

	@Test
	public void examplesAreListedInTheirContextOnly() throws Exception {
		PluginService plugins = context.service(PluginService.class);
		List<String> labels = TrainingMethods.all(plugins).stream().map(TrainingMethod::label).toList();
		assertTrue(labels.toString(), labels.contains("Clean-teacher Mean Teacher"));
		assertTrue(labels.toString(), labels.containsAll(TrainingMethods.labels()));
		assertFalse(TrainingMethods.labels().contains("Clean-teacher Mean Teacher"));
		assertTrue(TrainingMethods.fromName(plugins, "clean-teacher") instanceof CleanTeacherMethod);

		Path file = Files.writeString(tmp.getRoot().toPath().resolve("model.txt"), ThresholdModelFormat.text(0.5));
		assertTrue(ModelFormats.registered(plugins).formatOf(file) instanceof ThresholdModelFormat);
		// without the context the class path's formats are asked, and this plugin's own reports the file
		assertTrue(ModelFormats.registered(null).formatOf(file) instanceof NativeModelFormat);
	}

	@Test
	public void trainsWithTheExampleMethod() throws Exception {
		Path demo = TinyTrainingRun.demo(context, tmp.newFolder("demo").toPath());
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TinyTrainingRun.folderInputs(demo, out);
		in.put("method", "clean-teacher");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		String summary = (String) m.getOutput("summary");
		assertTrue(summary, summary.startsWith("Clean-teacher Mean Teacher: 4 iterations"));
		// header and one row an iteration
		assertEquals(5, Files.readAllLines(out.resolve(RunFolder.LOG)).size());
		try (TrainedModel model = TrainedModel.load(out.resolve(RunFolder.BEST_MODEL))) {
			assertEquals("Clean-teacher Mean Teacher", model.descriptor().training.method);
		}
	}

	@Test
	public void segmentsWithTheExampleFormat() throws Exception {
		Volume image = new SyntheticAtriumGenerator(11).generate(0, 20, 18, 12).image();
		float[] voxels = image.data();
		double mean = 0;
		for (float v : voxels)
			mean += v / voxels.length;
		Path file = Files.writeString(tmp.getRoot().toPath().resolve("threshold.txt"), ThresholdModelFormat.text(mean));
		Map<String, Object> in = new HashMap<>();
		in.put("input", ImagePlusVolumes.toImagePlus(image, "mm"));
		in.put("model", file.toFile());
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());

		byte[] expected = new byte[voxels.length];
		for (int i = 0; i < voxels.length; i++)
			expected[i] = (byte) (voxels[i] > (float) mean ? 1 : 0);
		byte[] labels = ImagePlusVolumes.toLabelVolume((ImagePlus) m.getOutput("labels"), false).data();
		assertArrayEquals(expected, labels);
		// a threshold between the extremes: both classes occur, so the comparison means something
		assertTrue(new String(labels).contains("\0") && new String(labels).contains("\1"));
	}

	@Test
	public void aBadFileOfTheExampleFormatIsRefusedInOneLine() throws Exception {
		Path file = Files.writeString(tmp.getRoot().toPath().resolve("threshold.txt"), ThresholdModelFormat.FIRST_LINE + "\nthreshold high\n");
		Map<String, Object> in = new HashMap<>();
		in.put("input", ImagePlusVolumes.toImagePlus(new SyntheticAtriumGenerator(11).generate(0, 16, 16, 8).image(), "mm"));
		in.put("model", file.toFile());
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
		assertTrue(m.isCanceled());
		assertEquals("Segment: " + file + ": the second line must be 'threshold <number>', not 'threshold high'", m.getCancelReason());
	}
}
