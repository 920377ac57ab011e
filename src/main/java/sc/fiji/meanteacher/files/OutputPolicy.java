package sc.fiji.meanteacher.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one rule for the files a run writes, so that nothing a user owns is overwritten: a write
 * never lands on one of the run's inputs, inside an input folder or on a folder holding an input,
 * not even with {@code overwrite}; and it replaces an existing file only when this run wrote that
 * file itself (a model saved again, say) or {@code overwrite} is set. Paths are compared as the
 * file system resolves them ({@link Folders#canonical}: links, {@code ./} forms, the case a
 * case-insensitive file system gives a name).
 * <p>
 * Every writer applies it ({@link AtomicFiles#write}, the model archives); a command also asks it
 * up front ({@link #requireWritable(Collection)}) so that a refusal comes before the work. One
 * policy serves one run: it remembers what the run wrote.
 */
public final class OutputPolicy {

	/** How a write that ends in a rename (or a folder's replacement) is done, once the rule allows it. */
	@FunctionalInterface
	public interface Write {
		void run() throws IOException;
	}

	/** Existing files a refusal names before it says how many more there are. */
	private static final int NAMED = 3;

	private final boolean overwrite;
	private final Set<Path> inputs = ConcurrentHashMap.newKeySet();
	private final Set<Path> written = ConcurrentHashMap.newKeySet();

	private OutputPolicy(boolean overwrite) {
		this.overwrite = overwrite;
	}

	/** A run that replaces existing files only when {@code overwrite} is set (its inputs never). */
	public static OutputPolicy of(boolean overwrite) {
		return new OutputPolicy(overwrite);
	}

	/** A run that writes new files only; what its caller writes by default. */
	public static OutputPolicy newFilesOnly() {
		return of(false);
	}

	/** Adds files or folders the run reads, which it must never write over; null entries are skipped. */
	public OutputPolicy reading(Path... read) {
		return reading(Arrays.asList(read));
	}

	/** As {@link #reading(Path...)}. */
	public OutputPolicy reading(Collection<Path> read) {
		for (Path p : read)
			if (p != null) inputs.add(Folders.canonical(p));
		return this;
	}

	/** Whether existing files that this run did not write may be replaced. */
	public boolean overwrite() {
		return overwrite;
	}

	/** As {@link #requireWritable(Collection)} for one file. */
	public void requireWritable(Path target) {
		requireWritable(List.of(target));
	}

	/**
	 * Throws, in one line, when the rule forbids writing any of {@code targets}: naming the input a
	 * target would hit, else the existing files (up to three, and how many more) that only
	 * {@code overwrite} lets the run replace.
	 *
	 * @throws IllegalArgumentException naming the file and the problem
	 */
	public void requireWritable(Collection<Path> targets) {
		List<Path> existing = new ArrayList<>();
		for (Path target : targets) {
			Path real = Folders.canonical(target);
			// named as given, compared as the file system resolves it
			Path named = target.toAbsolutePath();
			for (Path input : inputs) {
				String problem = real.equals(input) ? "is one of the files this run reads"
					: input.startsWith(real) ? "holds " + input + ", which this run reads"
					: real.startsWith(input) ? "lies inside " + input + ", which this run reads" : null;
				if (problem != null)
					throw new IllegalArgumentException(named + " " + problem + "; nothing is written there, not even with overwrite=true: "
						+ "choose another name");
			}
			if (!overwrite && !written.contains(real) && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) existing.add(named);
		}
		if (existing.isEmpty()) return;
		if (existing.size() == 1)
			throw new IllegalArgumentException(existing.get(0) + " exists already; set overwrite=true to replace it, or choose another name");
		List<String> named = existing.stream().limit(NAMED).map(Path::toString).toList();
		throw new IllegalArgumentException(existing.size() + " of the " + targets.size() + " files this run writes exist already ("
			+ String.join(", ", named) + (existing.size() > NAMED ? " and " + (existing.size() - NAMED) + " more" : "")
			+ "); set overwrite=true to replace them, or choose another place");
	}

	/**
	 * Checks {@code target} against the rule, lets {@code write} put it in place, and remembers that
	 * this run wrote it (so that the run may replace it again).
	 */
	public void write(Path target, Write write) throws IOException {
		requireWritable(target);
		write.run();
		written.add(Folders.canonical(target));
	}
}
