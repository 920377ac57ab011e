package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.measure.ResultsTable;
import sc.fiji.meanteacher.Main;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.files.Shard;
import sc.fiji.meanteacher.process.ChildJvm;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * A folder segmented by two shard processes running at the same time into one output folder, as
 * the tasks of a SLURM array do, gives exactly the files and labels of one unsharded run; each
 * process segments only its own cases, and one Evaluate over the merged folder covers every case.
 */
public class ShardedSegmentationTest extends CommandTestBase {

	private static final String[] NAMES = { "case-c", "case-a", "case-e", "case-b", "case-d" };

	private static List<String> segment(Path model, Path images, Path out, String shard) throws Exception {
		List<String> lines = new ArrayList<>();
		String args = "model='" + model + "',folder='" + images + "',output='" + out + "'" + (shard == null ? "" : ",shard='" + shard + "'");
		int status = ChildJvm.run(Main.class, 1, List.of("--headless", "--run", SegmentCommand.TITLE, args), lines::add);
		assertEquals(String.join("\n", lines), 0, status);
		return lines;
	}

	/** The cases a Segment process says it segmented ("segmenting case-a (1/3)"). */
	private static List<String> segmented(List<String> lines) {
		return lines.stream().filter(l -> l.startsWith("[INFO] segmenting ")).map(l -> l.split(" ")[2]).toList();
	}

	@Test
	public void twoShardsAtOnceWriteExactlyWhatOneRunWrites() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path images = tmp.newFolder("images").toPath(), truth = tmp.newFolder("truth").toPath();
		SyntheticAtriumGenerator gen = new SyntheticAtriumGenerator(21);
		for (int i = 0; i < NAMES.length; i++) {
			Case c = gen.generate(i, 24, 20, 18);
			VolumeIO.writeTiff(c.image(), images.resolve(NAMES[i] + ".tif"));
			VolumeIO.writeTiff(c.label(), truth.resolve(NAMES[i] + ".tif"));
		}
		Path whole = tmp.getRoot().toPath().resolve("whole"), merged = tmp.getRoot().toPath().resolve("merged");
		List<String> wholeLog = segment(model, images, whole, null);
		assertEquals(5, segmented(wholeLog).size());

		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<List<String>> shardLogs = new ArrayList<>();
		try {
			// Both processes are started before either is waited for.
			Future<List<String>> first = pool.submit(() -> segment(model, images, merged, "0/2"));
			Future<List<String>> second = pool.submit(() -> segment(model, images, merged, "1/2"));
			shardLogs.add(first.get());
			shardLogs.add(second.get());
		}
		finally {
			pool.shutdownNow();
		}
		List<String> all = List.of(NAMES);
		assertEquals(List.of("case-a", "case-c", "case-e"), new Shard(0, 2).select(all));
		for (int i = 0; i < 2; i++) {
			List<String> mine = new Shard(i, 2).select(all);
			assertEquals(mine, segmented(shardLogs.get(i)));
		}

