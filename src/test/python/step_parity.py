#!/usr/bin/env python3
"""Writes the fixture of the step-parity test (sc.fiji.meanteacher.train.StepParityTest): three Mean
Teacher training steps of the UA-MT-layout V-Net (export/vnet_uamt_layout.py; 16 filters, 4 stages,
batch norm, no dropout) in real PyTorch, from weights and a batch that both sides compute from the
same formulas, so that no tensor needs to be stored. What is stored, per tensor, is a summary:
element count, sum, L2 norm and the dot product with the probe sin(1.3 i + 0.2) over the flat
C-order index i of the tensor in PyTorch's layout.

The reference computes in float64 from the float32 starting values both sides share, so the
fixture does not depend on the processor that wrote it (a float32 fixture held the rounding of the
AVX-512 machine it was made on, 3e-4 off what AVX2 machines compute). What the test may then expect
of a float32 implementation was measured with --dtype float32 (torch 1.13, AVX2) against the
float64 run; StepParityTest's tolerances say what was found:
  - logits and losses at every step and after the last one agree to about 3e-4 of their norm;
  - the first gradient (momentum buffer after step 0) to about 1e-3;
  - later gradients do not: the first update moves some units to where float32 rounding decides
    their ReLU and batch-norm path, and the second gradient differs by 2-5 % between two correct
    float32 implementations. The weights after the steps are therefore compared loosely, and the
    steps' effect is checked through the logits the updated weights compute, which stay close.
Consistency weight 2 (not the reference's 0.1) makes the consistency's share of the first gradient
large enough that a weight 10 % off shows; EMA decay 0.6 makes min(1 - 1/(step + 1), decay) take
the ramp at step 1 (0.5) and the cap at step 2 (0.6).

Run once with Debian's python3-torch (never in CI):
  /usr/bin/python3 src/test/python/step_parity.py src/test/resources/sc/fiji/meanteacher/train/step-parity.json
Settings can be changed (--weight, --momentum, --weight-decay, --ema, --steps, --dtype) to see how
far a mistaken setting or float32 moves each summary.

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
  0.5 (CE + soft Dice) on the labeled items + 2 * softmax MSE on the unlabeled ones, SGD
  (lr 0.01, momentum 0.9, weight decay 1e-4), then EMA with decay min(1 - 1/(step + 1), 0.6).
  After the last step both networks run once more on the batch (teacher on the noisy unlabeled
  items), and the parameters are stored as their change from the student's starting weights.
"""
import json, math, os, sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "resources", "sc", "fiji", "meanteacher", "export"))
from vnet_uamt_layout import VNet  # noqa: E402

SIZE, BATCH, LABELED = 32, 4, 2
STEPS, WEIGHT, LR, MOMENTUM, DECAY, EMA = 3, 2.0, 0.01, 0.9, 1e-4, 0.6


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


def state_summary(net, start):
    """Parameters as their change from the student's starting weights (what the steps did: a
    summary of the weights themselves would hide an update 1000 times smaller than them), batch-norm
    running statistics as they are."""
    out = {}
    for k, v in net.state_dict().items():
        if k.endswith("num_batches_tracked"):
            continue
        out[k] = summary(v - start[k] if k in start else v)
    return out


def main(out, dtype, steps, weight, momentum, decay, ema):
    torch.manual_seed(0)
    student = VNet(1, 2, 16, "batchnorm", has_dropout=False)
    teacher = VNet(1, 2, 16, "batchnorm", has_dropout=False)
    student.load_state_dict(formula_state(student, 1))
    teacher.load_state_dict(formula_state(teacher, 2))
    # both sides start from the same float32 values; the reference computes from there in float64,
    # where its rounding lies far below the test's tolerance on any processor
    student.to(dtype)
    teacher.to(dtype)
    start = {n: p.detach().clone() for n, p in student.named_parameters()}
    for p in teacher.parameters():
        p.requires_grad_(False)
    student.train()
    teacher.train()
    opt = torch.optim.SGD(student.parameters(), lr=LR, momentum=momentum, weight_decay=decay)
    x, y, noise = (t.to(dtype) if t.is_floating_point() else t for t in batch())
    records = []
    for step in range(steps):
        with torch.no_grad():
            t_logits = teacher(x[LABELED:] + noise)
        logits = student(x)
        ce = F.cross_entropy(logits[:LABELED], y)
        soft = F.softmax(logits, dim=1)
        fg, target = soft[:LABELED, 1], (y == 1).to(dtype)
        dice = 1 - (2 * (fg * target).sum() + 1e-5) / ((fg * fg).sum() + (target * target).sum() + 1e-5)
        supervised = 0.5 * (ce + dice)
        consistency = F.mse_loss(F.softmax(logits[LABELED:], dim=1), F.softmax(t_logits, dim=1))
        loss = supervised + weight * consistency
        opt.zero_grad()
        loss.backward()
        opt.step()
        alpha = min(1 - 1 / (step + 1), ema)
        with torch.no_grad():
            for tp, sp in zip(teacher.parameters(), student.parameters()):
                tp.mul_(alpha).add_(sp, alpha=1 - alpha)
        record = {"teacherLogits": summary(t_logits), "studentLogits": summary(logits), "crossEntropy": ce.item(),
                  "dice": dice.item(), "supervised": supervised.item(), "consistency": consistency.item(), "loss": loss.item()}
        if step == 0:  # the gradient from the formula weights; later gradients are too chaotic to compare (see above)
            names = [k for k, _ in student.named_parameters()]
            record["momentum"] = {n: summary(opt.state[p]["momentum_buffer"]) for n, p in zip(names, student.parameters())}
        records.append(record)
    states = {"student": state_summary(student, start), "teacher": state_summary(teacher, start)}
    with torch.no_grad():  # after the states: in training mode this pass moves the running statistics
        last = {"teacherLogits": summary(teacher(x[LABELED:] + noise)), "studentLogits": summary(student(x))}
    fixture = {"torch": torch.__version__, "dtype": str(dtype).replace("torch.", ""), "weight": weight, "lr": LR,
               "momentum": momentum, "weightDecay": decay, "emaDecay": ema, "steps": records, "last": last, **states}
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True, allow_nan=False)
    print("wrote", out, "losses", [(round(r["supervised"], 6), round(r["consistency"], 8)) for r in records])


if __name__ == "__main__":
    import argparse
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("out", nargs="?", default="step-parity.json")
    a.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                   help="float32 only to see how far two float32 implementations drift (never for the fixture)")
    a.add_argument("--steps", type=int, default=STEPS)
    a.add_argument("--weight", type=float, default=WEIGHT)
    a.add_argument("--momentum", type=float, default=MOMENTUM)
    a.add_argument("--weight-decay", type=float, default=DECAY)
    a.add_argument("--ema", type=float, default=EMA)
    o = a.parse_args()
    main(o.out, getattr(torch, o.dtype), o.steps, o.weight, o.momentum, o.weight_decay, o.ema)
