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

	/**
	 * Volumes the run trains on at two voxel sizes are named with their sizes; the unlabeled ones
	 * count only for a method that trains on them. Classes no labeled volume holds are named.
	 */
	@Test
	public void mixedVoxelSizesAndAbsentClassesAreWarnedOf() {
		Case a = labeled("a"), b = labeled("b");
		Case thick = new Case("thick", Volume.wrap("thick", a.image().data().clone(), DIMS, new double[] { 0.5, 0.5, 2.5 }), null, "mm");
		Case mm = new Case("a", a.image(), a.label(), "mm");
		CaseSet given = CaseSet.of(List.of(mm, b, thick), 4);
		TrainingConfig config = new TrainingConfig();
		config.patch = new PatchSize(16, 16, 16);
		config.numClasses = 4;
		config.batchSize = 3;
		List<String> warnings = TrainingData.prepare(config, given).warnings(config);
		assertEquals(List.of("the training volumes have different voxel sizes: 1x1x1 mm (a), 1x1x1 (b), 0.5x0.5x2.5 mm (thick); the "
			+ "network sees voxels, not lengths, so resample them to one voxel size first (the model records the first labeled volume's, "
			+ "1x1x1 mm)", "classes 2 and 3 appear in no labeled training volume (classes=4; the labels hold 0 and 1): the network cannot "
				+ "learn them; check classes and the labels"), warnings);

		config.method = TrainingMethods.SUPERVISED;
		config.numClasses = 2;
		CaseSet sameUnit = CaseSet.of(List.of(mm, new Case("b", b.image(), b.label(), "mm"), thick), 2);
		assertEquals("the unlabeled volume is not trained on", List.of(), TrainingData.prepare(config, sameUnit).warnings(config));
	}

	/** Sizes within 1 % per axis are one size (the left-atrium scans: 1.243 and 1.25 mm); 4 % apart are two. */
	@Test
	public void voxelSizesWithinOnePercentAreOneSize() {
		TrainingConfig config = new TrainingConfig();
		config.method = TrainingMethods.SUPERVISED;
		config.patch = new PatchSize(16, 16, 16);
		config.numClasses = 2;
		Case a = sized("a", 1.25, 1.25, 1.25), b = sized("b", 1.243, 1.241, 1.25), c = sized("c", 1.25, 1.3, 1.25);
		assertEquals(List.of(), TrainingData.prepare(config, CaseSet.of(List.of(a, b), 2)).warnings(config));
		assertEquals(List.of("the training volumes have different voxel sizes: 1.25x1.25x1.25 mm (a, b), 1.25x1.3x1.25 mm (c); the "
			+ "network sees voxels, not lengths, so resample them to one voxel size first (the model records the first labeled "
			+ "volume's, 1.25x1.25x1.25 mm)"), TrainingData.prepare(config, CaseSet.of(List.of(a, b, c), 2)).warnings(config));
	}

	private static Case sized(String name, double... voxelSize) {
		Case c = labeled(name);
		return new Case(name, Volume.wrap(name, c.image().data(), DIMS, voxelSize), c.label(), "mm");
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
