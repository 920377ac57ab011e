package sc.fiji.meanteacher.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import sc.fiji.meanteacher.volume.PatchSize;

/**
 * Named sets of the budget hyper-parameters (resampling, patch, iterations, batch, ramp-up,
 * validation and checkpoint intervals) for the machines people train on. A preset starts from the
 * reference configuration ({@link TrainingConfig}'s defaults) and changes only what its budget
 * needs; the method, classes, normalisation, initialisation and seed are the user's choice and no
 * preset touches them. The Train command fills the inputs a user left out from the chosen preset.
 */
public enum TrainingPreset {

	/** The published run (docs/METHOD.md); on 2 CPU cores an iteration takes about 27 s, so it needs a GPU. */
	REFERENCE("reference", TrainingPreset.REFERENCE_LABEL, 1, c -> {}),

	/**
	 * Half-resolution data and 64×64×32 patches: the setting measured on the published left-atrium
	 * split (docs/RESULTS.md): 0.848 Dice (EMA teacher, 3 seeds) on the 20 held-out cases in 21 to 42
	 * minutes a run on one thread beside another run.
	 */
	CPU_REDUCED("cpu", TrainingPreset.CPU_REDUCED_LABEL, 0.5,
		c -> { c.patch = new PatchSize(64, 64, 32); c.iterations = 800; c.rampUpLength = 400; c.rampUpStep = 1; c.batchSize = 4; c.labeledPerBatch = 2; }),

	/**
	 * A few minutes on a laptop CPU with the demo data (64×64×48 volumes): enough to see the curves
	 * move and get a usable model, not the accuracy of a full run. The consistency weight ramps up
	 * over the first half, and validation and checkpoints come early enough to matter.
	 */
	QUICK_DEMO("demo", TrainingPreset.QUICK_DEMO_LABEL, 1, c -> {
		c.patch = new PatchSize(32, 32, 32);
		c.iterations = 300;
		c.rampUpLength = 150;
		c.rampUpStep = 1;
		c.validationStart = 100;
		c.validationInterval = 50;
		c.checkpointInterval = 100;
	});

	/** Labels as the Train dialog lists them (constants, for {@code @Parameter(choices = …)}). */
	public static final String REFERENCE_LABEL = "Reference (GPU: 112×112×80, 6000 iterations)";
	public static final String CPU_REDUCED_LABEL = "CPU, reduced resolution";
	public static final String QUICK_DEMO_LABEL = "Quick demo (CPU, minutes)";

	private final String id;
	private final String label;
	private final double inputScale;
	private final Consumer<TrainingConfig> budget;

	TrainingPreset(String id, String label, double inputScale, Consumer<TrainingConfig> budget) {
		this.id = id;
		this.label = label;
		this.inputScale = inputScale;
		this.budget = budget;
	}

	/** Short name for macros and the command line: "reference", "cpu", "demo". */
	public String id() {
		return id;
	}

	/** The name shown in the dialog and written by the macro recorder. */
	public String label() {
		return label;
	}

	/** The factor the preset resamples the data by (a property of the cases, {@code CaseSet#inputScale}). */
	public double inputScale() {
		return inputScale;
	}

	/** A fresh reference configuration with this preset's budget applied. */
	public TrainingConfig config() {
		TrainingConfig c = new TrainingConfig();
		budget.accept(c);
		return c;
	}

	/**
	 * The preset with this label or id, ignoring case and accepting "x" for "×" (macros are often
	 * typed in ASCII).
	 *
	 * @throws IllegalArgumentException naming the presets there are
	 */
	public static TrainingPreset fromName(String name) {
		return find(name).orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "'; the presets are "
			+ String.join(", ", Arrays.stream(values()).map(p -> "'" + p.label + "' (or " + p.id + ")").toList())));
	}

	/** As {@link #fromName(String)}, empty for an unknown name. */
	public static Optional<TrainingPreset> find(String name) {
		String n = normalised(name);
		return Arrays.stream(values())
			.filter(p -> normalised(p.label).equals(n) || p.id.equals(n) || p.name().toLowerCase(Locale.ROOT).equals(n)).findFirst();
	}

	private static String normalised(String name) {
		return name == null ? "" : name.trim().replace('×', 'x').toLowerCase(Locale.ROOT);
	}
}
