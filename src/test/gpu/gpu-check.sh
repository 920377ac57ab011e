#!/usr/bin/env bash
# GPU check for a lent accelerator machine: the device report, the GPU-tagged tests
# (sc.fiji.meanteacher.gpu.GpuCheckSuite), `Bench train` at the reference patch 112x112x80 and
# `Bench infer`, then the figures.
#
# What the lent machine must have, and what it gets from us
#   - Linux x86_64, an NVIDIA GPU and its driver (CUDA 12.x: driver 525.60.13 or newer).
#   - libtorch with CUDA, of the version this build pairs with (2.7.1 for the default DJL 0.36.0),
#     supplied by the machine itself: CUDA natives are far larger than the 64 MiB that may be carried
#     there (DJL's pytorch-native-cu124 jar is 2.4 GB, a pip torch with CUDA about 3-4 GB). Through
#     the local-libtorch route (README, GPU): a pip install such as
#       pip install torch==2.7.1 --index-url https://download.pytorch.org/whl/cu128
#     is found with python3, or name its lib folder: LIBTORCH=<site-packages>/torch/lib.
#   - No Java and no Maven there: `bundle` (run here, with the JDK 17 and Maven of this project)
#     builds a folder of at most 64 MiB with
#       jre/   a jlink'ed Java 17 runtime (java.base, java.desktop, java.prefs, java.scripting, java.sql,
#              java.logging, java.xml, java.naming, java.rmi, java.compiler, jdk.management,
#              jdk.unsupported; native symbol tables stripped), about 47 MB
#       lib/   the plugin jar, the GPU tests' and the benchmarks' classes (mean-teacher-gpu-tests.jar: the
#              benchmarks are tooling, compiled with the tests), junit and hamcrest-core,
#              and every runtime dependency except the native libtorch jar (pytorch-native-cpu,
#              112 MB; the machine's CUDA libtorch replaces it), about 16 MB
#       gpu-check.sh   this script
#
# Usage
#   here:   src/test/gpu/gpu-check.sh bundle [folder]     (default target/gpu-check; prints its size)
#   there:  <folder>/gpu-check.sh run                     (LIBTORCH=... to name the libtorch folder)
#   QUICK=1 <folder>/gpu-check.sh run   small patches instead of the reference: a smoke test of the
#           bundle itself, e.g. on a CPU machine with LIBTORCH=<an unpacked CPU libtorch 2.7.1>
# `run` prints every command's output and ends with the BENCH lines and the GPU tests' summary;
# its exit status is non-zero when a step failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

bundle() {
	local out
	out=$(realpath -m "${1:-target/gpu-check}")
	cd "$here/../../.."
	if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then echo "gpu-check: $out is not empty" >&2; exit 1; fi
	mvn -B -q -DskipTests package
	mkdir -p "$out/lib"
	mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DexcludeClassifiers=linux-x86_64,win-x86_64,osx-aarch64 \
		-DoutputDirectory="$out/lib"
	mvn -B -q dependency:copy-dependencies -DincludeScope=test -DincludeArtifactIds=junit,hamcrest-core -DoutputDirectory="$out/lib"
	# the plugin jar, the GPU tests' and the benchmarks' classes (Bench starts child JVMs: process/); no sources, no native libtorch
	cp target/mean-teacher-*-SNAPSHOT.jar "$out/lib/"
	jar cf "$out/lib/mean-teacher-gpu-tests.jar" -C target/test-classes sc/fiji/meanteacher/gpu \
		-C target/test-classes sc/fiji/meanteacher/bench -C target/test-classes sc/fiji/meanteacher/process
	rm -f "$out"/lib/pytorch-native-*.jar
	jlink --add-modules java.base,java.compiler,java.desktop,java.prefs,java.rmi,java.scripting,java.sql,java.logging,java.xml,java.naming,jdk.management,jdk.unsupported \
		--strip-debug --strip-native-debug-symbols=exclude-debuginfo-files --no-header-files --no-man-pages --compress=2 \
		--output "$out/jre"
	# jlink keeps the symbol tables of libjvm.so and friends (4 MB): the runtime does not need them
	if command -v strip >/dev/null; then find "$out/jre" -name '*.so' -exec strip --strip-unneeded {} +; fi
	cp "$here/gpu-check.sh" "$out/"
	local bytes limit=$((64 * 1024 * 1024))
	bytes=$(du -sb "$out" | cut -f1)
	echo "gpu-check bundle: $out, $bytes bytes ($((bytes / 1024 / 1024)) MiB; limit 64 MiB)"
	ls -l "$out/lib"
	if [ "$bytes" -gt "$limit" ]; then echo "gpu-check: the bundle exceeds 64 MiB" >&2; exit 1; fi
}

run() {
	local java="$here/jre/bin/java" cp="$here/lib/*" lib status=0
	[ -x "$java" ] || { echo "gpu-check: no $java; run 'gpu-check.sh bundle' first and carry its folder" >&2; exit 2; }
	lib=${LIBTORCH:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null || true)}
	[ -n "$lib" ] || { echo "gpu-check: no libtorch: install torch (see the header) or set LIBTORCH" >&2; exit 2; }
	# The plugin's own route: it checks the folder, sets PYTORCH_LIBRARY_PATH and PYTORCH_FLAVOR for DJL.
	local opts=("-Xmx${HEAP:-24g}" -Dai.djl.offline=true -Dmeanteacher.libtorch="$lib")
	export OMP_WAIT_POLICY=PASSIVE
	local patches="112x112x80" size="224x224x160" infer_patch="112x112x80" iterations=10 train_iterations=100
	if [ -n "${QUICK:-}" ]; then patches="32x32x32"; size="64x64x48"; infer_patch="32x32x32"; iterations=2; train_iterations=2; fi
	local log
	log=$(mktemp -d)/gpu-check.log
	echo "== device report (libtorch folder $lib)"
	"$java" "${opts[@]}" -cp "$cp" sc.fiji.meanteacher.bench.Bench device | tee -a "$log" || status=1
	echo "== GPU tests"
	local tests=0
	"$java" "${opts[@]}" -cp "$cp" sc.fiji.meanteacher.gpu.GpuCheck | tee -a "$log" || tests=$?
	# 3: skipped for want of a usable GPU, expected only in a QUICK smoke run on a CPU
	if [ "$tests" -ne 0 ] && { [ "$tests" -ne 3 ] || [ -z "${QUICK:-}" ]; }; then status=1; fi
	echo "== Bench train $patches"
	"$java" "${opts[@]}" -cp "$cp" sc.fiji.meanteacher.bench.Bench train --patches "$patches" --methods mean-teacher,supervised,ua-mt \
		--threads 4 --warmup 2 --iterations "$iterations" | tee -a "$log" || status=1
	echo "== Bench infer $infer_patch on $size"
	"$java" "${opts[@]}" -cp "$cp" sc.fiji.meanteacher.bench.Bench infer --patch "$infer_patch" --size "$size" \
		--train-iterations "$train_iterations" --threads 4 | tee -a "$log" || status=1
	echo "== figures"
	grep -E '^(DEVICE (GPU|libtorch|NVIDIA)|BENCH |GPU TEST)' "$log" || true
	echo "full log: $log; exit status $status"
	return $status
}

case "${1:-}" in
	bundle) shift; bundle "$@" ;;
	run) shift; run "$@" ;;
	*) sed -n '2,31p' "$0"; exit 2 ;;
esac
