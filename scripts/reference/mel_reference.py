#!/usr/bin/python3
"""Reference values for Phase.Mel, computed with numpy from the published formulas (an independent re-derivation of
librosa.filters.mel / librosa.feature.melspectrogram / librosa.power_to_db; librosa itself is not installed here).

Writes tests/fixtures/mel/:
  filters_<name>.csv      non-zero weights "mel,bin,weight" of a filter bank (float64, 17 significant digits);
                          every other entry of the n_mels x (n_fft/2+1) matrix is zero.
  points_<name>.csv       the n_mels + 2 band-edge frequencies in Hz ("mel_f" in librosa).
  speech_mel80_db.npy     float32 (80, F): 10*log10 power mel of the first 33075 samples (1.5 s) of
                          tests/fixtures/speech/espeak-en-us-f3.wav, librosa-style: centred frames with reflect padding,
                          periodic Hann 1024, hop 256, power 2, Slaney scale and norm, fmin 0, fmax sr/2,
                          then power_to_db(ref=1, amin=1e-10, top_db=80).  Orientation mels x frames (librosa).
  speech_mel80_ln.npy     float32 (F, 80): natural-log amplitude mel of the same excerpt, HiFi-GAN/Tacotron 2 style:
                          |X| (power 1), Slaney scale and norm, fmin 0, fmax 8000, log(clamp(x, 1e-5)).
                          Orientation frames x mels.
Run: /usr/bin/python3 scripts/reference/mel_reference.py   (numpy only)
"""
import os
import wave

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "mel")

# Slaney's auditory toolbox mel scale: linear below 1 kHz (3 mel per 200 Hz), logarithmic above (27 steps per
# factor 6.4).  HTK: 2595 log10(1 + f/700).
F_SP = 200.0 / 3.0
MIN_LOG_HZ = 1000.0
MIN_LOG_MEL = MIN_LOG_HZ / F_SP
LOGSTEP = np.log(6.4) / 27.0


def hz_to_mel(f, htk):
    f = np.asarray(f, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    linear = f / F_SP
    logpart = MIN_LOG_MEL + np.log(np.maximum(f, MIN_LOG_HZ) / MIN_LOG_HZ) / LOGSTEP
    return np.where(f >= MIN_LOG_HZ, logpart, linear)


def mel_to_hz(m, htk):
    m = np.asarray(m, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    linear = F_SP * m
    logpart = MIN_LOG_HZ * np.exp(LOGSTEP * (m - MIN_LOG_MEL))
    return np.where(m >= MIN_LOG_MEL, logpart, linear)


def filter_bank(sr, n_fft, n_mels, fmin, fmax, htk, norm):
    """Triangles between n_mels + 2 points equally spaced on the mel scale, evaluated at the FFT bin frequencies."""
    bins = n_fft // 2 + 1
    freqs = np.arange(bins, dtype=np.float64) * sr / n_fft
    points = mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels + 2), htk)
    weights = np.zeros((n_mels, bins))
    for m in range(n_mels):
        rising = (freqs - points[m]) / (points[m + 1] - points[m])
        falling = (points[m + 2] - freqs) / (points[m + 2] - points[m + 1])
        weights[m] = np.maximum(0.0, np.minimum(rising, falling))
    if norm == "slaney":  # unit area in Hz: a triangle of height 1 and base w has area w/2
        weights *= (2.0 / (points[2:] - points[:-2]))[:, None]
    elif norm == "peak":  # librosa norm=np.inf: each row divided by its largest value
        peak = weights.max(axis=1, keepdims=True)
        weights = np.where(peak > 0, weights / np.where(peak > 0, peak, 1.0), 0.0)
    return points, weights


CONFIGS = {
    # name: sr, n_fft, n_mels, fmin, fmax, htk, norm
    "tts_22050_1024_80": (22050, 1024, 80, 0.0, 11025.0, False, "slaney"),
    "hifigan_22050_1024_80_8k": (22050, 1024, 80, 0.0, 8000.0, False, "slaney"),
    "whisper_16000_400_80": (16000, 400, 80, 0.0, 8000.0, False, "slaney"),
    "htk_16000_512_40_peak": (16000, 512, 40, 20.0, 7600.0, True, "peak"),
    "htk_44100_2048_128_none": (44100, 2048, 128, 30.0, 16000.0, True, "none"),
}


def write_filters():
    for name, (sr, n_fft, n_mels, fmin, fmax, htk, norm) in CONFIGS.items():
        points, weights = filter_bank(sr, n_fft, n_mels, fmin, fmax, htk, norm)
        with open(os.path.join(OUT, f"filters_{name}.csv"), "w") as f:
            f.write(f"# sr={sr} n_fft={n_fft} n_mels={n_mels} fmin={fmin} fmax={fmax} htk={htk} norm={norm}\n")
            f.write("mel,bin,weight\n")
            for m, k in zip(*np.nonzero(weights)):
                f.write(f"{m},{k},{weights[m, k]:.17g}\n")
        with open(os.path.join(OUT, f"points_{name}.csv"), "w") as f:
            f.write("hz\n")
            for p in points:
                f.write(f"{p:.17g}\n")


def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0, w.getframerate()


def stft_magnitude(x, n_fft, hop):
    padded = np.pad(x, n_fft // 2, mode="reflect")
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)  # periodic Hann
    frames = 1 + len(x) // hop
    stack = np.stack([padded[n * hop:n * hop + n_fft] * window for n in range(frames)])
    return np.abs(np.fft.rfft(stack, axis=1))  # frames x bins


def write_speech_mels():
    x, sr = read_wav(os.path.join(ROOT, "tests", "fixtures", "speech", "espeak-en-us-f3.wav"))
    assert sr == 22050
    x = x[:33075]
    mag = stft_magnitude(x, 1024, 256)
    _, fb = filter_bank(sr, 1024, 80, 0.0, sr / 2.0, False, "slaney")
    power_mel = (mag ** 2) @ fb.T  # frames x mels
    db = 10.0 * np.log10(np.maximum(1e-10, power_mel)) - 10.0 * np.log10(1.0)
    db = np.maximum(db, db.max() - 80.0)
    np.save(os.path.join(OUT, "speech_mel80_db.npy"), db.T.astype(np.float32))  # mels x frames

    _, fb8k = filter_bank(sr, 1024, 80, 0.0, 8000.0, False, "slaney")
    amp_mel = mag @ fb8k.T
    np.save(os.path.join(OUT, "speech_mel80_ln.npy"), np.log(np.maximum(amp_mel, 1e-5)).astype(np.float32))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write_filters()
    write_speech_mels()
    print("wrote", OUT)
