#!/usr/bin/python3
"""Independent reference values for Phase.Metrics (SC, LSD, SNR, SI-SDR, STOI, ESTOI) and Phase.Resampling.

Written from the papers with numpy/scipy only (no pystoi is installed here):
  * STOI  - C. H. Taal, R. C. Hendriks, R. Heusdens, J. Jensen, "An Algorithm for Intelligibility Prediction of
            Time-Frequency Weighted Noisy Speech", IEEE TASLP 19(7), 2011.
  * ESTOI - J. Jensen, C. H. Taal, "An Algorithm for Predicting the Intelligibility of Speech Masked by Modulated
            Noise Maskers", IEEE/ACM TASLP 24(11), 2016.
  * SI-SDR - J. Le Roux, S. Wisdom, H. Erdogan, J. R. Hershey, "SDR - half-baked or well done?", ICASSP 2019.
Frame placement and silent-frame removal follow the authors' published MATLAB code (frames start at 0, 128, ...
while start < n - 256; kept frames are overlap-added back to back). The code below is vectorised numpy and shares
nothing with the C# implementation except the specification in docs/metrics.md.

Resampling to 10 kHz is done two ways:
  * "matched": scipy.signal.resample_poly with a Kaiser low-pass designed by scipy.signal.firwin to the documented
    Phase.Resampling.PolyphaseResampler specification (Kaiser's formulas for A + 3 dB; STOI uses passband 0.95*f_N,
    stopband 1.05*f_N, A = 60 dB). The C# values must agree with these to float precision.
  * "octave": resample_poly with the filter GNU Octave's / MATLAB's resample() designs (cutoff at the output Nyquist,
    60 dB, Kaiser), the resampler pystoi and the MATLAB reference use. The difference between the two columns is the
    resampler's effect on the scores.

Test signals are generated deterministically from formulas and a SplitMix64 generator, mirrored in
tests/Phase.Stft.Tests/Metrics/MetricSignals.cs; only the espeak-ng clip (speech_22050.s16) is stored.

Usage: /usr/bin/python3 scripts/reference/metrics_reference.py   (writes tests/fixtures/metrics/*)
"""

import csv
import math
import os
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import firwin, resample_poly
from scipy.signal.windows import kaiser

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "metrics")

# ----------------------------------------------------------------------------------------------------------------------
# Deterministic signals (mirrored in C#)
# ----------------------------------------------------------------------------------------------------------------------

GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def splitmix64(seed, count):
    """Outputs 1..count of SplitMix64 started at `seed` (counter based: state_i = seed + i*golden)."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def uniform(seed, count):
    """Uniform doubles in [-1, 1): 2 * (z >> 11) * 2^-53 - 1."""
    z = splitmix64(seed, count)
    return 2.0 * (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53) - 1.0


def speech_like(fs, seconds):
    """Harmonic 'voice' with a wandering f0 and three moving formants, gated by a 3.1 Hz syllable envelope that is
    zero half of the time (silent frames). Computed in double, returned as float32."""
    n = int(round(seconds * fs))
    t = np.arange(n, dtype=np.float64) / fs
    two_pi = 2.0 * math.pi
    f0 = 120.0 + 25.0 * np.sin(two_pi * 0.7 * t) + 10.0 * np.sin(two_pi * 1.9 * t)
    phase = two_pi * (120.0 * t + 25.0 * (1.0 - np.cos(two_pi * 0.7 * t)) / (two_pi * 0.7)
                      + 10.0 * (1.0 - np.cos(two_pi * 1.9 * t)) / (two_pi * 1.9))
    f1 = 500.0 + 200.0 * np.sin(two_pi * 2.3 * t)
    f2 = 1500.0 + 500.0 * np.sin(two_pi * 1.7 * t + 1.0)
    f3 = 2500.0 + 300.0 * np.sin(two_pi * 1.1 * t + 2.0)
    harmonics = int(math.floor(min(4800.0, 0.45 * fs) / 155.0))
    x = np.zeros(n)
    for h in range(1, harmonics + 1):
        fh = h * f0
        a = (np.exp(-((fh - f1) / 200.0) ** 2) + 0.7 * np.exp(-((fh - f2) / 250.0) ** 2)
             + 0.4 * np.exp(-((fh - f3) / 300.0) ** 2) + 0.02)
        x = x + a * np.sin(h * phase) / math.sqrt(h)
    env = np.maximum(0.0, np.sin(two_pi * 3.1 * t)) * (0.6 + 0.4 * np.sin(two_pi * 0.45 * t + 0.3))
    return (0.2 * env * x).astype(np.float32)


def espeak_clip():
    raw = np.fromfile(os.path.join(FIXTURES, "speech_22050.s16"), dtype="<i2")
    return (raw.astype(np.float64) / 32768.0).astype(np.float32)


ALLPASS = (0.6, -0.4, 0.85, 0.3, -0.7)


def degrade(x32, kind, param, seed):
    """Degradations, each computed in double from the float32 clean signal and returned as float32."""
    x = x32.astype(np.float64)
    n = len(x)
    if kind == "identity":
        y = x.copy()
    elif kind == "noise":
        y = add_noise(x, param, seed)
    elif kind == "lowpass":  # one-pole: y[i] = (1 - a) x[i] + a y[i-1]
        y = np.empty(n)
        prev = 0.0
        for i in range(n):
            prev = (1.0 - param) * x[i] + param * prev
            y[i] = prev
    elif kind == "allpass":
        y = allpass(x)
    elif kind == "allpass+noise":
        y = add_noise(allpass(x), param, seed)
    elif kind == "delay":
        d = int(param)
        y = np.concatenate((np.zeros(d), x[:n - d]))
    elif kind == "clip":
        limit = param * np.max(np.abs(x))
        y = np.clip(x, -limit, limit)
    elif kind == "chop":  # on for `param` samples, off for `param` samples
        period = int(param)
        y = np.where((np.arange(n) // period) % 2 == 0, x, 0.0)
    else:
        raise ValueError(kind)
    return y.astype(np.float32)


def allpass(x):
    """Cascade of first-order all-pass sections y[i] = c x[i] + x[i-1] - c y[i-1]: flat magnitude, dispersed phase."""
    for c in ALLPASS:
        y = np.empty(len(x))
        xp = 0.0
        yp = 0.0
        for i in range(len(x)):
            yp = c * x[i] + xp - c * yp
            xp = x[i]
            y[i] = yp
        x = y
    return x


def add_noise(x, snr_db, seed):
    u = uniform(seed, len(x))
    scale = math.sqrt(float(np.dot(x, x)) / (float(np.dot(u, u)) * 10.0 ** (snr_db / 10.0)))
    return x + scale * u


# ----------------------------------------------------------------------------------------------------------------------
# Resamplers
# ----------------------------------------------------------------------------------------------------------------------

def resample_matched(x, fs_in, fs_out, passband=0.9, attenuation=80.0, stopband=1.0):
    """The documented PolyphaseResampler design, built with scipy's own firwin and applied with resample_poly."""
    if fs_in == fs_out:
        return x.astype(np.float64)
    g = math.gcd(fs_in, fs_out)
    up, down = fs_out // g, fs_in // g
    rate = float(fs_in) * up
    nyquist = min(fs_in, fs_out) / 2.0
    f_pass, f_stop = passband * nyquist, stopband * nyquist
    design_db = attenuation + 3.0
    beta = 0.1102 * (design_db - 8.7)
    order = (design_db - 7.95) / (14.36 * (f_stop - f_pass) / rate)
    half = int(math.ceil(order / 2))
    h = firwin(2 * half + 1, (f_pass + f_stop) / 2.0, window=("kaiser", beta), fs=rate)
    return resample_poly(x.astype(np.float64), up, down, window=h)


def resample_octave(x, fs_in, fs_out):
    """GNU Octave's resample() filter (as used by MATLAB STOI and pystoi): Kaiser, 60 dB, cutoff at the lower Nyquist,
    roll-off a tenth of it."""
    if fs_in == fs_out:
        return x.astype(np.float64)
    g = math.gcd(fs_in, fs_out)
    p, q = fs_out // g, fs_in // g
    cutoff = 1.0 / (2.0 * max(p, q))
    roll_off = cutoff / 10.0
    rejection = 60.0
    half = int(math.ceil((rejection - 8.0) / (28.714 * roll_off)))
    t = np.arange(-half, half + 1)
    ideal = 2.0 * p * cutoff * np.sinc(2.0 * cutoff * t)
    h = kaiser(2 * half + 1, 0.1102 * (rejection - 8.7)) * ideal
    return resample_poly(x.astype(np.float64), p, q, window=h / np.sum(h))


# ----------------------------------------------------------------------------------------------------------------------
# STOI / ESTOI
# ----------------------------------------------------------------------------------------------------------------------

def resample_stoi(x, fs_in, fs_out):
    """The filter Phase's STOI uses: PolyphaseResampler with MATLAB resample's response (0.95 / 1.05 / 60 dB)."""
    return resample_matched(x, fs_in, fs_out, passband=0.95, attenuation=60.0, stopband=1.05)


FS, FRAME, HOP, NFFT, BANDS, SEG, BETA_DB, RANGE_DB = 10000, 256, 128, 512, 15, 30, -15.0, 40.0
HANN = 0.5 * (1.0 - np.cos(2.0 * np.pi * np.arange(1, FRAME + 1) / (FRAME + 1)))  # MATLAB hanning(256)


