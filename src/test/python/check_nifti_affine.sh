#!/usr/bin/env bash
# Segments NIfTI inputs headless and checks with nibabel that every label file (and probability
# file) carries its input's affine, shape, pixdim, units and qform/sform with their codes
# (check_nifti_affine.py). The model is tiny and trained in seconds: 40 iterations on four
# 32 x 32 x 8 stacks of 1 x 1 x 4 mm voxels at spacing=1,1,1, so Segment resamples every input
# (anisotropic and oblique, isotropic 2 mm, qform only) to 1 mm and the results back to its grid.
# Needs Debian's python3-nibabel; not part of the test suite. About two minutes on 2 cores.
#   src/test/python/check_nifti_affine.sh [output folder, default target/nifti-affine-check]
# Its output is kept in docs/logs/nifti-affine-check.log.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:-target/nifti-affine-check}
mvn -B -q -o -DskipTests package dependency:copy-dependencies -DincludeScope=runtime
CP="target/mean-teacher-0.1.0-SNAPSHOT.jar:target/dependency/*"
run() {
	OMP_WAIT_POLICY=PASSIVE java -Xmx2g -Dmeanteacher.threads=1 -cp "$CP" sc.fiji.meanteacher.Main --headless --run "$1" "$2"
}
rm -rf "$OUT"
mkdir -p "$OUT"
/usr/bin/python3 src/test/python/check_nifti_affine.py make "$OUT"
run "Train Mean Teacher" "images='$OUT/train/images',labels='$OUT/train/labels',output='$OUT/model',spacing='1,1,1',patch='16,16,16',depth=3,iterations=40,batch=4,labeledbatch=2,checkpoint=1000"
run "Segment with Mean Teacher" "model='$OUT/model/best-model.zip',folder='$OUT/test',output='$OUT/pred',probabilities=true"
/usr/bin/python3 src/test/python/check_nifti_affine.py check "$OUT"
