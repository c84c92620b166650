#!/usr/bin/python3
"""Reference mel spectrograms of the named TTS conventions (Phase.Mel.MelConvention presets), computed with numpy from
each family's published code paths, re-derived from the formulas (torch, torchaudio and librosa are not used):

  hifigan    HiFi-GAN meldataset.mel_spectrogram: y padded by (n_fft - hop)/2 = 384 on each side ('reflect'),
             torch.stft(center=False), n_fft = win = 1024, hop 256, periodic Hann; spec = sqrt(re^2 + im^2 + 1e-9);
             librosa Slaney mel basis (80 bands, 0..8000 Hz, norm='slaney'); log(clamp(mel, 1e-5)).  [80, T]
  matcha     hifigan, then (v - (-5.5366)) / 2.1161.
  vocos      vocos.feature_extractors.MelSpectrogramFeatures: torchaudio MelSpectrogram(sr=24000, n_fft=1024,
             hop=256, n_mels=100, center=True, power=1) -> reflect padding 512, HTK scale, no filter norm,
             0..12000 Hz; log(clip(mel, 1e-7)).  [100, T]
  styletts2  torchaudio MelSpectrogram(n_mels=80, n_fft=2048, win_length=1200, hop_length=300) at 24000 Hz:
             centred (reflect 1024), the 1200-sample periodic Hann centred in 2048 (offset 424), power 2, HTK, no
             norm, 0..12000 Hz; (log(1e-5 + mel) - (-4)) / 4.  [80, T]
  librosa    librosa.power_to_db(librosa.feature.melspectrogram(y, sr=22050)): n_fft = win = 2048, hop 512,
             centred with zero padding (pad_mode='constant', librosa >= 0.10), power 2, 128 Slaney bands with
             Slaney norm, 0..11025 Hz; 10 log10(max(p, 1e-10)) - 10 log10(1), clipped at max - 80 dB.  [128, T]

The input is the first 13230 samples of tests/fixtures/speech/espeak-en-us-f3.wav (the same samples for every
preset, whatever its nominal rate: only the sample rate's role in the filter bank matters here).
Frame counts come from framing the padded signal (frames start every hop while a whole n_fft window fits), not
from a formula, for several lengths.

Writes tests/fixtures/mel/preset_<name>.npy (float32, in the family's layout) and preset_frames.csv
("preset,length,frames,output_length").
Run: /usr/bin/python3 scripts/reference/mel_presets_reference.py   (numpy only)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mel_reference import ROOT, OUT, filter_bank, read_wav  # noqa: E402

PRESETS = {
    # name: sr, n_fft, win, hop, pad, pad_mode, n_mels, fmin, fmax, htk, norm, power, eps, compression, floor, mean, std,
    #       output rule ('T*H' or '(T-1)*H')
    "hifigan": (22050, 1024, 1024, 256, 384, "reflect", 80, 0.0, 8000.0, False, "slaney", 1, 1e-9, "ln_clamp", 1e-5, 0.0, 1.0, "T*H"),
    "matcha": (22050, 1024, 1024, 256, 384, "reflect", 80, 0.0, 8000.0, False, "slaney", 1, 1e-9, "ln_clamp", 1e-5, -5.5366, 2.1161, "T*H"),
    "vocos": (24000, 1024, 1024, 256, 512, "reflect", 100, 0.0, 12000.0, True, None, 1, 0.0, "ln_clamp", 1e-7, 0.0, 1.0, "(T-1)*H"),
    "styletts2": (24000, 2048, 1200, 300, 1024, "reflect", 80, 0.0, 12000.0, True, None, 2, 0.0, "ln_add", 1e-5, -4.0, 4.0, "T*H"),
    "librosa": (22050, 2048, 2048, 512, 1024, "constant", 128, 0.0, 11025.0, False, "slaney", 2, 0.0, "db", 1e-10, 0.0, 1.0, "(T-1)*H"),
}


def frames_of(xp, n_fft, hop):
    starts = []
    s = 0
    while s + n_fft <= len(xp):
        starts.append(s)
        s += hop
    return starts


def preset_mel(x, name):
    sr, n_fft, win, hop, pad, mode, n_mels, fmin, fmax, htk, norm, power, eps, comp, floor, mean, std, _ = PRESETS[name]
    xp = np.pad(x, (pad, pad), mode=mode)
    w = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(win) / win)  # periodic Hann (torch.hann_window, scipy fftbins)
    fw = np.zeros(n_fft)
    off = (n_fft - win) // 2
    fw[off:off + win] = w
    starts = frames_of(xp, n_fft, hop)
    X = np.stack([np.fft.rfft(xp[s:s + n_fft] * fw) for s in starts])  # T x K, frame-start phase
    p = X.real ** 2 + X.imag ** 2 + eps
    spec = np.sqrt(p) if power == 1 else p
    _, fb = filter_bank(sr, n_fft, n_mels, fmin, fmax, htk, norm)
    mel = spec @ fb.T  # T x M
    if comp == "ln_clamp":
        v = np.log(np.maximum(mel, floor))
    elif comp == "ln_add":
        v = np.log(mel + floor)
    else:
        v = 10.0 * np.log10(np.maximum(mel, floor)) - 10.0 * np.log10(1.0)
        v = np.maximum(v, v.max() - 80.0)
    v = (v - mean) / std
    return v.T  # M x T, the families' layout


def output_length(name, frames):
    hop = PRESETS[name][3]
    return frames * hop if PRESETS[name][-1] == "T*H" else (frames - 1) * hop


def main():
    x, _ = read_wav(os.path.join(ROOT, "tests", "fixtures", "speech", "espeak-en-us-f3.wav"))
    x = x[:13230]
    os.makedirs(OUT, exist_ok=True)
    for name in PRESETS:
        np.save(os.path.join(OUT, f"preset_{name}.npy"), preset_mel(x, name).astype(np.float32))
    with open(os.path.join(OUT, "preset_frames.csv"), "w") as f:
        f.write("preset,length,frames,output_length\n")
        for name, cfg in PRESETS.items():
            n_fft, pad, mode = cfg[1], cfg[4], cfg[5]
            for length in (1025, 2047, 13230, 22050, 22050 + 255, 22050 + 256, 24000, 48000 + 299):
                if mode == "reflect" and length <= pad:
                    continue
                xp = np.zeros(length + 2 * pad)
                frames = len(frames_of(xp, n_fft, cfg[3]))
                f.write(f"{name},{length},{frames},{output_length(name, frames)}\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
