#!/usr/bin/env python3
"""PyTorch anchor for `bench train`: trains the same mixednet / model9 architectures as src/Model/Models on
random input of the same shape (batch 16, 1x128x313) with the same step (class-weighted BCE-with-logits,
Adam lr 1e-3, weight decay 1e-4) and prints, as its last line, a JSON object with steps_per_s, the median and
fastest step and the process CPU seconds per step (the same fields, measured the same way, as `bench train`).

Run with Debian's python3-torch:  /usr/bin/python3 bench/anchors/pytorch_train.py --model model9 --seconds 20

Tuned by default, as a careful PyTorch user runs a depthwise-heavy CNN on a CPU (`add_tuning_arguments`; each setting
can be switched off to measure it, docs/performance.md has the effect of each):
- `--channels-last`: model and input in `torch.channels_last`, so oneDNN runs the depthwise convolutions on NHWC
  directly instead of reordering around every call;
- `--threads`: torch's intra-op threads (0 keeps torch's default, one per core);
- `--flush-denormal`: denormal floats flushed to zero (off by default: measured slower, 0.302 against 0.256 s per
  mixednet step on a quiet machine, docs/performance.md);
- `--mkldnn`: `torch.backends.mkldnn.enabled` (on is torch's default; off measures its worth).
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pad(kernel):
    """TF 'same' padding for a stride-1 kernel: (k-1)//2 before, the rest after (extra cell right/bottom)."""
    before = (kernel - 1) // 2
    return before, kernel - 1 - before


class SameConv(nn.Module):
    def __init__(self, cin, cout, kernel, groups=1, bias=True):
        super().__init__()
        self.kernel = kernel
        pad = (kernel - 1) // 2 if kernel % 2 == 1 else 0
        self.conv = nn.Conv2d(cin, cout, kernel, padding=pad, groups=groups, bias=bias)

    def forward(self, x):
        if self.kernel % 2 == 0:
            b, a = same_pad(self.kernel)
            x = F.pad(x, (b, a, b, a))
        return self.conv(x)


def keras_bn(c):
    return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)


def avg_pool_same(x):
    return F.avg_pool2d(x, 2, 2, ceil_mode=True, count_include_pad=False)


