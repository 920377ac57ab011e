#!/usr/bin/env python3
"""Writes the fixtures of the PyTorch-import tests (sc.fiji.meanteacher.exchange.ModelImportTest): a small
V-Net in the UA-MT state-dict layout (export/vnet_uamt_layout.py; 3 base filters, 4 stages, batch norm),
trained for a few steps by real PyTorch on arrays in the (x, y, z) order of the LA HDF5 files, saved with
torch.save(net.state_dict()) as the reference code saves its checkpoints, and the softmax PyTorch predicts
for a test volume. Also two files the import must refuse: a whole pickled module and a state dict in
PyTorch's legacy (non-zip) format.

Run once with Debian's python3-torch (never in CI):
  /usr/bin/python3 src/test/python/uamt_fixture.py src/test/resources/sc/fiji/meanteacher/exchange

Files:
  uamt-vnet-f3.pth           state dict (OrderedDict of float32 tensors, num_batches_tracked included)
  uamt-vnet-f3-expected.npz  'image' (48, 32, 16) float32, z-scored, axes (x, y, z);
                             'probabilities' (2, 48, 32, 16) float32, softmax of the network in eval mode
  pickled-module.pth         torch.save of an nn.Sequential object (not a state dict)
  legacy-format.pth          a state dict written with _use_new_zipfile_serialization=False
  views-protocol4.pth        tensors that share one storage at offsets and strides (a transposed view, a slice, every
                             third element), float16 and float64 copies, saved with pickle protocol 4
  views-expected.npz         the same tensors as contiguous float32 arrays
"""
import os, sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "resources", "sc", "fiji", "meanteacher", "export"))
from vnet_uamt_layout import VNet  # noqa: E402

SHAPE = (48, 32, 16)  # x, y, z: different lengths, so that a mixed-up axis order cannot go unnoticed
FILTERS, STEPS = 3, 40


def volume(seed):
    """A z-scored (x, y, z) array with an off-centre ellipsoid that is longest along x, and its mask."""
    rng = np.random.default_rng(seed)
    x, y, z = np.meshgrid(*(np.arange(n, dtype=np.float64) for n in SHAPE), indexing="ij")
    cx, cy, cz = 20 + 4 * rng.random(), 14 + 4 * rng.random(), 6 + 3 * rng.random()
    inside = ((x - cx) / 13) ** 2 + ((y - cy) / 8) ** 2 + ((z - cz) / 4.5) ** 2 < 1
    ramp = 0.02 * x - 0.03 * z  # a gradient along x and z breaks every mirror symmetry
    image = inside + ramp + 0.25 * rng.standard_normal(SHAPE)
    image = (image - image.mean()) / image.std()
    return image.astype(np.float32), inside.astype(np.int64)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    net = VNet(n_channels=1, n_classes=2, n_filters=FILTERS, normalization="batchnorm", has_dropout=True)
    pairs = [volume(s) for s in (1, 2)]
    x = torch.from_numpy(np.stack([p[0] for p in pairs])[:, None])
    y = torch.from_numpy(np.stack([p[1] for p in pairs]))
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    net.train()
    for step in range(STEPS):
        loss = F.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    net.eval()
    image, truth = volume(3)
    with torch.no_grad():
        p = F.softmax(net(torch.from_numpy(image)[None, None]), dim=1)[0].numpy()
    dice = 2 * ((p.argmax(0) == 1) & (truth == 1)).sum() / ((p.argmax(0) == 1).sum() + truth.sum())
    torch.save(net.state_dict(), os.path.join(out, "uamt-vnet-f3.pth"))
    np.savez(os.path.join(out, "uamt-vnet-f3-expected.npz"), image=image, probabilities=p.astype(np.float32))
    torch.save(torch.nn.Sequential(torch.nn.Conv3d(1, 2, 1)), os.path.join(out, "pickled-module.pth"))
    torch.save(torch.nn.Conv3d(1, 2, 1).state_dict(), os.path.join(out, "legacy-format.pth"),
               _use_new_zipfile_serialization=False)
    w = torch.arange(54, dtype=torch.float32).reshape(2, 1, 3, 3, 3) / 7 - 3
    views = {"weight": w, "transposed": w.transpose(0, 2), "slice": w.view(-1)[5:20], "step": w.view(-1)[1::3],
             "half": w.half(), "double": w.double()}
    torch.save(views, os.path.join(out, "views-protocol4.pth"), pickle_protocol=4)
    np.savez(os.path.join(out, "views-expected.npz"), **{k: v.float().contiguous().numpy() for k, v in views.items()})
    params = sum(t.numel() for t in net.state_dict().values())
    print("torch", torch.__version__, "last loss %.4f" % loss.item(), "test Dice %.3f" % dice, params, "state-dict elements")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
