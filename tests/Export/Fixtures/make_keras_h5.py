#!/usr/bin/env python3
"""Writes the original's Keras HDF5 layout for `runner import --from keras` tests (tests/Export/KerasImportTests.cs).

Weights are those of our own model's PyTorch twin (bench/anchors/pytorch_train.py, the classes `runner export --format
pytorch` writes state_dicts for): seeded random parameters and BatchNorm statistics, or a state_dict given with
--state-dict (a `runner export --format pytorch` file). They are written as tf.keras 2 saved them, converted here with
numpy independently of the C# importer: channels-last kernels (Conv2D [kh, kw, in, out], DepthwiseConv2D
[kh, kw, in, 1], Dense [in, out]), Keras' automatic layer names of a fresh session (conv2d, conv2d_1, ...; model9's
InvertedResidual sub-layers inverted_residual/conv2d_5/kernel:0, ...), weightless layers listed too, in both layouts:
  <model>_weights.h5  model.save_weights(): root attrs layer_names, backend, keras_version; one group per layer
  <model>_full.h5     model.save(): the same under model_weights, plus model_config (JSON) on the root
and <model>_expected.h5: `inputs` [N, 1, mels, frames] and the twin's sigmoid `probabilities` [N, outputs].

Run with Debian's python3-torch and python3-h5py (never in CI):
  /usr/bin/python3 tests/Export/Fixtures/make_keras_h5.py --model mixednet --out tests/Export/Fixtures/keras
The committed fixtures are mixednet's (0.4 MB each); model9's are 25 MB each, so KerasImportTests writes model9's
file itself, and this script writes it only for a manual check (--out /tmp/...).
"""
import argparse
import json
import os
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "bench", "anchors"))
from pytorch_train import MixedNet, Model9  # noqa: E402

MELS, FRAMES, INPUTS = 32, 40, 3


class Names:
    """Keras' per-kind name counters in a fresh session."""

    def __init__(self):
        self.counts = {}

    def next(self, kind):
        n = self.counts.get(kind, 0)
        self.counts[kind] = n + 1
        return kind if n == 0 else f"{kind}_{n}"


def conv(w):  # torch [out, in, kh, kw] -> keras [kh, kw, in, out]
    return w.permute(2, 3, 1, 0).contiguous().numpy()


def depthwise(w):  # torch [c, 1, kh, kw] -> keras [kh, kw, c, 1]
    return w.permute(2, 3, 0, 1).contiguous().numpy()


def dense(w):  # torch [out, in] -> keras [in, out]
    return w.t().contiguous().numpy()


def bn(sd, prefix, scope):
    return [(f"{scope}/gamma:0", sd[prefix + ".weight"].numpy()), (f"{scope}/beta:0", sd[prefix + ".bias"].numpy()),
            (f"{scope}/moving_mean:0", sd[prefix + ".running_mean"].numpy()),
            (f"{scope}/moving_variance:0", sd[prefix + ".running_var"].numpy())]


def mixednet_layers(sd):
    """(layer name, class, [(weight name, keras array)], config extras) in mixednet.py's creation order."""
    names, layers = Names(), [("input_1", "InputLayer", [], {})]
    for i in range(5):
        c = names.next("conv2d")
        layers.append((c, "Conv2D", [(f"{c}/kernel:0", conv(sd[f"convs.{i}.conv.weight"])), (f"{c}/bias:0", sd[f"convs.{i}.conv.bias"].numpy())], {}))
        m = names.next("mix_depth_group_convolution2d")
        subs = [names.next("depthwise_conv2d") for _ in range(5)]
        layers.append((m, "MixDepthGroupConvolution2D",
                       [(f"{m}/{s}/depthwise_kernel:0", depthwise(sd[f"mixes.{i}.convs.{j}.conv.weight"])) for j, s in enumerate(subs)], {}))
        layers.append((names.next("average_pooling2d"), "AveragePooling2D", [], {}))
        b = names.next("batch_normalization")
        layers.append((b, "BatchNormalization", bn(sd, f"norms.{i}", b), {"epsilon": 0.001}))
    layers.append((names.next("global_average_pooling2d"), "GlobalAveragePooling2D", [], {}))
    d = names.next("dense")
    layers.append((d, "Dense", [(f"{d}/kernel:0", dense(sd["head.weight"])), (f"{d}/bias:0", sd["head.bias"].numpy())], {"units": sd["head.bias"].numel()}))
    return layers


def inverted_residual(names, sd, prefix):
    ir = names.next("inverted_residual")
    c1, dw, c2 = names.next("conv2d"), names.next("depthwise_conv2d"), names.next("conv2d")
    b1, b2, b3 = (names.next("batch_normalization") for _ in range(3))
    trainable = [(f"{ir}/{c1}/kernel:0", conv(sd[f"{prefix}.expand.conv.weight"])),
                 (f"{ir}/{dw}/depthwise_kernel:0", depthwise(sd[f"{prefix}.dw.conv.weight"])),
                 (f"{ir}/{c2}/kernel:0", conv(sd[f"{prefix}.project.conv.weight"]))]
    moving = []
    for b, t in ((b1, "bn1"), (b2, "bn2"), (b3, "bn3")):
        g, be, mm, mv = bn(sd, f"{prefix}.{t}", f"{ir}/{b}")
        trainable += [g, be]
        moving += [mm, mv]
    return (ir, "InvertedResidual", trainable + moving, {})  # Keras lists trainable weights, then non-trainable


