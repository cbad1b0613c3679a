#!/usr/bin/env python3
"""PyTorch anchor for `bench job`: the whole pneumonia job (ICBHI + Jordan) written the way a PyTorch user would,
with Debian's python3-torch 1.13 / python3-torchaudio 0.13:

- a Dataset of chunks: torchaudio.load + channel mean + torchaudio.functional.resample to 8 kHz (a small per-worker
  LRU of resampled recordings, so a recording's chunks rarely decode it twice), 10 s windows every 5 s (the last piece
  kept and zero-padded when over half a window, as the project's chunker), then
  torchaudio.transforms.MelSpectrogram(8000, n_fft=1024, hop_length=256, n_mels=128, power 2, centred) and log(x + 1e-7)
  (the project's default feature parameters);
- a DataLoader with 2 workers, shuffled, batch 16; mixup on each batch as the project's entry
  (label 1 × label 0 pairs, int(min(n1, n2) × 0.5) of them, λ ~ U(0.3, 0.7), added to the batch);
- tuned as pytorch_train.py is (channels-last, threads, oneDNN: `add_tuning_arguments`), and
  validation under `torch.inference_mode()` (`--inference-mode`, on by default; off runs it under `no_grad`);
- mixednet (bench/anchors/pytorch_train.py) or tiny; Adam lr 1e-3, weight decay 1e-4; BCE-with-logits with balanced
  class weights; validation every epoch (batch 16), a checkpoint every epoch.

The split: --manifest FILE (the JSON `bench job` writes: the runner's own patient split), else a seeded, stratified
80/20 patient split per dataset (the same amount of data). Last line: a JSON object with per-epoch seconds, the share
of each epoch the loop waited for the DataLoader, total seconds, samples/s and peak RSS (this process; the largest
worker separately).

    /usr/bin/python3 bench/anchors/pytorch_job.py --data-root ../shared/data --epochs 3 --model mixednet
"""
import time

STARTED = time.perf_counter()  # end to end includes importing torch, as a user's job does

import argparse
import functools
import json
import math
import os
import random
import re
import resource
import sys
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchaudio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_train import MixedNet, SameConv, add_tuning_arguments, apply_tuning, avg_pool_same, tuning_record  # noqa: E402

RATE, WINDOW_S, STEP_S = 8000, 10.0, 5.0
WINDOW, STEP = int(RATE * WINDOW_S), int(RATE * STEP_S)


class TinyCnn(nn.Module):
    """The project's `tiny` model: two conv(3x3 same) -> BN -> ReLU -> avg-pool(2, same) stages (8, 16), GAP, dense."""

    def __init__(self, outputs=1):
        super().__init__()
        self.c1, self.n1 = SameConv(1, 8, 3), nn.BatchNorm2d(8)
        self.c2, self.n2 = SameConv(8, 16, 3), nn.BatchNorm2d(16)
        self.head = nn.Linear(16, outputs)

    def forward(self, x):
        x = avg_pool_same(F.relu(self.n1(self.c1(x))))
        x = avg_pool_same(F.relu(self.n2(self.c2(x))))
        return self.head(x.mean((2, 3)))


MODELS = {"mixednet": MixedNet, "tiny": TinyCnn}


# ---- recordings and split -------------------------------------------------------------------------------------
def scan(data_root, datasets):
    recs = []
    if "icbhi" in datasets:
        folder = os.path.join(data_root, "icbhi")
        diagnosis = {}
        with open(os.path.join(folder, "ICBHI_Challenge_diagnosis.txt")) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    diagnosis[parts[0]] = parts[1]
        for name in sorted(os.listdir(folder)):
            if name.endswith(".wav"):
                patient = name.split("_")[0]
                if patient in diagnosis:
                    recs.append({"path": os.path.join(folder, name), "patient": "icbhi:" + patient,
                                 "label": int(diagnosis[patient].lower() == "pneumonia")})
    if "jordan" in datasets:
        folder = os.path.join(data_root, "jordan")
        for name in sorted(os.listdir(folder)):
            m = re.match(r"^[BDE]P(\d+)_([^,]+),", name)
            if name.endswith(".wav") and m:
                recs.append({"path": os.path.join(folder, name), "patient": "jordan:" + m.group(1),
                             "label": int(m.group(2).strip().lower() == "pneumonia")})
    return recs


def split_patients(recs, ratio=0.8, seed=12):
    """Stratified by the patient's label, per dataset, seeded: the same amount of data as the runner's split."""
    rng = random.Random(seed)
    train, val = [], []
    for dataset in sorted({r["patient"].split(":")[0] for r in recs}):
        patients = {}
        for r in recs:
            if r["patient"].startswith(dataset + ":"):
                patients.setdefault(r["patient"], []).append(r)
        for label in (0, 1):
            group = sorted(p for p, rs in patients.items() if max(x["label"] for x in rs) == label)
            rng.shuffle(group)
            n_train = int(round(len(group) * ratio))
            for i, p in enumerate(group):
                (train if i < n_train else val).extend(patients[p])
    return train, val


def chunk_starts(samples):
    """Window starts as the project's chunker: full windows every STEP, then the last piece if >= half a window."""
    starts, start = [], 0
    while start + WINDOW <= samples:
        starts.append(start)
        start += STEP
    rest = samples - start
    if rest > 0 and 2 * rest > WINDOW:  # the padded last piece, kept when over half a window
        starts.append(start)
    return starts


# ---- the dataset ------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def load_resampled(path):
    audio, rate = torchaudio.load(path)
    audio = audio.mean(0)
    return torchaudio.functional.resample(audio, rate, RATE) if rate != RATE else audio


