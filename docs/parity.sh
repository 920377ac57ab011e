#!/usr/bin/env bash
# Side-by-side runs of ours and the Python reference on the published left-atrium training list
# (docs/RESULTS.md, "Parity with the Python reference"). Not part of CI: the reference needs its
# code fetched by hand and Debian's python3-torch (see ../shared/tools/reference/README.md).
#
#   docs/parity.sh split [N]              write the split lists (docs/logs/parity/*.list); with N, the
#                                          label-count lists labeled-N.list / unlabeled-N.list (the first N
#                                          labeled, the rest of the first 60 unlabeled), which 'ours' uses
#                                          when LABELED=N is set
#   docs/parity.sh zscore                 the reference's data z-scored per volume ($PEER/data/la-half-z),
#                                          for 'ref' with REF_DATA=$PEER/data/la-half-z/volumes
#   [LABELED=N] docs/parity.sh ours NAME METHOD SEED [key=value ...]
#                                          headless Train, Segment, Evaluate; METHOD "Mean Teacher", "Copy-paste Mean Teacher" or
#                                          "Supervised only"; extra keys go to Train (e.g. init='he')
#   docs/parity.sh ref NAME mt|suplaseg SEED
#                                          reference training (LASeg script, UA-MT V-Net) + eval_la.py
#   docs/parity.sh collect                 copy the runs' logs (small) into docs/logs/parity/
#   docs/parity.sh table                   the side-by-side and A/B tables (markdown) from those logs
#   docs/parity.sh labelcount              the label-count table (runs named ours<N>-<bcp|mt|sup>-<seed>)
#
# Split: the last 20 cases of cases.list are the test set, the first 16 labeled, the 44 between
# unlabeled. Settings of both systems: every volume resampled by 0.5, patch 64x64x32, batch 4 with
# 2 labeled (supervised only: batch 2 of labeled cases), 800 iterations, consistency 0.1 ramped per
# iteration over the first 400, lr 0.01, EMA 0.99 (ITERATIONS overrides the 800 of 'ours', for a quick check). One
# torch/libtorch thread per run.
# Environment: LA_DIR (default ../shared/data/LA), LISTS (where the split lists go, default docs/logs/parity), PEER (scratch folder with UA-MT/ and LASeg/ code,
# the half-size copy of the data in data/la-half/ and the runs), REF_TOOLS (default
# ../shared/tools/reference), REF_DATA (the reference's data root, default $PEER/data/la-half/volumes).
set -euo pipefail
cd "$(dirname "$0")/.."
LA_DIR=$(realpath "${LA_DIR:-../shared/data/LA}")
REF_TOOLS=$(realpath "${REF_TOOLS:-../shared/tools/reference}")
LISTS=${LISTS:-docs/logs/parity}
RUNS=${PEER:-parity-work}/runs
mkdir -p "$LISTS" "$RUNS" target

