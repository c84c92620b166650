#!/usr/bin/env python3
"""Spectral convergence of MCNN versus Griffin-Lim and fast Griffin-Lim (numpy, Phase's STFT, 100 iterations).

    nice -n 10 /usr/bin/python3 onnx-models/training/eval_mcnn.py --split test --model runs/mcnn-main/best.pt \
        --json results/mcnn-test.json

GLA/FGLA start from a seeded uniform random phase (seed 0 per utterance; librosa's default init is also random);
FGLA uses alpha = 0.99. SC = 20 log10(|| |STFT(y)| - S ||_F / ||S||_F), averaged in dB over utterances. MCNN is run as Phase runs it
(mcnn.synthesize: zero context frames at the ends, then level_match); "(raw)" rows are without the matching.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import torch

import corpus
import phasedsp as dsp
from mcnn import level_match, load_any, synthesize


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", help="val | test | heldout")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--model", action="append", default=[], help="[name=]checkpoint.pt or model.onnx")
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--no-gla", action="store_true")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    torch.set_num_threads(1)
    sigs = corpus.held_out_signals() if args.split == "heldout" else corpus.split_signals(args.split, every=args.every)
    models = {}
    for spec in args.model:
        name, path = spec.split("=", 1) if "=" in spec else ("mcnn", spec)
        models[name] = load_any(path)
        models[name].set_fast(True)
    results: dict[str, dict] = {}
    times: dict[str, float] = {}
    t_start = time.time()
    for name, x in sigs:
        S = np.abs(dsp.stft(x))
        n = len(x)
        for mname, model in models.items():
            t = time.time()
            y = synthesize(model, S, n)
            times[mname] = times.get(mname, 0.0) + time.time() - t
            results.setdefault(f"MCNN {mname} (raw)", {})[name] = dsp.spectral_convergence_db(y, S)
            results.setdefault(f"MCNN {mname}", {})[name] = dsp.spectral_convergence_db(level_match(y, S), S)
        if not args.no_gla:
            for label, alpha in ((f"GLA {args.iterations}", 0.0), (f"FGLA {args.iterations}", 0.99)):
                t = time.time()
                y = dsp.fgla(S, n, args.iterations, alpha=alpha, seed=0)
                times[label] = times.get(label, 0.0) + time.time() - t
                results.setdefault(label, {})[name] = dsp.spectral_convergence_db(y, S)
    summary = {m: float(np.mean(list(v.values()))) for m, v in results.items()}
    audio_s = sum(len(x) for _, x in sigs) / dsp.SAMPLE_RATE
    print(f"{args.split}: {len(sigs)} utterances, {audio_s:.0f} s of audio, {time.time() - t_start:.0f} s")
    for m in sorted(summary, key=summary.get):
        print(f"  {summary[m]:8.2f} dB  {m}")
    if args.split == "heldout":
        for m in sorted(summary, key=summary.get):
            print(f"  {m}: " + ", ".join(f"{k} {v:.2f}" for k, v in results[m].items()))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(dict(split=args.split, utterances=len(sigs), audio_seconds=audio_s, mean_sc_db=summary,
                           per_utterance=results, python_seconds=times), f, indent=1)


if __name__ == "__main__":
    main()
