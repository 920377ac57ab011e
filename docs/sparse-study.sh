#!/usr/bin/env bash
# Training from sparse annotations on the left-atrium split of docs/parity.sh (issue 19, item 4):
# an equal annotation budget three ways, each trained supervised only and with Mean Teacher, the kept
# model scored on the full labels of the 20 held-out cases. Not part of CI; the runs take hours.
#
#   docs/sparse-study.sh prepare     the sparse copies $STUDY/la-a, la-b, la-c (docs/sparse-study.py), with
#                                    their slice counts and annotated-voxel fractions (also in $STUDY/settings.txt)
#   docs/sparse-study.sh run         for each setting, method and seed: docs/parity.sh ours on that copy
#   docs/sparse-study.sh table       Dice, HD95 and ASD per setting and method (mean of the seeds), markdown
#
# Settings: (a) the first 2 cases labeled in full + the other 58 training cases unlabeled; (b) the
# first 16 cases with every k-th axial slice annotated, k giving (a)'s slice count, + 44 unlabeled;
# (c) the first 16 cases with every 4th axial slice. Not-annotated voxels hold 255 (unannotated=255).
# Environment: LA_DIR (default ../shared/data/LA), STUDY (default sparse-work), SEEDS (default
# "1337 1338"), ITERATIONS (default 800, docs/parity.sh's; set 2 to check the script end to end), and
# docs/parity.sh's PEER and REF_TOOLS. The split lists go to $STUDY/lists, not docs/logs/parity.
set -euo pipefail
cd "$(dirname "$0")/.."
LA_DIR=$(realpath "${LA_DIR:-../shared/data/LA}")
STUDY=$(realpath -m "${STUDY:-sparse-work}")
SEEDS=${SEEDS:-1337 1338}
export LA_DIR ITERATIONS=${ITERATIONS:-800} PEER=${PEER:-$STUDY} LISTS=$STUDY/lists
mkdir -p "$STUDY"

case "${1:-}" in
	prepare)
		: > "$STUDY/settings.txt"
		for s in a b c; do
			/usr/bin/python3 docs/sparse-study.py "$LA_DIR" "$STUDY/la-$s" $s 255 | tee -a "$STUDY/settings.txt"
		done
		;;
	run)
		# parity.sh's lists: (a) labeled-2 / unlabeled-2, (b) and (c) its 16 labeled / 44 unlabeled
		docs/parity.sh split
		docs/parity.sh split 2
		for s in a b c; do
			labeled=""; [[ $s == a ]] && labeled=2
			for seed in $SEEDS; do
				for method in "Supervised only" "Mean Teacher"; do
					tag=$([[ $method == "Mean Teacher" ]] && echo mt || echo sup)
					LA_DIR=$STUDY/la-$s LABELED=$labeled docs/parity.sh ours "sparse-$s-$tag-$seed" "$method" "$seed" unannotated=255
				done
			done
		done
		;;
	table)
		cat "$STUDY/settings.txt"
		echo
		echo "| setting | method | seeds | Dice | HD95 (vox) | ASD (vox) |"
		echo "|---|---|---|---|---|---|"
		for s in a b c; do
			for tag in sup mt; do
				/usr/bin/python3 - "$PEER/runs" "sparse-$s-$tag" "$s" "$tag" $SEEDS <<'PY'
import os, re, statistics, sys
runs, prefix, setting, tag, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
rows = []
for seed in seeds:
    path = os.path.join(runs, "%s-%s" % (prefix, seed), "eval_la.out")
    if not os.path.exists(path): continue
    m = re.findall(r"MEAN dice ([\d.]+) jaccard [\d.]+ hd95 ([\d.]+) asd ([\d.]+)", open(path).read())
    if m: rows.append([float(v) for v in m[-1]])
if rows:
    mean = lambda k: statistics.mean(r[k] for r in rows)
    print("| %s | %s | %d | %.4f | %.2f | %.2f |" % (setting, "Mean Teacher" if tag == "mt" else "supervised only", len(rows),
        mean(0), mean(1), mean(2)))
PY
			done
		done
		;;
	*)
		sed -n '2,17p' "$0"
		exit 2
		;;
esac
