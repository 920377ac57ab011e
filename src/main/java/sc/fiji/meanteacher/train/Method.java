package sc.fiji.meanteacher.train;

import java.util.Locale;

/** The training methods one trainer runs. */
public enum Method {
	/** Student + EMA teacher, softmax consistency on the unlabeled part (Tarvainen & Valpola 2017). */
	MEAN_TEACHER("Mean Teacher"),
	/** Mean Teacher whose consistency ignores voxels where T stochastic teacher passes are uncertain (Yu et al. 2019). */
	UA_MT("UA-MT"),
	/** Labeled volumes only, no teacher, no consistency: the baseline every user compares with. */
	SUPERVISED("Supervised only");

	private final String label;

	Method(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	public boolean usesTeacher() {
		return this != SUPERVISED;
	}

	/** Accepts the enum name, the label, or short forms such as "mt", "ua-mt", "supervised". */
	public static Method fromName(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
		for (Method m : values())
			if (m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n) || m.label.toLowerCase(Locale.ROOT).replace(' ', '-').equals(n)) return m;
		if (n.equals("mt") || n.equals("meanteacher")) return MEAN_TEACHER;
		if (n.equals("uamt")) return UA_MT;
		if (n.startsWith("supervised")) return SUPERVISED;
		throw new IllegalArgumentException("unknown method '" + name + "' (Mean Teacher, UA-MT or Supervised only)");
	}
}