case "${1:-}" in
	split)
		if [[ -n ${2:-} ]]; then
			sed -n "1,${2}p" "$LA_DIR/cases.list" > "$LISTS/labeled-$2.list"
			sed -n "$(($2 + 1)),60p" "$LA_DIR/cases.list" > "$LISTS/unlabeled-$2.list"
			exit 0
		fi
		sed -n 1,16p "$LA_DIR/cases.list" > "$LISTS/labeled.list"
		sed -n 17,60p "$LA_DIR/cases.list" > "$LISTS/unlabeled.list"
		sed -n 61,80p "$LA_DIR/cases.list" > "$LISTS/test.list"
		sed -n 1,60p "$LA_DIR/cases.list" > "$LISTS/train.list"
		echo "reference data: $REF_TOOLS/make_scaled_la.py --train-root $LA_DIR --train-list $LISTS/train.list" \
			"--test-root $LA_DIR --test-list $LISTS/test.list --out \$PEER/data/la-half --scale 0.5"
		;;
	zscore)
		src=${REF_DATA:-$PEER/data/la-half/volumes} dst=$PEER/data/la-half-z
		mkdir -p "$dst/volumes" && cp "$(dirname "$src")"/*.list "$dst/"
		/usr/bin/python3 - "$src" "$dst/volumes" <<'PY'
import os, sys
import h5py, numpy as np
src, dst = sys.argv[1:]
for case in sorted(os.listdir(src)):
    with h5py.File(os.path.join(src, case, "mri_norm2.h5"), "r") as f:
        image = f["image"][:].astype(np.float32); label = f["label"][:]
    os.makedirs(os.path.join(dst, case), exist_ok=True)
    with h5py.File(os.path.join(dst, case, "mri_norm2.h5"), "w") as g:
        g.create_dataset("image", data=((image - image.mean()) / image.std()).astype(np.float32))
        g.create_dataset("label", data=label)
PY
		;;
	ours)
		name=$2 method=$3 seed=$4; shift 4
		extra=""; for kv in "$@"; do extra="$extra,$kv"; done
		out=$RUNS/$name
		labeled=$LISTS/labeled.list unlabeled_list=$LISTS/unlabeled.list
		if [[ -n ${LABELED:-} ]]; then labeled=$LISTS/labeled-$LABELED.list unlabeled_list=$LISTS/unlabeled-$LABELED.list; fi
		# two runs may start at once (docs/results.sh la): one builds, the other waits
		flock target/.parity-build mvn -B -q -DskipTests package dependency:copy-dependencies -DincludeScope=runtime >&2
		cp="target/mean-teacher-0.1.0-SNAPSHOT.jar:target/dependency/*"
		run=(java -Xmx8g -Dmeanteacher.threads=1 -cp "$cp" sc.fiji.meanteacher.Main --headless --run)
		unlabeled="unlabeledlist='$unlabeled_list',"; [[ $method == "Supervised only" ]] && unlabeled=""
		mkdir -p "$out"
		/usr/bin/time -v "${run[@]}" "Train Mean Teacher" "images='$LA_DIR',labeledlist='$labeled',${unlabeled}output='$out/model',scale=0.5,patch='64,64,32',iterations=${ITERATIONS:-800},rampup=400,rampstep=1,seed=$seed,method='$method',progress=50$extra" > "$out/train.log" 2>&1
		"${run[@]}" "Segment with Mean Teacher" "model='$out/model/last-model.zip',folder='$LA_DIR',caselist='$LISTS/test.list',output='$out/pred'" > "$out/segment.log" 2>&1
		"${run[@]}" "Evaluate Mean Teacher Segmentation" "predictions='$out/pred',truth='$LA_DIR',caselist='$LISTS/test.list',csv='$out/metrics.csv'" > "$out/evaluate.log" 2>&1
		# the reference's metric code on the same label files
		PYTHONPATH=$RUNS/stubs /usr/bin/python3 "$REF_TOOLS/eval_la.py" --truth "$LA_DIR" --list "$LISTS/test.list" --ours "$out/pred" > "$out/eval_la.out" 2>&1
		if [[ -f $out/model/last-teacher-model.zip ]]; then
			"${run[@]}" "Segment with Mean Teacher" "model='$out/model/last-teacher-model.zip',folder='$LA_DIR',caselist='$LISTS/test.list',output='$out/pred-teacher'" > "$out/segment-teacher.log" 2>&1
			PYTHONPATH=$RUNS/stubs /usr/bin/python3 "$REF_TOOLS/eval_la.py" --truth "$LA_DIR" --list "$LISTS/test.list" --ours "$out/pred-teacher" > "$out/eval_la-teacher.out" 2>&1
		fi
		tail -1 "$out/eval_la.out"
		;;
	ref)
		name=$2 method=$3 seed=$4
		work=$RUNS/$name
		data=${REF_DATA:-$PEER/data/la-half/volumes}
		ramp=(); [[ $method == mt ]] && ramp=(--ramp-per-iteration --extra --consistency_rampup=400)
		batch=4; [[ $method == suplaseg ]] && batch=2
		"$REF_TOOLS/run_reference.sh" --uamt "$PEER/UA-MT" --laseg "$PEER/LASeg" --data "$data" --method "$method" \
			--patch 64,64,32 --labelnum 16 --iters 800 --threads 1 --workers 1 --seed "$seed" --batch $batch "${ramp[@]}" \
			--work "$work" > "$work.out" 2>&1
		mkdir -p "$RUNS/stubs" && cp -r "$work/stubs/." "$RUNS/stubs/"
		ckpt=$(grep -o 'checkpoint=.*' "$work/summary.txt" | cut -d= -f2)
		PYTHONPATH=$work/stubs /usr/bin/python3 "$REF_TOOLS/eval_la.py" --truth "$LA_DIR" --list "$LISTS/test.list" --ref "$ckpt" \
			--uamt-code "$work/uamt/code" --scaled-root "$data" --patch 64,64,32 --threads 1 > "$work/eval_la.out" 2>&1
		tail -1 "$work/eval_la.out"
		;;
	collect)
		for run in "$RUNS"/*/; do
			name=$(basename "$run")
			[[ -f $run/eval_la.out ]] || continue
			{
				if [[ -f $run/train.log ]]; then # ours
					grep -E '^\[INFO\] (training |iteration [0-9]*00/)' "$run/train.log" || true
					grep -E 'Maximum resident|Elapsed \(wall' "$run/train.log" | sed 's/^[[:space:]]*/time: /'
					grep -E '^(mean|sd)[[:space:]]' "$run/evaluate.log" | sed 's/^/Evaluate: /' || true
				else # the reference
					cat "$run/summary.txt"
				fi
				echo "eval_la.py (student):"
				cat "$run/eval_la.out"
				[[ -f $run/eval_la-teacher.out ]] && echo "eval_la.py (EMA teacher): $(tail -1 "$run/eval_la-teacher.out")"
			} > "$LISTS/$name.log"
		done
		ls "$LISTS"
		;;
	table)
		python3 - "$LISTS" <<'PY'
