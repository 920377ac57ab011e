#!/usr/bin/env bash
# Stages the Fiji update site for Mean Teacher: builds the plugin jar, copies its runtime
# dependencies, and lays out jars/ without what Fiji already ships (provided-by-fiji.txt).
# Usage: update-site/stage.sh [staging folder]   (default: update-site/staging, rebuilt each run)
# The site carries the CPU libtorch of every platform DJL's JNI jar serves among Linux x86-64,
# Windows x86-64 and Apple silicon (jars/linux64, jars/win64, jars/macos-arm64), each downloaded by
# Maven once; the stager names them (--native-classifiers) and refuses a site that lacks one.
# PAIRING=cuda stages the main site on the CUDA pairing (DJL 0.33.0, libtorch 2.5.1 CPU natives), the
# one the CUDA site below goes with (README, GPU); its JNI has no Windows library, so no jars/win64.
#
# update-site/stage.sh --cuda [staging folder]   (default: update-site/staging-cuda)
# stages the separate site "Mean Teacher CUDA" instead: only DJL's CUDA natives of the CUDA pairing
# (pom profile cuda: pytorch-native-cu124 2.5.1), jars/linux64/, about 2.4 GB, downloaded by Maven.
# Not jars/win64/: that pairing's pytorch-jni carries no Windows library, so they could never load.
set -euo pipefail
cuda=0
if [ "${1:-}" = "--cuda" ]; then cuda=1; shift; fi
default=staging
if [ $cuda -eq 1 ]; then default=staging-cuda; fi
# A folder argument is taken relative to where the script was called from.
target=$(realpath -m "${1:-$(dirname "$0")/$default}")
cd "$(dirname "$0")/.."
deps=target/update-site-dependencies
copy=(dependency:copy-dependencies -DincludeScope=runtime -Dmdep.useRepositoryLayout=true -DoutputDirectory="$deps")
# Only the default folder is ours to clear; a folder given by hand must be new or empty.
if [ $# -eq 0 ]; then rm -rf "$target"; fi
rm -rf "$deps"
if [ $cuda -eq 1 ]; then
	# The stager is tooling (src/tools/java), compiled with the tests; it needs no CUDA pairing.
	mvn -B -q -DskipTests test-compile
	# Only jars with a platform classifier are natives: the CUDA ones under -Pcuda.
	mvn -B -q -Pcuda -Dpytorch.native.classifier=linux-x86_64 -DincludeClassifiers=linux-x86_64 "${copy[@]}"
	java -cp target/test-classes sc.fiji.meanteacher.site.UpdateSiteStager --cuda-natives "$deps" "$target"
	exit 0
fi
profiles=()
case "${PAIRING:-}" in
	'') ;;
	cuda) profiles=(-Pcuda-pairing-on-cpu) ;;
	*) echo "stage: PAIRING must be empty or cuda, got '$PAIRING'" >&2; exit 1 ;;
esac
mvn -B -q "${profiles[@]}" -DskipTests package "${copy[@]}"
stager=(java -cp target/test-classes sc.fiji.meanteacher.site.UpdateSiteStager)
classifiers=$("${stager[@]}" --native-classifiers "$deps")
for classifier in $classifiers; do
	# The pom's own platform came with the package run above.
	if compgen -G "$deps/ai/djl/pytorch/pytorch-native-*/*/pytorch-native-*-$classifier.jar" > /dev/null; then continue; fi
	mvn -B -q "${profiles[@]}" -Dpytorch.native.classifier="$classifier" "${copy[@]}"
done
jars=$(ls target/mean-teacher-*.jar | grep -v -e '-sources\.jar$' -e '-tests\.jar$' -e '-javadoc\.jar$')
if [ "$(echo "$jars" | wc -l)" -ne 1 ]; then echo "stage: expected one plugin jar in target/, found: $jars" >&2; exit 1; fi
"${stager[@]}" "$jars" "$deps" update-site/provided-by-fiji.txt "$target"
