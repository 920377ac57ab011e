#!/usr/bin/env python3
"""Checks the plugin's exports in real PyTorch (Debian's python3-torch; never run by CI): run
src/test/python/check_exchange.sh, which trains a small model headless, exports it and calls

  /usr/bin/python3 src/test/python/check_exchange.py FOLDER

FOLDER holds what the plugin wrote:
  net.pt       TorchScript (logits), written by the plugin's own code
  net.pth      state dict in the UA-MT layout for arrays in (z, y, x) order
  net-xyz.pth  the same weights for arrays in (x, y, z) order (the LA HDF5 layout of UA-MT)
  zoo.zip      BioImage Model Zoo package

Checked: every file loads in torch (torch.jit.load; torch.load, with weights_only where this torch has
it, into the V-Net of vnet_uamt_layout.py with load_state_dict(strict=True)); the package's rdf.yaml
parses, has the required fields and its files match their SHA-256; the package's TorchScript and its
state dict with the packaged architecture file reproduce the package's test output from its test input
after the declared preprocessing; the standalone TorchScript and both state dicts do too. The test
output was computed by the plugin's own network, so these are comparisons with its predictions.
With the environment variable UAMT_CODE naming the code folder of a UA-MT checkout (the one holding
networks/vnet.py), the state dicts are also loaded into UA-MT's own V-Net. Exit status 1 when a check fails.
"""
import hashlib, importlib.util, io, inspect, os, sys, tempfile, zipfile

import numpy as np
import torch
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ARCH = os.path.join(HERE, "..", "..", "main", "resources", "sc", "fiji", "meanteacher", "export", "vnet_uamt_layout.py")
TOLERANCE = 1e-4
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def torch_load(source):
    if "weights_only" in inspect.signature(torch.load).parameters:
        return torch.load(source, map_location="cpu", weights_only=True)
    return torch.load(source, map_location="cpu")


def axis_ids(tensor):
    return [a.get("id", {"batch": "batch", "channel": "channel"}.get(a["type"], "x")) for a in tensor["axes"]]


def preprocess(array, tensor):
    """Applies the rdf's preprocessing as the model description format defines it."""
    ids = axis_ids(tensor)
    x = array
    for step in tensor.get("preprocessing", []):
        kw = step.get("kwargs", {})
        reduce = tuple(ids.index(a) for a in kw.get("axes", ids))
        if step["id"] == "ensure_dtype":
            x = x.astype(kw["dtype"])
        elif step["id"] == "zero_mean_unit_variance":
            x = (x - x.mean(axis=reduce, keepdims=True)) / (x.std(axis=reduce, keepdims=True) + kw.get("eps", 1e-6))
        elif step["id"] == "scale_range":
            lo = np.percentile(x, kw.get("min_percentile", 0), axis=reduce, keepdims=True)
            hi = np.percentile(x, kw.get("max_percentile", 100), axis=reduce, keepdims=True)
            x = (x - lo) / (hi - lo + kw.get("eps", 1e-6))
        elif step["id"] == "clip":
            x = np.clip(x, kw.get("min"), kw.get("max"))
        else:
            raise ValueError("preprocessing " + step["id"] + " not implemented here")
    return x


def max_difference(a, b):
    return float(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)).max())


def check_package(path):
    print("--", path)
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    rdf = yaml.safe_load(files["rdf.yaml"].decode("utf-8"))
    check(str(rdf.get("format_version", "")).startswith("0.5."), "format_version %s" % rdf.get("format_version"))
    for field in ("type", "name", "description", "authors", "cite", "license", "documentation", "covers", "tags", "inputs",
                  "outputs", "weights", "timestamp"):
        check(field in rdf and rdf[field] not in (None, "", []), "rdf.yaml has " + field)
    check(rdf["documentation"] in files and rdf["covers"][0] in files, "documentation and cover are packaged")
    described = [rdf["inputs"][0]["test_tensor"], rdf["outputs"][0]["test_tensor"]] + list(rdf["weights"].values())
    if "pytorch_state_dict" in rdf["weights"]:
        described.append(rdf["weights"]["pytorch_state_dict"]["architecture"])
    for d in described:
        check(hashlib.sha256(files[d["source"]]).hexdigest() == d["sha256"], "sha256 of " + d["source"])
    inp, out = rdf["inputs"][0], rdf["outputs"][0]
    test_in = np.load(io.BytesIO(files[inp["test_tensor"]["source"]]))
    test_out = np.load(io.BytesIO(files[out["test_tensor"]["source"]]))
    check(axis_ids(inp) == ["batch", "channel", "z", "y", "x"], "input axes %s" % axis_ids(inp))
    print("      test input %s, test output %s, %.1f %% of the voxels foreground, probabilities %.3g to %.3g"
          % (test_in.shape, test_out.shape, 100 * (test_out.argmax(1) > 0).mean(), test_out.min(), test_out.max()))
    x = torch.from_numpy(np.ascontiguousarray(preprocess(test_in, inp)))

    ts = torch.jit.load(io.BytesIO(files[rdf["weights"]["torchscript"]["source"]]), map_location="cpu").eval()
    with torch.no_grad():
        d = max_difference(ts(x).numpy(), test_out)
    check(d < TOLERANCE, "package TorchScript reproduces the test output: max difference %.3g" % d)
    results = {"package torchscript": d}
    if "pytorch_state_dict" in rdf["weights"]:
        sd_descr = rdf["weights"]["pytorch_state_dict"]
        with tempfile.TemporaryDirectory() as tmp:
            arch_file = os.path.join(tmp, sd_descr["architecture"]["source"])
            with open(arch_file, "wb") as f:
                f.write(files[sd_descr["architecture"]["source"]])
            arch = load_module(arch_file, "packaged_architecture")
        net = getattr(arch, sd_descr["architecture"]["callable"])(**sd_descr["architecture"].get("kwargs", {}))
        result = net.load_state_dict(torch_load(io.BytesIO(files[sd_descr["source"]])), strict=True)
        check(not result.missing_keys and not result.unexpected_keys, "package state dict: load_state_dict(strict=True)")
        net.eval()
        with torch.no_grad():
            d = max_difference(net(x).numpy(), test_out)
        check(d < TOLERANCE, "package state dict + %s reproduces the test output: max difference %.3g"
              % (sd_descr["architecture"]["source"], d))
        results["package state dict"] = d
        ts_state = ts.state_dict()
        same = set(ts_state) == set(net.state_dict()) and all(torch.equal(ts_state[k], net.state_dict()[k]) for k in ts_state)
        check(same, "package TorchScript and state dict hold the same %d tensors under the same keys" % len(ts_state))
    return rdf, x, test_out, results


