package sc.fiji.meanteacher.train;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.meanteacher.data.Augmenter;
import sc.fiji.meanteacher.data.BatchFactory;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.TwoStreamBatchSampler;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * The cases of one run as the trainer uses them: normalised as the configuration says, checked
 * against its batch (enough labeled and unlabeled volumes, labels below the class count, not all
 * background), fingerprinted as given (before normalisation, which is a setting and compared as
 * one), and cut into the batches of the two-stream sampler.
 */
final class TrainingData {

	final CaseSet cases;
	/** The data as given, recorded in checkpoints and compared on resume. */
	final DataFingerprint fingerprint;

	private TrainingData(CaseSet cases, DataFingerprint fingerprint) {
		this.cases = cases;
		this.fingerprint = fingerprint;
	}

	/** @throws IllegalArgumentException naming what the cases lack for {@code config} */
	static TrainingData prepare(TrainingConfig config, CaseSet given) {
		TrainingData d = new TrainingData(given.withImages(config.intensity::apply), DataFingerprint.of(given, config.method.usesTeacher()));
		d.requireEnoughFor(config);
		return d;
	}

	private void requireEnoughFor(TrainingConfig config) {
		int needU = config.unlabeledInBatch();
		if (cases.labeled().size() < config.labeledPerBatch)
			throw new IllegalArgumentException(cases.labeled().size() + " labeled volume(s), but a batch needs "
				+ config.labeledPerBatch + " labeled; label more volumes or lower 'labeled per batch'");
		if (cases.unlabeled().size() < needU)
			throw new IllegalArgumentException(cases.unlabeled().size() + " unlabeled volume(s), but a " + config.method.label()
				+ " batch needs " + needU + " unlabeled; add unlabeled volumes or lower the batch size");
		for (Case c : cases.labeled()) c.requireLabelsBelow(config.numClasses);
		for (Case c : cases.validation()) c.requireLabelsBelow(config.numClasses);
		if (warnings().size() == cases.labeled().size())
			throw new IllegalArgumentException("every labeled volume is all background (label 0 only): there is no structure to learn; "
				+ "check that the labels folder holds the label images");
	}

	/** Labeled volumes without a foreground voxel: they only teach "background". */
	List<String> warnings() {
		List<String> out = new ArrayList<>();
		for (Case c : cases.labeled())
			if (c.label().maxLabel() == 0) out.add("labeled volume '" + c.name() + "' is all background (label 0 only)");
		return out;
	}

	/** Unlabeled volumes the run trains on: none for a method without teacher. */
	int unlabeledUsed(TrainingConfig config) {
		return config.method.usesTeacher() ? cases.unlabeled().size() : 0;
	}

	/** The voxel size the model records: that of the (first) labeled case. */
	double[] voxelSize() {
		return cases.labeled().get(0).image().voxelSize();
	}

	/** The batches of every iteration (two-stream sampler, augmentation, teacher noise for teacher methods). */
	BatchFactory batches(TrainingConfig config) {
		List<Volume> images = new ArrayList<>();
		List<LabelVolume> labels = new ArrayList<>();
		for (Case c : cases.labeled()) {
			images.add(c.image());
			labels.add(c.label());
		}
		List<Volume> unlabeled = new ArrayList<>();
		if (config.method.usesTeacher()) for (Case c : cases.unlabeled()) unlabeled.add(c.image());
		int u = config.unlabeledInBatch();
		TwoStreamBatchSampler sampler = new TwoStreamBatchSampler(images.size(), unlabeled.size(),
			config.labeledPerBatch + u, config.labeledPerBatch, config.seed);
		BatchFactory f = new BatchFactory(images, labels, unlabeled, sampler, new Augmenter(config.patch.toArray()), config.augment);
		return config.method.usesTeacher() ? f.withTeacherNoise(config.teacherNoiseSd, config.teacherNoiseClamp) : f;
	}
}
