#!/usr/bin/env bash
# Regenerates docs/RESULTS.md: runs the README main job, the real-data (LA) comparison with 8 and
# 16 labeled cases and the benchmarks, keeps their logs in docs/logs/, and assembles the tables.
#
#   docs/results.sh             everything (about 2.5 h on 2 cores), then assemble
#   docs/results.sh synthetic   only the main job        docs/results.sh la      only the LA runs
#   docs/results.sh bench       only the benchmarks      docs/results.sh assemble  only write RESULTS.md
#
# LA_DIR (default ../shared/data/LA) is the folder of LA cases (<case>/mri_norm2.h5).
set -euo pipefail
cd "$(dirname "$0")/.."
LOGS=docs/logs
LA_DIR=${LA_DIR:-../shared/data/LA}
WORK=${RESULTS_WORK:-results-work}
# The LA runs: scale 0.5 (1.25 mm voxels) and a 64x64x32 patch, so that 2 cores train one run in under an hour.
LA_ARGS=(--la "$LA_DIR" --scale 0.5 --patch 64,64,32 --iterations 800 --rampup 400)
STEP=${1:-all}
mkdir -p "$LOGS" "$WORK"

stamp() { # provenance line at the top of a log
	echo "# $1: commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d), $(nproc) cores"
}

classpath() { # the plugin's classes, the tooling (MainJob, Bench: src/tools/java, compiled with the tests) and the dependencies
	mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" >&2
	echo "target/classes:target/test-classes:$(cat "$WORK/classpath.txt")"
}

if [[ $STEP == all || $STEP == synthetic ]]; then
	# exactly the README's main-job command
	{ stamp "mvn -B -Pmain-job -DskipTests package"; mvn -B -Pmain-job -DskipTests package 2>&1; } | tee "$LOGS/synthetic.log"
fi

if [[ $STEP == all || $STEP == la ]]; then
	CP=$(classpath)
	# both label counts at once, one libtorch thread each (2 cores)
	for n in 8 16; do
		{ stamp "docs/results.sh la"; OMP_WAIT_POLICY=PASSIVE java -Xmx8g -Dmeanteacher.threads=1 -cp "$CP" \
			sc.fiji.meanteacher.experiment.MainJob "${LA_ARGS[@]}" --seeds 1337 --labeled $n --out "$WORK/la-$n" 2>&1; } \
			> "$LOGS/la-$n.log" &
	done
	wait
	# a second seed for 8 labels, its two runs side by side
	{ stamp "docs/results.sh la (second seed)"; java -Xmx8g -cp "$CP" sc.fiji.meanteacher.experiment.MainJob "${LA_ARGS[@]}" \
		--seeds 1338 --labeled 8 --parallel 2 --out "$WORK/la-8-seed1338" 2>&1; } > "$LOGS/la-8-seed1338.log"
	cp "$WORK/la-8/test.list" "$LOGS/la-test.list"
	for n in 8 16; do
		cp "$WORK/la-$n/labeled.list" "$LOGS/la-$n-labeled.list"
		cp "$WORK/la-$n/unlabeled.list" "$LOGS/la-$n-unlabeled.list"
	done
	# the same test cases through the Fiji commands, headless, from files: 8-labeled Mean Teacher model
	model="$WORK/la-8/models/mean-teacher-seed1337/last-model.zip"
	{
		stamp "headless Segment + Evaluate of $model"
		java -cp "$CP" sc.fiji.meanteacher.Main --headless --run "Segment with Mean Teacher" \
			"model='$model',folder='$LA_DIR',caselist='$LOGS/la-test.list',output='$WORK/la-8/headless-labels'" 2>&1 | tail -n 3
		java -cp "$CP" sc.fiji.meanteacher.Main --headless --run "Evaluate Mean Teacher Segmentation" \
			"predictions='$WORK/la-8/headless-labels',truth='$LA_DIR',caselist='$LOGS/la-test.list',csv='$WORK/la-8/headless-metrics.csv'" 2>&1
	} > "$LOGS/la-8-headless.log"
fi

if [[ $STEP == all || $STEP == bench ]]; then
	CP=$(classpath)
	{ stamp "Bench train"; java -Xmx12g -cp "$CP" sc.fiji.meanteacher.bench.Bench train 2>&1; } | tee "$LOGS/bench-train.log"
	{ stamp "Bench infer"; java -Xmx12g -cp "$CP" sc.fiji.meanteacher.bench.Bench infer 2>&1; } | tee "$LOGS/bench-infer.log"
	{ stamp "Bench leak"; java -Xmx8g -Dmeanteacher.threads=1 -cp "$CP" sc.fiji.meanteacher.bench.Bench leak --iterations 1000 2>&1; } \
		| tee "$LOGS/bench-leak.log"
fi