import glob, os, re, statistics, sys
logs = sys.argv[1]

def run(name):
    path = os.path.join(logs, name + ".log")
    if not os.path.exists(path): return None
    text = open(path).read()
    means = re.findall(r"MEAN dice ([\d.]+) jaccard [\d.]+ hd95 ([\d.]+) asd ([\d.]+)", text)
    teacher = re.search(r"\(EMA teacher\): MEAN dice ([\d.]+) jaccard [\d.]+ hd95 ([\d.]+) asd ([\d.]+)", text)
    wall = re.search(r"train_wall_s=(\d+)", text)
    if wall: wall = int(wall.group(1))
    else:
        h = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1).split(":")
        wall = sum(float(v) * 60 ** i for i, v in enumerate(reversed(h)))
    rss = re.search(r"peak_pss_process_tree_MiB=(\d+)", text)
    rss = int(rss.group(1)) / 1024 if rss else int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024 ** 2
    student = [float(v) for v in means[0 if teacher is None else 0]]
    return {"student": student, "teacher": [float(v) for v in teacher.groups()] if teacher else None, "wall": wall, "rss": rss}

def row(label, names, part="student"):
    runs = [(n, run(n)) for n in names]
    runs = [(n, r) for n, r in runs if r is not None and r[part] is not None]
    if not runs: return None
    dice = [r[part][0] for _, r in runs]
    seeds = " / ".join("%.4f" % d for d in dice)
    mean = lambda k: statistics.mean(r[part][k] for _, r in runs)
    print("| %s | %d | **%.4f** | %s | %.2f | %.2f | %.0f s | %.1f GiB |" % (label, len(runs), statistics.mean(dice), seeds,
        mean(1), mean(2), statistics.mean(r["wall"] for _, r in runs), max(r["rss"] for _, r in runs)))
    return statistics.mean(dice)

head = "| run | seeds | Dice (mean) | Dice per seed | HD95 (vox) | ASD (vox) | train wall | peak memory |\n|---|---|---|---|---|---|---|---|"
seeds = ["1337", "1338", "1339"]
print(head)
mtt = row("ours, Mean Teacher: EMA teacher (best-model.zip)", ["ours-mt-%s-torchinit" % s for s in seeds], "teacher")
mt = row("ours, Mean Teacher: student (last-model.zip)", ["ours-mt-%s-torchinit" % s for s in seeds])
sup = row("ours, supervised only", ["ours-sup-%s-torchinit" % s for s in seeds])
refz = row("reference Mean Teacher, input z-scored as ours", ["ref-mt-%s-zscore" % s for s in seeds])
ref = row("reference Mean Teacher, input as stored (mri_norm2)", ["ref-mt-%s" % s for s in seeds])
row("reference supervised only (LASeg train_sup, batch 2), as stored", ["ref-sup-%s" % s for s in seeds])
print()
print("Differences of the means, in Dice points: ours MT − ours supervised %+.2f with the EMA teacher (%+.2f with the student);"
      " ours MT − reference MT (which evaluates its student) on the same z-scored input %+.2f (%+.2f), on its stored input %+.2f (%+.2f)."
      % (100 * (mtt - sup), 100 * (mt - sup), 100 * (mtt - refz), 100 * (mt - refz), 100 * (mtt - ref), 100 * (mt - ref)))
