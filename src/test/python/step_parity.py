#!/usr/bin/env python3
"""Writes the fixture of the step-parity test (sc.fiji.meanteacher.train.StepParityTest): two Mean
Teacher training steps of the UA-MT-layout V-Net (export/vnet_uamt_layout.py; 16 filters, 4 stages,
batch norm, no dropout) in real PyTorch, from weights and a batch that both sides compute from the
same formulas, so that no tensor needs to be stored. What is stored, per tensor, is a summary:
element count, sum, L2 norm and the dot product with the probe sin(1.3 i + 0.2) over the flat
C-order index i of the tensor in PyTorch's layout.

Run once with Debian's python3-torch (never in CI):
  /usr/bin/python3 src/test/python/step_parity.py src/test/resources/sc/fiji/meanteacher/train/step-parity.json

Formulas (mirrored in StepParityTest):
  u(i, k, seed) in [-1, 1): the 32-bit hash of uniform() below of element i (flat C-order index in
  PyTorch's layout), k = index of the tensor among the state-dict entries (num_batches_tracked
  skipped), seed 1 for the student, 2 for the teacher. Convolution weights and biases
  u / sqrt(fan_in), fan_in = numel / shape[0] of the weight (PyTorch's default scale; for
  ConvTranspose3d (in, out, 2, 2, 2) that is out * 8); batch-norm weights 1 + 0.1 u, biases 0.1 u;
  running statistics PyTorch's defaults (0 and 1). (Smooth formulas such as sin(a i + b) make
  an ill-conditioned network whose gradients differ by 30 % between two correct implementations.)
  Batch of 4 items (2 labeled) of 32^3 (the deepest stage 2^3, so that batch norm there sees 32
  values per channel: with 16^3, 4 values, float rounding grows to 0.5 in the logits): inside_b = distance from (15.5 + 0.5 b, 15.5, 16 - 0.3 b) < 11
  over the array axes (a0, a1, a2); image = inside + 0.3 sin(0.913 j + b), j the flat index within
  the item; labels of items 0 and 1 = inside; teacher noise on items 2 and 3 =
  clamp(0.25 sin(1.7 j + 0.5), -0.2, 0.2), j the flat index over the (2, 1, 32, 32, 32) tensor.
  Step: teacher on the noisy unlabeled items (no gradient), student on the batch, loss =
  0.5 (CE + soft Dice) on the labeled items + 0.05 * softmax MSE on the unlabeled ones, SGD
  (lr 0.01, momentum 0.9, weight decay 1e-4), then EMA with decay min(1 - 1/(step + 1), 0.99).
"""
import json, math, os, sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "resources", "sc", "fiji", "meanteacher", "export"))
from vnet_uamt_layout import VNet  # noqa: E402

SIZE, BATCH, LABELED = 32, 4, 2
WEIGHT, LR, MOMENTUM, DECAY, EMA = 0.05, 0.01, 0.9, 1e-4, 0.99


M32 = 0xFFFFFFFF


def uniform(n, k, seed):
    """n values in [-1, 1) from a 32-bit integer hash of (element i, tensor k, seed): exact on both sides."""
    x = (np.arange(n, dtype=np.uint64) + np.uint64((0x9E3779B9 * (k + 1) + 0x85EBCA6B * seed) & M32)) & np.uint64(M32)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x7FEB352D)) & np.uint64(M32)
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x846CA68B)) & np.uint64(M32)
    x ^= x >> np.uint64(16)
    return x.astype(np.float64) / 2.0 ** 31 - 1


def formula_state(net, seed):
    state = {}
    k = 0
    bn_prefixes = {name for name, m in net.named_modules() if isinstance(m, torch.nn.BatchNorm3d)}
    fan_in = {}
    for key, t in net.state_dict().items():
        if key.endswith("num_batches_tracked"):
            continue
        prefix, param = key.rsplit(".", 1)
        u = uniform(t.numel(), k, seed)
        if param in ("running_mean", "running_var"):
            v = t.numpy().astype(np.float64).ravel()
        elif prefix in bn_prefixes:
            v = 1 + 0.1 * u if param == "weight" else 0.1 * u
        else:
            if t.dim() >= 2:
                fan_in[prefix] = t.numel() / t.shape[0]
            v = u / math.sqrt(fan_in[prefix])
        state[key] = torch.from_numpy(v.reshape(tuple(t.shape)).astype(np.float32))
        k += 1
    return state


