package sc.fiji.meanteacher.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import sc.fiji.meanteacher.train.TrainingConfig;
import sc.fiji.meanteacher.train.TrainingMethod;
import sc.fiji.meanteacher.train.TrainingMethods;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Sizes;

/**
 * Settings of the semi-supervised vs supervised comparison (the README's main job), parsed from
 * {@code --key value} arguments. Defaults finish in under 30 minutes on 2 CPU cores.
 */
public final class ComparisonSettings {

	/** Training volumes generated (labeled + unlabeled). */
	public int trainCases = 24;
	public int labeledCases = 2;
	public int testCases = 10;
	public int[] volumeSize = { 64, 64, 48 };
	public int[] patch = { 32, 32, 32 };
	public int iterations = 600;
	public List<Long> seeds = new ArrayList<>(List.of(1337L, 1338L, 1339L));
	public List<TrainingMethod> methods = new ArrayList<>(List.of(TrainingMethods.MEAN_TEACHER, TrainingMethods.SUPERVISED));
	public long dataSeed = 2024;
	public double consistencyWeight = 0.1;
	/** Iterations until the consistency weight reaches its maximum. */
	public int rampUpIterations = 300;
	public double learningRate = 0.01;
	public int baseFilters = 16;
	public Path output = Path.of("demo-output");
	/** A folder in the LA layout ({@code <case>/mri_norm2.h5}) to use instead of synthetic data, or null. */
	public Path laFolder;
	/** Scale applied to real volumes before training and testing (0.5 halves every axis). */
	public double scale = 0.5;
	/**
	 * Runs trained at the same time, each in its own JVM on one libtorch thread; 1 = one run at a
	 * time on all threads; 0 = automatic ({@link #resolveParallel}).
	 */
	public int parallel = 0;
	private boolean testCasesGiven;
	/** The arguments parsed, to start one run of the same comparison in another process. */
	public List<String> arguments = List.of();
	/** Set in such a process: train only this method and seed, then exit. */
	public TrainingMethod onlyMethod;
	public long onlySeed;

	/** Internal option {@code method@seed}: the child process of a parallel comparison trains just that run. */
	static final String ONLY_OPTION = "--only-run";

	public static final String USAGE = String.join("\n",
		"options (defaults in brackets):",
		"  --train N          training volumes, labeled + unlabeled [24]",
		"  --labeled N        labeled volumes among them [2]",
		"  --test N           test volumes [10]",
		"  --size X,Y,Z       synthetic volume size [64,64,48]",
		"  --patch X,Y,Z      training patch, multiples of 16 [32,32,32]",
		"  --iterations N     iterations per run [600]",
		"  --seeds A,B,C      training seeds, one run per seed and method [1337,1338,1339]",
		"  --methods M,...    mean-teacher, ua-mt, supervised [mean-teacher,supervised]",
		"  --consistency W    maximum consistency weight [0.1]",
		"  --rampup N         iterations of consistency ramp-up [300]",
		"  --lr R             learning rate (poly schedule) [0.01]",
		"  --filters N        V-Net base filters [16]",
		"  --data-seed N      seed of the synthetic data, and of the LA case split [2024]",
		"  --parallel N       runs trained at once, each in its own JVM on one libtorch thread; 1 = one at",
		"                     a time on all threads [0 = automatic: 1 on a GPU, else min(runs, cores)]",
		"  --la DIR           real data instead: a folder of LA cases (<case>/mri_norm2.h5; cases.list, else",
		"                     every case folder); --test cases are held out [20], --labeled of the others are",
		"                     labeled, --train limits how many others train [all]",
		"  --scale F          LA only: resampling factor before training and testing [0.5]",
		"  --out DIR          output folder [demo-output]");

