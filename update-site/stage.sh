#!/usr/bin/env bash
# Stages the Fiji update site for Mean Teacher: builds the plugin jar, copies its runtime
# dependencies, and lays out jars/ without what Fiji already ships (provided-by-fiji.txt).
# Usage: update-site/stage.sh [staging folder]   (default: update-site/staging, rebuilt each run)
# NATIVES="osx-aarch64 win-x86_64" adds libtorch for more platforms (downloaded by Maven).
set -euo pipefail
# A folder argument is taken relative to where the script was called from.
target=$(realpath -m "${1:-$(dirname "$0")/staging}")
cd "$(dirname "$0")/.."
deps=target/update-site-dependencies
copy=(dependency:copy-dependencies -DincludeScope=runtime -Dmdep.useRepositoryLayout=true -DoutputDirectory="$deps")
# Only the default folder is ours to clear; a folder given by hand must be new or empty.
if [ $# -eq 0 ]; then rm -rf "$target"; fi
rm -rf "$deps"
mvn -B -q -DskipTests package "${copy[@]}"
for classifier in ${NATIVES:-}; do mvn -B -q -Dpytorch.native.classifier="$classifier" "${copy[@]}"; done
jars=$(ls target/mean-teacher-*.jar | grep -v -e '-sources\.jar$' -e '-tests\.jar$' -e '-javadoc\.jar$')
if [ "$(echo "$jars" | wc -l)" -ne 1 ]; then echo "stage: expected one plugin jar in target/, found: $jars" >&2; exit 1; fi
java -cp target/classes sc.fiji.meanteacher.site.UpdateSiteStager "$jars" "$deps" update-site/provided-by-fiji.txt "$target"
