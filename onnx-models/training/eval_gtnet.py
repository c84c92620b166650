#!/usr/bin/env python3
"""End-to-end evaluation of phase-derivative sources with least-squares integration (and baselines).

    nice -n 10 /usr/bin/python3 onnx-models/training/eval_gtnet.py --split test \
        --model causal=runs/gtnet-causal/best.pt --model lookahead=runs/gtnet-lookahead/best.pt \
        --rtpghi --json results/gtnet-test.json

For each utterance: S = |STFT(x)|, phase from (oracle | analytic | network) derivatives by frame-wise LS integration
(phasedsp.ls_reconstruct, weights (s_a s_b)^(power/2), beta scaled by beta_scale), y = ISTFT(S e^{i phi}),
SC = 20 log10(|| |STFT(y)| - S ||_F / ||S||_F). Reports the mean over utterances of SC in dB.
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
from gtnet import load_model, predict_utterance


def sc_of(S, phi, n):
    return dsp.spectral_convergence_db(dsp.reconstruct_signal(S, phi, n), S)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", help="val | test | heldout")
    ap.add_argument("--every", type=int, default=1, help="use every n-th utterance")
    ap.add_argument("--model", action="append", default=[], help="name=path/to/checkpoint.pt")
    ap.add_argument("--power", type=float, default=2.0)
    ap.add_argument("--beta-scale", type=float, default=1.0)
    ap.add_argument("--grid", action="store_true", help="also sweep LS weight power/beta_scale for each method")
    ap.add_argument("--no-analytic", action="store_true")
    ap.add_argument("--rtpghi", action="store_true", help="also run the (slow, pure Python) RTPGHI baseline")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    torch.set_num_threads(1)
    sigs = corpus.held_out_signals() if args.split == "heldout" else corpus.split_signals(args.split, every=args.every)
    models = {}
    for spec in args.model:
        name, path = spec.split("=", 1)
        models[name] = load_model(path)
    grid = [(p, b) for p in (1.0, 2.0, 3.0, 4.0) for b in (0.5, 1.0, 2.0, 4.0)] if args.grid else \
        [(args.power, args.beta_scale)]
    results: dict[str, dict] = {}

    def record(method, name, value):
        results.setdefault(method, {})[name] = value

    t0 = time.time()
    for name, x in sigs:
        X = dsp.stft(x)
        S = np.abs(X)
        n = len(x)
        sources = {"oracle": dsp.oracle_derivatives(X)}
        if not args.no_analytic:
            sources["analytic-causal"] = dsp.analytic_derivatives(S, lookahead=False)
            sources["analytic-lookahead"] = dsp.analytic_derivatives(S, lookahead=True)
        for mname, model in models.items():
            sources[f"gtnet-{mname}"] = predict_utterance(model, S)
        for src, (d, v) in sources.items():
            for p, b in (grid if src != "oracle" else [(2.0, 1.0)]):
                phi = dsp.ls_reconstruct(S, d, v, beta_scale=b, power=p)
                tag = src if len(grid) == 1 or src == "oracle" else f"{src} p={p:g} b={b:g}"
                record(f"LS {tag}", name, sc_of(S, phi, n))
        if args.rtpghi:
            record("RTPGHI causal", name, sc_of(S, dsp.rtpghi(S, lookahead=False), n))
            record("RTPGHI lookahead", name, sc_of(S, dsp.rtpghi(S, lookahead=True), n))
    summary = {m: float(np.mean(list(v.values()))) for m, v in results.items()}
    print(f"{args.split}: {len(sigs)} utterances, {time.time() - t0:.0f} s")
    for m in sorted(summary, key=summary.get):
        print(f"  {summary[m]:8.2f} dB  {m}")
    if args.split == "heldout":
        for m in sorted(summary, key=summary.get):
            print(f"  {m}: " + ", ".join(f"{k} {v:.2f}" for k, v in results[m].items()))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(dict(split=args.split, utterances=len(sigs), mean_sc_db=summary, per_utterance=results,
                           power=args.power, beta_scale=args.beta_scale), f, indent=1)


if __name__ == "__main__":
    main()
