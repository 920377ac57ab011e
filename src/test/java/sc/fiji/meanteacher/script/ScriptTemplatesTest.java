package sc.fiji.meanteacher.script;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import sc.fiji.meanteacher.command.DemoDataCommand;
import sc.fiji.meanteacher.command.TrainCommand;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SlidingWindowOptions;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Runs the shipped script templates (read from the classpath, as Fiji's script editor gets them)
 * through SciJava's script machinery on a small synthetic training set, and checks what they leave
 * on disk. The networks are tiny (patch 16³, 16 base filters, depth 3) and train 3 iterations.
 */
public class ScriptTemplatesTest {

	private static final String TEMPLATES = "/script_templates/Mean_Teacher/";
	private static final String CASE_SIZE = "32,32,16";

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static Context context;
	private static Path demo;

	@BeforeClass
	public static void start() throws Exception {
		context = new Context();
		demo = tmp.newFolder("demo").toPath();
		CommandModule m = context.service(CommandService.class).run(DemoDataCommand.class, true,
			Map.of("output", demo.toFile(), "cases", 4, "labeled", 2, "size", CASE_SIZE, "seed", 5L)).get();
		assertFalse(m.getCancelReason(), m.isCanceled());
	}

	@AfterClass
	public static void stop() {
		context.dispose();
	}

	@Test
	public void groovyTrainingTemplateWritesALoadableModel() throws Exception {
		Path out = tmp.newFolder("groovy-model").toPath();
		Map<String, Object> in = new HashMap<>(Map.of("images", demo.resolve(DemoDataCommand.IMAGES).toFile(), "labels",
			demo.resolve(DemoDataCommand.LABELS).toFile(), "output", out.toFile(), "method", "Mean Teacher", "iterations", 3,
			"patch", "16,16,16", "batch", 4, "labeledbatch", 2, "filters", 16, "depth", 3));
		in.put("seed", 11L);
		ScriptModule m = runTemplate("Train_Mean_Teacher.groovy", in);

		Path best = out.resolve(RunFolder.BEST_MODEL);
		assertEquals(best.toString(), m.getOutput("model"));
		assertTrue(Files.isRegularFile(best));
		// header + one line per iteration: the template's iteration count reached the trainer
		assertEquals(4, Files.readAllLines(out.resolve(RunFolder.LOG)).size());
		try (TrainedModel model = TrainedModel.load(best)) {
			ModelDescriptor d = model.descriptor();
			assertEquals(16, d.architecture.baseFilters);
			assertEquals(3, d.architecture.depth);
			assertEquals(2, d.architecture.numClasses);
			assertArrayEquals(new int[] { 16, 16, 16 }, d.patchSize);
			assertEquals(11L, d.training.seed);
			assertEquals(2, d.training.labeled);
			assertEquals(2, d.training.unlabeled);
		}
	}

	@Test
	public void groovyTrainingTemplateFailsWithTheCommandsMessage() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("never-written");
		Map<String, Object> in = new HashMap<>(Map.of("images", demo.resolve(DemoDataCommand.IMAGES).toFile(), "labels",
			demo.resolve(DemoDataCommand.LABELS).toFile(), "output", out.toFile(), "method", "Mean Teacher", "iterations", 3,
			"patch", "16,16,16", "batch", 2, "labeledbatch", 3, "filters", 16, "depth", 3));
		in.put("seed", 11L);
		String errors = runTemplateExpectingFailure("Train_Mean_Teacher.groovy", in);
		assertTrue(errors, errors.contains("labeled per batch must be 1..2, got 3"));
		assertFalse(Files.exists(out));
	}

	@Test
	public void jythonBatchTemplateWritesOneLabelStackPerImage() throws Exception {
		Path model = trainedModel(tmp.newFolder("py-model").toPath());
		Path labels = tmp.newFolder("py-labels").toPath();
		ScriptModule m = runTemplate("Batch_Segment.py", Map.of("model", model.toFile(), "folder",
			demo.resolve(DemoDataCommand.IMAGES).toFile(), "output", labels.toFile(), "overlap", 0.25f, "tta", false, "largest",
			true));

		List<String> names = List.of("synthetic-000", "synthetic-001", "synthetic-002", "synthetic-003");
		assertEquals(names.size(), ((Number) m.getOutput("count")).intValue());
		// The comparison below only shows that the options arrived if they change the result.
		int differFromDefaults = 0;
		try (TrainedModel trained = TrainedModel.load(model)) {
			for (String name : names) {
				Path file = labels.resolve(name + ".tif");
				assertTrue(file + " missing", Files.isRegularFile(file));
				LabelVolume written = VolumeIO.readLabels(file, false);
				Volume image = VolumeIO.readImage(demo.resolve(DemoDataCommand.IMAGES).resolve(name + ".tif"), false);
				assertArrayEquals(name, image.dims(), written.dims());
				assertTrue(name + ": label " + written.maxLabel() + " outside the 2 classes", written.maxLabel() <= 1);
				// The template's options (overlap 0.25, largest component) reached the segmentation.
				LabelVolume expected = new ModelSegmentation(trained,
					new SlidingWindowOptions().overlap(0.25)).largestComponent(true).labels(image);
				assertArrayEquals(name, expected.data(), written.data());
				if (!Arrays.equals(new ModelSegmentation(trained, null).labels(image).data(), written.data())) differFromDefaults++;
			}
		}
		assertTrue("overlap 0.25 + largest component changed no image", differFromDefaults > 0);
	}

	@Test
	public void jythonBatchTemplateFailsWithTheCommandsMessage() throws Exception {
		Path notAModel = tmp.newFile("not-a-model.zip").toPath();
		Files.writeString(notAModel, "just text");
		Path labels = tmp.getRoot().toPath().resolve("py-labels-never");
		String errors = runTemplateExpectingFailure("Batch_Segment.py", Map.of("model", notAModel.toFile(), "folder",
			demo.resolve(DemoDataCommand.IMAGES).toFile(), "output", labels.toFile(), "overlap", 0.5f, "tta", false, "largest",
			false));
		assertTrue(errors, errors.contains("not-a-model.zip: not a model file"));
		assertFalse(Files.exists(labels.resolve("synthetic-000.tif")));
	}

	/** A model trained for 3 iterations by the command itself, independent of the Groovy template. */
	private static Path trainedModel(Path out) throws Exception {
		Map<String, Object> in = new HashMap<>(Map.of("images", demo.resolve(DemoDataCommand.IMAGES).toFile(), "labels",
			demo.resolve(DemoDataCommand.LABELS).toFile(), "output", out.toFile(), "patch", "16,16,16", "filters", 16, "depth",
			3, "iterations", 3, "batch", 4, "labeledbatch", 2));
		// After 3 iterations from PyTorch's small default weights the network predicts one class
		// everywhere; He's larger start gives mixed labels, on which segmentation options show.
		in.put("init", "he");
		CommandModule m = context.service(CommandService.class).run(TrainCommand.class, true, in).get();
		assertFalse(m.getCancelReason(), m.isCanceled());
		return out.resolve(RunFolder.BEST_MODEL);
	}

	/** Runs a template and fails the test with the script's own error output when it raised. */
	private static ScriptModule runTemplate(String name, Map<String, Object> inputs) throws Exception {
		StringWriter errors = new StringWriter();
		ScriptModule m = run(name, inputs, errors);
		assertEquals(name + " reported errors", "", errors.toString());
		return m;
	}

	private static String runTemplateExpectingFailure(String name, Map<String, Object> inputs) throws Exception {
		StringWriter errors = new StringWriter();
		run(name, inputs, errors);
		assertFalse(name + " should have failed", errors.toString().isEmpty());
		return errors.toString();
	}

	private static ScriptModule run(String name, Map<String, Object> inputs, StringWriter errors) throws Exception {
		URL url = ScriptTemplatesTest.class.getResource(TEMPLATES + name);
		assertNotNull(name + " is not on the classpath", url);
		String extension = name.substring(name.lastIndexOf('.') + 1);
		assertNotNull("no script language for ." + extension,
			context.service(ScriptService.class).getLanguageByExtension(extension));
		ModuleService modules = context.service(ModuleService.class);
		// As ScriptService.run does it, but keeping the module to give it an error writer first.
		ScriptModule module = (ScriptModule) modules.createModule(new ScriptInfo(context, url, name));
		// Without an error writer, ScriptModule only logs a script's exception.
		module.setErrorWriter(errors);
		return modules.run(module, true, inputs).get();
	}
}
