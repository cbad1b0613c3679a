#!/usr/bin/env python3
"""Loads a state_dict written by `runner export --format pytorch` into the PyTorch classes of pytorch_train.py
(TinyCnn is defined here: the anchor has no tiny model) and reproduces the probabilities TorchSharp computed for
the reference chunks saved with `--reference` (file `<export>.reference.pt`). Prints the max |difference| and
exits 1 when it exceeds --tolerance. Run by hand with Debian's python3-torch (not in CI):

  runner export --model JOB --format pytorch --reference some.wav
  /usr/bin/python3 bench/anchors/check_export.py JOB/model.pytorch.pt

`--print-keys MODEL OUTPUTS` prints the state_dict keys of a PyTorch class instead (the fixture
tests/Export/Fixtures/pytorch_keys_MODEL.txt that the C# key-map test compares with).
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_train import MixedNet, Model9, SameConv, avg_pool_same  # noqa: E402


class TinyCnn(nn.Module):
    """src/Model/Models/TinyCnn.cs: 2 × (3×3 conv → BN (torch defaults) → ReLU → avg pool same), GAP, dense."""

    def __init__(self, outputs=1):
        super().__init__()
        self.conv1, self.norm1 = SameConv(1, 8, 3), nn.BatchNorm2d(8)
        self.conv2, self.norm2 = SameConv(8, 16, 3), nn.BatchNorm2d(16)
        self.head = nn.Linear(16, outputs)

    def forward(self, x):
        x = avg_pool_same(F.relu(self.norm1(self.conv1(x))))
        x = avg_pool_same(F.relu(self.norm2(self.conv2(x))))
        return self.head(x.mean((2, 3)))


MODELS = {"tiny": TinyCnn, "mixednet": MixedNet, "model9": Model9}


def load(path):
    if path.endswith(".safetensors"):
        from safetensors.torch import load_file  # python3-safetensors, if installed
        return load_file(path)
    return torch.load(path, map_location="cpu")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("state_dict", nargs="?")
    ap.add_argument("--sidecar", help="model.json of the checkpoint (default: beside the state_dict)")
    ap.add_argument("--reference", help="reference chunks (default: <state_dict stem>.reference.pt)")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--print-keys", nargs=2, metavar=("MODEL", "OUTPUTS"))
    a = ap.parse_args()
    if a.print_keys:
        for key in MODELS[a.print_keys[0]](int(a.print_keys[1])).state_dict():
            print(key)
        return 0
    if not a.state_dict:
        ap.error("a state_dict file is needed")
    folder = os.path.dirname(os.path.abspath(a.state_dict))
    sidecar = json.load(open(a.sidecar or os.path.join(folder, "model.json")))
    stem = os.path.splitext(os.path.abspath(a.state_dict))[0]
    reference = load(a.reference or stem + ".reference.pt")

    model = MODELS[sidecar["model"]](sidecar["outputs"])
    model.load_state_dict(load(a.state_dict), strict=True)  # every key, exact names and shapes
    model.eval()
    with torch.no_grad():
        probabilities = torch.sigmoid(model(reference["inputs"]))
    diff = (probabilities - reference["probabilities"]).abs().max().item()
    print(json.dumps({"model": sidecar["model"], "task": sidecar["task"], "chunks": reference["inputs"].shape[0],
                      "torch": torch.__version__, "max_abs_diff": diff, "tolerance": a.tolerance}))
    return 0 if diff <= a.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
