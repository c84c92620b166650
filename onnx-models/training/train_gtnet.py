#!/usr/bin/env python3
"""Trains a gtnet variant on the corpus (one CPU thread; resumable).

    nice -n 10 /usr/bin/python3 onnx-models/training/train_gtnet.py --name causal --lookahead 0 --steps 20000
    nice -n 10 /usr/bin/python3 onnx-models/training/train_gtnet.py --name lookahead --lookahead 1 --steps 20000

Checkpoints go to runs/gtnet-<name>/ (last.pt every --ckpt-every steps, best.pt by validation loss); rerunning the
same command resumes from last.pt. The log (train.log) has one line per --log-every steps.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import torch

import corpus
from gtnet import GtNet, circular_loss, param_count


def batch_tensors(data, idx, past, lookahead, q):
    S = data["S"]
    C = past + 1 + lookahead
    ctx = idx[:, None] + np.arange(-past, lookahead + 1)[None, :]
    x = torch.from_numpy(S[ctx])  # [B, C, K]
    cur = torch.from_numpy(S[idx])
    prev = torch.from_numpy(S[idx - 1])
    d = torch.from_numpy(data["d"][idx].astype(np.float32))
    v = torch.from_numpy(data["v"][idx].astype(np.float32))
    wa = (prev * cur) ** (q / 2.0)
    wb = torch.zeros_like(cur)
    wb[:, :-1] = (cur[:, :-1] * cur[:, 1:]) ** (q / 2.0)
    assert x.shape[1] == C
    return x, d, v, wa, wb


def evaluate(model, data, idx, args):
    model.eval()
    tot_d = tot_v = 0.0
    with torch.no_grad():
        for i in range(0, len(idx), 2048):
            x, d, v, wa, wb = batch_tensors(data, idx[i:i + 2048], model.past, model.lookahead, args.q)
            y = model(x)
            tot_d += float((wa * (1 - torch.cos(y[:, 0] - d))).sum()) / float(data["_wa_sum"])
            tot_v += float((wb * (1 - torch.cos(y[:, 1] - v))).sum()) / float(data["_wb_sum"])
    model.train()
    return tot_d, tot_v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--lookahead", type=int, default=0)
    ap.add_argument("--past", type=int, default=3)
    ap.add_argument("--hidden", default="16,16")
    ap.add_argument("--kernels", default="5,5")
    ap.add_argument("--dilations", default="1,2")
    ap.add_argument("--out-kernel", type=int, default=3)
    ap.add_argument("--act", default="relu")
    ap.add_argument("--pos", action="store_true", help="add the frequency-position bias table to the first layer")
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--q", type=float, default=1.0, help="loss weight (s_a s_b)^(q/2)")
    ap.add_argument("--freq-weight", type=float, default=1.0, help="weight of the frequency-derivative loss")
    ap.add_argument("--log-every", type=int, default=200)
    ap.add_argument("--ckpt-every", type=int, default=1000)
    ap.add_argument("--val-frames", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    out = os.path.join(corpus.RUNS, f"gtnet-{args.name}")
    os.makedirs(out, exist_ok=True)
    ints = lambda s: tuple(int(t) for t in s.split(","))
    model = GtNet(past=args.past, lookahead=args.lookahead, hidden=ints(args.hidden), kernels=ints(args.kernels),
                  dilations=ints(args.dilations), out_kernel=args.out_kernel, act=args.act, pos=args.pos)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: 0.5 * (1 + np.cos(np.pi * min(s, args.steps) / args.steps)) * 0.97 + 0.03)
    step, best = 0, float("inf")
    last = os.path.join(out, "last.pt")
    if os.path.exists(last):
        ck = torch.load(last)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        step, best = ck["step"], ck["best"]
        print(f"resumed at step {step}", flush=True)
    with open(os.path.join(out, "args.json"), "w") as f:
        json.dump(vars(args), f, indent=1)

    train = corpus.packed_stft("train")
    val = corpus.packed_stft("val")
    tr_idx = np.nonzero(train["valid"])[0]
    rng_val = np.random.default_rng(123)
    va_idx = np.sort(rng_val.choice(np.nonzero(val["valid"])[0], size=min(args.val_frames, int(val["valid"].sum())),
                                    replace=False))
    _, _, _, wa, wb = batch_tensors(val, va_idx, args.past, args.lookahead, args.q)
    val["_wa_sum"], val["_wb_sum"] = float(wa.sum()), float(wb.sum())
    print(f"params {param_count(model)}, MACs/bin {model.macs_per_bin()}, train frames {len(tr_idx)}, "
          f"val frames {len(va_idx)}", flush=True)
    rng = np.random.default_rng(args.seed + step)
    t0 = time.time()
    run_d = run_v = 0.0
    model.train()
    with open(os.path.join(out, "train.log"), "a") as log:
        while step < args.steps:
            idx = rng.choice(tr_idx, size=args.batch)
            x, d, v, wa, wb = batch_tensors(train, idx, args.past, args.lookahead, args.q)
            y = model(x)
            ld = circular_loss(y[:, 0], d, wa)
            lv = circular_loss(y[:, 1], v, wb)
            loss = ld + args.freq_weight * lv
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_d += float(ld)
            run_v += float(lv)
            if step % args.log_every == 0 or step == args.steps:
                vd, vv = evaluate(model, val, va_idx, args)
                line = (f"step {step} train d {run_d / args.log_every:.4f} v {run_v / args.log_every:.4f} "
                        f"val d {vd:.4f} v {vv:.4f} lr {sched.get_last_lr()[0]:.2e} {time.time() - t0:.0f}s")
                print(line, flush=True)
                log.write(line + "\n")
                log.flush()
                run_d = run_v = 0.0
                score = vd + args.freq_weight * vv
                if score < best:
                    best = score
                    torch.save(dict(model=model.state_dict(), config=model.config(), step=step, val=score),
                               os.path.join(out, "best.pt"))
            if step % args.ckpt_every == 0 or step == args.steps:
                tmp = last + ".tmp"
                torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), sched=sched.state_dict(), step=step,
                                best=best, config=model.config()), tmp)
                os.replace(tmp, last)
    print("done", flush=True)


if __name__ == "__main__":
    main()