def mean_of(names, part="student"):
    return statistics.mean(run(n)[part][0] for n in names)
two = seeds[:2]
print()
print("On the reference's two seeds (%s) alone: ours EMA teacher %.4f, student %.4f, supervised %.4f; reference MT %.4f"
      " (z-scored input), %.4f (as stored)." % (" and ".join(two), mean_of(["ours-mt-%s-torchinit" % s for s in two], "teacher"),
      mean_of(["ours-mt-%s-torchinit" % s for s in two]), mean_of(["ours-sup-%s-torchinit" % s for s in two]),
      mean_of(["ref-mt-%s-zscore" % s for s in two]), mean_of(["ref-mt-%s" % s for s in two])))
print()
print("A/B runs, the student's Dice (each pair differs in one setting; seed 1337 unless more are given):")
print()
print(head)
row("ours MT, He init (the old default)", ["ours-mt-1337-he"])
row("ours MT, PyTorch's default init (the new default)", ["ours-mt-1337-torchinit"])
row("ours supervised, He init (the old default)", ["ours-sup-1337-he"])
row("ours supervised, PyTorch's default init", ["ours-sup-1337-torchinit"])
row("ours MT, PyTorch init, intensity='none' (the reference's input)", ["ours-mt-%s-none" % s for s in seeds])
row("ours MT, PyTorch init, z-score (the default)", ["ours-mt-%s-torchinit" % s for s in seeds[:2]])
PY
		;;
	labelcount)
		# the label-count study (issue 23): runs named ours<N>-<bcp|mt|sup>-<seed>, collected first
		python3 - "$LISTS" <<'PY'
import glob, os, re, statistics, sys
logs = sys.argv[1]
def parse(path):
    text = open(path).read()
    student = re.search(r"eval_la.py \(student\):.*?MEAN dice ([\d.]+) jaccard [\d.]+ hd95 ([\d.]+) asd ([\d.]+)", text, re.S)
    teacher = re.search(r"\(EMA teacher\): MEAN dice ([\d.]+) jaccard [\d.]+ hd95 ([\d.]+) asd ([\d.]+)", text)
    h = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1).split(":")
    wall = sum(float(v) * 60 ** i for i, v in enumerate(reversed(h)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024 ** 2
    return {"student": [float(v) for v in student.groups()], "teacher": [float(v) for v in teacher.groups()] if teacher else None,
            "wall": wall, "rss": rss}
runs = {}
for path in sorted(glob.glob(os.path.join(logs, "ours*-*-*.log"))):
    m = re.fullmatch(r"ours(\d+)-(bcp|mt|sup)-(\d+)", os.path.basename(path)[:-4])
    if m: runs.setdefault((int(m.group(1)), m.group(2)), []).append((m.group(3), parse(path)))
names = {"sup": "Supervised only", "mt": "Mean Teacher", "bcp": "Copy-paste Mean Teacher"}
print("| labeled | method | model | seeds | Dice (mean) | Dice per seed | HD95 (vox) | ASD (vox) | train wall | peak memory |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (n, method), rs in sorted(runs.items(), key=lambda kv: (kv[0][0], ["sup", "mt", "bcp"].index(kv[0][1]))):
    parts = [("student", "student (last-model.zip)")] if method == "sup" else [("teacher", "**EMA teacher (best-model.zip, kept)**"), ("student", "student (last-model.zip)")]
    for part, label in parts:
        got = [(seed, r) for seed, r in rs if r[part]]
        if not got: continue
        dice = [r[part][0] for _, r in got]
        print("| %d | %s | %s | %s | **%.4f** | %s | %.2f | %.2f | %.0f s | %.1f GiB |" % (n, names[method], label, ", ".join(s for s, _ in got),
            statistics.mean(dice), " / ".join("%.4f" % d for d in dice), statistics.mean(r[part][1] for _, r in got),
            statistics.mean(r[part][2] for _, r in got), statistics.mean(r["wall"] for _, r in got), max(r["rss"] for _, r in got)))
PY
		;;
	*)
		sed -n '2,/^set -euo/p' "$0" | sed '$d'
		exit 2
		;;
esac
