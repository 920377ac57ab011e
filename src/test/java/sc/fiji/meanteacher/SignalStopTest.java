package sc.fiji.meanteacher;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.process.ChildJvm;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.SegmentationTrainerTest;
import sc.fiji.meanteacher.ui.LabelOverlays;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * Headless trainings in child JVMs (one libtorch thread each, as {@code KillAndResumeTest}'s):
 * SIGTERM is a stop that saves and exits with {@link Main#STOPPED}, after which
 * {@code resume=latest} ends bit for bit like the uninterrupted run; and a run's folder is locked
 * while it runs.
 */
public class SignalStopTest {

	private static final int ITERATIONS = 30;
	/** The signal comes once the log holds this iteration, so it always arrives during training. */
	private static final int SIGNAL_AFTER = 2;
	private static final long DEADLINE_S = 180;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path images, labels;

	@Before
	public void data() throws IOException {
		images = tmp.newFolder("images").toPath();
		labels = tmp.newFolder("labels").toPath();
		SyntheticAtriumGenerator generator = new SyntheticAtriumGenerator(5);
		for (int i = 0; i < 4; i++) {
			Case c = generator.generate(i, 20, 20, 16);
			VolumeIO.writeTiff(c.image(), images.resolve("case" + i + ".tif"));
			if (i < 2) VolumeIO.writeTiff(LabelOverlays.labelImage(c.label(), null), labels.resolve("case" + i + ".tif"));
		}
	}

	/** The smallest network the CPU trains reliably, no checkpoint but the one a stop writes. */
	private String[] train(Path out, int iterations, String resume) {
		return new String[] { "--headless", "--run", "Train Mean Teacher", String.format(Locale.ROOT, "images='%s',labels='%s',output='%s',"
			+ "patch='16,16,16',filters=16,depth=2,iterations=%d,batch=2,labeledbatch=1,lr=0.05,rampup=4,rampstep=1,seed=11,"
			+ "checkpoint=1000,progress=1,resume='%s'", images, labels, out, iterations, resume) };
	}

	@Test
	public void sigtermStopsWithACheckpointAndResumeEndsAsTheUninterruptedRun() throws Exception {
		Path reference = tmp.getRoot().toPath().resolve("uninterrupted"), out = tmp.getRoot().toPath().resolve("stopped");
		Child whole = new Child(train(reference, ITERATIONS, ""));
		assertEquals(whole.printed(), Main.OK, whole.exitStatus());

		Child stopped = new Child(train(out, ITERATIONS, ""));
		stopped.awaitLogged(out, SIGNAL_AFTER);
		// SIGTERM on Linux and macOS; Process.destroy() would also close the pipe of its output
		stopped.process.toHandle().destroy();
		int status = stopped.exitStatus();
		String printed = stopped.printed();
		assertEquals(printed, Main.STOPPED, status);
		int done = loggedIterations(out);
		assertTrue("stopped during training: " + done, done > SIGNAL_AFTER && done < ITERATIONS);
		assertEquals("the stop's checkpoint, at the iteration it stopped", List.of(String.format(Locale.ROOT, "checkpoint-%06d.zip", done)),
			checkpoints(out));
		for (String model : List.of(RunFolder.LAST_MODEL, RunFolder.LAST_TEACHER_MODEL, RunFolder.BEST_MODEL))
			try (TrainedModel m = TrainedModel.load(out.resolve(model))) {
				assertEquals(model, done, m.descriptor().training.iterations);
			}
		assertTrue(printed, printed.contains("termination signal"));

		Child resumed = new Child(train(out, ITERATIONS, "latest"));
		assertEquals(resumed.printed(), Main.OK, resumed.exitStatus());
		for (String model : List.of(RunFolder.LAST_MODEL, RunFolder.LAST_TEACHER_MODEL))
			assertArrayEquals(model, SegmentationTrainerTest.weights(reference.resolve(model)), SegmentationTrainerTest.weights(out.resolve(model)),
				0f);
		assertEquals(losses(reference), losses(out));
	}

	@Test
	public void aSecondRunIntoARunningRunsFolderIsRefusedNamingIt() throws Exception {
		Path out = tmp.getRoot().toPath().resolve("busy");
		Child running = new Child(train(out, 1000, ""));
		try {
			running.awaitLogged(out, 0);
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int status = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
				train(out, 2, ""));
			String message = err.toString(StandardCharsets.UTF_8);
			// a folder another run holds is input this run refuses: status 2, as README says
			assertEquals(message, Main.USAGE, status);
			assertTrue(message, message.contains("is in use by another training (process " + running.process.pid() + " on "));
			assertTrue("the running one goes on: " + running.printed(), running.process.isAlive());
		}
		finally {
			running.process.destroyForcibly();
			running.process.waitFor();
		}
	}

	/** A child JVM running {@link Main} and what it printed. */
	private static final class Child {

		final Process process;
		private final StringBuffer printed = new StringBuffer();
		private final Thread reader;

		Child(String[] args) throws IOException {
			process = ChildJvm.start(Main.class, 1, List.of(args));
			reader = new Thread(() -> {
				try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = r.readLine()) != null;) printed.append(line).append('\n');
				}
				catch (IOException e) {
					// the process was killed: its output ends here
				}
			});
			reader.setDaemon(true);
			reader.start();
		}

		/** Waits until the training log holds {@code iteration}, failing if the child ends first. */
		void awaitLogged(Path out, int iteration) throws InterruptedException, IOException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
			while (loggedIterations(out) <= iteration) {
				if (!process.isAlive()) fail("the child ended before iteration " + iteration + ": " + printed);
				if (System.nanoTime() > deadline) {
					process.destroyForcibly();
					fail("no iteration " + iteration + " within " + DEADLINE_S + " s: " + printed);
				}
				Thread.sleep(20);
			}
		}

		int exitStatus() throws InterruptedException {
			if (!process.waitFor(DEADLINE_S, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("the child did not exit: " + printed);
			}
			reader.join();
			return process.exitValue();
		}

		String printed() {
			return printed.toString();
		}
	}

	private static int loggedIterations(Path out) throws IOException {
		Path log = out.resolve(RunFolder.LOG);
		if (!Files.exists(log)) return 0;
		List<String> lines = Files.readAllLines(log);
		return Math.max(0, lines.size() - 1);
	}

	private static List<String> checkpoints(Path out) throws IOException {
		try (Stream<Path> files = Files.list(out.resolve(RunFolder.CHECKPOINTS))) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** The log's rows without the seconds column: each iteration once, with its losses. */
	private static List<String> losses(Path out) throws IOException {
		return Files.readAllLines(out.resolve(RunFolder.LOG)).stream().map(row -> row.substring(0, row.lastIndexOf(','))).toList();
	}
}