def band_matrix():
    freqs = np.arange(NFFT // 2 + 1) * FS / NFFT
    j = np.arange(BANDS, dtype=np.float64)
    lows = 150.0 * 2.0 ** ((2 * j - 1) / 6)
    highs = 150.0 * 2.0 ** ((2 * j + 1) / 6)
    m = np.zeros((BANDS, len(freqs)))
    edges = []
    for b in range(BANDS):
        lo = int(np.argmin(np.abs(freqs - lows[b])))
        hi = int(np.argmin(np.abs(freqs - highs[b])))
        m[b, lo:hi] = 1.0
        edges.append((lo, hi))
    return m, edges


OBM, BAND_EDGES = band_matrix()


def frame_starts(n):
    return np.arange(0, n - FRAME, HOP)


def envelopes(x, y):
    """Silent-frame removal (on x), overlap-add, STFT, one-third-octave envelopes (J x M) of both signals."""
    starts = frame_starts(len(x))
    idx = starts[:, None] + np.arange(FRAME)[None, :]
    xf, yf = x[idx] * HANN, y[idx] * HANN
    with np.errstate(divide="ignore"):
        energy_db = 20.0 * np.log10(np.linalg.norm(xf, axis=1))
    keep = energy_db > np.max(energy_db) - RANGE_DB
    xf, yf = xf[keep], yf[keep]
    kept = len(xf)
    if kept < SEG + 1:
        raise ValueError("too short")
    length = (kept - 1) * HOP + FRAME
    xs, ys = np.zeros(length), np.zeros(length)
    for k in range(kept):
        xs[k * HOP:k * HOP + FRAME] += xf[k]
        ys[k * HOP:k * HOP + FRAME] += yf[k]
    starts = frame_starts(length)
    idx = starts[:, None] + np.arange(FRAME)[None, :]
    px = np.abs(np.fft.rfft(xs[idx] * HANN, n=NFFT, axis=1)) ** 2
    py = np.abs(np.fft.rfft(ys[idx] * HANN, n=NFFT, axis=1)) ** 2
    return np.sqrt(OBM @ px.T), np.sqrt(OBM @ py.T)


def _unit(v, axis):
    v = v - v.mean(axis=axis, keepdims=True)
    norm = np.sqrt(np.sum(v * v, axis=axis, keepdims=True))
    return np.divide(v, norm, out=np.zeros_like(v), where=norm > 0)


def stoi_estoi(x, y, fs, resampler):
    if fs != FS:
        x, y = resampler(x, fs, FS), resampler(y, fs, FS)
    else:
        x, y = x.astype(np.float64), y.astype(np.float64)
    ex, ey = envelopes(x, y)
    xs = sliding_window_view(ex, SEG, axis=1)  # (J, segments, N)
    ys = sliding_window_view(ey, SEG, axis=1)
    # STOI: energy normalisation, clipping at beta, correlation per band and segment.
    nx = np.linalg.norm(xs, axis=2, keepdims=True)
    ny = np.linalg.norm(ys, axis=2, keepdims=True)
    alpha = np.divide(nx, ny, out=np.zeros_like(nx), where=ny > 0)
    yc = np.minimum(alpha * ys, (1.0 + 10.0 ** (-BETA_DB / 20.0)) * xs)
    stoi = float(np.mean(np.sum(_unit(xs, 2) * _unit(yc, 2), axis=2)))
    # ESTOI: per segment, rows (over time) then columns (over bands) to zero mean, unit norm.
    xm = np.transpose(xs, (1, 0, 2))  # (segments, J, N)
    ym = np.transpose(ys, (1, 0, 2))
    xn = _unit(_unit(xm, 2), 1)
    yn = _unit(_unit(ym, 2), 1)
    estoi = float(np.mean(np.sum(xn * yn, axis=(1, 2)) / SEG))
    return stoi, estoi


# ----------------------------------------------------------------------------------------------------------------------
# SC, LSD, SNR, SI-SDR
# ----------------------------------------------------------------------------------------------------------------------

def sc_db(est, tgt):
    return 20.0 * math.log10(np.linalg.norm(est - tgt) / np.linalg.norm(tgt))


def lsd_db(est, ref, range_db):
    floor = 10.0 ** (-range_db / 10.0) * max(np.max(ref ** 2), np.max(est ** 2))
    level = 10.0 * np.log10((ref ** 2 + floor) / (est ** 2 + floor))
    return float(np.mean(np.sqrt(np.mean(level ** 2, axis=1))))


def snr_db(est, ref):
    return 10.0 * math.log10(np.sum(ref ** 2) / np.sum((ref - est) ** 2))


def si_sdr_db(est, ref, zero_mean=True):
    if zero_mean:
        est, ref = est - est.mean(), ref - ref.mean()
    alpha = np.dot(est, ref) / np.dot(ref, ref)
    target = alpha * ref
    return 10.0 * math.log10(np.sum(target ** 2) / np.sum((target - est) ** 2))


# ----------------------------------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------------------------------

# (source, rate, kind, param, seed)
CASES = [
    ("synth", 16000, "identity", 0, 0),
    ("synth", 16000, "noise", 20, 1),
    ("synth", 16000, "noise", 10, 1),
    ("synth", 16000, "noise", 0, 1),
    ("synth", 16000, "noise", -5, 1),
    ("synth", 16000, "lowpass", 0.9, 0),
    ("synth", 16000, "allpass", 0, 0),
    ("synth", 16000, "allpass+noise", 5, 2),
    ("synth", 16000, "delay", 40, 0),
    ("synth", 16000, "clip", 0.1, 0),
    ("synth", 16000, "chop", 400, 0),
    ("synth", 10000, "noise", 5, 3),
    ("synth", 10000, "allpass", 0, 0),
    ("synth", 10000, "chop", 250, 0),
    ("synth", 48000, "noise", 10, 4),
    ("synth", 48000, "allpass+noise", 0, 5),
    ("synth", 48000, "lowpass", 0.95, 0),
    ("synth", 44100, "noise", 10, 6),
    ("synth", 8000, "noise", 5, 7),
    ("speech", 22050, "identity", 0, 0),
    ("speech", 22050, "noise", 10, 8),
    ("speech", 22050, "noise", 0, 8),
    ("speech", 22050, "allpass", 0, 0),
    ("speech", 22050, "lowpass", 0.8, 0),
    ("speech", 22050, "chop", 551, 0),
]

SYNTH_SECONDS = 3.0


def clean_signal(source, rate):
    return speech_like(rate, SYNTH_SECONDS) if source == "synth" else espeak_clip()


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    rows = []
    for source, rate, kind, param, seed in CASES:
        x = clean_signal(source, rate)
        y = degrade(x, kind, param, seed)
        s, e = stoi_estoi(x, y, rate, resample_stoi)
        so, eo = stoi_estoi(x, y, rate, resample_octave)
        x64, y64 = x.astype(np.float64), y.astype(np.float64)
        snr = snr_db(y64, x64) if kind != "identity" else math.inf
        sisdr = si_sdr_db(y64, x64) if kind != "identity" else math.inf
        rows.append([source, rate, kind, param, seed, repr(s), repr(e), repr(so), repr(eo), repr(snr), repr(sisdr)])
        print(f"{source:6s} {rate:6d} {kind:14s} {param:6} stoi {s:.6f} estoi {e:.6f} | octave {so:.6f} {eo:.6f}"
              f" | snr {snr:8.3f} si-sdr {sisdr:8.3f}")
    with open(os.path.join(FIXTURES, "stoi_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "rate", "kind", "param", "seed", "stoi", "estoi", "stoi_octave", "estoi_octave",
                    "snr_db", "si_sdr_db"])
        w.writerows(rows)

    # Spectral measures on small seeded magnitude spectrograms (7 frames x 9 bins).
    frames, bins = 7, 9
    target = np.abs(uniform(11, frames * bins)).astype(np.float32).astype(np.float64).reshape(frames, bins)
    estimate = (target * (1.0 + 0.3 * uniform(12, frames * bins).reshape(frames, bins))).astype(np.float32)
    estimate = estimate.astype(np.float64)
    estimate[2, 3] = 0.0  # an exact zero exercises the floor
    spectral = [
        ["sc_db", repr(sc_db(estimate, target))],
        ["lsd_db_100", repr(lsd_db(estimate, target, 100.0))],
        ["lsd_db_40", repr(lsd_db(estimate, target, 40.0))],
    ]
    with open(os.path.join(FIXTURES, "spectral_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["measure", "value"])
        w.writerows(spectral)
    print(spectral)

    # Resampler outputs for seeded noise (2000 samples), compared sample by sample in the C# tests.
    for fs_in, fs_out in [(16000, 10000), (44100, 10000), (8000, 10000)]:
        x = uniform(21, 2000).astype(np.float32)
        y = resample_matched(x, fs_in, fs_out).astype("<f4")
        y.tofile(os.path.join(FIXTURES, f"resample_{fs_in}_{fs_out}.f32"))
        print("resample", fs_in, fs_out, len(y))

    # Self-checks of the oracle itself.
    x = speech_like(16000, SYNTH_SECONDS)
    s, e = stoi_estoi(x, x, 16000, resample_stoi)
    assert abs(s - 1) < 1e-12 and abs(e - 1) < 1e-12, (s, e)
    print("band edges", BAND_EDGES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
