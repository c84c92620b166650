#!/usr/bin/env python3
"""Held-out evaluation of mel -> waveform: today's path (NNLS + FGLA) against the vocoder head, through the phase CLI.

    dotnet build src/Phase.Cli -c Release -p:PhaseOnnxRuntime=cpu     # the vocoder method needs ONNX Runtime
    /usr/bin/python3 onnx-models/training/eval_vocos.py [--corpus DIR] [--per-voice 3] [--phase PATH-TO-Phase.Cli.dll]

For every held-out clip (the repository's four held-out clips and --per-voice utterances of each test voice of the
corpus): the hifigan-convention mel of the clip (vocos.MelFrontEnd, float32) is written as [80, T] .npy, then
  phase invert mel.npy --preset hifigan -m fgla [--init pghi]                (NNLS + FGLA, 100 iterations, today's path;
                                                                              FGLA starts from SPSI, or from PGHI)
  phase invert mel.npy --preset hifigan -m vocoder --param fgla=0            (the model's magnitude and phase)
  phase invert mel.npy --preset hifigan -m vocoder --param fgla=100 --init model|pghi
      (the model's magnitude, FGLA from its phase or from PGHI; the shipped model's default: fgla_iterations=100 from PGHI)
and `phase eval original.wav output.wav` gives SC of the output's STFT against the ORIGINAL speech's STFT, STOI and
ESTOI (original = the clip's first T*256 samples, the family's output length). Speed is the CLI's "x real time"
(reconstruction only: for fgla the FGLA run after NNLS, for vocoder the model + ISTFT (+ FGLA)).
Writes results/vocos-heldout.json and prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile

import numpy as np
import soundfile as sf
import torch

import corpus
import vocos as V

METHODS = {
    "NNLS + FGLA (100 it.)": ["-m", "fgla"],
    "NNLS + FGLA (100 it.) from PGHI": ["-m", "fgla", "--init", "pghi"],
    "vocoder head": ["-m", "vocoder", "--param", "fgla=0"],
    "vocoder head + FGLA (100 it.) from its phase": ["-m", "vocoder", "--param", "fgla=100", "--init", "model"],
    "vocoder head + FGLA (100 it.) from PGHI": ["-m", "vocoder", "--param", "fgla=100", "--init", "pghi"],
}


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--per-voice", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="only the first N clips (a quick check)")
    ap.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of the methods; results of the "
                    "others are kept from an earlier run's results/vocos-heldout.json (same clips)")
    ap.add_argument("--phase", default=os.path.join(corpus.REPO, "src", "Phase.Cli", "bin", "Release", "net10.0", "Phase.Cli.dll"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    if args.corpus:
        corpus.CORPUS = os.path.abspath(args.corpus)
    clips = corpus.held_out_signals()
    by_voice = {}
    for r in corpus.manifest("test"):
        by_voice.setdefault(r["voice"], []).append(r)
    for voice, rows in sorted(by_voice.items()):
        for r in rows[::max(1, len(rows) // args.per_voice)][:args.per_voice]:
            clips.append((f"test/{voice}/{r['file']}", corpus.read_wav(os.path.join(corpus.CORPUS, r["file"]))))
    clips = clips[:args.limit] if args.limit else clips
    front = V.MelFrontEnd()
    phase = ["dotnet", args.phase]
    results_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "vocos-heldout.json")
    chosen = [m for m in args.methods.split(",") if m]
    previous = {}
    if os.path.exists(results_path):
        with open(results_path) as f:
            previous = {r["clip"]: r for r in json.load(f)["clips"]}
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for name, x in clips:
            xp = torch.from_numpy(np.pad(x, V.PAD, mode="reflect").astype(np.float32))[None]
            mel = front.log_mel(xp)[0].numpy()
            T = mel.shape[1]
            np.save(os.path.join(d, "mel.npy"), mel.astype(np.float32))
            sf.write(os.path.join(d, "ref.wav"), x[:T * V.HOP].astype(np.float32), V.SAMPLE_RATE, subtype="FLOAT")
            row = {"clip": name, "seconds": T * V.HOP / V.SAMPLE_RATE}
            row.update({m: v for m, v in previous.get(name, {}).items() if m in METHODS and m not in chosen})
            for method, flags in METHODS.items():
                if method not in chosen:
                    continue
                out = run(phase + ["invert", os.path.join(d, "mel.npy"), "--preset", "hifigan", *flags, "--format", "float32",
                                   "-o", os.path.join(d, "out.wav")])
                speed = float(re.search(r"(?m)^0\s.*?([0-9.]+)×\s*$", out).group(1))  # channel 0's row of the table
                ev = run(phase + ["eval", os.path.join(d, "ref.wav"), os.path.join(d, "out.wav")])
                sc = float(re.search(r"SC\s+(-?[0-9.]+) dB", ev).group(1))
                stoi = float(re.search(r"STOI\s+([0-9.]+)", ev).group(1))
                estoi = float(re.search(r"ESTOI\s+([0-9.]+)", ev).group(1))
                row[method] = dict(sc_db=sc, stoi=stoi, estoi=estoi, x_real_time=speed)
            rows.append(row)
            print(name, {m: row[m]["sc_db"] for m in METHODS if m in row}, flush=True)
    summary = {}
    for method in [m for m in METHODS if all(m in r for r in rows)]:
        summary[method] = {k: float(np.mean([r[method][k] for r in rows])) for k in ("sc_db", "stoi", "estoi")}
        summary[method]["x_real_time_median"] = float(np.median([r[method]["x_real_time"] for r in rows]))
    with open(results_path + ".tmp", "w") as f:
        json.dump({"clips": rows, "mean": summary}, f, indent=1)
    os.replace(results_path + ".tmp", results_path)
    print(f"\n{len(rows)} held-out clips ({sum(r['seconds'] for r in rows):.0f} s)\n")
    print("| mel → waveform | SC vs original | STOI | ESTOI | × real time (median) |")
    print("|---|---|---|---|---|")
    for method, s in summary.items():
        print(f"| {method} | {s['sc_db']:.1f} dB | {s['stoi']:.3f} | {s['estoi']:.3f} | {s['x_real_time_median']:.0f}× |")


if __name__ == "__main__":
    main()
