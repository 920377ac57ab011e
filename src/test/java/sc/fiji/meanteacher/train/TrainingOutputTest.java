package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static sc.fiji.meanteacher.train.SegmentationTrainerTest.cases;
import static sc.fiji.meanteacher.train.SegmentationTrainerTest.tiny;
import static sc.fiji.meanteacher.train.SegmentationTrainerTest.weights;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.WeightIO;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/** A run owns its output folder, checkpoints know what they were made from, and a resumed run cleans up after a killed one. */
public class TrainingOutputTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static TrainingConfig checkpointed(int iterations, int every) {
		TrainingConfig c = tiny(TrainingMethods.MEAN_TEACHER, iterations);
		c.validationStart = Integer.MAX_VALUE;
		c.checkpointInterval = every;
		return c;
	}

	/** A method with a teacher keeps the EMA teacher as its best model, validated or not; one without keeps the student. */
	@Test
	public void bestModelIsTheTeacherWhereThereIsOne() throws IOException {
		for (int validation : new int[] { 0, 1 }) {
			Path out = tmp.newFolder("kept-" + validation).toPath();
			TrainingResult r = new SegmentationTrainer(checkpointed(3, 10), cases(2, 2, validation), out).train();
			assertEquals(validation == 0, Double.isNaN(r.bestDice()));
			float[] best = weights(out.resolve(RunFolder.BEST_MODEL));
			assertTrue("validation cases: " + validation, Arrays.equals(weights(out.resolve(RunFolder.LAST_TEACHER_MODEL)), best));
			assertFalse(Arrays.equals(weights(out.resolve(RunFolder.LAST_MODEL)), best));
		}
		Path out = tmp.newFolder("kept-supervised").toPath();
		TrainingConfig supervised = checkpointed(3, 10);
		supervised.method = TrainingMethods.SUPERVISED;
		new SegmentationTrainer(supervised, cases(2, 0, 1), out).train();
		assertFalse(Files.exists(out.resolve(RunFolder.LAST_TEACHER_MODEL)));
		assertTrue(Arrays.equals(weights(out.resolve(RunFolder.LAST_MODEL)), weights(out.resolve(RunFolder.BEST_MODEL))));
	}

	/** Another run's checkpoints would be pruned by a fresh run, and resume=latest would then continue the wrong one. */
	@Test
	public void freshRunRefusesAFolderHoldingAnotherRunsResults() throws IOException {
		Path out = tmp.newFolder("reused").toPath();
		new SegmentationTrainer(checkpointed(4, 1), cases(2, 2, 0), out).train();
		List<Path> before = Checkpoints.all(out);
		assertEquals(2, before.size());
		byte[] newest = Files.readAllBytes(before.get(1));
		TrainingConfig other = checkpointed(6, 1);
		other.seed = 99;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new SegmentationTrainer(other, cases(3, 2, 0), out).train());
		assertTrue(e.getMessage(), e.getMessage().contains(out + " already holds another training's results")
			&& e.getMessage().contains("checkpoints/checkpoint-000003.zip") && e.getMessage().contains("resume=latest"));
		assertEquals(before, Checkpoints.all(out));
		assertArrayEquals(newest, Files.readAllBytes(before.get(1)));
		// the same holds through the public check a command makes before reading its data
		assertThrows(IllegalArgumentException.class, () -> SegmentationTrainer.requireUsableOutput(out, other, null));
	}

	@Test
	public void resumeNamesEverySettingAndEveryCaseThatDiffers() throws IOException {
		Path out = tmp.newFolder("run").toPath();
		CaseSet data = cases(2, 2, 0);
		new SegmentationTrainer(checkpointed(4, 2), data, out).train();
		Path checkpoint = SegmentationTrainer.latestCheckpoint(out);

		TrainingConfig changed = checkpointed(4, 2);
		changed.lrGamma = 0.5;
		changed.consistencyWeight = 0.3;
		changed.intensity = sc.fiji.meanteacher.volume.IntensityNormalization.NONE;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new SegmentationTrainer(changed, data, out).resume(checkpoint));
		String m = e.getMessage();
		assertTrue(m, m.contains("lrGamma: 0.1 in the checkpoint, 0.5 now"));
		assertTrue(m, m.contains("consistencyWeight: 0.1 in the checkpoint, 0.3 now"));
		assertTrue(m, m.contains("intensity: \"ZSCORE\" in the checkpoint, \"NONE\" now"));

		// other cases, and a case of the same name with one voxel changed
		List<Case> labeled = new ArrayList<>(data.labeled());
		Case first = labeled.get(0);
		float[] voxels = first.image().data().clone();
		voxels[10] += 1;
		labeled.set(0, new Case(first.name(), Volume.wrap(first.name(), voxels, first.image().dims(), null), first.label()));
		List<Case> unlabeled = List.of(data.unlabeled().get(0), cases(5, 0, 0).labeled().get(4).withoutLabel());
		CaseSet otherData = new CaseSet(labeled, unlabeled, List.of(), 2);
		e = assertThrows(IllegalArgumentException.class, () -> new SegmentationTrainer(checkpointed(4, 2), otherData, out).resume(checkpoint));
		m = e.getMessage();
		assertTrue(m, m.contains("labeled case [" + first.name() + "] has other voxels, labels or size than in the checkpoint"));
		assertTrue(m, m.contains("unlabeled cases differ: only in the checkpoint [" + data.unlabeled().get(1).name() + "], only now ["
			+ unlabeled.get(1).name() + "]"));

		// bookkeeping (checkpoint and log intervals) changes no result and may differ
		TrainingConfig bookkeeping = checkpointed(4, 3);
		bookkeeping.logInterval = 1;
		assertEquals(4, new SegmentationTrainer(bookkeeping, data, out).resume(checkpoint).iterationsDone());
	}

	/** resume=latest takes the newest checkpoint in the folder, so the folder may hold only this run's. */
	@Test
	public void resumeRefusesAFolderHoldingAnotherRunsCheckpoints() throws IOException {
		Path out = tmp.newFolder("other").toPath(), elsewhere = tmp.newFolder("elsewhere").toPath();
		new SegmentationTrainer(checkpointed(4, 2), cases(2, 2, 0), out).train();
		TrainingConfig mine = checkpointed(4, 2);
		mine.seed = 8;
		new SegmentationTrainer(mine, cases(2, 2, 0), elsewhere).train();
		Path myCheckpoint = SegmentationTrainer.latestCheckpoint(elsewhere);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new SegmentationTrainer(mine, cases(2, 2, 0), out).resume(myCheckpoint));
		assertTrue(e.getMessage(), e.getMessage().contains(out + " holds checkpoints of another run (checkpoint-000002.zip: seed: 7 in the "
			+ "checkpoint, 8 now"));
	}

	/**
	 * What a kill leaves (a half-written temporary, log rows of iterations after the checkpoint,
	 * a row cut short) is gone after the resume: each iteration is logged once.
	 */
	@Test
	public void resumeRemovesWhatAKilledRunLeft() throws IOException {
		Path out = tmp.newFolder("killed").toPath();
		CaseSet data = cases(2, 2, 0);
		TrainingConfig c = checkpointed(6, 3);
		SegmentationTrainer killed = new SegmentationTrainer(c, data, out);
		killed.addListener(new TrainingListener() {
			@Override
			public void iterationDone(IterationReport r) {
				if (r.iteration() == 4) throw new IllegalStateException("simulated kill");
			}
		});
		assertThrows(IllegalStateException.class, killed::train);
		Path log = out.resolve(RunFolder.LOG);
		Files.writeString(log, "5,0.12", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
		Path halfCheckpoint = Files.write(out.resolve("checkpoints/.checkpoint-000006.zip.5f3a9c01d2e4b6a8.tmp"), new byte[1000]);
		Path halfModel = Files.write(out.resolve(".best-model.zip.1b2c.tmp"), new byte[10]);
		Path mine = Files.writeString(out.resolve("notes.tmp"), "the user's own file");

		List<String> messages = new ArrayList<>();
		SegmentationTrainer resumed = new SegmentationTrainer(c, data, out);
		resumed.addListener(new TrainingListener() {
			@Override
			public void message(String text) {
				messages.add(text);
			}
		});
		resumed.resume(SegmentationTrainer.latestCheckpoint(out));
		assertFalse(Files.exists(halfCheckpoint));
		assertFalse(Files.exists(halfModel));
		assertTrue("only our own temporaries are removed", Files.exists(mine));
		assertTrue(messages.toString(), messages.stream().anyMatch(t -> t.contains("removed " + halfCheckpoint)));
		List<String> rows = Files.readAllLines(log);
		assertEquals("iteration,loss,supervised,consistency,weight,lr,seconds", rows.get(0));
		assertEquals(7, rows.size());
		for (int it = 0; it < 6; it++) assertTrue(rows.get(1 + it), rows.get(1 + it).startsWith(it + ","));
		try (Stream<Path> files = Files.walk(out)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp") && !p.equals(mine)));
		}
	}

	/** The figure is checked before the first iteration; it must cover what a run really writes. */
	@Test
	public void diskSpaceEstimateCoversWhatTheRunWritesAndIsEnforced() throws IOException {
		Path out = tmp.newFolder("space").toPath();
		SegmentationTrainer t = new SegmentationTrainer(checkpointed(3, 1), cases(2, 2, 0), out);
		List<Long> largest = new ArrayList<>(List.of(0L));
		t.addListener(new TrainingListener() {
			@Override
			public void message(String text) {
				largest.set(0, Math.max(largest.get(0), bytesIn(out)));
			}
		});
		t.train();
		long modelBytes;
		try (TrainedModel m = TrainedModel.load(out.resolve(RunFolder.LAST_MODEL))) {
			modelBytes = WeightIO.bytes(m.net());
		}
		long estimate = RunFolder.bytesWritten(modelBytes, true);
		long written = Math.max(largest.get(0), bytesIn(out));
		assertTrue("estimate " + estimate + " covers the " + written + " bytes written", estimate >= written);
		assertTrue("estimate " + estimate + " is not wildly above " + written, estimate < 4 * written);

		IOException e = assertThrows(IOException.class, () -> RunFolder.requireSpace(out, estimate, estimate / 2));
		assertTrue(e.getMessage(), e.getMessage().matches("output folder " + out + ": its file system has \\d+\\.\\d MB free, but this "
			+ "training writes up to \\d+\\.\\d MB.*"));
		RunFolder.requireSpace(out, estimate, estimate);
	}

	private static long bytesIn(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	public void allBackgroundLabelsAreRefusedAndSomeAreWarnedOf() throws IOException {
		CaseSet data = cases(2, 2, 0);
		List<Case> blank = new ArrayList<>();
		for (Case c : data.labeled())
			blank.add(new Case(c.name(), c.image(), LabelVolume.zeros(c.name(), c.label().dims(), null)));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SegmentationTrainer(checkpointed(2, 5),
			new CaseSet(blank, data.unlabeled(), List.of(), 2), tmp.newFolder("blank").toPath()));
		assertTrue(e.getMessage(), e.getMessage().startsWith("every labeled volume is all background"));

		List<String> messages = new ArrayList<>();
		SegmentationTrainer t = new SegmentationTrainer(checkpointed(1, 5),
			new CaseSet(List.of(data.labeled().get(0), blank.get(1)), data.unlabeled(), List.of(), 2), tmp.newFolder("one").toPath());
		t.addListener(new TrainingListener() {
			@Override
			public void message(String text) {
				messages.add(text);
			}
		});
		t.train();
		assertTrue(messages.toString(),
			messages.contains("warning: labeled volume '" + blank.get(1).name() + "' is all background (label 0 only)"));
	}

	@Test
	public void impossibleSettingsAreNamed() {
		assertInvalid(c -> c.lrGamma = -0.1, "learning-rate factor (lrgamma) must be in (0, 1], got -0.1");
		assertInvalid(c -> c.lrGamma = 0, "lrgamma");
		assertInvalid(c -> c.lrStepSize = 0, "learning-rate step (decay every) must be >= 1");
		assertInvalid(c -> c.rampUpStep = 0, "iterations per ramp epoch must be >= 1");
		assertInvalid(c -> c.rampUpLength = -1, "consistency ramp-up must be a number >= 0");
		assertInvalid(c -> c.learningRate = Double.NaN, "learning rate must be a positive number, got NaN");
		assertInvalid(c -> c.momentum = 1, "momentum must be in [0, 1)");
		assertInvalid(c -> c.numClasses = 1, "classes (with background) must be 2..256");
		assertInvalid(c -> c.validationStart = -5, "validation start must be >= 0");
	}

	private static void assertInvalid(java.util.function.Consumer<TrainingConfig> change, String message) {
		TrainingConfig c = tiny(TrainingMethods.MEAN_TEACHER, 2);
		change.accept(c);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
		assertTrue(e.getMessage(), e.getMessage().contains(message));
	}
}
