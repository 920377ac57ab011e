package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.Rule;
import org.junit.Test;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.VolumeIO;

/** Training from the images open in Fiji: the naming rule, the same run as from folders, bad input, Stop. */
public class OpenImageTrainingTest extends CommandTestBase {

	@Rule
	public OpenImages open = new OpenImages();

	private static final SyntheticAtriumGenerator GENERATOR = new SyntheticAtriumGenerator(5);

	private static Case synthetic(int i) {
		return GENERATOR.generate(i, 32, 32, 16);
	}

	private static ImagePlus image(int i) {
		ImagePlus imp = ImagePlusVolumes.toImagePlus(synthetic(i).image());
		imp.setTitle("case" + i + ".tif");
		return imp;
	}

	private static ImagePlus labels(int i) {
		ImagePlus imp = LabelOverlays.labelImage(synthetic(i).label(), null);
		imp.setTitle("case" + i + "-labels");
		return imp;
	}

	private Map<String, Object> openImageInputs(Path out) {
		Map<String, Object> in = TinyTrainingRun.tinyNetwork(out);
		in.put("source", TrainCommand.OPEN_IMAGES);
		return in;
	}

	@Test
	public void openImagesTrainExactlyAsTheSameFilesInFolders() throws Exception {
		// cases 0 and 2 labeled, 1 and 3 unlabeled; the window order is not the name order
		open.open(image(3), labels(2), image(0), image(2), image(1), labels(0));
		Path fromOpen = tmp.getRoot().toPath().resolve("open-model");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, openImageInputs(fromOpen));
		assertFalse(m.getCancelReason(), m.isCanceled());