def batch():
    a0, a1, a2 = np.meshgrid(np.arange(SIZE), np.arange(SIZE), np.arange(SIZE), indexing="ij")
    j = np.arange(SIZE ** 3, dtype=np.float64).reshape(SIZE, SIZE, SIZE)
    images, labels = [], []
    for b in range(BATCH):
        inside = ((a0 - 15.5 - 0.5 * b) ** 2 + (a1 - 15.5) ** 2 + (a2 - 16 + 0.3 * b) ** 2) < 11 ** 2
        images.append(inside + 0.3 * np.sin(0.913 * j + b))
        labels.append(inside.astype(np.int64))
    x = torch.from_numpy(np.stack(images)[:, None].astype(np.float32))
    y = torch.from_numpy(np.stack(labels[:LABELED]))
    jn = np.arange((BATCH - LABELED) * SIZE ** 3, dtype=np.float64)
    noise = np.clip(0.25 * np.sin(1.7 * jn + 0.5), -0.2, 0.2).reshape(BATCH - LABELED, 1, SIZE, SIZE, SIZE)
    return x, y, torch.from_numpy(noise.astype(np.float32))


def summary(t):
    v = t.detach().double().contiguous().view(-1).numpy()
    probe = np.sin(1.3 * np.arange(v.size, dtype=np.float64) + 0.2)
    return {"n": int(v.size), "sum": float(v.sum()), "norm": float(np.sqrt((v * v).sum())), "probe": float(v @ probe)}


def state_summary(net):
    return {k: summary(v) for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}


def main(out):
    torch.manual_seed(0)
    student = VNet(1, 2, 16, "batchnorm", has_dropout=False)
    teacher = VNet(1, 2, 16, "batchnorm", has_dropout=False)
    student.load_state_dict(formula_state(student, 1))
    teacher.load_state_dict(formula_state(teacher, 2))
    for p in teacher.parameters():
        p.requires_grad_(False)
    student.train()
    teacher.train()
    opt = torch.optim.SGD(student.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=DECAY)
    x, y, noise = batch()
    steps = []
    for step in range(2):
        with torch.no_grad():
            t_logits = teacher(x[LABELED:] + noise)
        logits = student(x)
        ce = F.cross_entropy(logits[:LABELED], y)
        soft = F.softmax(logits, dim=1)
        fg, target = soft[:LABELED, 1], (y == 1).float()
        dice = 1 - (2 * (fg * target).sum() + 1e-5) / ((fg * fg).sum() + (target * target).sum() + 1e-5)
        supervised = 0.5 * (ce + dice)
        consistency = F.mse_loss(F.softmax(logits[LABELED:], dim=1), F.softmax(t_logits, dim=1))
        loss = supervised + WEIGHT * consistency
        opt.zero_grad()
        loss.backward()
        opt.step()
        alpha = min(1 - 1 / (step + 1), EMA)
        with torch.no_grad():
            for tp, sp in zip(teacher.parameters(), student.parameters()):
                tp.mul_(alpha).add_(sp, alpha=1 - alpha)
        record = {"teacherLogits": summary(t_logits), "studentLogits": summary(logits), "crossEntropy": ce.item(),
                  "dice": dice.item(), "supervised": supervised.item(), "consistency": consistency.item(), "loss": loss.item()}
        if step == 0:
            names = [k for k, _ in student.named_parameters()]
            record["momentum"] = {n: summary(opt.state[p]["momentum_buffer"]) for n, p in zip(names, student.parameters())}
        steps.append(record)
    fixture = {"torch": torch.__version__, "weight": WEIGHT, "lr": LR, "momentum": MOMENTUM, "weightDecay": DECAY,
               "emaDecay": EMA, "steps": steps, "student": state_summary(student), "teacher": state_summary(teacher)}
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True, allow_nan=False)
    print("wrote", out, "losses", [(round(s["supervised"], 6), round(s["consistency"], 8)) for s in steps])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "step-parity.json")
