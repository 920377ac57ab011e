#!/usr/bin/env python3
"""Sparse copies of the left-atrium cases for docs/sparse-study.sh (issue 19, item 4).

    sparse-study.py LA_DIR OUT_DIR SETTING NOT_ANNOTATED

writes OUT_DIR/<case>/mri_norm2.h5 for every case of LA_DIR/cases.list: the labeled cases of the
setting with their label kept on some axial slices (the last axis, z) and NOT_ANNOTATED elsewhere,
every other case linked as it is (the 20 held-out cases keep their full labels for scoring).
Settings, on the split of docs/parity.sh (the first 60 of cases.list train, the last 20 are held out):
  a  the first 2 cases labeled in full
  b  the first 16 cases, every k-th slice, k chosen so that their slice count is closest to a's
  c  the first 16 cases, every 4th slice
Prints the labeled cases, the annotated slice count and the annotated-voxel fraction (of the labeled
volumes, and of all 60 training volumes). Debian's python3 with h5py and numpy; not part of CI.
"""
import os, sys
import h5py, numpy as np

la_dir, out_dir, setting, not_annotated = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cases = [c.strip() for c in open(os.path.join(la_dir, "cases.list")) if c.strip()]
train = cases[:60]

def depth(case):
    with h5py.File(os.path.join(la_dir, case, "mri_norm2.h5"), "r") as f:
        return f["label"].shape[2]

def voxels(case):
    with h5py.File(os.path.join(la_dir, case, "mri_norm2.h5"), "r") as f:
        return int(np.prod(f["label"].shape))

budget = sum(depth(c) for c in train[:2])
if setting == "a":
    labeled, step = train[:2], 1
elif setting == "b":
    labeled = train[:16]
    # the step whose every-k-th slices come closest to a's budget
    step = min(range(1, 1 + max(depth(c) for c in labeled)),
               key=lambda k: abs(sum(len(range(0, depth(c), k)) for c in labeled) - budget))
elif setting == "c":
    labeled, step = train[:16], 4
else:
    sys.exit("setting must be a, b or c, got '%s'" % setting)

os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "cases.list"), "w") as f:
    f.write("\n".join(cases) + "\n")
slices = annotated = labeled_voxels = 0
for case in cases:
    src, dst = os.path.join(la_dir, case), os.path.join(out_dir, case)
    if case not in labeled:
        if not os.path.lexists(dst): os.symlink(os.path.abspath(src), dst)
        continue
    with h5py.File(os.path.join(src, "mri_norm2.h5"), "r") as f:
        image, label = f["image"][:], f["label"][:]
    keep = np.zeros(label.shape[2], dtype=bool)
    keep[::step] = True
    sparse = label.copy()
    sparse[:, :, ~keep] = not_annotated
    os.makedirs(dst, exist_ok=True)
    tmp = os.path.join(dst, "mri_norm2.h5.tmp")
    with h5py.File(tmp, "w") as g:
        g.create_dataset("image", data=image)
        g.create_dataset("label", data=sparse.astype(np.uint8))
    os.replace(tmp, os.path.join(dst, "mri_norm2.h5"))
    slices += int(keep.sum())
    annotated += int(keep.sum()) * label.shape[0] * label.shape[1]
    labeled_voxels += label.size
all_voxels = sum(voxels(c) for c in train)
print("setting %s: %d labeled volumes (%s .. %s), an axial slice in every %d annotated: %d annotated slices (setting a: %d); "
      "annotated voxels %.4f of the labeled volumes, %.4f of the 60 training volumes"
      % (setting, len(labeled), labeled[0], labeled[-1], step, slices, budget, annotated / labeled_voxels, annotated / all_voxels))
