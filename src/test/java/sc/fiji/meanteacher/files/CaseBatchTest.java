package sc.fiji.meanteacher.files;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** The one loop over cases: in order, progress before each, cancellation between them. */
public class CaseBatchTest {

	@Test
	public void casesRunInOrderWithProgressAndStopWhenCancelled() throws IOException {
		List<String> seen = new ArrayList<>(), progress = new ArrayList<>();
		CaseBatch batch = new CaseBatch(() -> seen.size() == 2, (name, k, n) -> progress.add(name + " " + k + "/" + n));
		assertEquals(2, batch.run(List.of("a", "b", "c"), seen::add));
		assertEquals(List.of("a", "b"), seen);
		assertEquals(List.of("a 1/3", "b 2/3"), progress);
		seen.clear();
		assertEquals(3, CaseBatch.uninterrupted().run(List.of("a", "b", "c"), seen::add));
		assertEquals(List.of("a", "b", "c"), seen);
	}
}
