package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.infer.ModelSegmentation;
import sc.fiji.meanteacher.infer.SegmentationResult;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.MeanTeacherMethod;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.train.TrainingPreset;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.GridTarget;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Resampling;
import sc.fiji.meanteacher.volume.Volume;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.VoxelSpacing;

/**
 * Anisotropic stacks (voxels 1 x 1 x 4 µm, 32 x 32 x 8) trained at {@code spacing=1,1,1}: the
 * training sees 32³ volumes, the model records the spacing, and Segment brings new stacks to it
 * and the labels back to the stack's own grid.
 */
public class AnisotropicTrainingCommandTest extends CommandTestBase {

	private static final double[] ANISOTROPIC = { 1, 1, 4 };
	private static final long[] STACK = { 32, 32, 8 }, ISOTROPIC = { 32, 32, 32 };

	/** Four stacks in {@code folder}, the first two labeled, with the length unit {@code unit} (null: uncalibrated). */
	private Path stacks(String folder, String unit) throws Exception {
		Path data = tmp.getRoot().toPath().resolve(folder);
		Files.createDirectories(data.resolve("images"));
		Files.createDirectories(data.resolve("labels"));
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(5, ANISOTROPIC);
		for (int i = 0; i < 4; i++) {
			Case c = generator.generate(i, (int) STACK[0], (int) STACK[1], (int) STACK[2]);
			VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(c.image(), unit), data.resolve("images/" + c.name() + ".tif"));
			if (i < 2) VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(c.label(), unit), data.resolve("labels/" + c.name() + ".tif"));
		}
		return data;
	}

	private static Map<String, Object> training(Path data, Path out, String spacing) {
		Map<String, Object> in = new HashMap<>(Map.of("images", data.resolve("images").toFile(), "labels",
			data.resolve("labels").toFile(), "output", out.toFile(), "patch", "16,16,16", "filters", 16, "depth", 3,
			"iterations", 2, "batch", 4, "labeledbatch", 2));
		in.put("progress", 1);
		in.put("checkpoint", 1);
		in.put("spacing", spacing);
		return in;
	}

	@Test
	public void spacingBringsEveryStackToTheTargetVoxelSize() throws Exception {
		Path data = stacks("stacks", "µm");
		TrainingSource source = new TrainingSource(TrainingSource.FOLDERS, data.resolve("images").toFile(),
			data.resolve("labels").toFile(), null, null, false, 2, GridTarget.of(1, VoxelSpacing.parse("spacing", "1,1,1")));
		CaseSet cases = source.read(TrainingMethods.fromName(MeanTeacherMethod.LABEL), line -> {}).withValidation(1);
		assertEquals(new VoxelSpacing(1, 1, 1), cases.grid().spacing());
		assertEquals(1, cases.labeled().size());
		assertEquals(2, cases.unlabeled().size());
		assertEquals(1, cases.validation().size());
		List<Case> all = new ArrayList<>(cases.labeled());
		all.addAll(cases.unlabeled());
		all.addAll(cases.validation());
		for (Case c : all) {
			assertArrayEquals(c.name(), ISOTROPIC, c.image().dims());
			assertArrayEquals(c.name(), new double[] { 1, 1, 1 }, c.image().voxelSize(), 1e-12);
		}
		// by hand: the stack's image trilinearly, its label class by class, to 32³
		Case first = VolumeIO.readCase("synthetic-000", data.resolve("images/synthetic-000.tif"), data.resolve("labels/synthetic-000.tif"));
		assertArrayEquals(ANISOTROPIC, first.image().voxelSize(), 1e-12);
		assertArrayEquals(Resampling.image(first.image(), ISOTROPIC).data(), cases.labeled().get(0).image().data(), 0f);
		assertArrayEquals(Resampling.labels(first.label(), ISOTROPIC, 2).data(), cases.labeled().get(0).label().data());
	}

	@Test
	public void theModelRecordsTheSpacingAndSegmentReturnsLabelsOnTheInputGrid() throws Exception {
		Path data = stacks("stacks", "µm"), out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = training(data, out, "1,1,1");
		// the CPU preset's scale 0.5 gives way to the spacing instead of contradicting it
		in.put("preset", TrainingPreset.CPU_REDUCED_LABEL);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(1.0, m.getInput("scale"));
		Path modelFile = out.resolve(RunFolder.BEST_MODEL);
		Volume image = VolumeIO.readImage(data.resolve("images/synthetic-003.tif"), false);
		float[][] expectedProbabilities;
		byte[] expected;
		try (TrainedModel model = TrainedModel.load(modelFile)) {
			assertArrayEquals(new double[] { 1, 1, 1 }, model.descriptor().inputSpacing, 0);
			assertEquals(1, model.descriptor().inputScale, 0);
			assertArrayEquals(new double[] { 1, 1, 1 }, model.descriptor().voxelSize, 1e-12);
			assertEquals("µm", model.descriptor().voxelUnit);
			// by hand: segment the stack resampled to 32³, bring each class's probabilities back to 32x32x8, take the largest
			SegmentationResult onModelGrid = new ModelSegmentation(model, null).segment(Resampling.image(image, ISOTROPIC));
			expectedProbabilities = probabilitiesOnGrid(onModelGrid, STACK);
			expected = argmax(expectedProbabilities);
		}
		float[] foreground = expectedProbabilities[1];
		float lowest = foreground[0], highest = foreground[0];
		for (float v : foreground) {
			lowest = Math.min(lowest, v);
			highest = Math.max(highest, v);
		}
		assertTrue("the probabilities vary: " + lowest + ".." + highest, highest - lowest > 0.01);

		Map<String, Object> seg = new HashMap<>(Map.of("model", modelFile.toFile(), "input", ImagePlusVolumes.toImagePlus(image, "µm")));
		m = CommandTestSupport.run(context, SegmentCommand.class, seg);
		assertFalse(m.getCancelReason(), m.isCanceled());
		ImagePlus labels = (ImagePlus) m.getOutput("labels");
		assertArrayEquals(new int[] { 32, 32, 1, 8, 1 }, labels.getDimensions());
		assertEquals(4, labels.getCalibration().pixelDepth, 1e-12);
		assertArrayEquals(expected, ImagePlusVolumes.toLabelVolume(labels, false).data());

		Path pred = tmp.getRoot().toPath().resolve("pred");
		seg = new HashMap<>(Map.of("model", modelFile.toFile(), "folder", data.resolve("images").toFile(), "output", pred.toFile(),
			"probabilities", true));
		m = CommandTestSupport.run(context, SegmentCommand.class, seg);
		assertFalse(m.getCancelReason(), m.isCanceled());
		LabelVolume written = VolumeIO.readLabels(pred.resolve("synthetic-003.tif"), false);
		assertArrayEquals(STACK, written.dims());
		assertArrayEquals(ANISOTROPIC, written.voxelSize(), 1e-9);
		assertArrayEquals(expected, written.data());
		Volume writtenProbabilities = VolumeIO.readImage(pred.resolve("probabilities/synthetic-003.tif"), false);
		assertArrayEquals(STACK, writtenProbabilities.dims());
		assertArrayEquals(foreground, writtenProbabilities.data(), 1e-6f);

		// an uncalibrated stack has no voxel size to resample from: refused, naming the file
		Path plain = tmp.getRoot().toPath().resolve("plain");
		Files.createDirectories(plain);
		Path file = plain.resolve("stack.tif");
		VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(image, null), file);
		m = CommandTestSupport.run(context, SegmentCommand.class, Map.of("model", modelFile.toFile(), "folder", plain.toFile(),
			"output", tmp.getRoot().toPath().resolve("pred-plain").toFile()));
		assertTrue(m.isCanceled());
		assertEquals("Segment: " + file.toAbsolutePath() + ": has no voxel size (an uncalibrated image), so it cannot be resampled to spacing=1,1,1; "
			+ "set its voxel size (Image > Properties...) or leave spacing empty", m.getCancelReason());
	}

	/** Each class's probabilities resampled to {@code dims}. */
	private static float[][] probabilitiesOnGrid(SegmentationResult r, long[] dims) {
		float[] p = r.probabilities().update(null).getCurrentStorageArray();
		int classes = r.numClasses(), m = p.length / classes;
		float[][] back = new float[classes][];
		for (int c = 0; c < classes; c++)
			back[c] = Resampling.image(Volume.wrap("p", Arrays.copyOfRange(p, c * m, (c + 1) * m), r.dims(), new double[] { 1, 1, 1 }),
				dims).data();
		return back;
	}

	/** The most probable class of each voxel (the lower one on ties). */
	private static byte[] argmax(float[][] probabilities) {
		byte[] labels = new byte[probabilities[0].length];
		for (int i = 0; i < labels.length; i++)
			for (int c = 1; c < probabilities.length; c++)
				if (probabilities[c][i] > probabilities[labels[i]][i]) labels[i] = (byte) c;
		return labels;
	}

	@Test
	public void badSpacingsAndUncalibratedStacksAreRefusedInOneLine() throws Exception {
		Path data = stacks("stacks", "µm"), out = tmp.getRoot().toPath().resolve("model");
		for (String bad : new String[] { "0,1,1", "1,-1,1", "1,1", "1,1,1,1", "a,b,c", "1,1,Infinity" }) {
			CommandModule m = CommandTestSupport.run(context, TrainCommand.class, training(data, out, bad));
			assertTrue(bad, m.isCanceled());
			assertEquals("Train: spacing must be three positive voxel sizes x,y,z (or one for cubic voxels), e.g. 0.4,0.4,0.4; got '" + bad
				+ "'", m.getCancelReason());
		}
		Map<String, Object> both = training(data, out, "1,1,1");
		both.put("scale", 0.5);
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, both);
		assertTrue(m.isCanceled());
		assertEquals("Train: scale=0.5 and spacing=1,1,1 both resample the data; give one of them (scale multiplies each volume's own grid, "
			+ "spacing sets the voxel size)", m.getCancelReason());
		assertFalse(Files.exists(out));

		Path uncalibrated = stacks("uncalibrated", null);
		m = CommandTestSupport.run(context, TrainCommand.class, training(uncalibrated, out, "1,1,1"));
		assertTrue(m.isCanceled());
		assertEquals("Train: " + uncalibrated.resolve("images/synthetic-000.tif").toAbsolutePath() + ": has no voxel size (an uncalibrated image), "
			+ "so it cannot be resampled to spacing=1,1,1; set its voxel size (Image > Properties...) or leave spacing empty",
			m.getCancelReason());
		assertFalse(Files.exists(out));
	}

	@Test
	public void aResumeWithAnotherSpacingIsRefusedNamingIt() throws Exception {
		Path data = stacks("stacks", "µm"), out = tmp.getRoot().toPath().resolve("model");
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, training(data, out, "1,1,1"));
		assertFalse(m.getCancelReason(), m.isCanceled());
		for (String[] other : new String[][] { { "2,2,2", "2,2,2" }, { "", "none (the volumes' own grid)" } }) {
			Map<String, Object> resume = training(data, out, other[0]);
			resume.put("resume", "latest");
			m = CommandTestSupport.run(context, TrainCommand.class, resume);
			assertTrue(other[0], m.isCanceled());
			assertTrue(m.getCancelReason(), m.getCancelReason().contains("spacing: 1,1,1 in the checkpoint, " + other[1] + " now"));
		}
		try (TrainedModel model = TrainedModel.load(out.resolve(RunFolder.LAST_MODEL))) {
			assertEquals("the refused resumes left the model of the first run", 2, model.descriptor().training.iterations);
		}
	}
}
