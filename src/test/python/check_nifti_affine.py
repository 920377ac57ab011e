#!/usr/bin/python3
"""Checks with nibabel that Segment's NIfTI labels lie on their inputs (run by check_nifti_affine.sh).

  check_nifti_affine.py make <folder>   writes the NIfTI volumes: train/images, train/labels
                                        (32 x 32 x 8 voxels of 1 x 1 x 4 mm) and test/, three
                                        inputs whose headers differ: anisotropic and oblique,
                                        isotropic, and one without an sform
  check_nifti_affine.py check <folder>  compares each label file in pred/ (and its probabilities)
                                        with its input in test/: affine, shape, pixdim, units,
                                        qform and sform with their codes; exits 1 on a difference

Not part of the test suite: it needs Debian's python3-nibabel and a built plugin.
"""
import os
import sys

import nibabel as nib
import numpy as np

SHAPE = (32, 32, 8)
RNG = np.random.default_rng(7)


def affine(zooms, degrees, offset, flip_x=False):
    """Voxel to mm: a rotation about z by `degrees` (x flipped if asked), scaled by the voxel size."""
    a = np.deg2rad(degrees)
    rotation = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    if flip_x:
        rotation = rotation @ np.diag([-1, 1, 1])
    m = np.eye(4)
    m[:3, :3] = rotation * np.asarray(zooms)
    m[:3, 3] = offset
    return m


def blob(shape, zooms, centre_mm, radius_mm):
    """A ball in mm (so on an anisotropic grid it spans fewer slices than rows), as labels and a noisy image."""
    grids = np.meshgrid(*[np.arange(n) * z for n, z in zip(shape, zooms)], indexing="ij")
    inside = sum((g - c) ** 2 for g, c in zip(grids, centre_mm)) <= radius_mm ** 2
    image = 100 + 80 * inside + RNG.normal(0, 10, shape)
    return image.astype(np.int16), inside.astype(np.uint8)


def make(folder):
    zooms = (1.0, 1.0, 4.0)
    for sub in ("train/images", "train/labels", "test"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for i in range(4):
        image, label = blob(SHAPE, zooms, (14 + i, 16, 14 + 2 * i), 7 + i)
        m = affine(zooms, 0, (-16, -16, -16))
        nib.save(nib.Nifti1Image(image, m), os.path.join(folder, "train/images/case%d.nii.gz" % i))
        if i < 2:
            nib.save(nib.Nifti1Image(label, m), os.path.join(folder, "train/labels/case%d.nii.gz" % i))
    tests = {
        # anisotropic and oblique, qform scanner (1) and sform aligned (2), as scanners write them
        "oblique-aniso.nii.gz": (SHAPE, zooms, affine(zooms, 25, (12.5, -40, 7), flip_x=True), 1, 2),
        # isotropic 2 mm voxels (so the model's 1 mm spacing up-samples it), sform only, uncompressed
        "iso-2mm.nii": ((16, 16, 16), (2.0, 2.0, 2.0), affine((2.0, 2.0, 2.0), 0, (-32, -32, -8)), 0, 4),
        # a qform alone (sform code 0), voxels 0.8 x 0.8 x 3 mm
        "qform-only.nii.gz": (SHAPE, (0.8, 0.8, 3.0), affine((0.8, 0.8, 3.0), -10, (3, 4, 5)), 1, 0),
    }
    for name, (shape, z, m, qcode, scode) in tests.items():
        image, _ = blob(shape, z, (13, 13, 12), 8)
        img = nib.Nifti1Image(image, None)
        img.set_qform(m, code=qcode) if qcode else img.set_qform(None, code=0)
        img.set_sform(m, code=scode) if scode else img.set_sform(None, code=0)
        img.header.set_zooms(z)
        img.header.set_xyzt_units("mm", "sec")
        nib.save(img, os.path.join(folder, "test", name))
        print("wrote test/%s: shape %s, pixdim %s, qform_code %d, sform_code %d"
              % (name, image.shape, tuple(float(v) for v in z), qcode, scode))


def base(name):
    return name[:-7] if name.endswith(".nii.gz") else name[:-4]


def compare(what, input_image, output, problems, extra_dims=()):
    i, o = input_image.header, output.header
    checks = [
        ("shape", input_image.shape + extra_dims, output.shape),
        ("affine", input_image.affine, output.affine),
        ("pixdim[1..3]", i["pixdim"][1:4], o["pixdim"][1:4]),
        ("xyzt_units", i["xyzt_units"], o["xyzt_units"]),
        ("qform_code", i["qform_code"], o["qform_code"]),
        ("sform_code", i["sform_code"], o["sform_code"]),
        ("qform", i.get_qform(), o.get_qform()),
        ("sform", i.get_sform(), o.get_sform()),
        ("quatern/qoffset", [i[k] for k in ("quatern_b", "quatern_c", "quatern_d", "qoffset_x", "qoffset_y", "qoffset_z")],
         [o[k] for k in ("quatern_b", "quatern_c", "quatern_d", "qoffset_x", "qoffset_y", "qoffset_z")]),
        ("pixdim[0] (qfac)", i["pixdim"][0], o["pixdim"][0]),
    ]
    for field, a, b in checks:
        same = np.array_equal(np.asarray(a), np.asarray(b))
        print("  %-16s %-5s %s" % (field, "same" if same else "DIFF", np.asarray(b).tolist() if not same or field in (
            "shape", "pixdim[1..3]", "qform_code", "sform_code") else ""))
        if not same:
            problems.append("%s: %s differs: input %s, output %s" % (what, field, np.asarray(a).tolist(), np.asarray(b).tolist()))


def check(folder):
    problems = []
    names = sorted(os.listdir(os.path.join(folder, "test")))
    for name in names:
        source = nib.load(os.path.join(folder, "test", name))
        labels_path = os.path.join(folder, "pred", base(name) + ".nii.gz")
        labels = nib.load(labels_path)
        print("%s -> pred/%s (%s)" % (name, os.path.basename(labels_path), labels.get_data_dtype()))
        compare(name + " labels", source, labels, problems)
        data = np.asarray(labels.dataobj)
        values = sorted(np.unique(data).tolist())
        print("  %-16s %s (%.0f %% foreground)" % ("label values", values, 100.0 * np.count_nonzero(data) / data.size))
        if labels.get_data_dtype() != np.uint8 or not set(values) <= {0, 1}:
            problems.append("%s: labels are %s with values %s, expected uint8 0/1" % (name, labels.get_data_dtype(), values))
        probabilities = nib.load(os.path.join(folder, "pred", "probabilities", base(name) + ".nii.gz"))
        print("  probabilities/%s (%s)" % (base(name) + ".nii.gz", probabilities.get_data_dtype()))
        compare(name + " probabilities", source, probabilities, problems)
    print()
    if problems:
        print("FAILED: %d difference(s)" % len(problems))
        for p in problems:
            print("  " + p)
        return 1
    print("OK: %d label files (and their probabilities) have their inputs' shape, affine, pixdim, units, qform and sform"
          % len(names))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "check"):
        sys.exit(__doc__)
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2]))
