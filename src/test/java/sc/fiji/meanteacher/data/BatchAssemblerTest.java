package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

public class BatchAssemblerTest {

	private static final long[] DIMS = { 12, 10, 8 };
	private static final int[] PATCH = { 8, 8, 6 };

	private final List<Volume> labeledImages = new ArrayList<>();
	private final List<LabelVolume> labels = new ArrayList<>();
	private final List<Volume> unlabeledImages = new ArrayList<>();

	public BatchAssemblerTest() {
		for (int c = 0; c < 6; c++) {
			labeledImages.add(wave("lab" + c, c));
			labels.add(threshold(labeledImages.get(c)));
			unlabeledImages.add(wave("unl" + c, 10 + c));
		}
	}

	private static Volume wave(String name, int phase) {
		float[] v = new float[(int) (DIMS[0] * DIMS[1] * DIMS[2])];
		for (int i = 0; i < v.length; i++) {
			int x = (int) (i % DIMS[0]), y = (int) (i / DIMS[0] % DIMS[1]), z = (int) (i / (DIMS[0] * DIMS[1]));
			v[i] = (float) Math.sin(0.6 * x + 0.4 * y + 0.3 * z + phase);
		}
		return Volume.wrap(name, v, DIMS, null);
	}

	private static LabelVolume threshold(Volume v) {
		byte[] l = new byte[v.data().length];
		for (int i = 0; i < l.length; i++) l[i] = (byte) (v.data()[i] > 0.2 ? 1 : 0);
		return LabelVolume.wrap(v.name() + "-label", l, v.dims(), null);
	}

	private BatchFactory factory(long seed) {
		return new BatchFactory(labeledImages, labels, unlabeledImages, new TwoStreamBatchSampler(6, 6, 4, 2, seed),
			new Augmenter(PATCH), true);
	}

	private static void assertSameBatch(TrainingBatch expected, TrainingBatch actual) {
		assertEquals(expected.iteration(), actual.iteration());
		assertArrayEquals(expected.caseNames(), actual.caseNames());
		assertArrayEquals(expected.images(), actual.images(), 0);
		assertArrayEquals(expected.labels(), actual.labels());
		assertArrayEquals(expected.teacherNoise(), actual.teacherNoise(), 0);
	}

	@Test
	public void batchesFollowTheSamplerAndKeepLabelsAligned() {
		BatchFactory f = factory(1337);
		TrainingBatch b = f.assemble(5);
		TwoStreamBatchSampler.Batch picked = f.sampler().indices(5);
		assertEquals(4, b.batchSize());
		assertEquals(2, b.labeledCount());
		assertEquals(2, b.unlabeledCount());
		assertEquals(8 * 8 * 6, b.patchVoxels());
		assertArrayEquals(new String[] { "lab" + picked.labeled()[0], "lab" + picked.labeled()[1],
			"unl" + picked.unlabeled()[0], "unl" + picked.unlabeled()[1] }, b.caseNames());
		int v = b.patchVoxels();
		for (int i = 0; i < 2 * v; i++)
			assertEquals(b.images()[i] > 0.2 ? 1 : 0, b.labels()[i]);
		for (float n : b.teacherNoise()) assertTrue(Math.abs(n) <= 0.2f);
		// the unlabeled patches really hold unlabeled data (not zeros)
		double energy = 0;
		for (int i = 2 * v; i < 4 * v; i++) energy += b.images()[i] * b.images()[i];
		assertTrue(energy > v * 0.1);
	}

	@Test
	public void batchDependsOnlyOnSeedAndIteration() {
		BatchFactory f = factory(1337);
		assertSameBatch(f.assemble(9), factory(1337).assemble(9));
		assertFalse(Arrays.equals(f.assemble(9).images(), factory(1338).assemble(9).images()));
		assertFalse(Arrays.equals(f.assemble(9).images(), f.assemble(10).images()));
		assertNull(f.withTeacherNoise(0, 0.2).assemble(9).teacherNoise());
		assertArrayEquals(f.assemble(9).images(), f.withTeacherNoise(0, 0.2).assemble(9).images(), 0);
	}

	@Test
	public void backgroundThreadGivesTheBatchesOfDirectAssembly() throws InterruptedException {
		BatchFactory f = factory(42);
		try (BatchAssembler a = BatchAssembler.start(f, 3, 10)) {
			for (long it = 3; it < 10; it++) {
				assertEquals(it, a.nextIteration());
				assertSameBatch(f.assemble(it), a.take());
			}
			assertThrows(NoSuchElementException.class, a::take);
			assertTrue(a.waitNanos() >= 0);
		}
	}

