#!/usr/bin/env python3
"""Writes the golden fixtures for tests/Kernels (run offline; the tests never call Python).

Uses torchaudio (Debian python3-torchaudio) only:
  fb_htk.csv            melscale_fbanks(513, 0, 4000, 128, 8000, norm=None, mel_scale='htk')   (default params)
  fb_slaney.csv         melscale_fbanks(513, 0, 4000, 128, 8000, norm='slaney', mel_scale='slaney') (= librosa htk=False, norm='slaney')
  signal.csv            2048 deterministic float32 samples (two tones + seeded noise)
  logmel_default.csv    log(MelSpectrogram(defaults) + 1e-7) of signal, float64, [128 x 9]
  logmel_variant.csv    power 1, slaney/slaney, 64 mels, f 50..3500 Hz, win_length 800: log(x + 1e-7), [64 x 9]
  db_original.csv       the 'original' preset: center=False, slaney/slaney, power 2, power_to_db(ref=max, top_db=80), [128 x 5]
  fb_kaldi.csv          compliance.kaldi.get_mel_banks(128, 512, 16000, 20, 0) with its zero Nyquist column ('kaldi' preset)
  fbank_kaldi.csv       the 'kaldi' preset: compliance.kaldi.fbank(signal as 16 kHz, htk_compat, use_energy=False, 'hanning',
                        128 bins, dither 0, frame_shift 10) as AST / Patch-Mix call it, [128 x 11]
  fbank_kaldi_variant.csv  kaldi.fbank at 8 kHz: 32 ms frames (256, no zero padding), 8 ms shift, 40 bins 50..3500 Hz,
                        preemphasis 0.5, use_power=False (magnitude), [40 x 29]
Filterbanks are sparse rows 'mel,bin,weight' (non-zero weights only); spectrograms are 'mel,frame,value'.
Usage: /usr/bin/python3 bench/anchors/make_kernel_fixtures.py tests/Kernels/Fixtures
"""
import math
import sys
from pathlib import Path

import torch
import torchaudio

out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/Kernels/Fixtures")
out.mkdir(parents=True, exist_ok=True)
sr, n_fft, hop = 8000, 1024, 256


def write_sparse_fb(name, fb):  # fb: [bins, mels] as torchaudio returns it
    with open(out / name, "w") as f:
        f.write("mel,bin,weight\n")
        for m in range(fb.shape[1]):
            for k in range(fb.shape[0]):
                w = float(fb[k, m])
                if w != 0.0:
                    f.write(f"{m},{k},{w:.9g}\n")


def write_spec(name, spec):  # spec: [mels, frames]
    with open(out / name, "w") as f:
        f.write("mel,frame,value\n")
        for m in range(spec.shape[0]):
            for t in range(spec.shape[1]):
                f.write(f"{m},{t},{float(spec[m, t]):.12g}\n")


F = torchaudio.functional
write_sparse_fb("fb_htk.csv", F.melscale_fbanks(513, 0.0, 4000.0, 128, sr, norm=None, mel_scale="htk"))
write_sparse_fb("fb_slaney.csv", F.melscale_fbanks(513, 0.0, 4000.0, 128, sr, norm="slaney", mel_scale="slaney"))

g = torch.Generator().manual_seed(1234)
t = torch.arange(2048, dtype=torch.float64) / sr
signal = (0.5 * torch.sin(2 * math.pi * 440.0 * t) + 0.25 * torch.sin(2 * math.pi * 1250.0 * t)
          + 0.05 * torch.randn(2048, generator=g, dtype=torch.float64)).to(torch.float32)
with open(out / "signal.csv", "w") as f:
    f.write("sample\n")
    for v in signal.tolist():
        f.write(f"{v:.9g}\n")
x = signal.to(torch.float64)

T = torchaudio.transforms
default = T.MelSpectrogram(sample_rate=sr, n_fft=n_fft, hop_length=hop, n_mels=128, power=2.0, center=True,
                           pad_mode="reflect", mel_scale="htk", norm=None).to(torch.float64)
write_spec("logmel_default.csv", torch.log(default(x) + 1e-7))

variant = T.MelSpectrogram(sample_rate=sr, n_fft=n_fft, win_length=800, hop_length=hop, f_min=50.0, f_max=3500.0,
                           n_mels=64, power=1.0, center=True, pad_mode="reflect", mel_scale="slaney",
                           norm="slaney").to(torch.float64)
write_spec("logmel_variant.csv", torch.log(variant(x) + 1e-7))

original = T.MelSpectrogram(sample_rate=sr, n_fft=n_fft, hop_length=hop, n_mels=128, power=2.0, center=False,
                            mel_scale="slaney", norm="slaney").to(torch.float64)
S = original(x)
db = 10.0 * torch.log10(torch.clamp(S, min=1e-10)) - 10.0 * math.log10(max(1e-10, float(S.max())))
write_spec("db_original.csv", torch.clamp(db, min=float(db.max()) - 80.0))

K = torchaudio.compliance.kaldi
kaldi = K.fbank(x.unsqueeze(0), htk_compat=True, sample_frequency=16000, use_energy=False, window_type="hanning",
                num_mel_bins=128, dither=0.0, frame_shift=10)  # [frames, mels]
write_spec("fbank_kaldi.csv", kaldi.T)
banks, _ = K.get_mel_banks(128, 512, 16000.0, 20.0, 0.0, 100.0, -500.0, 1.0)
write_sparse_fb("fb_kaldi.csv", torch.nn.functional.pad(banks, (0, 1)).T)
variant_kaldi = K.fbank(x.unsqueeze(0), sample_frequency=8000, frame_length=32, frame_shift=8, window_type="hanning",
                        num_mel_bins=40, low_freq=50.0, high_freq=-500.0, preemphasis_coefficient=0.5, use_power=False,
                        use_energy=False, dither=0.0)
write_spec("fbank_kaldi_variant.csv", variant_kaldi.T)
print("fixtures written to", out)
