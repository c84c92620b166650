#!/usr/bin/env python3
"""End-to-end evaluation of phase-derivative sources with least-squares integration (and baselines).

Tune the LS weights on the validation split (writes results/ls-settings.json, one entry per source):
    nice -n 10 /usr/bin/python3 onnx-models/training/eval_gtnet.py --split val --every 2 --grid \
        --model causal=runs/gtnet-causal/best.pt --model lookahead=runs/gtnet-lookahead/best.pt
Evaluate (uses results/ls-settings.json):
    nice -n 10 /usr/bin/python3 onnx-models/training/eval_gtnet.py --split test --heap --rtpghi \
        --model causal=... --model lookahead=... --json results/gtnet-test.json
    (--split heldout: the demo clip and tests/fixtures/speech)

For each utterance: S = |STFT(x)|, phase from (oracle | analytic | network) derivatives by frame-wise LS integration
(phasedsp.ls_reconstruct; weights (s_a s_b)^(power/2), beta scaled by beta_scale, eps = eps_rel * max weight),
y = ISTFT(S e^{i phi}), SC = 20 log10(|| |STFT(y)| - S ||_F / ||S||_F). Reports the mean over utterances of SC in dB.
--heap also integrates every source with RTPGHI's two-column heap (phasedsp.heap_integrate) for comparison.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import time

import numpy as np
import torch

import corpus
import phasedsp as dsp
from gtnet import load_model, predict_utterance

HERE = os.path.dirname(os.path.abspath(__file__))
SETTINGS = os.path.join(HERE, "results", "ls-settings.json")
DEFAULT_LS = {"power": 4.0, "beta_scale": 2.0, "eps_rel": 1e-6}
GRID = [dict(power=p, beta_scale=b, eps_rel=e) for p, b, e in
        itertools.product((2.0, 4.0, 6.0, 8.0), (1.0, 2.0, 4.0), (1e-6, 1e-12, 1e-20))]


def sc_of(S, phi, n):
    return dsp.spectral_convergence_db(dsp.reconstruct_signal(S, phi, n), S)


def tag_of(ls):
    return f"p={ls['power']:g} b={ls['beta_scale']:g} eps={ls['eps_rel']:g}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", help="val | test | heldout")
    ap.add_argument("--every", type=int, default=1, help="use every n-th utterance")
    ap.add_argument("--model", action="append", default=[], help="name=path/to/checkpoint.pt")
    ap.add_argument("--grid", action="store_true", help="sweep the LS weights and write the best per source")
    ap.add_argument("--no-analytic", action="store_true")
    ap.add_argument("--heap", action="store_true", help="also integrate each source with the two-column heap")
    ap.add_argument("--rtpghi", action="store_true", help="also run the RTPGHI baseline (pure Python, slow)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    torch.set_num_threads(1)
    sigs = corpus.held_out_signals() if args.split == "heldout" else corpus.split_signals(args.split, every=args.every)
    models = {}
    for spec in args.model:
        name, path = spec.split("=", 1)
        models[name] = load_model(path)
    settings = {}
    if os.path.exists(SETTINGS):
        with open(SETTINGS) as f:
            settings = json.load(f)
    results: dict[str, dict] = {}
    used: dict[str, dict] = {}

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
            if args.grid and src != "oracle":
                for ls in GRID:
                    phi = dsp.ls_reconstruct(S, d, v, **ls)
                    record(f"LS {src} {tag_of(ls)}", name, sc_of(S, phi, n))
            else:
                ls = settings.get(src, DEFAULT_LS)
                used[src] = ls
                record(f"LS {src}", name, sc_of(S, dsp.ls_reconstruct(S, d, v, **ls), n))
            if args.heap:
                record(f"heap {src}", name, sc_of(S, dsp.heap_integrate(S, d, v), n))
        if args.rtpghi:
            record("RTPGHI causal", name, sc_of(S, dsp.rtpghi(S, lookahead=False), n))
            record("RTPGHI lookahead", name, sc_of(S, dsp.rtpghi(S, lookahead=True), n))
    summary = {m: float(np.mean(list(v.values()))) for m, v in results.items()}
    print(f"{args.split}: {len(sigs)} utterances, {time.time() - t0:.0f} s")
    for m in sorted(summary, key=summary.get)[:40]:
        print(f"  {summary[m]:8.2f} dB  {m}")
    if args.grid:
        best = dict(settings)
        for src in list(sources):
            if src == "oracle":
                continue
            cands = {tag_of(ls): ls for ls in GRID}
            scores = {t: summary[f"LS {src} {t}"] for t in cands}
            t = min(scores, key=scores.get)
            best[src] = dict(cands[t], val_sc_db=scores[t], val_utterances=len(sigs))
            print(f"best LS for {src}: {t} -> {scores[t]:.2f} dB")
        os.makedirs(os.path.dirname(SETTINGS), exist_ok=True)
        with open(SETTINGS, "w") as f:
            json.dump(best, f, indent=1)
    if args.split == "heldout":
        for m in sorted(summary, key=summary.get):
            print(f"  {m}: " + ", ".join(f"{k} {v:.2f}" for k, v in results[m].items()))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(dict(split=args.split, utterances=len(sigs), mean_sc_db=summary, per_utterance=results,
                           ls_settings=used), f, indent=1)


if __name__ == "__main__":
    main()
