#!/usr/bin/env python3
"""Trains the Vocos-style vocoder head (vocos.py) on the corpus, without a GAN (one CPU thread; resumable).

    nice -n 19 /usr/bin/python3 onnx-models/training/train_vocos.py --name main --hours 1.0 [--corpus DIR]

Random segments of --frames mel frames with random gains (--gain-db below 0 dBFS peak). Losses: spectral convergence
and log-magnitude L1 of the predicted magnitude against the true STFT; APNet's anti-wrapping instantaneous-phase,
group-delay and instantaneous-frequency losses, weighted by the true magnitude; multi-resolution STFT (SC + log L1 at
512/128, 1024/256, 2048/512) and log-mel L1 of the ISTFT output against the original segment. AdamW, learning rate on
a cosine schedule over the wall-clock budget (--hours), so the run anneals however contended the machine is.
Checkpoints in runs/vocos-<name>/ (last.pt; best.pt by validation SC of the output against the original speech, or with
--select magnitude of the predicted magnitude alone against the true STFT). --init starts from a checkpoint or from an
exported .onnx (the shipped model), so no checkpoint has to live in git.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time

import numpy as np
import torch

import corpus
import vocos as V


def load_split(split, every=1):
    items = []
    for _, x in corpus.split_signals(split, every=every):
        items.append(np.pad(x, V.N_FFT // 2, mode="reflect").astype(np.float32))  # torch center=True padding
    return items


def sample_batch(items, rng, batch, frames, gain_db):
    """Slices c = xp[t0*H : t0*H + (T-1)*H + N + 128] of the reflect-padded (N/2) utterance: mel frames t0.. and the
    target STFT on the same frames from c[128:] (hifigan: reflect pad (N-H)/2, center=False), target waveform
    x[t0*H : (t0+T)*H] = c[N/2 : N/2 + T*H]."""
    H, N = V.HOP, V.N_FFT
    seg = (frames - 1) * H + N + (N // 2 - V.PAD)
    out = np.zeros((batch, seg), np.float32)
    for b in range(batch):
        xp = items[rng.integers(len(items))]
        L = len(xp) - N
        t_max = max(0, (L - (N // 2 - V.PAD) - (frames - 1) * H) // H)
        t0 = int(rng.integers(0, t_max + 1))
        c = xp[t0 * H:t0 * H + seg]
        g = np.float32(10 ** (-rng.uniform(0, gain_db) / 20))
        out[b, :len(c)] = c * g
    c = torch.from_numpy(out)
    off = N // 2 - V.PAD
    padded = c[:, off:]
    # Target: the STFT on the mel's own frames (the same frames the mel was computed from).
    return padded, torch.stft(padded[:, :(frames - 1) * H + N], N, H, N, V.hann(N), center=False, return_complex=True), \
        c[:, N // 2:N // 2 + frames * H]


def utterance_mel(front, x):
    xp = torch.from_numpy(np.pad(x, V.PAD, mode="reflect").astype(np.float32))[None]
    return front.log_mel(xp)


def sc_db(y, x):
    """SC of |STFT(y)| against |STFT(x)| (centred, reflect, Hann 1024 / 256: Phase's magnitudes), in dB."""
    Y = V.stft_mag(torch.from_numpy(y.astype(np.float32))[None], V.N_FFT, V.HOP).abs()
    X = V.stft_mag(torch.from_numpy(x.astype(np.float32))[None], V.N_FFT, V.HOP).abs()
    return float(20 * torch.log10(torch.linalg.norm(Y - X) / torch.linalg.norm(X)))


def validate(model, front, items):
    model.eval()
    scs, mag_scs = [], []
    with torch.no_grad():
        for x in items:
            mel = utterance_mel(front, x)
            T = mel.shape[2]
            mag, cx, sy = model(mel)
            y = V.istft(mag, torch.atan2(sy, cx), T * V.HOP)[0].numpy()
            ref = x[:T * V.HOP]
            scs.append(sc_db(y, ref))
            xp = torch.from_numpy(np.pad(x, V.PAD, mode="reflect").astype(np.float32))[None]
            X = torch.stft(xp, V.N_FFT, V.HOP, V.WIN, V.hann(V.WIN), center=False, return_complex=True).abs()
            mag_scs.append(float(20 * torch.log10(torch.linalg.norm(mag - X) / torch.linalg.norm(X))))
    model.train()
    return float(np.mean(scs)), float(np.mean(mag_scs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--corpus", default=None, help="corpus directory (default onnx-models/training/corpus)")
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--blocks", type=int, default=6)
    ap.add_argument("--mult", type=int, default=3)
    ap.add_argument("--hours", type=float, default=1.0, help="wall-clock budget of the whole run (all invocations)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--frames", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--gain-db", type=float, default=15.0)
    ap.add_argument("--weights", default="0,0,0,1,1,0.3,0.3,0.3",
                    help="wav_sc, wav_log, mel, mag_sc, mag_log, ph_ip, ph_gd, ph_iaf")
    ap.add_argument("--val-every", type=int, default=400)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", default=None,
                    help="start a new run from another run's checkpoint (.pt: model weights only, fresh optimiser) or "
                         "from an exported model (.onnx, e.g. the shipped onnx-models/vocos-hifigan.onnx)")
    ap.add_argument("--select", choices=["output", "magnitude"], default="output",
                    help="what best.pt is chosen by: validation SC of the head's own output (its magnitude and phase), "
                         "or of its magnitude alone (for a head whose magnitude feeds FGLA)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    if args.corpus:
        corpus.CORPUS = os.path.abspath(args.corpus)
    names = ["wav_sc", "wav_log", "mel", "mag_sc", "mag_log", "ph_ip", "ph_gd", "ph_iaf"]
    weights = dict(zip(names, (float(t) for t in args.weights.split(","))))
    out = os.path.join(corpus.RUNS, f"vocos-{args.name}")
    os.makedirs(out, exist_ok=True)
    model = V.VocosHead(dim=args.dim, blocks=args.blocks, mult=args.mult)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.8, 0.99), weight_decay=0.01)
    step, best, elapsed = 0, float("inf"), 0.0
    last = os.path.join(out, "last.pt")
    if args.init and not os.path.exists(last):
        if args.init.endswith(".onnx"):
            V.load_onnx_weights(model, args.init)
        else:
            model.load_state_dict(torch.load(args.init)["model"])
        print(f"initialised from {args.init}", flush=True)
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, best, elapsed = ck["step"], ck["best"], ck["elapsed"]
        print(f"resumed at step {step}", flush=True)
    with open(os.path.join(out, "args.json"), "w") as f:
        json.dump(dict(vars(args), cfg=model.cfg), f, indent=1)
    train = load_split("train")
    try:
        val = [x for _, x in corpus.split_signals("val", every=12)]
    except (FileNotFoundError, KeyError):
        val = []
    if not val:  # the corpus is still being written (provisional manifest without a validation split)
        val = [x[V.N_FFT // 2:-(V.N_FFT // 2)] for x in train[-8:]]
        train = train[:-8]
    print(f"train {len(train)} utterances, val {len(val)}; {sum(p.numel() for p in model.parameters())} parameters",
          flush=True)
    front = V.MelFrontEnd()
    rng = np.random.default_rng(args.seed + step)
    budget = args.hours * 3600
    t_start, acc = time.time() - elapsed, {n: 0.0 for n in names}

    def save(path):
        torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), step=step, best=best,
                        elapsed=time.time() - t_start, cfg=model.cfg), path + ".tmp")
        os.replace(path + ".tmp", path)

    while time.time() - t_start < budget:
        frac = (time.time() - t_start) / budget
        lr = args.lr * (min(1.0, (step + 1) / 300)) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        c_mel, tspec, twav = sample_batch(train, rng, args.batch, args.frames, args.gain_db)
        mel = front.log_mel(c_mel)
        wave = any(weights[n] > 0 for n in ("wav_sc", "wav_log", "mel"))
        terms, _ = V.losses(model, mel, tspec, twav, front, waveform=wave)
        loss = sum(weights[n] * terms[n] for n in names if n in terms)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        step += 1
        for n in names:
            acc[n] += float(terms.get(n, 0.0))
        if step % args.log_every == 0:
            print(f"step {step} {time.time() - t_start:7.0f}s lr {lr:.2e} " +
                  " ".join(f"{n} {acc[n] / args.log_every:.4f}" for n in names), flush=True)
            acc = {n: 0.0 for n in names}
        if step % args.val_every == 0:
            sc, msc = validate(model, front, val)
            print(f"  val SC {sc:.2f} dB (magnitude alone {msc:.2f} dB)", flush=True)
            score = msc if args.select == "magnitude" else sc
            if score < best:
                best = score
                save(os.path.join(out, "best.pt"))
            save(last)
    sc, msc = validate(model, front, val)
    print(f"final val SC {sc:.2f} dB (magnitude alone {msc:.2f} dB) at step {step}", flush=True)
    score = msc if args.select == "magnitude" else sc
    if score < best:
        best = score
        save(os.path.join(out, "best.pt"))
    save(last)


if __name__ == "__main__":
    main()
