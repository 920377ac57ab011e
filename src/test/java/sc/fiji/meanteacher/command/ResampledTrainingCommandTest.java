package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;

/** Training on resampled volumes: the model remembers the factor and segmentation undoes it. */
public class ResampledTrainingCommandTest extends CommandTestBase {

	private Path demo() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("demo");
		CommandModule m = CommandTestSupport.run(context, DemoDataCommand.class,
			Map.of("output", out.toFile(), "cases", 4, "labeled", 2, "size", "32,32,32", "seed", 9L));
		assertFalse(m.getCancelReason(), m.isCanceled());
		return out;
	}

	private Map<String, Object> training(Path data, Path out) {
		Map<String, Object> in = new HashMap<>(Map.of("images", data.resolve("images").toFile(), "labels",
			data.resolve("labels").toFile(), "output", out.toFile(), "patch", "16,16,16", "filters", 16, "depth", 3,
			"iterations", 2, "batch", 4, "labeledbatch", 2));
		in.put("progress", 1);
		return in;
	}

	@Test
	public void halfSizeTrainingGivesAModelThatSegmentsFullSizeImages() throws Exception {
		Path data = demo(), out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = training(data, out);
		in.put("scale", 0.5);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		Path modelFile = out.resolve(RunFolder.BEST_MODEL);
		Volume image = VolumeIO.readImage(data.resolve("images/synthetic-003.tif"), false);
		LabelVolume expected;
		try (TrainedModel model = TrainedModel.load(modelFile)) {
			assertEquals(0.5, model.descriptor().inputScale, 0);
			// The training grid: 16³ voxels over the 32³ box, so each voxel twice as large.
			for (int d = 0; d < 3; d++) assertEquals(2 * image.voxelSize()[d], model.descriptor().voxelSize[d], 1e-12);
			expected = new ModelSegmentation(model, null).labelsOnInputGrid(image);
		}
		assertArrayEquals(new long[] { 32, 32, 32 }, expected.dims());

		Map<String, Object> seg = new HashMap<>();
		seg.put("input", ImagePlusVolumes.toImagePlus(image, "mm"));
		seg.put("model", modelFile.toFile());
		m = CommandTestSupport.run(context, SegmentCommand.class, seg);
		assertFalse(m.getCancelReason(), m.isCanceled());
		ImagePlus labels = (ImagePlus) m.getOutput("labels");
		assertArrayEquals(new int[] { 32, 32, 1, 32, 1 }, labels.getDimensions());
		assertArrayEquals(expected.data(), ImagePlusVolumes.toLabelVolume(labels, false).data());

		Path pred = tmp.getRoot().toPath().resolve("pred");
		seg.remove("input");
		seg.put("folder", data.resolve("images").toFile());
		seg.put("output", pred.toFile());
		m = CommandTestSupport.run(context, SegmentCommand.class, seg);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(4, Files.list(pred).count());
		assertArrayEquals(expected.data(), VolumeIO.readLabels(pred.resolve("synthetic-003.tif"), false).data());
	}

	@Test
	public void badScalesAndMissingLabelsAreRejected() throws Exception {
		Path data = demo(), out = tmp.getRoot().toPath().resolve("model");
		for (double bad : new double[] { 0, -0.5, 5, Double.NaN, Double.POSITIVE_INFINITY }) {
			Map<String, Object> in = training(data, out);
			in.put("scale", bad);
			CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
			assertTrue("scale " + bad, m.isCanceled());
			assertTrue(m.getCancelReason(), m.getCancelReason().contains("input scale (resampling factor) must be a number in (0, 4], got "
				+ bad));
		}
		Map<String, Object> in = training(data, out);
		in.remove("labels");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("no labels folder given"));

		in.put("labels", data.resolve("labels").toFile());
		in.put("labeledlist", Files.writeString(tmp.getRoot().toPath().resolve("labeled.list"), "synthetic-000\n").toFile());
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("labeledlist and unlabeledlist are for a folder in the LA layout"));
		assertFalse(Files.exists(out));
	}
}
