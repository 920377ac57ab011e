package sc.fiji.meanteacher.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ShardTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void parsesIOverN() {
		assertEquals(new Shard(0, 4), Shard.parse("0/4"));
		assertEquals(new Shard(3, 4), Shard.parse(" 3 / 4 "));
		assertEquals(Shard.ALL, Shard.parse(""));
		assertEquals(Shard.ALL, Shard.parse(null));
		assertTrue(Shard.parse("0/1").isAll());
		assertEquals("2/5", Shard.parse("2/5").toString());
	}

	@Test
	public void aShardThatCannotExistIsNamed() {
		assertEquals("shard: 3/2 does not exist: i counts from 0 and must be below n (0/2 ... 1/2)",
			assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/2")).getMessage());
		assertEquals("shard: 2/2 does not exist: i counts from 0 and must be below n (0/2 ... 1/2)",
			assertThrows(IllegalArgumentException.class, () -> Shard.parse("2/2")).getMessage());
		assertEquals("shard: 0/0 has no shards: n must be at least 1",
			assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0")).getMessage());
		for (String bad : List.of("1", "1/", "/2", "-1/2", "1/2/3", "a/b", "1.5/2", "1/99999999999"))
			assertEquals("shard: '" + bad + "' is not i/n (e.g. 0/4 for the first of 4 shards, counted from 0)",
				assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad)).getMessage());
	}

	@Test
	public void shardsPartitionTheSortedNamesWhateverTheirOrder() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 23; i++) names.add(String.format(java.util.Locale.ROOT, "case%02d", i));
		List<String> shuffled = new ArrayList<>(names);
		Collections.shuffle(shuffled, new Random(3));
		for (int n = 1; n <= 30; n++) {
			List<String> union = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				List<String> part = new Shard(i, n).select(shuffled);
				assertEquals(new Shard(i, n).select(names), part);
				int expectedSize = 23 / n + (i < 23 % n ? 1 : 0);
				assertEquals(expectedSize, part.size());
				union.addAll(part);
			}
			Collections.sort(union);
			assertEquals("n=" + n, names, union);
		}
		assertEquals(List.of("case01", "case04", "case07", "case10", "case13", "case16", "case19", "case22"),
			new Shard(1, 3).select(shuffled));
	}

	/** Shards share the output folder: each removes only its own leftovers, and never the folder. */
	@Test
	public void aShardCleansUpOnlyAfterItself() throws IOException {
		Path dir = tmp.getRoot().toPath();
		Path a = Files.write(dir.resolve(".case-a.tif.1a2b.tmp"), new byte[3]), b = Files.write(dir.resolve(".case-b.tif.3c4d.tmp"),
			new byte[3]);
		assertEquals(List.of(a), new Shard(0, 2).removeLeftovers(dir, List.of("case-a.tif", "case-c.tif")));
		assertTrue("the other shard's save in progress stays", Files.exists(b));
		assertEquals("the whole batch removes every leftover", List.of(b), Shard.ALL.removeLeftovers(dir, List.of("case-a.tif")));
		assertTrue(Shard.ALL.mayRemoveFolder());
		assertFalse(new Shard(1, 2).mayRemoveFolder());
	}
}
