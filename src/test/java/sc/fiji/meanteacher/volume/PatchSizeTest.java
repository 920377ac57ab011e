package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

import sc.fiji.meanteacher.model.StrictJson;

/** Sizes as people write them, and the patch's one mapping to a tensor shape. */
public class PatchSizeTest {

	@Test
	public void sizesParseInXYZOrderWhateverTheSeparator() {
		for (String text : new String[] { "64,64,48", "64x64x48", " 64 64 48 ", "64X64x48", "64, 64, 48" })
			assertArrayEquals(text, new int[] { 64, 64, 48 }, Sizes.parse("size", text));
		assertArrayEquals("one number is a cube", new int[] { 32, 32, 32 }, Sizes.parse("size", "32"));
		assertEquals("112x112x80", Sizes.format(new int[] { 112, 112, 80 }));
		assertEquals("112x112x80", Sizes.format(new long[] { 112, 112, 80 }));
	}

	@Test
	public void badSizesNameTheParameterAndTheText() {
		assertEquals("patch needs 3 sizes x,y,z (or one for a cube), got '16,16'",
			assertThrows(IllegalArgumentException.class, () -> Sizes.parse("patch", "16,16")).getMessage());
		assertEquals("patch: 'abc' is not a whole number (in '16,16,abc')",
			assertThrows(IllegalArgumentException.class, () -> Sizes.parse("patch", "16,16,abc")).getMessage());
		assertEquals("--size must be positive, got '64x0x48'",
			assertThrows(IllegalArgumentException.class, () -> Sizes.parse("--size", "64x0x48")).getMessage());
	}

	@Test
	public void aTensorHoldsAPatchZFirst() {
		PatchSize p = PatchSize.parse("patch", "112,96,80");
		assertEquals(new PatchSize(112, 96, 80), p);
		assertArrayEquals(new long[] { 4, 2, 80, 96, 112 }, p.tensorShape(4, 2));
		assertEquals(112L * 96 * 80, p.voxels());
		assertArrayEquals(new int[] { 112, 96, 80 }, p.toArray());
		assertEquals(96, p.get(1));
		assertEquals("112x96x80", p.toString());
		assertEquals("112,96,80", p.toParameter());
		assertThrows(IllegalArgumentException.class, () -> new PatchSize(16, 0, 16));
	}

	@Test
	public void configurationsWriteAPatchAsTheArrayTheyAlwaysWrote() {
		record Holder(PatchSize patch) {}
		String json = StrictJson.toJson(new Holder(new PatchSize(32, 16, 8)));
		assertEquals("{\n  \"patch\": [\n    32,\n    16,\n    8\n  ]\n}", json);
		assertEquals(new PatchSize(32, 16, 8), StrictJson.fromJson(json, Holder.class).patch());
	}
}
