package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.measure.ResultsTable;
import sc.fiji.meanteacher.eval.BinaryMask;
import sc.fiji.meanteacher.eval.SegmentationMetrics;
import sc.fiji.meanteacher.model.ModelDescriptor;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.ui.MetricsTable;
import sc.fiji.meanteacher.volume.DecathlonFixture;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiFile;

/**
 * A Medical Segmentation Decathlon folder end to end: Train on its root, Segment its test list
 * (and, by case list, training cases), Evaluate against its labelsTr.
 */
public class DecathlonCommandTest extends CommandTestBase {

	@Test
	public void trainSegmentAndEvaluateADecathlonFolder() throws Exception {
		Path work = tmp.getRoot().toPath(), root = DecathlonFixture.write(work.resolve("Task02_Heart"));
		Path model = work.resolve("model"), predicted = work.resolve("pred"), heldOut = work.resolve("held-out");

		// 3 pairs labeled; la_006 (imagesTr, no label) and the 2 test images unlabeled: a Mean Teacher batch of 2 + 2
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, inputs("images", root, "output", model, "patch",
			"16,16,16", "depth", 3, "iterations", 4, "batch", 4, "labeledbatch", 2, "testasunlabeled", true));
		assertFalse(m.getCancelReason(), m.isCanceled());
		try (TrainedModel trained = TrainedModel.load(model.resolve(RunFolder.BEST_MODEL))) {
			ModelDescriptor d = trained.descriptor();
			assertEquals(DecathlonFixture.CLASS_NAMES, d.classNames);
			assertEquals(3, d.training.labeled);
			assertEquals(3, d.training.unlabeled);
		}

		// the root alone: its test list, each written as NIfTI with its image's header
		m = CommandTestSupport.run(context, SegmentCommand.class, inputs("model", model.resolve(RunFolder.BEST_MODEL),
			"folder", root, "output", predicted));
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(List.of("la_001.nii.gz", "la_002.nii.gz"), fileNames(predicted));
		for (String name : DecathlonFixture.TEST)
			assertEquals(name, DecathlonFixture.HEADER.forData(NiftiDataType.UINT8, 1),
				NiftiFile.read(predicted.resolve(name + ".nii.gz")).header());

		// training cases named in caselist, then evaluated against labelsTr by case name
		Path list = Files.writeString(work.resolve("held-out.txt"), "la_004\nla_005\n");
		m = CommandTestSupport.run(context, SegmentCommand.class, inputs("model", model.resolve(RunFolder.BEST_MODEL),
			"folder", root, "caselist", list, "output", heldOut));
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(List.of("la_004.nii.gz", "la_005.nii.gz"), fileNames(heldOut));
		m = CommandTestSupport.run(context, EvaluateCommand.class, inputs("predictions", heldOut, "truth", root, "classes", "1"));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable table = (ResultsTable) m.getOutput("table");
		for (int row = 0; row < 2; row++) {
			String name = List.of("la_004", "la_005").get(row);
			assertEquals(name, table.getStringValue(MetricsTable.CASE, row));
			assertEquals("left atrium", table.getStringValue(MetricsTable.CLASS_NAME, row));
			LabelVolume prediction = VolumeIO.readLabels(heldOut.resolve(name + ".nii.gz"), false);
			LabelVolume truth = VolumeIO.readLabels(root.resolve("labelsTr").resolve(name + ".nii.gz"), false);
			assertEquals(name, SegmentationMetrics.dice(BinaryMask.ofClass(prediction, 1), BinaryMask.ofClass(truth, 1)),
				table.getValue(MetricsTable.DICE, row), 1e-9);
		}
		assertEquals(MetricsTable.MEAN_ROW, table.getStringValue(MetricsTable.CASE, 2));
		assertEquals("left atrium", table.getStringValue(MetricsTable.CLASS_NAME, 2));
	}

	private static Map<String, Object> inputs(Object... keysAndValues) {
		Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2)
			m.put((String) keysAndValues[i], keysAndValues[i + 1] instanceof Path p ? p.toFile() : keysAndValues[i + 1]);
		return m;
	}

	private static List<String> fileNames(Path folder) throws Exception {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
