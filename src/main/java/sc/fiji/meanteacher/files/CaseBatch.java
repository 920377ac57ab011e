package sc.fiji.meanteacher.files;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Works through named cases one after another, as Segment (a folder), Evaluate and the
 * comparison do: the work of each case reads it only when its turn comes, progress is reported
 * before each case and cancellation checked between cases.
 */
public final class CaseBatch {

	/** What happens to one case. */
	@FunctionalInterface
	public interface Work {
		void on(String name) throws IOException;
	}

	/** Hears which case is next: {@code index} counts from 1 to {@code total}. */
	@FunctionalInterface
	public interface Progress {
		void starting(String name, int index, int total);

		Progress NONE = (name, index, total) -> {};
	}

	private final BooleanSupplier cancelled;
	private final Progress progress;

	/** @param cancelled asked before each case; true stops the batch there */
	public CaseBatch(BooleanSupplier cancelled, Progress progress) {
		this.cancelled = cancelled;
		this.progress = progress;
	}

	/** A batch that runs to its end, reporting nothing. */
	public static CaseBatch uninterrupted() {
		return new CaseBatch(() -> false, Progress.NONE);
	}

	/** Runs {@code work} on each of {@code names} in order; returns how many it finished (fewer when cancelled). */
	public int run(List<String> names, Work work) throws IOException {
		int done = 0;
		for (String name : names) {
			if (cancelled.getAsBoolean()) break;
			progress.starting(name, done + 1, names.size());
			work.on(name);
			done++;
		}
		return done;
	}
}
