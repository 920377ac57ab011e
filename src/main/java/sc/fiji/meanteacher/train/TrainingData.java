package sc.fiji.meanteacher.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import sc.fiji.meanteacher.data.Augmenter;
import sc.fiji.meanteacher.data.BatchFactory;
import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.data.TwoStreamBatchSampler;
import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelConvention;
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
		DataFingerprint fingerprint = DataFingerprint.of(given, config.method.usesTeacher(), config.annotation());
		CaseSet classes = given.withLabels(config.labelConvention()::toClasses);
		TrainingData d = new TrainingData(classes.withImages(config.intensity::apply), fingerprint);
		d.requireEnoughFor(config);
		return d;
	}

	private void requireEnoughFor(TrainingConfig config) {
		// the labels first, as the case set checked them when it read them before sparse labels
		Annotation annotation = config.annotation();
		for (List<Case> role : List.of(cases.labeled(), cases.validation()))
			for (Case c : role) annotation.requireLabels(c.label(), config.numClasses);
		int needU = config.unlabeledInBatch();
		if (cases.labeled().size() < config.labeledPerBatch)
			throw new IllegalArgumentException(cases.labeled().size() + " labeled volume(s), but a batch needs "
				+ config.labeledPerBatch + " labeled; label more volumes or lower 'labeled per batch'");
		if (cases.unlabeled().size() < needU)
			throw new IllegalArgumentException(cases.unlabeled().size() + " unlabeled volume(s), but a " + config.method.label()
				+ " batch needs " + needU + " unlabeled; add unlabeled volumes or lower the batch size");
		if (!annotation.isSparse() && allBackground().size() == cases.labeled().size())
			throw new IllegalArgumentException("every labeled volume is all background (label 0 only): there is no structure to learn; "
				+ "check that the labels folder holds the label images");
	}

	/**
	 * What the run trains with but should not, one sentence each: labeled volumes without a
	 * foreground voxel (they only teach "background"), volumes of different voxel sizes, and
	 * classes that no labeled volume holds.
	 */
	List<String> warnings(TrainingConfig config) {
		List<String> out = new ArrayList<>();
		for (Case c : allBackground()) out.add("labeled volume '" + c.name() + "' is all background (label 0 only)");
		String sizes = mixedVoxelSizes(config);
		if (sizes != null) out.add(sizes);
		String absent = absentClasses(config);
		if (absent != null) out.add(absent);
		return out;
	}

	/** What sparse labels change, in one sentence; null for dense labels. */
	String sparseLabelNote(TrainingConfig config) {
		Annotation annotation = config.annotation();
		if (!annotation.isSparse()) return null;
		return "sparse labels (" + (config.labelConvention() == LabelConvention.LABKIT
			? "labelconvention=labkit: 0 is not annotated, k is class k-1" : "unannotated=" + annotation.unannotated())
			+ "): the supervised loss covers annotated voxels only" + (cases.validation().isEmpty() ? ""
				: ", and validation scores the annotated voxels of the held-out volumes only");
	}

	private List<Case> allBackground() {
		return cases.labeled().stream().filter(c -> c.label().maxLabel() == 0).toList();
	}

	/**
	 * The voxel sizes of the volumes the run trains and validates on, with the volumes of each, when
	 * there are several; null when there is one. Sizes in the same unit within
	 * {@value #SAME_SIZE_TOLERANCE} of each other on every axis count as one (each group is named by
	 * its first volume's size): scanners round a nominal size differently (1.243 and 1.25 mm on the
	 * left-atrium scans), and a scale difference under 1 % is smaller than the patient-to-patient
	 * variation the network learns anyway. The network sees voxels, not lengths, so one structure
	 * would come at several scales; a warning rather than a refusal, since training on them can be
	 * what the user wants.
	 */
	private String mixedVoxelSizes(TrainingConfig config) {
		List<VoxelSizeGroup> groups = new ArrayList<>();
		for (List<Case> role : List.of(cases.labeled(), config.method.usesTeacher() ? cases.unlabeled() : List.<Case>of(),
			cases.validation()))
			for (Case c : role) {
				VoxelSizeGroup group = groups.stream().filter(g -> g.holds(c)).findFirst().orElse(null);
				if (group == null) groups.add(group = new VoxelSizeGroup(c));
				group.names.add(c.name());
			}
		if (groups.size() < 2) return null;
		List<String> sizes = new ArrayList<>();
		for (VoxelSizeGroup g : groups) {
			List<String> names = g.names;
			sizes.add(voxelSizeText(g.first) + " (" + String.join(", ", names.subList(0, Math.min(5, names.size())))
				+ (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "") + ")");
		}
		return "the training volumes have different voxel sizes: " + String.join(", ", sizes) + "; the network sees voxels, not "
			+ "lengths, so resample them to one voxel size first (the model records the first labeled volume's, "
			+ voxelSizeText(cases.labeled().get(0)) + ")";
	}

	/** Relative difference per axis under which two voxel sizes count as one (see {@link #mixedVoxelSizes}). */
	static final double SAME_SIZE_TOLERANCE = 0.01;

	/** Volumes whose voxel size is within the tolerance of the group's first volume's, in its unit. */
	private static final class VoxelSizeGroup {
		final Case first;
		final List<String> names = new ArrayList<>();

		VoxelSizeGroup(Case first) {
			this.first = first;
		}

		boolean holds(Case c) {
			if (!Objects.equals(first.unit(), c.unit())) return false;
			double[] a = first.image().voxelSize(), b = c.image().voxelSize();
			for (int d = 0; d < a.length; d++)
				if (Math.abs(a[d] - b[d]) > SAME_SIZE_TOLERANCE * Math.max(Math.abs(a[d]), Math.abs(b[d]))) return false;
			return true;
		}
	}

	/** "0.625x0.625x2.5 mm": each size to 4 significant digits, then the unit when there is one. */
	private static String voxelSizeText(Case c) {
		StringJoiner text = new StringJoiner("x");
		for (double v : c.image().voxelSize()) text.add(new BigDecimal(v, new MathContext(4)).stripTrailingZeros().toPlainString());
		return text + (c.unit() == null ? "" : " " + c.unit());
	}

	/** The classes of the network that no labeled training volume holds, in one sentence; null when each is held. */
	private String absentClasses(TrainingConfig config) {
		BitSet held = new BitSet();
		for (Case c : cases.labeled()) held.or(c.label().presentValues());
		// the not-annotated value is no class: annotated voxels all of one class leave nothing to separate
		if (config.annotation().isSparse()) held.clear(config.annotation().unannotated());
		List<String> absent = new ArrayList<>();
		for (int k = 1; k < config.numClasses; k++)
			if (!held.get(k)) absent.add(Integer.toString(k));
		if (absent.isEmpty()) return null;
		return (absent.size() == 1 ? "class " + absent.get(0) + " appears" : "classes " + inWords(absent) + " appear")
			+ " in no labeled training volume (classes=" + config.numClasses + "; the labels hold "
			+ inWords(held.stream().mapToObj(Integer::toString).toList()) + "): the network cannot learn "
			+ (absent.size() == 1 ? "it" : "them") + "; check classes and the labels";
	}

	/** "a", "a and b", "a, b and c". */
	private static String inWords(List<String> items) {
		if (items.size() < 2) return String.join("", items);
		return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
	}

	/** Unlabeled volumes the run trains on: none for a method without teacher. */
	int unlabeledUsed(TrainingConfig config) {
		return config.method.usesTeacher() ? cases.unlabeled().size() : 0;
	}

	/** The voxel size the model records: that of the (first) labeled case. */
	double[] voxelSize() {
		return cases.labeled().get(0).image().voxelSize();
	}

	/** The length unit of {@link #voxelSize()}, or null when the first labeled case has none. */
	String voxelUnit() {
		return cases.labeled().get(0).unit();
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
		// only a consistency term feeds the teacher noisy input; copy-paste's teacher sees the patches as cut
		f = f.withAnnotation(config.annotation());
		return config.method.consistency() != null ? f.withTeacherNoise(config.teacherNoiseSd, config.teacherNoiseClamp) : f;
	}
}
