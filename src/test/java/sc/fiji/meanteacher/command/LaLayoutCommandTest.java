package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LaCaseReader;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * The commands on a small synthetic folder in the LA layout (the real data are tested end to end
 * in {@code LaHeadlessTest}): which cases train with labels, and the errors of bad case lists.
 */
public class LaLayoutCommandTest extends CommandTestBase {

	/** Cases a, b, d with labels and c without a label dataset, 32³ voxels, in C order as the LA files are. */
	private Path laFolder() throws IOException {
		Path root = tmp.newFolder("la").toPath();
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(3);
		String[] names = { "a", "b", "c", "d" };
		for (int i = 0; i < names.length; i++) {
			Case c = generator.generate(i, 32, 32, 32);
			float[] v = c.image().data();
			byte[] l = c.label().data();
			float[][][] image = new float[32][32][32];
			byte[][][] label = new byte[32][32][32];
			for (int z = 0; z < 32; z++)
				for (int y = 0; y < 32; y++)
					for (int x = 0; x < 32; x++) {
						image[x][y][z] = v[x + 32 * (y + 32 * z)];
						label[x][y][z] = l[x + 32 * (y + 32 * z)];
					}
			Files.createDirectories(root.resolve(names[i]));
			try (WritableHdfFile h5 = HdfFile.write(root.resolve(names[i]).resolve(LaCaseReader.CASE_FILE))) {
				h5.putDataset(LaCaseReader.IMAGE_DATASET, image);
				if (!names[i].equals("c")) h5.putDataset(LaCaseReader.LABEL_DATASET, label);
			}
		}
		return root;
	}

	private File list(String name, String text) throws IOException {
		return Files.writeString(tmp.getRoot().toPath().resolve(name), text).toFile();
	}

	private Map<String, Object> training(Path root) throws IOException {
		Map<String, Object> in = new HashMap<>(Map.of("images", root.toFile(), "labeledlist", list("labeled.list", "a\n\nb\n"),
			"unlabeledlist", list("unlabeled.list", "c\n"), "output", tmp.getRoot().toPath().resolve("model").toFile(),
			"scale", 0.5, "patch", "16,16,16", "filters", 16, "depth", 3, "iterations", 1));
		in.put("batch", 2);
		in.put("labeledbatch", 1);
		return in;
	}

	private static String failure(Class<? extends Command> command, Map<String, Object> in) throws Exception {
		CommandModule m = CommandTestSupport.run(context, command, in);
		assertTrue("the command should have failed", m.isCanceled());
		return m.getCancelReason();
	}

	@Test
	public void listedCasesTrainLabeledOrUnlabeledAndUnlabeledLabelsAreNotRead() throws Exception {
		// Case c has no label dataset: reading it would fail the run.
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, training(laFolder()));
		assertFalse(m.getCancelReason(), m.isCanceled());
		try (TrainedModel model = TrainedModel.load(tmp.getRoot().toPath().resolve("model").resolve(RunFolder.BEST_MODEL))) {
			ModelDescriptor d = model.descriptor();
			assertEquals(0.5, d.inputScale, 0);
			assertEquals(2, d.training.labeled);
			assertEquals(1, d.training.unlabeled);
			assertEquals(2 * LaCaseReader.LA_VOXEL_SIZE_MM, d.voxelSize[0], 1e-12);
		}
	}

	@Test
	public void badCaseListsFailNamingTheListAndTheCase() throws Exception {
		Path root = laFolder();
		Map<String, Object> in = training(root);
		File labeled = list("bad.list", "a\nnope\n");
		in.put("labeledlist", labeled);
		String reason = failure(TrainCommand.class, in);
		assertTrue(reason, reason.contains(labeled.getAbsolutePath() + ": line 2: unknown case 'nope', not in "
			+ root.toAbsolutePath()));

		in.put("labeledlist", list("overlap.list", "a\nc\n"));
		reason = failure(TrainCommand.class, in);
		assertTrue(reason, reason.contains("case 'c' is in both labeledlist"));

		in.remove("labeledlist");
		reason = failure(TrainCommand.class, in);
		assertTrue(reason, reason.contains("is in the LA layout: give labeledlist"));

		in.put("labeledlist", list("labeled.list", "a\nb\n"));
		in.put("labels", root.toFile());
		reason = failure(TrainCommand.class, in);
		assertTrue(reason, reason.contains("leave the labels folder empty"));

		in.remove("labels");
		in.remove("unlabeledlist");
		reason = failure(TrainCommand.class, in);
		assertTrue(reason, reason.contains("Mean Teacher learns from unlabeled cases: name them in unlabeledlist"));
		assertFalse(Files.exists(tmp.getRoot().toPath().resolve("model")));

		Map<String, Object> seg = new HashMap<>();
		seg.put("model", CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("m.zip")).toFile());
		seg.put("folder", root.toFile());
		seg.put("output", tmp.getRoot().toPath().resolve("pred").toFile());
		File unknown = list("test.list", "d\nzz\n");
		seg.put("caselist", unknown);
		reason = failure(SegmentCommand.class, seg);
		assertTrue(reason, reason.contains(unknown.getAbsolutePath() + ": line 2: unknown case 'zz'"));

		Path pred = tmp.newFolder("predictions").toPath();
		VolumeIO.writeTiff(LabelVolume.zeros("a", new long[] { 32, 32, 32 }, new double[] { 1, 1, 1 }), pred.resolve("a.tif"));
		Map<String, Object> eval = new HashMap<>(Map.of("predictions", pred.toFile(), "truth", root.toFile(), "caselist",
			list("eval.list", "a\nd\n")));
		reason = failure(EvaluateCommand.class, eval);
		assertTrue(reason, reason.endsWith(pred.toAbsolutePath() + ": no prediction <case>.tif for [d]"));
		eval.remove("caselist");
		reason = failure(EvaluateCommand.class, eval);
		assertTrue(reason, reason.endsWith("no prediction <case>.tif for [b, c, d]; to evaluate only some of the 4 cases of "
			+ root.toAbsolutePath() + ", name them in caselist"));
	}
}
