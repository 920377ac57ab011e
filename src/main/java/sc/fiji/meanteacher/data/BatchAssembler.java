package sc.fiji.meanteacher.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Prepares training batches on a background daemon thread so that cutting and augmenting
 * patches overlaps the network step. Batches for iterations {@code [start, end)} are produced in
 * order into a small bounded queue; {@link #take()} hands them out in the same order.
 * <p>
 * A failure while producing is handed to the consumer: {@link #take()} throws it (wrapped, with
 * its message) once the batches before it have been taken. {@link #close()} stops the thread.
 * The time {@link #take()} spent waiting is summed in {@link #waitNanos()} ("data wait": how much
 * the trainer was held up by data preparation).
 */
public final class BatchAssembler implements AutoCloseable {

	/** Batches prepared ahead: enough to hide one slow batch, small enough for big patches. */
	public static final int DEFAULT_CAPACITY = 2;

	/** One queue entry: a batch, or the failure that ended production. */
	private record Item(TrainingBatch batch, Throwable failure) {}

	private final LongFunction<TrainingBatch> source;
	private final long start, end;
	private final BlockingQueue<Item> queue;
	private final Thread producer;
	private volatile long next;
	private volatile long waitedNanos;
	private volatile Throwable failure;
	private volatile boolean closed;

	private BatchAssembler(LongFunction<TrainingBatch> source, long start, long end, int capacity) {
		if (start < 0 || end < start)
			throw new IllegalArgumentException("iteration range must satisfy 0 <= start <= end, got [" + start + ", " + end + ")");
		if (capacity < 1) throw new IllegalArgumentException("queue capacity must be >= 1, got " + capacity);
		this.source = source;
		this.start = start;
		this.end = end;
		this.next = start;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.producer = new Thread(this::produce, "mean-teacher batch assembly [" + start + ", " + end + ")");
		producer.setDaemon(true);
	}

	/** Starts producing the batches of iterations {@code [start, end)} with {@code factory}. */
	public static BatchAssembler start(BatchFactory factory, long start, long end) {
		return start(factory::assemble, start, end, DEFAULT_CAPACITY);
	}

	/** Starts producing {@code source.apply(it)} for {@code it} in {@code [start, end)}, at most {@code capacity} ahead. */
	public static BatchAssembler start(LongFunction<TrainingBatch> source, long start, long end, int capacity) {
		BatchAssembler assembler = new BatchAssembler(source, start, end, capacity);
		assembler.producer.start();
		return assembler;
	}

	private void produce() {
		try {
			for (long it = start; it < end && !Thread.currentThread().isInterrupted(); it++) {
				TrainingBatch batch = source.apply(it);
				if (batch == null) throw new IllegalStateException("the batch source returned nothing for iteration " + it);
				queue.put(new Item(batch, null));
			}
		} catch (InterruptedException e) {
			// closed: stop quietly
		} catch (Throwable t) {
			try {
				queue.put(new Item(null, t));
			} catch (InterruptedException e) {
				// closed while reporting: nobody is left to tell
			}
		}
	}

	/**
	 * The next batch in iteration order, waiting for it if it is not ready yet.
	 *
	 * @throws IllegalStateException when producing this batch failed (the cause attached), or
	 *         the assembler is closed
	 * @throws NoSuchElementException when all batches of the range have been taken
	 */
	public TrainingBatch take() throws InterruptedException {
		if (closed) throw new IllegalStateException("batch assembler is closed");
		if (failure != null) throw failed(failure);
		if (next >= end)
			throw new NoSuchElementException("all batches of iterations [" + start + ", " + end + ") have been taken");
		long t0 = System.nanoTime();
		Item item = queue.take();
		waitedNanos += System.nanoTime() - t0;
		if (closed) throw new IllegalStateException("batch assembler is closed");
		if (item.failure() != null) {
			failure = item.failure();
			throw failed(failure);
		}
		next++;
		return item.batch();
	}

	private IllegalStateException failed(Throwable cause) {
		return new IllegalStateException("preparing the training batch of iteration " + next + " failed: "
			+ cause.getMessage(), cause);
	}

	/** Total time {@link #take()} has waited for batches, in nanoseconds. */
	public long waitNanos() { return waitedNanos; }

	/** The iteration whose batch the next {@link #take()} returns. */
	public long nextIteration() { return next; }

	/** Whether the background thread is still alive (producing or waiting for room in the queue). */
	public boolean isRunning() { return producer.isAlive(); }

	/**
	 * Stops the background thread and drops the prepared batches; waits briefly for the thread to
	 * end. A consumer blocked in {@link #take()} on another thread is woken with an exception.
	 */
	@Override
	public void close() {
		closed = true;
		producer.interrupt();
		try {
			// a batch being cut is finished first; that takes milliseconds, not seconds
			producer.join(TimeUnit.SECONDS.toMillis(10));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		queue.clear();
		queue.offer(new Item(null, null)); // wakes a waiting take(), which then sees closed
	}
}
