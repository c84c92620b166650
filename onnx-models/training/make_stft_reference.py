#!/usr/bin/env python3
"""Writes STFT reference vectors (numpy, float64) to onnx-models/reference/stft/ so that a C# test can prove that
Phase's STFT matches the conventions the models were trained with (phasedsp.stft).

    /usr/bin/python3 onnx-models/training/make_stft_reference.py

Files (all .npy, little-endian float64 unless noted; [F, K] arrays are frame-major, K = 513):
  window.npy                     [1024]   periodic Hann, w[j] = 0.5 - 0.5 cos(2 pi j / 1024)
  <case>_signal.npy              [L]      the input signal
  <case>_reflect_real.npy / _imag.npy / _magnitude.npy   [F, K]  STFT with reflect padding (Phase default)
  <case>_zero_real.npy / _imag.npy / _magnitude.npy      [F, K]  STFT with zero padding
cases: 'chirp' (L = 3001: a seeded chirp + noise mix, F = 1 + 3001 // 256 = 12),
       'short' (L = 300 < N/2 + 1: reflect padding wraps more than once, F = 2),
       'impulse' (L = 2048, unit impulse at sample 700: |X[n,k]| = w[700 - 256 n + 512] and
                  X[n,k] = w[...] exp(-2 pi i k (700 - 256 n) / 1024) exactly: an analytic check of the phase convention).
"""
from __future__ import annotations

import json
import os

import numpy as np

import phasedsp as dsp

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference", "stft")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20250)
    t = np.arange(3001) / dsp.SAMPLE_RATE
    chirp = 0.5 * np.sin(2 * np.pi * (200 * t + 0.5 * 4000 * t ** 2 / t[-1])) + 0.1 * rng.standard_normal(len(t))
    short = rng.standard_normal(300) * 0.3
    impulse = np.zeros(2048)
    impulse[700] = 1.0
    np.save(os.path.join(OUT, "window.npy"), dsp.hann_periodic())
    summary = {}
    for name, x in (("chirp", chirp), ("short", short), ("impulse", impulse)):
        np.save(os.path.join(OUT, f"{name}_signal.npy"), x)
        for pad in ("reflect", "zero"):
            X = dsp.stft(x, padding=pad)
            np.save(os.path.join(OUT, f"{name}_{pad}_real.npy"), X.real)
            np.save(os.path.join(OUT, f"{name}_{pad}_imag.npy"), X.imag)
            np.save(os.path.join(OUT, f"{name}_{pad}_magnitude.npy"), np.abs(X))
            summary[f"{name}_{pad}"] = dict(signal_length=len(x), frames=X.shape[0], bins=X.shape[1])
    # Self-check of the impulse case against the closed form.
    X = dsp.stft(impulse, padding="zero")
    w = dsp.hann_periodic()
    for n in range(X.shape[0]):
        m = 700 - 256 * n
        expect = (w[m + 512] if -512 <= m < 512 else 0.0) * np.exp(-2j * np.pi * np.arange(513) * m / 1024)
        assert np.allclose(X[n], expect, atol=1e-12), n
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(dict(sample_rate=dsp.SAMPLE_RATE, fft_size=dsp.N_FFT, window="hann-periodic",
                       window_length=dsp.WIN_LENGTH, hop=dsp.HOP, phase="time-invariant (frame-centred)",
                       cases=summary), f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