class MixDepthGroupConv(nn.Module):
    def __init__(self, channels, kernels):
        super().__init__()
        sizes = [channels // len(kernels)] * len(kernels)
        sizes[0] += channels % len(kernels)
        self.sizes = sizes
        self.convs = nn.ModuleList(SameConv(s, s, k, groups=s, bias=False) for s, k in zip(sizes, kernels))

    def forward(self, x):
        parts = torch.split(x, self.sizes, dim=1)
        return torch.cat([F.relu(c(p)) for c, p in zip(self.convs, parts)], dim=1)


class MixedNet(nn.Module):
    def __init__(self, outputs=1):
        super().__init__()
        filters = [8, 16, 32, 64, 128]
        cins = [1] + filters[:-1]
        self.convs = nn.ModuleList(SameConv(c, f, 3) for c, f in zip(cins, filters))
        self.mixes = nn.ModuleList(MixDepthGroupConv(f, [3, 4, 5, 6, 7]) for f in filters)
        self.norms = nn.ModuleList(keras_bn(f) for f in filters)
        self.head = nn.Linear(filters[-1], outputs)

    def forward(self, x):
        for conv, mix, norm in zip(self.convs, self.mixes, self.norms):
            x = norm(avg_pool_same(mix(F.relu(conv(x)))))
        return self.head(x.mean((2, 3)))


class Inception(nn.Module):
    def __init__(self, cin, f=16):
        super().__init__()
        self.r3, self.c3 = SameConv(cin, f, 1), SameConv(f, f, 3)
        self.r5, self.c5 = SameConv(cin, f, 1), SameConv(f, f, 5)
        self.pp = SameConv(cin, f, 1)

    def forward(self, x):
        a = F.relu(self.c3(F.relu(self.r3(x))))
        b = F.relu(self.c5(F.relu(self.r5(x))))
        c = F.relu(self.pp(F.max_pool2d(x, 3, 1, 1)))
        return torch.cat([a, b, c], 1)


class InvertedResidual(nn.Module):
    """The original's convolutions here have use_bias=False (each is followed by a BN's shift)."""

    def __init__(self, cin, f, kernel):
        super().__init__()
        hidden = cin * 6
        self.expand, self.bn1 = SameConv(cin, hidden, 1, bias=False), keras_bn(hidden)
        self.dw, self.bn2 = SameConv(hidden, hidden, kernel, groups=hidden, bias=False), keras_bn(hidden)
        self.project, self.bn3 = SameConv(hidden, f, 1, bias=False), keras_bn(f)
        self.residual = cin == f

    def forward(self, x):
        y = F.relu(self.bn1(self.expand(x)))
        y = F.relu(self.bn2(self.dw(y)))
        y = self.bn3(self.project(y))
        return y + x if self.residual else y


class Model9(nn.Module):
    """6,200,645 Keras parameters at 1x128x313 with one output (BN moving statistics included)."""

    def __init__(self, outputs=1):
        super().__init__()
        self.bn_in = keras_bn(1)
        self.inception = Inception(1)
        self.bn_inc = keras_bn(48)
        self.drop = nn.Dropout(0.1)
        stages, cin = [], 48
        for f in [32, 64, 128, 256]:
            stages.append(nn.ModuleList([InvertedResidual(cin, f, 6), InvertedResidual(f, f, 6), keras_bn(f)]))
            cin = f
        self.stages = nn.ModuleList(stages)
        self.final = nn.Sequential(InvertedResidual(256, 512, 6), InvertedResidual(512, 512, 6))
        self.head = nn.Linear(512, outputs)

    def forward(self, x):
        # The first pool (after the inception concat) is Keras' padding="same", the stage pools its default "valid".
        x = self.drop(self.bn_inc(avg_pool_same(self.inception(self.bn_in(x)))))
        for first, second, bn in self.stages:
            x = self.drop(bn(F.avg_pool2d(second(first(x)), 2)))
        return self.head(self.final(x).mean((2, 3)))


WARM_UP_STEPS = 3


def add_tuning_arguments(ap):
    """The PyTorch settings a careful user tunes on a CPU, all on (the tuned anchor) unless switched off."""
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads; 0 keeps torch's default")
    ap.add_argument("--channels-last", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--flush-denormal", action=argparse.BooleanOptionalAction, default=False)
    ap.add_argument("--mkldnn", action=argparse.BooleanOptionalAction, default=True)


def apply_tuning(a, model):
    """Applies the settings of `add_tuning_arguments` to torch and `model`; returns the model and the memory format
    inputs should take."""
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.set_flush_denormal(a.flush_denormal)
    torch.backends.mkldnn.enabled = a.mkldnn
    memory_format = torch.channels_last if a.channels_last else torch.contiguous_format
    return model.to(memory_format=memory_format), memory_format


def tuning_record(a):
    return {"channels_last": a.channels_last, "flush_denormal": a.flush_denormal, "mkldnn": a.mkldnn}
MODELS = {"mixednet": MixedNet, "model9": Model9}


def keras_parameter_count(model):
    buffers = sum(b.numel() for n, b in model.named_buffers() if n.endswith(("running_mean", "running_var")))
    return sum(p.numel() for p in model.parameters()) + buffers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=sorted(MODELS), default="mixednet")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--mels", type=int, default=128)
    ap.add_argument("--frames", type=int, default=313)
    add_tuning_arguments(ap)
    a = ap.parse_args()
    torch.manual_seed(0)
    model, memory_format = apply_tuning(a, MODELS[a.model]().train())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    x = (torch.rand(a.batch, 1, a.mels, a.frames) * 2 - 1).contiguous(memory_format=memory_format)
    y = (torch.arange(a.batch) % 2).float().reshape(a.batch, 1)
    w = torch.ones(a.batch, 1)  # balanced weights of a half-positive batch are all 1

    def step():
        loss = F.binary_cross_entropy_with_logits(model(x), y, weight=w)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    # Same protocol as `bench train`: 3 warm-up steps excluded, then whole steps timed until the budget is spent.
    for _ in range(WARM_UP_STEPS):
        step()
    step_seconds, loss = [], math.nan
    cpu_start, start = time.process_time(), time.perf_counter()
    while time.perf_counter() - start < a.seconds:
        step_start = time.perf_counter()
        loss = step()
        step_seconds.append(time.perf_counter() - step_start)
    seconds, cpu_seconds, steps = time.perf_counter() - start, time.process_time() - cpu_start, len(step_seconds)
    print(json.dumps({
        "impl": "pytorch " + torch.__version__, "model": a.model, "batch": a.batch, "input": f"1x{a.mels}x{a.frames}",
        "threads": torch.get_num_threads(), **tuning_record(a), "parameters": keras_parameter_count(model), "steps": steps,
        "seconds": round(seconds, 3), "last_loss": round(loss, 5), "steps_per_s": round(steps / seconds, 4),
        "step_s_median": round(statistics.median(step_seconds), 3), "step_s_min": round(min(step_seconds), 3),
        "cpu_s_per_step": round(cpu_seconds / steps, 3),
    }))


if __name__ == "__main__":
    main()
