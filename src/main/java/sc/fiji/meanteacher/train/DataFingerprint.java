package sc.fiji.meanteacher.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import sc.fiji.meanteacher.data.CaseSet;
import sc.fiji.meanteacher.model.Sha256;
import sc.fiji.meanteacher.volume.Annotation;
import sc.fiji.meanteacher.volume.Case;

/**
 * What a run trained on, saved in its checkpoints so that a resume on other data is refused
 * instead of silently continuing: the case names of each role and, per case, a hash of its size,
 * voxel size, intensities and labels (before the trainer's intensity normalisation, which is a
 * setting and compared as one).
 */
final class DataFingerprint {

	/** One case as a checkpoint records it (fields, not a record: Gson fills them). */
	static final class CaseEntry {
		String name;
		/** First 16 hex digits of the SHA-256 of the case's dimensions, voxel size, intensities and labels. */
		String hash;

		CaseEntry(String name, String hash) {
			this.name = name;
			this.hash = hash;
		}
	}

	/** The factor the cases were resampled by; absent (null) in checkpoints that recorded it as a setting. */
	Double inputScale;
	/** The voxel size the cases were resampled to ("0.4,0.4,0.4"); null for none and in checkpoints from before it existed. */
	String inputSpacing;
	/** The label value meaning "not annotated" as the training sees the labels; null for dense labels and in earlier checkpoints. */
	Integer unannotated;
	List<CaseEntry> labeled = new ArrayList<>();
	List<CaseEntry> unlabeled = new ArrayList<>();
	List<CaseEntry> validation = new ArrayList<>();

	/** As below for dense labels. */
	static DataFingerprint of(CaseSet cases, boolean withUnlabeled) {
		return of(cases, withUnlabeled, Annotation.DENSE);
	}

	/**
	 * @param withUnlabeled whether the method reads the unlabeled cases (supervised-only training does not)
	 * @param annotation which label voxels count as annotated
	 */
	static DataFingerprint of(CaseSet cases, boolean withUnlabeled, Annotation annotation) {
		DataFingerprint f = new DataFingerprint();
		f.unannotated = annotation.isSparse() ? annotation.unannotated() : null;
		f.inputScale = cases.inputScale();
		f.inputSpacing = cases.grid().spacing() == null ? null : cases.grid().spacing().toString();
		for (Case c : cases.labeled()) f.labeled.add(entry(c));
		if (withUnlabeled) for (Case c : cases.unlabeled()) f.unlabeled.add(entry(c));
		for (Case c : cases.validation()) f.validation.add(entry(c));
		return f;
	}

	private static CaseEntry entry(Case c) {
		MessageDigest sha = Sha256.digest();
		ByteBuffer header = ByteBuffer.allocate(6 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (long d : c.image().dims()) header.putLong(d);
		for (double v : c.image().voxelSize()) header.putDouble(v);
		sha.update(header.array());
		float[] voxels = c.image().data();
		ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < voxels.length;) {
			chunk.clear();
			while (i < voxels.length && chunk.remaining() >= Float.BYTES) chunk.putFloat(voxels[i++]);
			sha.update(chunk.array(), 0, chunk.position());
		}
		if (c.isLabeled()) sha.update(c.label().data());
		return new CaseEntry(c.name(), HexFormat.of().formatHex(sha.digest(), 0, 8));
	}

	/** What differs from {@code saved} (the checkpoint's), one sentence each; empty when nothing does. */
	List<String> differencesFrom(DataFingerprint saved) {
		List<String> out = new ArrayList<>();
		if (saved.inputScale != null && !saved.inputScale.equals(inputScale))
			out.add("inputScale: " + saved.inputScale + " in the checkpoint, " + inputScale + " now");
		if (!Objects.equals(saved.inputSpacing, inputSpacing))
			out.add("spacing: " + spacingText(saved.inputSpacing) + " in the checkpoint, " + spacingText(inputSpacing) + " now");
		if (!Objects.equals(saved.unannotated, unannotated))
			out.add("not-annotated label value: " + annotationText(saved.unannotated) + " in the checkpoint, " + annotationText(unannotated) + " now");
		compare("labeled", saved.labeled, labeled, out);
		compare("unlabeled", saved.unlabeled, unlabeled, out);
		compare("validation", saved.validation, validation, out);
		return out;
	}

	private static String annotationText(Integer unannotated) {
		return unannotated == null ? "none (every voxel annotated)" : unannotated.toString();
	}

	private static String spacingText(String spacing) {
		return spacing == null ? "none (the volumes' own grid)" : spacing;
	}

	private static void compare(String role, List<CaseEntry> saved, List<CaseEntry> now, List<String> out) {
		Map<String, String> before = hashes(saved), after = hashes(now);
		TreeSet<String> gone = new TreeSet<>(before.keySet()), added = new TreeSet<>(after.keySet());
		gone.removeAll(after.keySet());
		added.removeAll(before.keySet());
		if (!gone.isEmpty() || !added.isEmpty())
			out.add(role + " cases differ: " + (gone.isEmpty() ? "" : "only in the checkpoint " + shortList(gone))
				+ (gone.isEmpty() || added.isEmpty() ? "" : ", ") + (added.isEmpty() ? "" : "only now " + shortList(added)));
		TreeSet<String> changed = new TreeSet<>();
		for (Map.Entry<String, String> e : after.entrySet())
			if (before.containsKey(e.getKey()) && !before.get(e.getKey()).equals(e.getValue())) changed.add(e.getKey());
		if (!changed.isEmpty())
			out.add(role + " case" + (changed.size() == 1 ? " " : "s ") + shortList(changed)
				+ (changed.size() == 1 ? " has" : " have") + " other voxels, labels or size than in the checkpoint");
		if (gone.isEmpty() && added.isEmpty() && changed.isEmpty() && !names(saved).equals(names(now)))
			out.add(role + " cases are in another order than in the checkpoint (the order decides the batches)");
	}

	private static Map<String, String> hashes(List<CaseEntry> entries) {
		Map<String, String> m = new LinkedHashMap<>();
		for (CaseEntry e : entries) m.put(e.name, e.hash);
		return m;
	}

	private static List<String> names(List<CaseEntry> entries) {
		return entries.stream().map(e -> e.name).toList();
	}

	private static String shortList(TreeSet<String> names) {
		List<String> all = List.copyOf(names);
		return all.size() <= 5 ? all.toString()
			: all.subList(0, 5).toString().replace("]", ", ... (" + all.size() + " in all)]");
	}
}
