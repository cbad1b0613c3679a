#!/usr/bin/env python3
"""torchaudio anchor for `bench -- features`: the same features (MelSpectrogram at the default parameters:
8 kHz, n_fft 1024, hop 256, Hann periodic, centre/reflect, 128 HTK mels, power 2, then log(x + 1e-7)) on
seeded random 10 s clips, in batches. Last line: {"clips_per_s":..,"audio_seconds_per_s":..}.
Usage: /usr/bin/python3 bench/anchors/torchaudio_mel.py [--seconds S | --clips N] [--batch B] [--threads T]
"""
import argparse
import json
import sys
import time

import torch
import torchaudio

ap = argparse.ArgumentParser()
ap.add_argument("--seconds", type=float, default=20.0)
ap.add_argument("--clips", type=int, default=0)
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch's default, all cores)")
a = ap.parse_args()
if a.threads > 0:
    torch.set_num_threads(a.threads)

sr, clip_seconds = 8000, 10
mel = torchaudio.transforms.MelSpectrogram(sample_rate=sr, n_fft=1024, hop_length=256, n_mels=128, power=2.0,
                                           center=True, pad_mode="reflect", mel_scale="htk", norm=None)
clips = torch.rand(a.batch, sr * clip_seconds, generator=torch.Generator().manual_seed(42)) * 2 - 1

with torch.inference_mode():
    torch.log(mel(clips) + 1e-7)  # warm-up
    done, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while (done < a.clips) if a.clips > 0 else (time.perf_counter() - start < a.seconds):
        out = torch.log(mel(clips) + 1e-7)
        done += a.batch
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

print(f"torchaudio {torchaudio.__version__}, batch {a.batch}, {done} clips in {elapsed:.2f} s, "
      f"{torch.get_num_threads()} threads, output {tuple(out.shape)}, {done / cpu:.1f} clips per CPU-second", file=sys.stderr)
rate = done / elapsed
print(json.dumps({"backend": "torchaudio", "clips_per_s": round(rate, 1), "audio_seconds_per_s": round(rate * clip_seconds, 1)}))