class ChunkDataset(torch.utils.data.Dataset):
    def __init__(self, recs):
        self.items = []
        for r in recs:
            info = torchaudio.info(r["path"])
            samples = int(math.ceil(info.num_frames * RATE / info.sample_rate))
            self.items.extend((r["path"], s, r["label"]) for s in chunk_starts(samples))
        self.mel = None

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        if self.mel is None:  # built in the worker
            self.mel = torchaudio.transforms.MelSpectrogram(RATE, n_fft=1024, hop_length=256, n_mels=128, power=2.0)
        path, start, label = self.items[i]
        audio = load_resampled(path)
        piece = audio[start:start + WINDOW]
        if piece.numel() < WINDOW:  # the last piece (over half a window): zero-padded
            piece = F.pad(piece, (0, WINDOW - piece.numel()))
        features = torch.log(self.mel(piece) + 1e-7)
        return features.unsqueeze(0), torch.tensor([float(label)])


def mixup(x, y, rng, quantity=0.5, low=0.3, high=0.7):
    ones = (y[:, 0] == 1).nonzero().flatten().tolist()
    zeros = (y[:, 0] == 0).nonzero().flatten().tolist()
    n = int(min(len(ones), len(zeros)) * quantity)
    if n == 0:
        return x, y
    rng.shuffle(ones)
    rng.shuffle(zeros)
    lam = torch.tensor([rng.uniform(low, high) for _ in range(n)])
    a, b = torch.tensor(ones[:n]), torch.tensor(zeros[:n])
    xm = lam.view(-1, 1, 1, 1) * x[a] + (1 - lam.view(-1, 1, 1, 1)) * x[b]
    ym = lam.view(-1, 1) * y[a] + (1 - lam.view(-1, 1)) * y[b]
    return torch.cat([x, xm]), torch.cat([y, ym])


def peak_rss_mb(who):
    return resource.getrusage(who).ru_maxrss / 1024.0  # KB on Linux


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-root", default=os.environ.get("DATAFLOWLUNG_DATA", "../shared/data"))
    ap.add_argument("--datasets", default="icbhi,jordan")
    ap.add_argument("--manifest", help="split.json from `bench job` (the runner's own split)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--model", choices=sorted(MODELS), default="mixednet")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--inference-mode", action=argparse.BooleanOptionalAction, default=True)
    add_tuning_arguments(ap)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)

    if a.manifest:
        with open(a.manifest) as f:
            manifest = json.load(f)
        train_recs, val_recs = manifest["train"], manifest["validation"]
    else:
        train_recs, val_recs = split_patients(scan(a.data_root, a.datasets.split(",")), seed=a.seed)
    train_set, val_set = ChunkDataset(train_recs), ChunkDataset(val_recs)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=a.batch, shuffle=True, num_workers=a.workers)
    val_loader = torch.utils.data.DataLoader(val_set, batch_size=a.batch, shuffle=False, num_workers=a.workers)

    labels = [label for _, _, label in train_set.items]
    counts = [labels.count(0), labels.count(1)]
    class_weight = [len(labels) / (2 * c) if c else 0.0 for c in counts]  # balanced: n / (k * count_c)

    model, memory_format = apply_tuning(a, MODELS[a.model]())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    checkpoint = os.path.join(tempfile.mkdtemp(prefix="pytorch-job-"), "last.pt")

    epoch_seconds, wait_fraction, train_samples, val_losses = [], [], 0, []
    for _ in range(a.epochs):
        start, waited = time.perf_counter(), 0.0
        model.train()
        batches = iter(train_loader)
        while True:
            t = time.perf_counter()
            try:
                x, y = next(batches)
            except StopIteration:
                waited += time.perf_counter() - t
                break
            waited += time.perf_counter() - t
            x, y = mixup(x, y, rng)
            x = x.contiguous(memory_format=memory_format)
            w = y * class_weight[1] + (1 - y) * class_weight[0]
            loss = F.binary_cross_entropy_with_logits(model(x), y, weight=w)
            opt.zero_grad()
            loss.backward()
            opt.step()
            train_samples += x.shape[0]
        train_seconds = time.perf_counter() - start
        model.eval()
        total, n = 0.0, 0
        with torch.inference_mode() if a.inference_mode else torch.no_grad():
            for x, y in val_loader:
                x = x.contiguous(memory_format=memory_format)
                total += F.binary_cross_entropy_with_logits(model(x), y, reduction="sum").item()
                n += x.shape[0]
        val_losses.append(total / max(n, 1))
        torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, checkpoint)
        epoch_seconds.append(time.perf_counter() - start)
        wait_fraction.append(waited / train_seconds if train_seconds > 0 else 0.0)
        print(f"epoch {len(epoch_seconds)}: {epoch_seconds[-1]:.1f} s, waited {waited:.1f} s, val loss {val_losses[-1]:.4f}",
              file=sys.stderr, flush=True)

    total = time.perf_counter() - STARTED
    print(json.dumps({
        "impl": f"pytorch {torch.__version__} / torchaudio {torchaudio.__version__}", "model": a.model, "epochs": a.epochs,
        "batch": a.batch, "workers": a.workers, "threads": torch.get_num_threads(),
        **tuning_record(a), "inference_mode": a.inference_mode, "train_recordings": len(train_recs), "val_recordings": len(val_recs),
        "train_chunks": len(train_set), "val_chunks": len(val_set),
        "epoch_seconds": [round(s, 2) for s in epoch_seconds], "wait_fraction": [round(w, 4) for w in wait_fraction],
        "train_samples": train_samples, "samples_per_s": round(train_samples / sum(epoch_seconds), 2),
        "total_seconds": round(total, 2), "val_loss": [round(v, 5) for v in val_losses],
        "peak_rss_mb": round(peak_rss_mb(resource.RUSAGE_SELF), 1),
        "peak_rss_largest_worker_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
    }))


if __name__ == "__main__":
    main()