def main(folder):
    print("torch", torch.__version__, "numpy", np.__version__)
    rdf, x, expected, results = check_package(os.path.join(folder, "zoo.zip"))

    print("--", os.path.join(folder, "net.pt"))
    ts = torch.jit.load(os.path.join(folder, "net.pt"), map_location="cpu").eval()
    print("      attributes: patch_size_xyz %s, class_names %s, intensity_normalization %s, input_scale %s, output %s"
          % (ts.patch_size_xyz, ts.class_names, ts.intensity_normalization, ts.input_scale, ts.output))
    with torch.no_grad():
        d = max_difference(torch.softmax(ts(x), 1).numpy(), expected)
    check(d < TOLERANCE, "TorchScript (logits) + softmax reproduces the test output: max difference %.3g" % d)
    results["torchscript"] = d

    vnet = load_module(ARCH, "vnet_uamt_layout").VNet
    kwargs = dict(rdf["weights"]["pytorch_state_dict"]["architecture"]["kwargs"], softmax=False)
    for name, xyz in (("net.pth", False), ("net-xyz.pth", True)):
        print("--", os.path.join(folder, name))
        net = vnet(**kwargs)
        result = net.load_state_dict(torch_load(os.path.join(folder, name)), strict=True)
        check(not result.missing_keys and not result.unexpected_keys, name + ": load_state_dict(strict=True) into the UA-MT V-Net")
        net.eval()
        with torch.no_grad():
            if xyz:  # the same volume as an (x, y, z) array, as UA-MT's LA files hold it
                p = torch.softmax(net(x.permute(0, 1, 4, 3, 2).contiguous()), 1).permute(0, 1, 4, 3, 2).numpy()
            else:
                p = torch.softmax(net(x), 1).numpy()
        d = max_difference(p, expected)
        check(d < TOLERANCE, "%s reproduces the test output%s: max difference %.3g"
              % (name, " on the (x, y, z) array" if xyz else "", d))
        results[name] = d
        if xyz:  # control: the kernels really were reversed, so the (z, y, x) array gives something else
            with torch.no_grad():
                wrong = max_difference(torch.softmax(net(x), 1).numpy(), expected)
            check(wrong > 1e-2, "control: %s on the (z, y, x) array does not reproduce it (max difference %.3g)" % (name, wrong))
    if os.environ.get("UAMT_CODE"):
        sys.path.insert(0, os.environ["UAMT_CODE"])
        from networks.vnet import VNet as UaMtVNet
        for name, xyz in (("net.pth", False), ("net-xyz.pth", True)):
            net = UaMtVNet(n_channels=1, n_classes=kwargs["n_classes"], n_filters=kwargs["n_filters"],
                           normalization=kwargs["normalization"], has_dropout=False)
            result = net.load_state_dict(torch_load(os.path.join(folder, name)), strict=True)
            check(not result.missing_keys and not result.unexpected_keys, name + ": strict load into UA-MT's networks/vnet.py")
            net.eval()
            with torch.no_grad():
                p = (torch.softmax(net(x.permute(0, 1, 4, 3, 2).contiguous()), 1).permute(0, 1, 4, 3, 2) if xyz
                     else torch.softmax(net(x), 1)).numpy()
            d = max_difference(p, expected)
            check(d < TOLERANCE, "%s in UA-MT's V-Net reproduces the test output: max difference %.3g" % (name, d))
            results["UA-MT " + name] = d
    print("max differences to the plugin's prediction:", ", ".join("%s %.3g" % kv for kv in results.items()))
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/exchange-check"))
