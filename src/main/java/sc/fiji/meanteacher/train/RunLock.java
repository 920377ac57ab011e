package sc.fiji.meanteacher.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import com.google.gson.JsonParseException;

import sc.fiji.meanteacher.model.StrictJson;

/**
 * The lock a run holds on its output folder for as long as it runs: an operating-system lock
 * ({@link FileChannel#tryLock}) on {@code training.lock}, so that two runs never share a folder,
 * even two started at once. The file says who holds it (process id, host, start) for the message
 * a second run gets, and which run that is (settings and data), so that a run killed before its
 * first checkpoint can be started over by the same run. The file stays when the run ends: the
 * lock is the operating system's, which a killed process loses, so a file left by a crash or
 * {@code kill -9} is stale, not locked.
 */
final class RunLock implements AutoCloseable {

	static final String FILE = "training.lock";
	/**
	 * The byte locked: far past the text, so that the text stays readable where locks are
	 * mandatory (Windows locks the bytes themselves).
	 */
	private static final long LOCKED_BYTE = Integer.MAX_VALUE;

	private final FileChannel channel;
	private final FileLock lock;
	/** The run that held the folder before this one (ended, crashed or killed), or null. */
	final TrainerState previousRun;

	private RunLock(FileChannel channel, FileLock lock, TrainerState previousRun) {
		this.channel = channel;
		this.lock = lock;
		this.previousRun = previousRun;
	}

	/**
	 * Locks {@code dir} for {@code run} (its settings and data).
	 *
	 * @throws IllegalArgumentException naming the holder when another run holds the folder
	 */
	static RunLock acquire(Path dir, TrainerState run) throws IOException {
		FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE,
			StandardOpenOption.CREATE);
		try {
			FileLock lock = tryLock(channel);
			String previous = read(channel);
			if (lock == null) throw inUse(dir, previous);
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(describe(run).getBytes(StandardCharsets.UTF_8)), 0);
			channel.force(false);
			return new RunLock(channel, lock, parseRun(previous));
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
	}

	/** Throws, naming the holder, when a run holds {@code dir}; changes nothing. */
	static void requireFree(Path dir) throws IOException {
		Path file = dir.resolve(FILE);
		if (!Files.isRegularFile(file)) return;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			FileLock lock = tryLock(channel);
			if (lock == null) throw inUse(dir, read(channel));
			lock.release();
		}
	}

	/** The run the lock file of {@code dir} names (whether or not it still runs), or null. */
	static TrainerState lastRun(Path dir) throws IOException {
		Path file = dir.resolve(FILE);
		return Files.isRegularFile(file) ? parseRun(Files.readString(file, StandardCharsets.UTF_8)) : null;
	}

	/** Releases the lock; the file stays, naming the run that ended. */
	@Override
	public void close() throws IOException {
		try {
			lock.release();
		}
		finally {
			channel.close();
		}
	}

	/** The lock, or null when another process holds it or this one does through another channel. */
	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock(LOCKED_BYTE, 1, false);
		}
		catch (OverlappingFileLockException e) {
			return null;
		}
	}

	private static IllegalArgumentException inUse(Path dir, String holder) {
		String who = holder.lines().findFirst().orElse("");
		return new IllegalArgumentException("output folder " + dir.toAbsolutePath() + " is in use by another training"
			+ (who.isBlank() ? "" : " (" + who + ")") + ": wait for it to end or stop it, or train into another folder");
	}

	/** The first line for people (who runs), then the run's settings and data as JSON. */
	private static String describe(TrainerState run) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (IOException e) {
			host = "an unnamed host";
		}
		return "process " + ProcessHandle.current().pid() + " on " + host + ", started " + Instant.now() + "\n" + StrictJson.toJson(run)
			+ "\n";
	}

	private static TrainerState parseRun(String text) {
		int newline = text.indexOf('\n');
		if (newline < 0) return null;
		try {
			return StrictJson.fromJson(text.substring(newline + 1), TrainerState.class);
		}
		catch (JsonParseException e) {
			// a file cut short by a kill while it was written names no run
			return null;
		}
	}

	private static String read(FileChannel channel) throws IOException {
		long size = channel.size();
		if (size > LOCKED_BYTE) throw new IOException("lock file of " + size + " bytes");
		ByteBuffer buffer = ByteBuffer.allocate((int) size);
		while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
			// read to the end
		}
		return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
	}
}
