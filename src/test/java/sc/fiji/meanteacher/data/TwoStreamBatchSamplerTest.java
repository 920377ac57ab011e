package sc.fiji.meanteacher.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;

public class TwoStreamBatchSamplerTest {

	private final TwoStreamBatchSampler sampler = new TwoStreamBatchSampler(12, 48, 4, 2, 1337);

	@Test
	public void epochLengthDropsLeftovers() {
		assertEquals(6, sampler.batchesPerEpoch());
		assertEquals(3, new TwoStreamBatchSampler(13, 48, 6, 4, 1).batchesPerEpoch());
		assertEquals(2, sampler.epochOf(12));
		assertEquals(1, sampler.epochOf(11));
	}

	@Test
	public void everyLabeledIndexOnceEachEpochInANewOrder() {
		String[] orders = new String[5];
		for (int epoch = 0; epoch < 5; epoch++) {
			int[] seen = new int[12];
			int[] order = new int[12];
			for (int b = 0; b < 6; b++) {
				TwoStreamBatchSampler.Batch batch = sampler.indices(epoch * 6L + b);
				assertEquals(2, batch.labeled().length);
				assertEquals(2, batch.unlabeled().length);
				for (int i = 0; i < 2; i++) {
					seen[batch.labeled()[i]]++;
					order[b * 2 + i] = batch.labeled()[i];
				}
			}
			for (int i = 0; i < 12; i++) assertEquals("index " + i + " in epoch " + epoch, 1, seen[i]);
			orders[epoch] = Arrays.toString(order);
		}
		assertEquals("orders repeat across epochs: " + Arrays.toString(orders), 5, Arrays.stream(orders).distinct().count());
	}

	@Test
	public void everyUnlabeledIndexOncePerCycleAcrossEpochBoundaries() {
		// 48 unlabeled, 2 per batch: a cycle is 24 batches = 4 epochs
		String[] cycles = new String[3];
		for (int cycle = 0; cycle < 3; cycle++) {
			int[] seen = new int[48];
			int[] order = new int[48];
			for (int b = 0; b < 24; b++) {
				int[] u = sampler.indices(cycle * 24L + b).unlabeled();
				for (int i = 0; i < 2; i++) {
					seen[u[i]]++;
					order[b * 2 + i] = u[i];
				}
			}
			for (int i = 0; i < 48; i++) assertEquals("index " + i + " in cycle " + cycle, 1, seen[i]);
			cycles[cycle] = Arrays.toString(order);
		}
		assertEquals(3, Arrays.stream(cycles).distinct().count());
	}

	@Test
	public void unlabeledBatchesMayStraddleTwoCycles() {
		// 5 unlabeled, 3 per batch: batch 1 takes positions 3, 4 of cycle 0 and 0 of cycle 1
		TwoStreamBatchSampler s = new TwoStreamBatchSampler(2, 5, 4, 1, 3);
		int[] cycle0 = Rng.derive(3, Rng.UNLABELED_ORDER, 0).permutation(5);
		int[] cycle1 = Rng.derive(3, Rng.UNLABELED_ORDER, 1).permutation(5);
		assertArrayEquals(new int[] { cycle0[0], cycle0[1], cycle0[2] }, s.indices(0).unlabeled());
		assertArrayEquals(new int[] { cycle0[3], cycle0[4], cycle1[0] }, s.indices(1).unlabeled());
		assertArrayEquals(new int[] { cycle1[1], cycle1[2], cycle1[3] }, s.indices(2).unlabeled());
	}

	@Test
	public void aPureFunctionOfSeedAndIteration() {
		TwoStreamBatchSampler same = new TwoStreamBatchSampler(12, 48, 4, 2, 1337);
		TwoStreamBatchSampler other = new TwoStreamBatchSampler(12, 48, 4, 2, 1338);
		boolean anyDifferent = false;
		// out of order on purpose: no state carried between calls
		for (long it : new long[] { 100, 3, 57, 3, 0, 1000 }) {
			assertArrayEquals(sampler.indices(it).labeled(), same.indices(it).labeled());
			assertArrayEquals(sampler.indices(it).unlabeled(), same.indices(it).unlabeled());
			anyDifferent |= !Arrays.equals(sampler.indices(it).labeled(), other.indices(it).labeled())
				|| !Arrays.equals(sampler.indices(it).unlabeled(), other.indices(it).unlabeled());
		}
		assertTrue(anyDifferent);
		assertEquals(57, sampler.indices(57).iteration());
	}

	@Test
	public void supervisedOnlyBatchesHaveNoUnlabeledPart() {
		TwoStreamBatchSampler s = new TwoStreamBatchSampler(5, 0, 2, 2, 1);
		assertEquals(2, s.batchesPerEpoch());
		for (long it = 0; it < 6; it++) {
			assertEquals(0, s.indices(it).unlabeled().length);
			assertEquals(2, s.indices(it).labeled().length);
		}
	}

	@Test
	public void badConfigurationsAreRejectedWithTheNumbers() {
		assertMessage("3 labeled volumes, but a batch needs 4 labeled", () -> new TwoStreamBatchSampler(3, 10, 6, 4, 1));
		assertMessage("5 unlabeled volumes, but a batch needs 6 unlabeled", () -> new TwoStreamBatchSampler(10, 5, 8, 2, 1));
		assertMessage("between 1 and the batch size 4, got 0", () -> new TwoStreamBatchSampler(10, 10, 4, 0, 1));
		assertMessage("between 1 and the batch size 4, got 5", () -> new TwoStreamBatchSampler(10, 10, 4, 5, 1));
		assertMessage("iteration must be >= 0, got -1", () -> sampler.indices(-1));
	}

	static void assertMessage(String expectedPart, org.junit.function.ThrowingRunnable code) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
		assertTrue("message: " + e.getMessage(), e.getMessage().contains(expectedPart));
		assertFalse(e.getMessage().isBlank());
	}
}