	public static ComparisonSettings parse(String... args) {
		ComparisonSettings s = new ComparisonSettings();
		s.arguments = List.of(args);
		for (int i = 0; i < args.length; i++) {
			String key = args[i];
			if (key.equals("--help") || key.equals("-h")) throw new IllegalArgumentException(USAGE);
			if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + key + "\n" + USAGE);
			String v = args[++i];
			switch (key) {
				case "--train": s.trainCases = whole(key, v); break;
				case "--labeled": s.labeledCases = whole(key, v); break;
				case "--test": s.testCases = whole(key, v); s.testCasesGiven = true; break;
				case "--size": s.volumeSize = Sizes.parse(key, v); break;
				case "--patch": s.patch = Sizes.parse(key, v); break;
				case "--iterations": s.iterations = whole(key, v); break;
				case "--seeds": s.seeds = new ArrayList<>(); for (String t : v.split(",")) s.seeds.add(seed(key, t)); break;
				case "--methods": s.methods = new ArrayList<>(); for (String t : v.split(",")) s.methods.add(TrainingMethods.fromName(t)); break;
				case "--consistency": s.consistencyWeight = number(key, v); break;
				case "--rampup": s.rampUpIterations = whole(key, v); break;
				case "--lr": s.learningRate = number(key, v); break;
				case "--filters": s.baseFilters = whole(key, v); break;
				case "--data-seed": s.dataSeed = seed(key, v); break;
				case "--out": s.output = Path.of(v); break;
				case "--la": s.laFolder = Path.of(v); break;
				case "--scale": s.scale = number(key, v); break;
				case "--parallel": s.parallel = whole(key, v); break;
				case ONLY_OPTION: {
					String[] ms = v.split("@", -1);
					if (ms.length != 2)
						throw new IllegalArgumentException(ONLY_OPTION + " takes <method>@<seed> (e.g. mean-teacher@1337), got '" + v + "'");
					s.onlyMethod = TrainingMethods.fromName(ms[0]);
					s.onlySeed = seed(ONLY_OPTION, ms[1]);
					break;
				}
				default: throw new IllegalArgumentException("unknown option " + key + "\n" + USAGE);
			}
		}
		if (s.laFolder != null) {
			if (!s.testCasesGiven) s.testCases = 20;
			if (!trainGiven(args)) s.trainCases = Integer.MAX_VALUE; // all cases that are not test cases
			if (!(s.scale > 0 && s.scale <= 4))
				throw new IllegalArgumentException("--scale must be in (0, 4], got " + s.scale);
		}
		if (s.parallel < 0) throw new IllegalArgumentException("--parallel must be 0 (automatic) or more, got " + s.parallel);
		if (s.labeledCases < 2 || s.labeledCases >= s.trainCases)
			throw new IllegalArgumentException("need 2 <= labeled < train, got " + s.labeledCases + " of " + s.trainCases);
		if (s.testCases < 1 || s.seeds.isEmpty() || s.methods.isEmpty())
			throw new IllegalArgumentException("need at least one test volume, one seed and one method");
		return s;
	}

	/**
	 * The training configuration of one run: the reference method with the ramp-up and schedule
	 * scaled to the iteration budget (the reference's 40 × 150 iterations of ramp-up would never
	 * reach full weight in a few hundred iterations).
	 */
	public TrainingConfig trainingConfig(TrainingMethod method, long seed) {
		TrainingConfig c = new TrainingConfig();
		c.method = method;
		c.patch = PatchSize.of(patch);
		c.baseFilters = baseFilters;
		c.iterations = iterations;
		c.seed = seed;
		c.learningRate = learningRate;
		c.schedule = sc.fiji.meanteacher.train.LearningRateSchedule.POLY;
		c.consistencyWeight = consistencyWeight;
		// Ramp "epochs" of one iteration: the weight reaches its maximum at exactly --rampup
		// iterations (40 epochs of rampup / 40 iterations, rounded down, fell short of it).
		c.rampUpLength = rampUpIterations;
		c.rampUpStep = 1;
		c.validationStart = Integer.MAX_VALUE;
		c.checkpointInterval = Math.max(1, iterations);
		c.logInterval = Math.max(1, iterations / 10);
		return c;
	}

	/**
	 * Fixes an automatic {@link #parallel}: small CPU networks use one core far better than several
	 * (Mean Teacher at 32³: 0.389 s/iteration on 1 thread, 0.488 on 2, so two 1-thread runs side by side
	 * do 2.5× the work of one 2-thread run on 2 cores), a GPU runs
	 * one run at a time.
	 */
	public void resolveParallel(boolean gpu, int processors) {
		if (parallel > 0) return;
		int runs = seeds.size() * methods.size();
		parallel = gpu ? 1 : Math.max(1, Math.min(runs, processors));
	}

	private static boolean trainGiven(String[] args) {
		return Arrays.asList(args).contains("--train");
	}

	private static int whole(String key, String v) {
		try {
			return Integer.parseInt(v.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number");
		}
	}

	private static long seed(String key, String v) {
		try {
			return Long.parseLong(v.trim());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number (seeds are 64-bit integers)");
		}
	}

	private static double number(String key, String v) {
		try {
			double d = Double.parseDouble(v.trim());
			if (Double.isFinite(d)) return d;
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(key + ": '" + v + "' is not a finite number");
	}

	@Override
	public String toString() {
		String data = laFolder == null
			? String.format(Locale.ROOT, "%d synthetic training volumes (%d labeled), %d test volumes of %s", trainCases, labeledCases,
				testCases, Arrays.toString(volumeSize))
			: String.format(Locale.ROOT, "LA cases from %s at scale %.3g: %s training cases (%d labeled), %d held out for testing",
				laFolder, scale, trainCases == Integer.MAX_VALUE ? "all other" : Integer.toString(trainCases), labeledCases, testCases);
		return data + String.format(Locale.ROOT, ", patch %s, %d iterations, seeds %s, consistency %.3g ramped over %d iterations, "
			+ "lr %.3g poly, %d base filters, %d run(s) at once", Arrays.toString(patch), iterations, seeds, consistencyWeight,
			rampUpIterations, learningRate, baseFilters, parallel);
	}
}
