#!/usr/bin/python3
"""Writes the NIfTI fixtures of NiftiFileTest with nibabel (Debian's python3-nibabel).

Each fixture is a tiny volume (5 x 4 x 3) as another program writes it; expected.json holds
what nibabel reads back from each: the shape, the voxel values after scaling (x fastest, as
the plugin lays them out), the voxel size in mm, the qform/sform fields and the affine.
The files the plugin must refuse (an RGB and a complex volume, a 4-D series) are written too.

Run from the repository root:  /usr/bin/python3 src/test/python/nifti_fixtures.py
"""
import json
import os

import nibabel as nib
import numpy as np

OUT = os.path.join("src", "test", "resources", "sc", "fiji", "meanteacher", "volume", "nifti")
SHAPE = (5, 4, 3)
RNG = np.random.default_rng(20)


def rotated_affine(zooms, offset):
    """A rotation about z by 30 degrees with a flipped x axis, scaled by the voxel size."""
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    rotation = np.array([[-c, -s, 0], [-s, c, 0], [0, 0, 1]])
    affine = np.eye(4)
    affine[:3, :3] = rotation * np.asarray(zooms)
    affine[:3, 3] = offset
    return affine


def save(name, image):
    path = os.path.join(OUT, name)
    nib.save(image, path)
    return path


def expected(path):
    """What nibabel reads back from the file, for the Java test to compare with."""
    image = nib.load(path)
    header = image.header
    units = {"meter": 1000.0, "mm": 1.0, "micron": 0.001, "unknown": 1.0}[header.get_xyzt_units()[0]]
    data = np.asanyarray(image.dataobj)
    entry = {
        "shape": [int(n) for n in header.get_data_shape()],
        "datatype": int(header["datatype"]),
        "bigEndian": header.endianness == ">",
        "voxelSizeMm": [float(z) * units for z in header.get_zooms()[:3]],
        "qformCode": int(header["qform_code"]),
        "sformCode": int(header["sform_code"]),
        "qfac": float(header["pixdim"][0]),
        "quaternion": [float(header[k]) for k in ("quatern_b", "quatern_c", "quatern_d")],
        "qoffset": [float(header[k]) for k in ("qoffset_x", "qoffset_y", "qoffset_z")],
        "srow": [[float(v) for v in header[k]] for k in ("srow_x", "srow_y", "srow_z")],
        "affine": [[float(v) for v in row] for row in image.affine],
    }
    if data.dtype.kind in "uif":
        entry["values"] = [float(v) for v in image.get_fdata().ravel(order="F")]
    return entry


def main():
    os.makedirs(OUT, exist_ok=True)
    fixtures = {}

    # int16 with scl_slope/scl_inter, rotated qform and a different sform, mm
    raw = RNG.integers(-300, 300, size=SHAPE).astype(np.int16)
    image = nib.Nifti1Image(raw, None)
    image.header.set_qform(rotated_affine((0.7, 0.8, 1.5), (-10.5, 20.25, 3.0)), code=1)
    image.header.set_sform(rotated_affine((0.7, 0.8, 1.5), (1.0, 2.0, 3.0)), code=2)
    image.header.set_xyzt_units("mm", "sec")
    image.header.set_slope_inter(0.5, -3.0)
    fixtures["int16-scaled.nii"] = expected(save("int16-scaled.nii", image))

    # float32, compressed, voxel size in micrometres
    values = RNG.normal(size=SHAPE).astype(np.float32)
    image = nib.Nifti1Image(values, np.diag([2.5, 3.0, 4.0, 1.0]))
    image.header.set_xyzt_units("micron")
    fixtures["float32.nii.gz"] = expected(save("float32.nii.gz", image))

    # uint16 in big-endian byte order
    header = nib.Nifti1Header(endianness=">")
    raw = RNG.integers(0, 65535, size=SHAPE).astype(">u2")
    image = nib.Nifti1Image(raw, np.diag([1.25, 1.25, 2.0, 1.0]), header)
    image.set_data_dtype(">u2")
    image.header.set_xyzt_units("mm")
    fixtures["uint16-big-endian.nii"] = expected(save("uint16-big-endian.nii", image))

    # uint8 labels stored 4-D with one volume
    labels = RNG.integers(0, 3, size=SHAPE + (1,)).astype(np.uint8)
    image = nib.Nifti1Image(labels, rotated_affine((1.0, 1.0, 2.0), (5.0, -5.0, 0.0)))
    image.header.set_xyzt_units("mm")
    fixtures["uint8-4d-one-volume.nii.gz"] = expected(save("uint8-4d-one-volume.nii.gz", image))

    # int32 and float64 in NIfTI-2
    raw = RNG.integers(-100000, 100000, size=SHAPE).astype(np.int32)
    image = nib.Nifti2Image(raw, rotated_affine((0.5, 0.5, 0.5), (1.0, 1.0, 1.0)))
    image.header.set_xyzt_units("mm")
    fixtures["int32-nifti2.nii"] = expected(save("int32-nifti2.nii", image))
    values = RNG.normal(size=SHAPE).astype(np.float64)
    image = nib.Nifti2Image(values, np.diag([0.001, 0.002, 0.003, 1.0]))
    image.header.set_xyzt_units("meter")
    fixtures["float64-nifti2.nii.gz"] = expected(save("float64-nifti2.nii.gz", image))

    # refused: RGB, complex, a series of two volumes
    rgb = np.zeros(SHAPE, dtype=[("R", "u1"), ("G", "u1"), ("B", "u1")])
    fixtures["rgb24.nii"] = expected(save("rgb24.nii", nib.Nifti1Image(rgb, np.eye(4))))
    complex_values = (RNG.normal(size=SHAPE) + 1j * RNG.normal(size=SHAPE)).astype(np.complex64)
    fixtures["complex64.nii"] = expected(save("complex64.nii", nib.Nifti1Image(complex_values, np.eye(4))))
    series = RNG.integers(0, 100, size=SHAPE + (2,)).astype(np.int16)
    fixtures["series-4d.nii"] = expected(save("series-4d.nii", nib.Nifti1Image(series, np.eye(4))))

    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"nibabel": nib.__version__, "fixtures": fixtures}, f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
