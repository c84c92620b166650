"""Corpus access: the manifest written by make_corpus.py, the repository's held-out clips, and cached STFT arrays."""
from __future__ import annotations

import csv
import os

import numpy as np
import soundfile as sf

import phasedsp as dsp

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
RUNS = os.path.join(HERE, "runs")
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

HELD_OUT_CLIPS = {
    "demo (festival SLT)": os.path.join(REPO, "src", "Phase.Cli", "Resources", "demo.wav"),
    "festival-kal": os.path.join(REPO, "tests", "fixtures", "speech", "festival-kal.wav"),
    "espeak-en-us-f3": os.path.join(REPO, "tests", "fixtures", "speech", "espeak-en-us-f3.wav"),
    "espeak-en-gb-m3": os.path.join(REPO, "tests", "fixtures", "speech", "espeak-en-gb-m3.wav"),
}


def manifest(split: str | None = None) -> list[dict]:
    path = os.path.join(CORPUS, "manifest.tsv")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} not found: run make_corpus.py first")
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r for r in rows if split is None or r["split"] == split]


def read_wav(path: str) -> np.ndarray:
    x, sr = sf.read(path, dtype="float64", always_2d=False)
    if sr != dsp.SAMPLE_RATE:
        raise ValueError(f"{path}: {sr} Hz, expected {dsp.SAMPLE_RATE}")
    if x.ndim > 1:
        x = x.mean(axis=1)
    return x


def split_signals(split: str, limit: int | None = None, every: int = 1) -> list[tuple[str, np.ndarray]]:
    rows = manifest(split)[::every]
    if limit is not None:
        rows = rows[:limit]
    return [(r["file"], read_wav(os.path.join(CORPUS, r["file"]))) for r in rows]


def held_out_signals() -> list[tuple[str, np.ndarray]]:
    return [(name, read_wav(path)) for name, path in HELD_OUT_CLIPS.items()]


PAD_BEFORE = 4  # zero frames before each utterance in the packed arrays (>= the largest 'past' context)
PAD_AFTER = 1   # zero frames after (>= the largest look-ahead)


def packed_stft(split: str) -> dict:
    """All utterances of a split, packed frame-wise with zero gaps, cached in runs/stft-<split>.npz:
    S [G, K] float32 magnitudes, d/v [G, K] float16 oracle targets, valid [G] bool (real frames)."""
    os.makedirs(RUNS, exist_ok=True)
    cache = os.path.join(RUNS, f"stft-{split}.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        return {k: z[k] for k in z.files}
    S_parts, d_parts, v_parts, valid_parts = [], [], [], []
    K = dsp.K_BINS
    for _, x in split_signals(split):
        X = dsp.stft(x)
        d, v = dsp.oracle_derivatives(X)
        F = X.shape[0]
        zb, za = np.zeros((PAD_BEFORE, K)), np.zeros((PAD_AFTER, K))
        S_parts += [zb, np.abs(X), za]
        d_parts += [zb, d, za]
        v_parts += [zb, v, za]
        valid_parts += [np.zeros(PAD_BEFORE, bool), np.ones(F, bool), np.zeros(PAD_AFTER, bool)]
    out = dict(S=np.concatenate(S_parts).astype(np.float32), d=np.concatenate(d_parts).astype(np.float16),
               v=np.concatenate(v_parts).astype(np.float16), valid=np.concatenate(valid_parts))
    np.savez(cache + ".tmp.npz", **out)
    os.replace(cache + ".tmp.npz", cache)
    return out
