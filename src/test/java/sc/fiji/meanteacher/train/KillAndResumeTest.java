package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static sc.fiji.meanteacher.train.SegmentationTrainerTest.weights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.process.ChildJvm;

/**
 * The fault suite: a training in a child JVM is killed with SIGKILL (kill -9) at moments drawn from
 * a fixed seed, during iterations and during saves, and resumed from its newest checkpoint each
 * time, at least {@value #KILLS} times in all (over as many runs as it takes). Every run must end
 * with the weights of an uninterrupted run, bit for bit, with no temporary file left and with a
 * log holding each iteration once, with the uninterrupted run's losses.
 */
public class KillAndResumeTest {

	static final int KILLS = 20;
	/** Seed of the kill moments. */
	private static final long MOMENTS_SEED = 20261201;
	/** Generous deadline for any one child event, so a regression fails instead of hanging. */
	private static final long EVENT_TIMEOUT_S = 120;

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** What one child life printed and how it ended. */
	private static final class Life {
		final Process process;
		final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		final List<String> all = new ArrayList<>();
		static final String END = "\u0000end";
		private boolean ended;

		Life(Path out) throws IOException {
			process = ChildJvm.start(KilledTrainingChild.class, 1, List.of(out.toString()));
			Thread reader = new Thread(() -> {
				try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = r.readLine()) != null;) lines.add(line);
				}
				catch (IOException e) {
					// the process was killed: its output ends here
				}
				lines.add(END);
			});
			reader.setDaemon(true);
			reader.start();
		}

		/** The next line, or {@link #END} once the output has ended. */
		String next() throws InterruptedException {
			if (ended) return END;
			String line = lines.poll(EVENT_TIMEOUT_S, TimeUnit.SECONDS);
			if (line == null) {
				process.destroyForcibly();
				fail("the child printed nothing for " + EVENT_TIMEOUT_S + " s; its output: " + all);
			}
			if (line.equals(END)) ended = true;
			else all.add(line);
			return line;
		}

		/** Reads to the end and returns the exit status. */
		int finish() throws InterruptedException {
			while (!next().equals(END)) {
				// drain
			}
			if (!process.waitFor(EVENT_TIMEOUT_S, TimeUnit.SECONDS)) fail("the child did not exit");
			return process.exitValue();
		}

		void kill() throws InterruptedException {
			process.destroyForcibly(); // SIGKILL on Linux and macOS
			process.waitFor();
		}
	}

	@Test
	public void killedAndResumedRunsEndExactlyAsTheUninterruptedRun() throws Exception {
		Path reference = tmp.newFolder("uninterrupted").toPath();
		Life whole = new Life(reference);
		assertEquals(String.join("\n", whole.all), 0, whole.finish());
		assertNoLibtorchWarning(whole.all);
		List<String> referenceLog = Files.readAllLines(reference.resolve(RunFolder.LOG));
		float[] student = weights(reference.resolve(RunFolder.LAST_MODEL));
		float[] teacher = weights(reference.resolve(RunFolder.LAST_TEACHER_MODEL));

		Random moments = new Random(MOMENTS_SEED);
		int kills = 0, duringSaves = 0, duringIterations = 0, runs = 0;
		while (kills < KILLS) {
			Path out = tmp.newFolder("killed-" + ++runs).toPath();
			for (int lives = 0;; lives++) {
				if (lives > 4 * KILLS) fail("no progress after " + lives + " lives");
				Life life = new Life(out);
				boolean killed = kills < KILLS && killAtADrawnMoment(life, out, moments);
				if (!killed) {
					assertEquals(String.join("\n", life.all), 0, life.finish());
					assertNoLibtorchWarning(life.all);
					break;
				}
				kills++;
				if (temporaries(out).isEmpty()) duringIterations++;
				else duringSaves++;
			}
			assertNoTemporaries(out);
			assertArrayEquals("student of run " + runs, student, weights(out.resolve(RunFolder.LAST_MODEL)), 0f);
			assertArrayEquals("teacher of run " + runs, teacher, weights(out.resolve(RunFolder.LAST_TEACHER_MODEL)), 0f);
			assertSameLosses(referenceLog, Files.readAllLines(out.resolve(RunFolder.LOG)));
		}
		System.out.printf("fault suite: %d kills (%d during a save, %d between saves) over %d runs of %d iterations%n", kills, duringSaves,
			duringIterations, runs, KilledTrainingChild.ITERATIONS);
		assertTrue("some kills interrupted a save: " + duringSaves, duringSaves > 0);
		assertTrue("some kills came between saves: " + duringIterations, duringIterations > 0);
	}

	/**
	 * Waits for the child's first or second iteration line (drawn), then either kills it after a
	 * drawn delay of up to about one iteration, or kills it as soon as a save's temporary file
	 * appears (a checkpoint, or after the last iteration a model). Returns false when the child
	 * finished first.
	 */
	private static boolean killAtADrawnMoment(Life life, Path out, Random moments) throws Exception {
		boolean inSave = moments.nextBoolean();
		int iterationLines = 1 + moments.nextInt(2);
		long delayMillis = moments.nextInt(150);
		int seen = 0;
		while (seen < iterationLines) {
			String line = life.next();
			if (line.equals(Life.END)) return false;
			if (line.startsWith(KilledTrainingChild.ITERATION)) seen++;
		}
		if (!inSave) Thread.sleep(delayMillis);
		else {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_TIMEOUT_S);
			while (temporaries(out).isEmpty() && life.process.isAlive()) {
				if (System.nanoTime() > deadline) fail("no save started");
				Thread.sleep(0, 200_000);
			}
		}
		if (!life.process.isAlive()) return false;
		life.kill();
		return true;
	}

	private static List<Path> temporaries(Path out) {
		try (Stream<Path> files = Files.walk(out)) {
			return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
		}
		catch (IOException e) {
			// a file vanished while listing: a save is under way
			return List.of(out);
		}
	}

	private static void assertNoTemporaries(Path out) {
		assertEquals("no temporary files remain", List.of(), temporaries(out));
	}

	/** Same rows, iterations 0..n-1 once each in order, same losses; the seconds column differs. */
	private static void assertSameLosses(List<String> expected, List<String> actual) {
		assertEquals(expected.get(0), actual.get(0));
		assertEquals("one row per iteration: " + actual, expected.size(), actual.size());
		for (int i = 1; i < expected.size(); i++) {
			String e = expected.get(i), a = actual.get(i);
			assertTrue(a, a.startsWith((i - 1) + ","));
			assertEquals(e.substring(0, e.lastIndexOf(',')), a.substring(0, a.lastIndexOf(',')));
		}
	}

	private static void assertNoLibtorchWarning(List<String> output) {
		for (String line : output)
			assertFalse("libtorch warned: " + line, line.contains("AutoNonVariableTypeMode") || line.contains("silent wrong result"));
	}
}