# --- assemble -----------------------------------------------------------------------------------
tables() { # the result tables of a comparison log
	awk '/^\| method \|/ {on=1} on && (/^\|/ || /^\(mean/ || /^Dice difference/ || /^On the original grid/ || /^$/)' "$1" \
		| sed 's/ ± NaN (sd over seeds)//' | awk 'prev ~ /^\|/ && !/^\|/ && !/^$/ {print ""} {print; prev = $0}' | cat -s
}
benchTable() { # the summary table of a benchmark log (after its heading line)
	awk -v h="$2" 'index($0, h) == 1 {on=1} on && /^$/ {exit} on {print}' "$1"
}
settings() { grep -m1 -E '^(LA cases|[0-9]+ synthetic)' "$1" || true; }
provenance() { echo "Log \`$1\`: $(head -1 "$1" | sed 's/^# //')."; }

out=docs/RESULTS.md
{
	echo "# Results"
	echo
	echo "Written by \`docs/results.sh\` from the logs in \`docs/logs/\` (commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d))."
	echo "Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem/ {print $2}') GiB,"
	echo "$(java -version 2>&1 | head -1), libtorch 2.7.1 CPU through DJL 0.36.0. Thread counts are given per table."
	echo
	echo "## Main job: Mean Teacher vs supervised on synthetic volumes"
	echo
	echo "Command: \`mvn -B -Pmain-job -DskipTests package\` (the README's main job). Settings: $(settings "$LOGS/synthetic.log")."
	provenance "$LOGS/synthetic.log"
	grep -m1 '^device:' "$LOGS/synthetic.log" || true
	echo
	tables "$LOGS/synthetic.log"
	grep -m1 '^wrote ' "$LOGS/synthetic.log" | sed 's/^wrote .* in /Whole job: /' || true
	echo
	[[ -f docs/montage-synthetic.png ]] && echo "![test slices, first seed](montage-synthetic.png)" && echo
	if [[ -f $LOGS/observations.md ]]; then
		cat "$LOGS/observations.md"
		echo
	fi
	echo "## Real data: left-atrium MRI, 20 held-out cases"
	echo
	echo "Command: \`docs/results.sh la\`, i.e. for N in 8 and 16, at the same time, each on one libtorch thread:"
	echo "\`java -Dmeanteacher.threads=1 -cp … sc.fiji.meanteacher.experiment.MainJob ${LA_ARGS[*]} --seeds 1337 --labeled N\`,"
	echo "then seed 1338 for 8 labels (\`--seeds 1338 --labeled 8 --parallel 2\`)."
	echo "The 80 cases are shuffled with the data seed; the first 20 are the test set (never trained on), the next N are"
	echo "labeled, the remaining 60 − N unlabeled (lists in \`docs/logs/la-*.list\`). Every volume is resampled by 0.5"
	echo "(0.625 → 1.25 mm; 2 cores need about 27 s per Mean Teacher iteration at full resolution); the test cases are"
	echo "segmented at that resolution and the predictions are also up-sampled to the original grid and measured against the"
	echo "original labels."
	for n in 8 16; do
		echo
		echo "### $n labeled cases"
		echo
		echo "Settings: $(settings "$LOGS/la-$n.log")."
		provenance "$LOGS/la-$n.log"
		echo
		tables "$LOGS/la-$n.log"
	done
	if [[ -f $LOGS/la-8-seed1338.log ]]; then
		echo
		echo "### 8 labeled cases, second seed"
		echo
		echo "Settings: $(settings "$LOGS/la-8-seed1338.log")."
		provenance "$LOGS/la-8-seed1338.log"
		echo
		tables "$LOGS/la-8-seed1338.log"
	fi
	echo
	[[ -f docs/montage-la-8.png ]] && echo "![LA test slices, 8 labeled](montage-la-8.png)" && echo
	echo "### The same through the Fiji commands (headless, from files)"
	echo
	echo "*Segment with Mean Teacher* (LA folder + \`caselist\`, the model resamples by its recorded 0.5 and writes labels on"
	echo "the original grid) and *Evaluate Mean Teacher Segmentation* on the 20 test cases with the 8-labeled Mean Teacher model."
	provenance "$LOGS/la-8-headless.log"
	echo
	echo '```'
	grep -E '^(Case|mean|sd)[[:space:]]' "$LOGS/la-8-headless.log"
	echo '```'
	echo
	echo "## Benchmarks"
	echo
	echo "Training (\`Bench train\`: median seconds per iteration after warm-up, per-stage medians, peak RSS; each row in its own JVM):"
	echo
	provenance "$LOGS/bench-train.log"
	echo
	echo '```'
	benchTable "$LOGS/bench-train.log" "Training benchmark"
	echo '```'
	echo
	echo "Sliding-window inference (\`Bench infer\`):"
	echo
	provenance "$LOGS/bench-infer.log"
	echo
	echo '```'
	benchTable "$LOGS/bench-infer.log" "Inference benchmark"
	echo '```'
	echo
	echo "Leak check (\`Bench leak --iterations 1000\`, Mean Teacher, patch 32³, 1 thread): NDArrays held by the run and resident memory."
	provenance "$LOGS/bench-leak.log"
	echo
	echo '```'
	sed -n '/^iteration  /,$p' "$LOGS/bench-leak.log"
	echo '```'
	if [[ -f $LOGS/before-after.md ]]; then
		echo
		echo "## Performance work, before and after"
		echo
		cat "$LOGS/before-after.md"
	fi
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
