package sc.fiji.meanteacher.volume;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class CaseTest {

	private static final Volume IMAGE = Volume.zeros("heart", new long[] { 4, 3, 2 }, null);

	@Test
	public void labelOfAnotherSizeIsRejectedWithBothSizes() {
		LabelVolume label = LabelVolume.zeros("heart", new long[] { 4, 3, 3 }, null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new Case("heart", IMAGE, label));
		assertTrue(e.getMessage(), e.getMessage().contains("heart") && e.getMessage().contains("[4, 3, 2]")
			&& e.getMessage().contains("[4, 3, 3]"));
	}

	@Test
	public void labelValueMustBeBelowClassCount() {
		LabelVolume label = LabelVolume.zeros("heart", new long[] { 4, 3, 2 }, null);
		label.data()[5] = 2;
		Case c = new Case("heart", IMAGE, label);
		c.requireLabelsBelow(3);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.requireLabelsBelow(2));
		assertTrue(e.getMessage(), e.getMessage().contains("heart") && e.getMessage().contains("label value 2"));
	}

	@Test
	public void droppingTheLabelKeepsTheImage() {
		Case c = new Case("heart", IMAGE, LabelVolume.zeros("heart", new long[] { 4, 3, 2 }, null));
		assertTrue(c.isLabeled());
		Case u = c.withoutLabel();
		assertFalse(u.isLabeled());
		assertNull(u.label());
		assertSame(IMAGE, u.image());
	}
}
