package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.List;

import org.junit.Test;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

/** The trainer's view of the cases: normalised as configured, fingerprinted as given, with the set's input scale. */
public class TrainingDataTest {

	private static final long[] DIMS = { 4, 1, 2 };

	private static Case labeled(String name) {
		float[] v = new float[8];
		for (int i = 0; i < v.length; i++) v[i] = i;
		LabelVolume label = LabelVolume.zeros(name, DIMS, null);
		label.data()[3] = 1;
		return new Case(name, Volume.wrap(name, v, DIMS, null), label);
	}

	@Test
	public void theTrainerNormalisesAndKeepsTheInputScale() {
		CaseSet given = CaseSet.of(List.of(labeled("a"), labeled("b")), 2, 0.5);
		TrainingConfig config = new TrainingConfig();
		config.method = TrainingMethods.SUPERVISED;
		config.patch = new PatchSize(16, 16, 16);
		config.intensity = IntensityNormalization.ZSCORE;
		TrainingData data = TrainingData.prepare(config, given);
		// values 0..7: mean 3.5, population sd sqrt(5.25)
		float[] v = data.cases.labeled().get(0).image().data();
		assertEquals((float) (-3.5 / Math.sqrt(5.25)), v[0], 1e-6f);
		assertEquals((float) (3.5 / Math.sqrt(5.25)), v[7], 1e-6f);
		assertEquals(0.5, data.cases.inputScale(), 0);
		assertEquals("the given volumes stay as they were", 7f, given.labeled().get(0).image().data()[7], 0);

		config.intensity = IntensityNormalization.NONE;
		TrainingData raw = TrainingData.prepare(config, given);
		assertEquals("the fingerprint is of the data as given, not as normalised", 0, data.fingerprint.differencesFrom(raw.fingerprint)
			.size());
		assertNotEquals(0, data.fingerprint.differencesFrom(TrainingData.prepare(config, CaseSet.of(List.of(labeled("a"), labeled("b")),
			2)).fingerprint).size());
	}
}