		assertEquals(files(whole), files(merged));
		assertEquals(new TreeSet<>(all.stream().map(n -> n + ".tif").toList()), files(merged));
		int withBothClasses = 0;
		for (String name : all) {
			byte[] labels = VolumeIO.readLabels(merged.resolve(name + ".tif"), false).data();
			assertArrayEquals(name, VolumeIO.readLabels(whole.resolve(name + ".tif"), false).data(), labels);
			int ones = 0;
			for (byte b : labels) ones += b;
			if (ones > 0 && ones < labels.length) withBothClasses++;
		}
		// The comparison means something only if the network's labels are not uniform.
		assertEquals(all.size(), withBothClasses);

		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class, Map.of("predictions", merged.toFile(), "truth",
			truth.toFile(), "caselist", new java.io.File(""), "classes", "", "csv", new java.io.File("")));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable table = (ResultsTable) m.getOutput("table");
		List<String> evaluated = new ArrayList<>();
		for (int row = 0; row < table.size(); row++) evaluated.add(table.getStringValue(sc.fiji.meanteacher.ui.MetricsTable.CASE, row));
		assertEquals(new TreeSet<>(all), new TreeSet<>(evaluated.stream().filter(all::contains).toList()));
	}

	/** The five cases of {@link #NAMES} as TIFFs in a new folder. */
	private Path images() throws Exception {
		Path images = tmp.newFolder().toPath();
		SyntheticAtriumGenerator gen = new SyntheticAtriumGenerator(21);
		for (int i = 0; i < NAMES.length; i++) VolumeIO.writeTiff(gen.generate(i, 24, 20, 18).image(), images.resolve(NAMES[i] + ".tif"));
		return images;
	}

	private static CommandModule segmentHere(Path model, Path images, Path out, String shard) throws Exception {
		Map<String, Object> in = new HashMap<>(Map.of("model", model.toFile(), "folder", images.toFile(), "output", out.toFile()));
		if (shard != null) in.put("shard", shard);
		return CommandTestSupport.run(context, SegmentCommand.class, in);
	}

	/**
	 * A temporary of another shard's case in the shared folder is that shard's save in progress:
	 * a starting shard leaves it (removing it would make the other's rename fail), and removes only
	 * what a killed run of its own left. The whole batch removes both, as before.
	 */
	@Test
	public void aShardRemovesOnlyItsOwnCasesLeftovers() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path images = images(), out = tmp.newFolder("shared").toPath();
		// 0/2 has case-a, case-c and case-e; 1/2 has case-b and case-d.
		Path own = Files.write(out.resolve(".case-a.tif.1a2b3c.tmp"), new byte[] { 1, 2, 3 });
		Path others = Files.write(out.resolve(".case-b.tif.4d5e6f.tmp"), new byte[] { 4, 5, 6 });
		CommandModule m = segmentHere(model, images, out, "0/2");
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertFalse("this shard's own leftover is removed", Files.exists(own));
		assertArrayEquals("the other shard's temporary is untouched", new byte[] { 4, 5, 6 }, Files.readAllBytes(others));
		assertEquals(new TreeSet<>(List.of(".case-b.tif.4d5e6f.tmp", "case-a.tif", "case-c.tif", "case-e.tif")), files(out));

		Path whole = tmp.newFolder("whole").toPath();
		Files.write(whole.resolve(".case-a.tif.1a2b3c.tmp"), new byte[] { 1 });
		Files.write(whole.resolve(".case-b.tif.4d5e6f.tmp"), new byte[] { 2 });
		m = segmentHere(model, images, whole, null);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(new TreeSet<>(List.of("case-a.tif", "case-b.tif", "case-c.tif", "case-d.tif", "case-e.tif")), files(whole));
	}

	/**
	 * A shard that fails leaves the output folder it created, which the other shards share (one may
	 * be writing there), while the whole batch still removes the empty folder of its failed run.
	 */
	@Test
	public void aFailedShardLeavesTheSharedFolder() throws Exception {
		// Refused on the first case (512³ windows do not fit), after the output folder was made.
		Path tooLarge = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("too-large"));
		Path json = tooLarge.resolve("model.json");
		Files.writeString(json, Files.readString(json).replaceFirst("\"patchSize\": \\[[^\\]]*\\]", "\"patchSize\": [512, 512, 512]"));
		Path images = images();
		Path shared = tmp.getRoot().toPath().resolve("shared");
		CommandModule m = segmentHere(tooLarge, images, shared, "1/2");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("out of memory: segmenting case-b"));
		assertTrue("the shared folder stays for the other shards", Files.isDirectory(shared));

		Path alone = tmp.getRoot().toPath().resolve("alone");
		m = segmentHere(tooLarge, images, alone, null);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("out of memory: segmenting case-"));
		assertFalse("an unsharded run leaves no empty folder", Files.exists(alone));
	}

	private static TreeSet<String> files(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
		}
	}
}
