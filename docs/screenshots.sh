#!/usr/bin/env bash
# Takes the README's screenshots (docs/*.png) in a real ImageJ session under Xvfb: a short training
# on open demo images (training window mid-run), a segmentation (label image, input with its class
# outlines) and an evaluation (results table). About 2 minutes on 2 CPU cores.
# Needs Debian's xvfb package (xvfb-run); the PNGs land in the folder given (default: docs/).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs}"
command -v xvfb-run > /dev/null || { echo "xvfb-run not found: apt-get install xvfb" >&2; exit 2; }
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/screenshots.classpath
export OMP_WAIT_POLICY=PASSIVE
xvfb-run -a -s "-screen 0 2400x1500x24" java -Xmx4g -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch \
  -cp "target/classes:target/test-classes:$(cat target/screenshots.classpath)" sc.fiji.meanteacher.docs.Screenshots "$out"
