package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelConvention;
import sc.fiji.meanteacher.volume.LabelVolume;

/** Short real trainings (Mean Teacher, 16³ patches) on synthetic cases whose labels are sparse. */
public class SparseLabelTrainingTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** The cases of {@link SegmentationTrainerTest#cases} with the labeled and validation voxels of the slices {@code z} for which {@code annotatedSlice} fails set to {@code value}. */
	private static CaseSet sparse(CaseSet dense, IntPredicate annotatedSlice, int value) {
		return new CaseSet(sparse(dense.labeled(), annotatedSlice, value), dense.unlabeled(), sparse(dense.validation(), annotatedSlice, value), 2);
	}

	private static List<Case> sparse(List<Case> cases, IntPredicate annotatedSlice, int value) {
		List<Case> out = new ArrayList<>();
		for (Case c : cases) {
			LabelVolume l = c.label();
			byte[] labels = l.data().clone();
			int slice = l.nx() * l.ny();
			for (int i = 0; i < labels.length; i++)
				if (!annotatedSlice.test(i / slice)) labels[i] = (byte) value;
			out.add(c.withLabel(LabelVolume.wrap(l.name(), labels, l.dims(), l.voxelSize())));
		}
		return out;
	}

	private List<IterationReport> train(TrainingConfig c, CaseSet data, String name) throws IOException {
		SegmentationTrainer t = new SegmentationTrainer(c, data, tmp.newFolder(name).toPath());
		List<IterationReport> reports = SegmentationTrainerTest.collect(t);
		t.train();
		return reports;
	}

	private static double[] losses(List<IterationReport> reports) {
		return reports.stream().flatMapToDouble(r -> java.util.stream.DoubleStream.of(r.supervisedLoss(), r.consistencyLoss())).toArray();
	}

	/** unannotated=255 on labels that never hold 255: loss for loss and weight for weight the dense run. */
	@Test
	public void fullyAnnotatedSparseLabelsTrainExactlyAsDenseOnes() throws IOException {
		TrainingConfig dense = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 4);
		TrainingConfig sparse = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 4);
		sparse.unannotated = 255;
		CaseSet data = SegmentationTrainerTest.cases(2, 2, 0);
		List<IterationReport> a = train(dense, data, "dense"), b = train(sparse, data, "sparse");
		assertEquals(4, a.size());
		assertArrayEquals(losses(a), losses(b), 0);
		assertArrayEquals(SegmentationTrainerTest.weights(tmp.getRoot().toPath().resolve("dense").resolve(RunFolder.LAST_MODEL)),
			SegmentationTrainerTest.weights(tmp.getRoot().toPath().resolve("sparse").resolve(RunFolder.LAST_MODEL)), 0);
	}

	/**
	 * Every 4th slice annotated: training runs (finite losses, a validation Dice) and which value
	 * marks the rest does not matter: 200 and 255 train loss for loss alike.
	 */
	@Test
	public void sparseLabelsTrainAndTheNotAnnotatedValueChangesNothing() throws IOException {
		CaseSet dense = SegmentationTrainerTest.cases(2, 2, 1);
		List<double[]> runs = new ArrayList<>();
		for (int value : new int[] { 200, 255 }) {
			TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 3);
			c.unannotated = value;
			List<IterationReport> reports = train(c, sparse(dense, z -> z % 4 == 0, value), "every-4th-" + value);
			assertEquals(3, reports.size());
			for (IterationReport r : reports) assertTrue(Double.isFinite(r.supervisedLoss()) && r.consistencyLoss() >= 0);
			runs.add(losses(reports));
		}
		assertArrayEquals(runs.get(0), runs.get(1), 0);
	}

	/** Bad sparse settings and labels: one line naming the value and the image, and no file written. */
	@Test
	public void badSparseInputIsRefusedInOneLineWritingNothing() throws IOException {
		CaseSet dense = SegmentationTrainerTest.cases(2, 2, 0);
		TrainingConfig classIndex = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 2);
		classIndex.unannotated = 1;
		refused(classIndex, dense, "the not-annotated label value 1 is class 1 of classes=2; use a value of 2 or more (e.g. 255)");
		TrainingConfig both = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 2);
		both.unannotated = 255;
		both.labelConvention = LabelConvention.LABKIT;
		refused(both, dense, "labelconvention=labkit already means 0 = not annotated: leave unannotated empty (got 255)");
		TrainingConfig copyPaste = SegmentationTrainerTest.tiny(TrainingMethods.COPY_PASTE, 2);
		copyPaste.unannotated = 255;
		refused(copyPaste, dense, "Copy-paste Mean Teacher cannot train from sparse labels (unannotated=255, labelconvention=classes); "
			+ "use Mean Teacher, UA-MT or supervised only");
		TrainingConfig sparse = SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 2);
		sparse.unannotated = 255;
		String first = dense.labeled().get(0).label().name();
		refused(sparse, sparse(dense, z -> z % 4 == 0, 7), first + ": label value 7 exceeds the class count 2 (labels must be 0..1 or the not-annotated value 255)");
		refused(sparse, sparse(dense, z -> false, 255), first + ": no voxel is annotated (every voxel holds the not-annotated value 255)");
	}

	/** A resume with another not-annotated value is refused, naming the checkpoint's value and the new one. */
	@Test
	public void resumeWithAnotherNotAnnotatedValueIsRefusedNamingBoth() throws IOException {
		TrainingConfig c = SegmentationTrainerTest.tiny(TrainingMethods.SUPERVISED, 3);
		c.checkpointInterval = 1;
		CaseSet data = SegmentationTrainerTest.cases(2, 0, 0);
		Path out = tmp.newFolder("resume").toPath();
		SegmentationTrainerTest.crashAfter(1, c, data, out);
		TrainingConfig sparse = SegmentationTrainerTest.tiny(TrainingMethods.SUPERVISED, 3);
		sparse.checkpointInterval = 1;
		sparse.unannotated = 255;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new SegmentationTrainer(sparse, data, out).resume(SegmentationTrainer.latestCheckpoint(out)));
		assertTrue(e.getMessage(), e.getMessage().contains("unannotated: absent in the checkpoint, 255 now"));
		assertEquals(e.getMessage(), 1, e.getMessage().lines().count());
	}

	private void refused(TrainingConfig c, CaseSet data, String message) throws IOException {
		Path out = tmp.newFolder().toPath().resolve("run");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SegmentationTrainer(c, data, out).train());
		assertEquals(message, e.getMessage());
		assertFalse("nothing written: " + out, Files.exists(out) && Files.list(out).findAny().isPresent());
	}
}