def model9_layers(sd):
    names, layers = Names(), [("input_1", "InputLayer", [], {})]
    b = names.next("batch_normalization")
    layers.append((b, "BatchNormalization", bn(sd, "bn_in", b), {"epsilon": 0.001}))
    for t in ("r3", "c3", "r5", "c5"):
        c = names.next("conv2d")
        layers.append((c, "Conv2D", [(f"{c}/kernel:0", conv(sd[f"inception.{t}.conv.weight"])), (f"{c}/bias:0", sd[f"inception.{t}.conv.bias"].numpy())], {}))
    layers.append((names.next("max_pooling2d"), "MaxPooling2D", [], {}))
    c = names.next("conv2d")
    layers.append((c, "Conv2D", [(f"{c}/kernel:0", conv(sd["inception.pp.conv.weight"])), (f"{c}/bias:0", sd["inception.pp.conv.bias"].numpy())], {}))
    layers.append((names.next("concatenate"), "Concatenate", [], {}))
    layers.append((names.next("average_pooling2d"), "AveragePooling2D", [], {}))
    b = names.next("batch_normalization")
    layers.append((b, "BatchNormalization", bn(sd, "bn_inc", b), {"epsilon": 0.001}))
    layers.append((names.next("dropout"), "Dropout", [], {}))
    for s in range(4):
        layers.append(inverted_residual(names, sd, f"stages.{s}.0"))
        layers.append(inverted_residual(names, sd, f"stages.{s}.1"))
        layers.append((names.next("average_pooling2d"), "AveragePooling2D", [], {}))
        b = names.next("batch_normalization")
        layers.append((b, "BatchNormalization", bn(sd, f"stages.{s}.2", b), {"epsilon": 0.001}))
        layers.append((names.next("dropout"), "Dropout", [], {}))
    layers.append(inverted_residual(names, sd, "final.0"))
    layers.append(inverted_residual(names, sd, "final.1"))
    layers.append((names.next("global_average_pooling2d"), "GlobalAveragePooling2D", [], {}))
    d = names.next("dense")
    layers.append((d, "Dense", [(f"{d}/kernel:0", dense(sd["head.weight"])), (f"{d}/bias:0", sd["head.bias"].numpy())], {"units": sd["head.bias"].numel()}))
    return layers


def write_weights(group, layers):
    group.attrs["layer_names"] = np.array([n.encode() for n, *_ in layers], dtype="S")
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.4.0"
    for name, _, weights, _ in layers:
        g = group.create_group(name)
        g.attrs["weight_names"] = np.array([w.encode() for w, _ in weights], dtype="S")
        for w, value in weights:
            g.create_dataset(w, data=value.astype(np.float32))


def model_config(model, layers):
    config = []
    for name, cls, _, extra in layers:
        c = {"name": name, **extra}
        if cls == "InputLayer":
            c["batch_input_shape"] = [None, MELS, FRAMES, 1]
        config.append({"class_name": cls, "config": c})
    return json.dumps({"class_name": "Functional", "config": {"name": model, "layers": config}})


def randomise(net, generator):
    """Every parameter and BN statistic away from its initial value, so a misplaced weight shows in the outputs."""
    with torch.no_grad():
        for name, t in net.state_dict().items():
            if name.endswith("running_var"):
                t.copy_(torch.rand(t.shape, generator=generator) + 0.5)
            elif name.endswith("running_mean"):
                t.copy_(torch.randn(t.shape, generator=generator) * 0.2)
            elif name.endswith(".weight") and t.dim() == 1:
                t.copy_(torch.rand(t.shape, generator=generator) + 0.5)
            elif name == "head.weight":  # large enough that the inputs' differences reach the probabilities
                t.copy_(torch.randn(t.shape, generator=generator) * 4.0 / t.shape[1] ** 0.5)
            elif t.is_floating_point():
                t.add_(torch.randn(t.shape, generator=generator) * 0.05)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["mixednet", "model9"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--state-dict", help="a `runner export --format pytorch` .pt (default: a seeded random twin)")
    ap.add_argument("--seed", type=int, default=24)
    args = ap.parse_args()
    generator = torch.Generator().manual_seed(args.seed)
    net = MixedNet(1) if args.model == "mixednet" else Model9(1)
    if args.state_dict:
        net.load_state_dict(torch.load(args.state_dict), strict=True)
    else:
        randomise(net, generator)
    net.eval()
    sd = {k: v.detach().clone() for k, v in net.state_dict().items()}
    layers = mixednet_layers(sd) if args.model == "mixednet" else model9_layers(sd)
    os.makedirs(args.out, exist_ok=True)
    with h5py.File(os.path.join(args.out, f"{args.model}_weights.h5"), "w") as f:
        write_weights(f, layers)
    with h5py.File(os.path.join(args.out, f"{args.model}_full.h5"), "w") as f:
        f.attrs["model_config"] = model_config(args.model, layers).encode()
        f.attrs["keras_version"] = b"2.4.0"
        f.attrs["backend"] = b"tensorflow"
        write_weights(f.create_group("model_weights"), layers)
    # dB-like values (power_to_db with ref=max: 0 dB at the loudest cell), each input at its own level.
    inputs = torch.randn(INPUTS, 1, MELS, FRAMES, generator=generator) * 10 - torch.tensor([20.0, 40.0, 60.0]).view(-1, 1, 1, 1)
    with torch.no_grad():
        probabilities = torch.sigmoid(net(inputs))
    with h5py.File(os.path.join(args.out, f"{args.model}_expected.h5"), "w") as f:
        f.create_dataset("inputs", data=inputs.numpy())
        f.create_dataset("probabilities", data=probabilities.numpy())
    print(f"{args.model}: {sum(len(w) for _, _, w, _ in layers)} weights in {sum(1 for l in layers if l[2])} layers; "
          f"probabilities {probabilities.flatten().tolist()}")


if __name__ == "__main__":
    main()
