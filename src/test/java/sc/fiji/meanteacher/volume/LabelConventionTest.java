package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class LabelConventionTest {

	/** Labkit's index image: 0 unpainted → not annotated, label k ≥ 1 → class k − 1. */
	@Test
	public void labkitConventionMapsZeroToNotAnnotatedAndKToKMinusOne() {
		LabelVolume labkit = LabelVolume.wrap("labkit", new byte[] { 0, 1, 2, 3, 0, 1 }, new long[] { 3, 2, 1 }, null);
		LabelVolume classes = LabelConvention.LABKIT.toClasses(labkit);
		assertArrayEquals(new byte[] { (byte) 255, 0, 1, 2, (byte) 255, 0 }, classes.data());
		assertEquals(LabelConvention.NOT_ANNOTATED, 255);
		assertSame(labkit, LabelConvention.CLASSES.toClasses(labkit));
		assertEquals(LabelConvention.LABKIT, LabelConvention.parse("Labkit"));
		assertEquals("label convention must be 'classes' or 'labkit', got 'ilastik'",
			assertThrows(IllegalArgumentException.class, () -> LabelConvention.parse("ilastik")).getMessage());
	}

	/** Values above the classes pass only as the not-annotated value; a volume with nothing annotated is refused by name. */
	@Test
	public void labelChecksKnowTheNotAnnotatedValue() {
		Annotation sparse = new Annotation(255);
		LabelVolume ok = LabelVolume.wrap("case-a", new byte[] { 0, 1, (byte) 255, (byte) 255 }, new long[] { 2, 2, 1 }, null);
		sparse.requireLabels(ok, 2);
		assertEquals(2, sparse.annotatedCount(ok));
		assertEquals(1, sparse.annotatedVoxels(ok)[1]);
		LabelVolume seven = LabelVolume.wrap("case-b", new byte[] { 0, 7, (byte) 255, 1 }, new long[] { 2, 2, 1 }, null);
		assertEquals("case-b: label value 7 exceeds the class count 2 (labels must be 0..1 or the not-annotated value 255)",
			assertThrows(IllegalArgumentException.class, () -> sparse.requireLabels(seven, 2)).getMessage());
		assertEquals("case-a: label value 255 exceeds the class count 2 (labels must be 0..1)",
			assertThrows(IllegalArgumentException.class, () -> Annotation.DENSE.requireLabels(ok, 2)).getMessage());
		LabelVolume none = LabelVolume.wrap("case-c", new byte[] { (byte) 255, (byte) 255 }, new long[] { 2, 1, 1 }, null);
		assertEquals("case-c: no voxel is annotated (every voxel holds the not-annotated value 255)",
			assertThrows(IllegalArgumentException.class, () -> sparse.requireLabels(none, 2)).getMessage());
	}
}
