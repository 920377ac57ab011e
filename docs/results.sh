#!/usr/bin/env bash
# Regenerates docs/RESULTS.md: runs the README main job, the real-data (LA) side by side with the
# Python reference (docs/parity.sh) and the benchmarks, keeps their logs in docs/logs/, and
# assembles the tables.
#
#   docs/results.sh             everything (about 7 h on 2 cores), then assemble
#   docs/results.sh synthetic   only the main job        docs/results.sh la      only the LA runs
#   docs/results.sh bench       only the benchmarks      docs/results.sh assemble  only write RESULTS.md
#
# LA_DIR (default ../shared/data/LA) is the folder of LA cases (<case>/mri_norm2.h5); PEER the
# reference's folder for docs/parity.sh (see its header).
set -euo pipefail
cd "$(dirname "$0")/.."
LOGS=docs/logs
LA_DIR=${LA_DIR:-../shared/data/LA}
WORK=${RESULTS_WORK:-results-work}
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
	# the side by side with the Python reference on the published split (docs/parity.sh: its header says what it needs)
	docs/parity.sh split
	[[ -d $PEER/data/la-half ]] || /usr/bin/python3 ../shared/tools/reference/make_scaled_la.py --train-root "$LA_DIR" \
		--train-list docs/logs/parity/train.list --test-root "$LA_DIR" --test-list docs/logs/parity/test.list \
		--out "$PEER/data/la-half" --scale 0.5
	[[ -d $PEER/data/la-half-z ]] || docs/parity.sh zscore
	for seed in 1337 1338 1339; do
		docs/parity.sh ours ours-mt-$seed-torchinit "Mean Teacher" $seed &
		docs/parity.sh ours ours-sup-$seed-torchinit "Supervised only" $seed
		wait
	done
	for seed in 1337 1338; do
		REF_DATA=$PEER/data/la-half-z/volumes docs/parity.sh ref ref-mt-$seed-zscore mt $seed &
		docs/parity.sh ref ref-mt-$seed mt $seed
		wait
		docs/parity.sh ref ref-sup-$seed suplaseg $seed
	done
	docs/parity.sh ours ours-mt-1337-he "Mean Teacher" 1337 "init='he'" &
	docs/parity.sh ours ours-sup-1337-he "Supervised only" 1337 "init='he'"
	wait
	docs/parity.sh ours ours-mt-1337-none "Mean Teacher" 1337 "intensity='none'" &
	docs/parity.sh ours ours-mt-1338-none "Mean Teacher" 1338 "intensity='none'"
	wait
	docs/parity.sh collect
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
	echo "## Parity with the Python reference: left-atrium MRI, published split"
	echo
	echo "Commands: \`docs/results.sh la\`, i.e. the \`docs/parity.sh\` runs it lists (the script's header says what the"
	echo "reference needs). Split (\`docs/logs/parity/*.list\`): the last 20 cases of \`cases.list\` (the published training"
	echo "list, in its order) are the test set, the first 16 labeled, the 44 between unlabeled. Both systems: every volume"
	echo "resampled by 0.5, patch 64×64×32, batch 4 with 2 labeled (supervised only: 2 labeled), 800 iterations, consistency"
	echo "0.1 ramped per iteration over the first 400, lr 0.01, EMA 0.99, one libtorch/torch thread per run. Ours ran"
	echo "headless through the Fiji commands (*Train*, *Segment*, *Evaluate*); the reference is LASeg's \`train_mean_teacher.py\`"
	echo "/ \`train_sup.py\` with the UA-MT V-Net (Debian's torch 1.13), patched for the CPU by \`../shared/tools/reference/\`."
	echo "Every row is scored by one metric code (\`eval_la.py\`, on the original grid; our *Evaluate* agrees to 3"
	echo "decimals). \"z-scored as ours\" is the reference trained and tested on a copy of its data z-scored per volume."
	echo "Logs: \`docs/logs/parity/<run>.log\`. Wall times come from a busy machine (2 cores, 2 to 3 runs at once and test"
	echo "suites beside them): compare them only roughly; the memory of ours is RSS (seed 1339 ran after the forward"
	echo "pass began to free its intermediates: 2.5 GiB, the earlier runs 3.8 to 4.3 GiB), the reference's the PSS of its"
	echo "process tree (data workers included)."
	echo "Our labels in these rows came from Segment as it was then: the labels of a model with \`scale\` 0.5 were brought"
	echo "back to the original grid class by class. Since 2026-12-07 (the \`spacing\` change) Segment brings the probabilities"
	echo "back and takes the most probable class, so labels and probability maps agree; the rows have not been rerun with it"
	echo "(the models of these runs are not kept), so ours may differ from them at the boundaries."
	echo
	docs/parity.sh table
	echo
	if [[ -f $LOGS/parity/ours-mt-1337-final.log ]]; then
		echo "Rerun of ours, Mean Teacher, seed 1337 with the build that keeps the EMA teacher as the best model"
		echo "(\`docs/logs/parity/ours-mt-1337-final.log\`): the same losses line for line and the same Dice, student"
		echo "$(grep -m1 -o 'MEAN dice [0-9.]*' "$LOGS/parity/ours-mt-1337-final.log" | awk '{print $NF}'), EMA teacher"
		echo "$(grep -o 'EMA teacher): MEAN dice [0-9.]*' "$LOGS/parity/ours-mt-1337-final.log" | awk '{print $NF}')."
		echo
	fi
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