		Path images = tmp.newFolder("images").toPath(), labelDir = tmp.newFolder("labels").toPath();
		for (int i = 0; i < 4; i++) VolumeIO.writeTiff(synthetic(i).image(), images.resolve("case" + i + ".tif"));
		for (int i : new int[] { 0, 2 })
			VolumeIO.writeTiff(LabelOverlays.labelImage(synthetic(i).label(), null), labelDir.resolve("case" + i + ".tif"));
		Path fromFolders = tmp.getRoot().toPath().resolve("folder-model");
		Map<String, Object> in = TinyTrainingRun.tinyNetwork(fromFolders);
		in.put("images", images.toFile());
		in.put("labels", labelDir.toFile());
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());

		// The same cases in the same order: the seeded run repeats loss for loss.
		assertEquals(losses(fromFolders), losses(fromOpen));
		try (TrainedModel a = TrainedModel.load(fromOpen.resolve(RunFolder.BEST_MODEL));
			TrainedModel b = TrainedModel.load(fromFolders.resolve(RunFolder.BEST_MODEL)))
		{
			assertEquals(2, a.descriptor().training.labeled);
			assertEquals(2, a.descriptor().training.unlabeled);
			assertEquals(4, a.descriptor().training.iterations);
			assertArrayEquals(b.descriptor().voxelSize, a.descriptor().voxelSize, 0);
		}
	}

	/** The training log without its timing column. */
	private static List<String> losses(Path out) throws Exception {
		return Files.readAllLines(out.resolve(RunFolder.LOG)).stream().map(l -> l.substring(0, l.lastIndexOf(',')))
			.toList();
	}

	@Test
	public void sourceLeftOutMeansOpenImagesWhenNoFolderIsGivenAndImagesAreOpen() throws Exception {
		open.open(image(0), labels(0), image(1), labels(1), image(2), image(3));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TinyTrainingRun.tinyNetwork(out);
		in.put("iterations", 2);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(TrainCommand.OPEN_IMAGES, m.getInput("source"));
		assertTrue(Files.isRegularFile(out.resolve(RunFolder.BEST_MODEL)));
	}

	@Test
	public void supervisedTrainingIgnoresTheUnlabeledOpenImages() throws Exception {
		ImagePlus flat = new ImagePlus("snapshot", new FloatProcessor(32, 32));
		open.open(image(0), labels(0), image(1), labels(1), flat);
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = openImageInputs(out);
		in.put("method", "Supervised only");
		in.put("iterations", 2);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		try (TrainedModel t = TrainedModel.load(out.resolve(RunFolder.BEST_MODEL))) {
			assertEquals(2, t.descriptor().training.labeled);
			assertEquals(0, t.descriptor().training.unlabeled);
		}
	}

	@Test
	public void badOpenImagesFailWithTheirProblemAndWriteNothing() throws Exception {
		expectFailure("no images are open", o -> {});
		expectFailure("flat: is 2-D", o -> o.open(image(0), labels(0), image(1), labels(1),
			new ImagePlus("flat", new FloatProcessor(32, 32))));
		expectFailure("photo: needs a 3-D single-channel grayscale image, got an RGB image", o -> o.open(image(0), labels(0),
			rgbStack("photo")));
		expectFailure("got 2 channels", o -> o.open(image(0), labels(0), twoChannels("channels")));
		expectFailure("must have the size of its image", o -> {
			ImagePlus small = new ImagePlus("case1-labels", stack(16, 16, 16));
			o.open(image(0), labels(0), image(1), small);
		});
		expectFailure("labels must be integers 0..255, got 0.5", o -> {
			ImagePlus fractional = new ImagePlus("case1-labels", stack(32, 32, 16));
			fractional.getStack().getProcessor(3).setf(5, 0.5f);
			o.open(image(0), labels(0), image(1), fractional);
		});
		expectFailure("label value 3 exceeds the class count 2", o -> {
			ImagePlus three = labels(1);
			three.getStack().getProcessor(2).set(1, 1, 3);
			o.open(image(0), labels(0), image(1), three);
		});
		expectFailure("two open images are named 'case0'", o -> {
			ImagePlus again = image(0);
			again.setTitle("case0");
			o.open(image(0), labels(0), again);
		});
		expectFailure("no image 'case5' that it labels", o -> o.open(image(0), labels(0), image(1), relabelled(labels(1), 5)));
		expectFailure("none of the 2 open images has a label image", o -> o.open(image(0), image(1)));
	}

	@Test
	public void aFolderWithOpenImagesIsAMistake() throws Exception {
		open.open(image(0), labels(0), image(1));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = openImageInputs(out);
		in.put("images", tmp.newFolder("images"));
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("a folder or case list was given too"));
		assertFalse(Files.exists(out));
	}

	@Test
	public void stopBeforeTheFirstIterationLeavesLoadableUntrainedModels() throws Exception {
		open.open(image(0), labels(0), image(1), labels(1), image(2), image(3));
		Path out = tmp.getRoot().toPath().resolve("model");
		ModuleService modules = context.service(ModuleService.class);
		CommandInfo info = context.service(CommandService.class).getCommand(TrainCommand.class);
		CommandModule module = (CommandModule) modules.createModule(info);
		// Stop arrives while the images are read, before the trainer exists.
		((TrainCommand) module.getCommand()).stop();
		modules.run(module, true, openImageInputs(out)).get();
		assertFalse(module.getCancelReason(), module.isCanceled());
		String summary = (String) module.getOutput("summary");
		assertTrue(summary, summary.contains("stopped before the first iteration"));
		for (String file : new String[] { RunFolder.BEST_MODEL, RunFolder.LAST_MODEL })
			try (TrainedModel t = TrainedModel.load(out.resolve(file))) {
				assertEquals(file, 0, t.descriptor().training.iterations);
			}
		assertFalse("no iteration was logged", Files.exists(out.resolve(RunFolder.LOG)));
		assertFalse("no checkpoint of nothing", Files.exists(out.resolve(RunFolder.CHECKPOINTS)));
	}

	/**
	 * The output folder's rules hold for open images as for folders: a fresh run into another run's
	 * folder is refused before any open image is read (a 2-D image open then would otherwise be the
	 * complaint), a resume with other open images names the case that differs, and one with the same
	 * images continues; parameter bounds are checked as well.
	 */
	@Test
	public void openImagesObeyTheOutputFolderRulesCheckedBeforeTheyAreRead() throws Exception {
		open.open(image(0), labels(0), image(1), labels(1), image(2), image(3));
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = openImageInputs(out);
		in.put("checkpoint", 2);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertTrue(SegmentationTrainer.latestCheckpoint(out) != null);

		open.open(new ImagePlus("flat", new FloatProcessor(32, 32)));
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("already holds another training's results")
			&& m.getCancelReason().contains("resume=latest") && !m.getCancelReason().contains("2-D"));

		OpenImages.closeAll();
		open.open(image(0), labels(0), image(1), labels(1), image(2), image(4));
		in.put("resume", "latest");
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("unlabeled cases differ: only in the checkpoint [case3], "
			+ "only now [case4]"));

		OpenImages.closeAll();
		open.open(image(0), labels(0), image(1), labels(1), image(2), image(3));
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals("header and each iteration once", 5, Files.readAllLines(out.resolve(RunFolder.LOG)).size());

		Path never = tmp.getRoot().toPath().resolve("never-written");
		Map<String, Object> bad = openImageInputs(never);
		bad.put("lrstep", 0);
		m = CommandTestSupport.run(context, TrainCommand.class, bad);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("lrstep must be at least 1, got 0"));
		assertFalse(Files.exists(never));
	}

	private void expectFailure(String message, Consumer<OpenImages> setUp) throws Exception {
		OpenImages.closeAll();
		setUp.accept(open);
		Path out = tmp.getRoot().toPath().resolve("never-written");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, openImageInputs(out));
		assertTrue(message, m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains(message));
		assertFalse(message, Files.exists(out));
		OpenImages.closeAll();
	}

	private static ImageStack stack(int w, int h, int d) {
		ImageStack s = new ImageStack(w, h);
		for (int z = 0; z < d; z++) s.addSlice(new FloatProcessor(w, h));
		return s;
	}

	private static ImagePlus rgbStack(String title) {
		ImageStack s = new ImageStack(32, 32);
		for (int z = 0; z < 16; z++) s.addSlice(new ColorProcessor(32, 32));
		return new ImagePlus(title, s);
	}

	private static ImagePlus twoChannels(String title) {
		ImagePlus imp = new ImagePlus(title, stack(32, 32, 32));
		imp.setDimensions(2, 16, 1);
		return imp;
	}

	private static ImagePlus relabelled(ImagePlus imp, int i) {
		imp.setTitle("case" + i + "-labels");
		return imp;
	}
}