	@Test
	public void producerFailureSurfacesInTakeWithTheCaseName() throws InterruptedException {
		BatchFactory f = factory(1);
		try (BatchAssembler a = BatchAssembler.start(it -> {
			if (it == 2) throw new IllegalArgumentException("case 'broken7': label has 3 classes");
			return f.assemble(it);
		}, 0, 5, 2)) {
			assertEquals(0, a.take().iteration());
			assertEquals(1, a.take().iteration());
			IllegalStateException e = assertThrows(IllegalStateException.class, a::take);
			assertTrue(e.getMessage(), e.getMessage().contains("iteration 2") && e.getMessage().contains("broken7"));
			assertTrue(e.getCause() instanceof IllegalArgumentException);
			// the failure sticks: later takes do not hang
			assertThrows(IllegalStateException.class, a::take);
		}
	}

	@Test
	public void factoryErrorsNameTheCase() {
		List<LabelVolume> badLabels = new ArrayList<>(labels);
		badLabels.set(3, LabelVolume.zeros("lab3-label", new long[] { 12, 10, 7 }, null));
		TwoStreamBatchSampler s = new TwoStreamBatchSampler(6, 6, 4, 2, 1);
		TwoStreamBatchSamplerTest.assertMessage("size mismatch for lab3",
			() -> new BatchFactory(labeledImages, badLabels, unlabeledImages, s, new Augmenter(PATCH), true));
		TwoStreamBatchSamplerTest.assertMessage("5 unlabeled images, but the sampler expects 6",
			() -> new BatchFactory(labeledImages, labels, unlabeledImages.subList(0, 5), s, new Augmenter(PATCH), true));
	}

	@Test
	public void closeStopsABlockedProducer() throws InterruptedException {
		AtomicInteger produced = new AtomicInteger();
		TrainingBatch dummy = factory(1).assemble(0);
		BatchAssembler a = BatchAssembler.start(it -> {
			produced.incrementAndGet();
			return dummy;
		}, 0, 1_000_000, 2);
		// two batches fill the queue, the third waits for room: the producer thread is then parked in put()
		Thread producer = threadNamed("mean-teacher batch assembly [0, 1000000)");
		awaitState(producer, Thread.State.WAITING);
		assertEquals(3, produced.get());
		assertTrue(a.isRunning());
		a.close();
		assertFalse(a.isRunning());
		assertEquals(3, produced.get());
		assertThrows(IllegalStateException.class, a::take);
	}

	@Test
	public void closeWakesAConsumerWaitingForASlowBatch() throws InterruptedException {
		CountDownLatch never = new CountDownLatch(1);
		BatchAssembler a = BatchAssembler.start(it -> {
			try {
				never.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return null;
		}, 0, 10, 2);
		AtomicReference<Throwable> seen = new AtomicReference<>();
		Thread consumer = new Thread(() -> {
			try {
				a.take();
			} catch (Throwable t) {
				seen.set(t);
			}
		});
		consumer.start();
		// close only once the consumer is blocked inside take(); closing first would test the closed check instead
		awaitState(consumer, Thread.State.WAITING);
		assertTrue(String.valueOf(seen.get()), seen.get() == null);
		a.close();
		consumer.join(TimeUnit.SECONDS.toMillis(30));
		assertFalse("the consumer was not woken", consumer.isAlive());
		assertFalse(a.isRunning());
		assertNotNull(seen.get());
		assertEquals(IllegalStateException.class, seen.get().getClass());
		assertEquals("batch assembler is closed", seen.get().getMessage());
	}

	/**
	 * Waits until {@code thread} is in {@code state}; a regression fails here after a generous
	 * deadline instead of hanging the build (no timing is asserted).
	 */
	private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (thread.getState() != state) {
			if (System.nanoTime() > deadline) fail(thread.getName() + " never reached " + state + ", it is " + thread.getState());
			Thread.sleep(1);
		}
	}

	private static Thread threadNamed(String name) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			for (Thread t : Thread.getAllStackTraces().keySet())
				if (t.getName().equals(name)) return t;
			if (System.nanoTime() > deadline) fail("no thread named " + name);
			Thread.sleep(1);
		}
	}
}
