#!/usr/bin/env bash
# Trains a small Mean Teacher model headless (synthetic data, 40 iterations), exports it as TorchScript,
# as UA-MT state dicts for (z, y, x) and (x, y, z) arrays and as a BioImage Model Zoo package, and checks
# all of them in real PyTorch with check_exchange.py. Needs Debian's python3-torch and python3-yaml; not
# part of the test suite. About two minutes on 2 cores.
#   src/test/python/check_exchange.sh [output folder, default target/exchange-check]
# With UAMT_CODE=<UA-MT checkout>/code in the environment the state dicts also go into UA-MT's own V-Net.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:-target/exchange-check}
mvn -B -q -o -DskipTests package dependency:copy-dependencies -DincludeScope=runtime
CP="target/mean-teacher-0.1.0-SNAPSHOT.jar:target/dependency/*"
run() {
	OMP_WAIT_POLICY=PASSIVE java -Xmx4g -Dmeanteacher.threads=1 -cp "$CP" sc.fiji.meanteacher.Main --headless --run "$1" "$2"
}
rm -rf "$OUT"
mkdir -p "$OUT"
run "Mean Teacher Demo Data" "output='$OUT/data',cases=6,labeled=2,size='48,48,32'"
run "Train Mean Teacher" "images='$OUT/data/images',labels='$OUT/data/labels',output='$OUT/model',patch='48,32,16',iterations=40,rampup=1,checkpoint=1000"
MODEL="$OUT/model/last-model.zip"
run "Export Mean Teacher Model" "model='$MODEL',format='TorchScript (.pt)',output='$OUT/net.pt'"
run "Export Mean Teacher Model" "model='$MODEL',format='PyTorch state dict (.pth)',output='$OUT/net.pth',axes='z,y,x'"
run "Export Mean Teacher Model" "model='$MODEL',format='PyTorch state dict (.pth)',output='$OUT/net-xyz.pth',axes='x,y,z'"
run "Export Mean Teacher Model" "model='$MODEL',format='BioImage Model Zoo (.zip)',output='$OUT/zoo.zip',name='Synthetic atrium Mean Teacher',authors='Mean Teacher for Fiji check',samplefile='$OUT/data/images/synthetic-005.tif'"
/usr/bin/python3 src/test/python/check_exchange.py "$OUT"
