package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.task.Task;
import org.scijava.task.event.TaskEvent;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.SegmentationTrainer;
import sc.fiji.meanteacher.volume.VolumeIO;

/** A training and a folder's segmentation are SciJava tasks: Fiji's task list and scripts see their progress and can cancel them. */
public class CommandTaskTest extends CommandTestBase {

	/** Cancels the task of one name as it reaches a step, as a script or Fiji's task list would; public for the event bus. */
	public static final class CancelAt {

		private final String name;
		private final long step;
		final List<Task> seen = new CopyOnWriteArrayList<>();

		CancelAt(String name, long step) {
			this.name = name;
			this.step = step;
		}

		@EventHandler
		public void onTask(TaskEvent event) {
			Task task = event.getTask();
			if (!task.getName().equals(name)) return;
			if (!seen.contains(task)) seen.add(task);
			if (task.getProgressValue() == step && !task.isCanceled()) task.cancel("cancelled in the task list");
		}
	}

	@Test
	public void cancellingTheTaskEndsTheTrainingWithItsModelsAndACheckpoint() throws Exception {
		Path demo = TinyTrainingRun.demo(context, tmp.newFolder("demo").toPath());
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = TinyTrainingRun.folderInputs(demo, out);
		in.put("iterations", 6);
		CancelAt cancel = new CancelAt(TrainCommand.TITLE + ": model", 2);
		CommandModule m = run(TrainCommand.class, in, cancel);
		// the status a cancel in Fiji gives: cancelled, after the iteration the cancel came in
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("training cancelled after 2 iterations; models saved in "));
		// header and the two iterations run
		assertEquals(3, Files.readAllLines(out.resolve(RunFolder.LOG)).size());
		assertNotNull("a checkpoint to resume from", SegmentationTrainer.latestCheckpoint(out));
		try (TrainedModel last = TrainedModel.load(out.resolve(RunFolder.LAST_MODEL))) {
			assertNotNull(last.descriptor());
		}
		assertCancelledAt(cancel, 6, 2);
	}

	@Test
	public void cancellingTheTaskEndsAFolderSegmentationBeforeTheNextCase() throws Exception {
		Path images = tmp.newFolder("images").toPath();
		SyntheticAtriumGenerator cases = new SyntheticAtriumGenerator(11);
		for (int i = 0; i < 3; i++)
			VolumeIO.writeTiff(cases.generate(i, 24, 20, 18).image(), images.resolve("case-" + i + ".tif"));
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path out = tmp.getRoot().toPath().resolve("labels");
		CancelAt cancel = new CancelAt(SegmentCommand.TITLE + ": labels", 1);
		CommandModule m = run(SegmentCommand.class, Map.of("model", model.toFile(), "folder", images.toFile(), "output", out.toFile()),
			cancel);
		assertTrue(m.isCanceled());
		assertEquals("cancelled in the task list", m.getCancelReason());
		// the first case is saved whole, the others are not begun
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(List.of("case-0.tif"), files.map(f -> f.getFileName().toString()).sorted().toList());
		}
		assertCancelledAt(cancel, 3, 1);
	}

	/** {@code cancel} saw one task, of {@code steps} steps, cancelled when {@code step} were done and ended with its run. */
	private static void assertCancelledAt(CancelAt cancel, long steps, long step) {
		assertEquals(1, cancel.seen.size());
		Task task = cancel.seen.get(0);
		assertEquals(steps, task.getProgressMaximum());
		assertEquals(step, task.getProgressValue());
		assertTrue(task.isCanceled());
		assertTrue("the task ended with the run", task.isDone());
	}

	/** Runs {@code command} while {@code cancel} listens to the tasks. */
	private static CommandModule run(Class<? extends Command> command, Map<String, Object> inputs, CancelAt cancel) throws Exception {
		EventService events = context.service(EventService.class);
		List<EventSubscriber<?>> subscribed = events.subscribe(cancel);
		try {
			return CommandTestSupport.run(context, command, inputs);
		}
		finally {
			events.unsubscribe(subscribed);
		}
	}
}
