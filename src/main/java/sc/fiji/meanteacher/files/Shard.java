package sc.fiji.meanteacher.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} parts of a batch of cases, as the {@code shard=i/n} parameter of Segment
 * names it, so that the tasks of a cluster array job each segment their own cases into one output
 * folder. Shards count from 0 (as SLURM's {@code --array=0-3} and nnU-Net's {@code -part_id} do):
 * shard {@code i} takes every {@code n}-th case of the names sorted by {@link String#compareTo},
 * starting with the {@code i}-th, so the split depends on the names only, never on the order a
 * folder lists them in, and sizes differ by at most one.
 * <p>
 * The shards of a batch share its output folder and may write into it at the same moment, so a
 * shard cleans up only after itself ({@link #removeLeftovers}) and never removes the folder
 * ({@link #mayRemoveFolder()}).
 */
public record Shard(int index, int count) {

	/** The whole batch (no {@code shard} given). */
	public static final Shard ALL = new Shard(0, 1);

	private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

	public Shard {
		if (count < 1) throw new IllegalArgumentException("shard: " + index + "/" + count + " has no shards: n must be at least 1");
		if (index < 0 || index >= count)
			throw new IllegalArgumentException("shard: " + index + "/" + count + " does not exist: i counts from 0 and must be below n ("
				+ (count == 1 ? "0/1" : "0/" + count + " ... " + (count - 1) + "/" + count) + ")");
	}

	/**
	 * Parses {@code i/n}; empty means {@link #ALL}.
	 *
	 * @throws IllegalArgumentException naming the value when it is not two whole numbers with 0 &le; i &lt; n
	 */
	public static Shard parse(String text) {
		if (text == null || text.isBlank()) return ALL;
		Matcher m = FORM.matcher(text);
		if (!m.matches())
			throw new IllegalArgumentException("shard: '" + text + "' is not i/n (e.g. 0/4 for the first of 4 shards, counted from 0)");
		return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
	}

	/** Whether this is the whole batch. */
	public boolean isAll() {
		return count == 1;
	}

	/**
	 * Removes the temporaries that killed saves left in the output {@code folder} before this run
	 * writes there: every one for the whole batch; for a shard only those of its own files
	 * {@code mine}, since another shard's temporary may be that shard's save in progress, whose
	 * rename would fail if it went.
	 *
	 * @param mine the file names this run writes into {@code folder}
	 * @return the files deleted
	 */
	public List<Path> removeLeftovers(Path folder, Collection<String> mine) throws IOException {
		return isAll() ? AtomicFiles.removeLeftovers(folder) : AtomicFiles.removeLeftovers(folder, mine::contains);
	}

	/**
	 * Whether a run that created the output folder may remove it again when it wrote nothing (it
	 * failed or was cancelled): the whole batch may; a shard may not, as the other shards write into
	 * that folder, perhaps at this moment.
	 */
	public boolean mayRemoveFolder() {
		return isAll();
	}

	/** This shard's cases of {@code names}, in sorted order. */
	public List<String> select(List<String> names) {
		List<String> sorted = new ArrayList<>(names);
		sorted.sort(String::compareTo);
		List<String> mine = new ArrayList<>();
		for (int k = index; k < sorted.size(); k += count) mine.add(sorted.get(k));
		return mine;
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
