"""gtnet: a tiny phase-derivative network for least-squares phase integration (Fernandez et al. 2025, seed).

Per frame n the network sees the magnitudes of C = past + 1 + lookahead consecutive frames
(n - past, ..., n, ..., n + lookahead), stacked as input channels over the K = 513 bins, and outputs per bin

    channel 0: d[n,k]  (rad per hop)  the phase advance from frame n-1 to frame n minus the nominal 2 pi H k / N,
                                       i.e. u[n,k] = 2 pi H k / N + d[n,k]  (u is what the LS integration consumes);
    channel 1: v[n,k]  (rad per bin)  the phase step from bin k to bin k+1 within frame n (v[n,K-1] is unused).

Both are defined modulo 2 pi; training targets are the principal values from the true STFT phase
(phasedsp.oracle_derivatives) and the loss is circular, so any representative is equally good.

Input normalisation (part of the model and of the ONNX graph):
    M   = max over the C frames and K bins of the input magnitudes (per batch item)
    L   = ln(max(S, 1e-5 * M, 1e-30)) - ln(max(M, 1e-30))              (values in [ln 1e-5, 0] = [-11.513, 0])
which makes the network exactly invariant to the signal level.

Architecture (all convolutions are 1-D over frequency, 'same' zero padding, weights shared across bins):
    h = act(conv_i(h)) for each hidden layer (kernel k_i, dilation dl_i),
    out = conv_out(h) + conv_skip(L)          (conv_skip is a linear 3-tap conv initialised to the analytic
                                               PGHI derivative formulas, so training starts at the classical method)
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn as nn

import phasedsp as dsp

LOG_FLOOR_REL = 1e-5
TINY = 1e-30


class GtNet(nn.Module):
    def __init__(self, past: int = 3, lookahead: int = 0, hidden=(16, 16), kernels=(5, 5), dilations=(1, 1),
                 out_kernel: int = 3, act: str = "relu", pos: bool = False):
        super().__init__()
        assert len(hidden) == len(kernels) == len(dilations)
        self.past, self.lookahead = past, lookahead
        self.channels = past + 1 + lookahead
        self.hidden, self.kernels, self.dilations, self.out_kernel, self.act_name = (
            tuple(hidden), tuple(kernels), tuple(dilations), out_kernel, act)
        layers = []
        cin = self.channels
        for h, k, dl in zip(hidden, kernels, dilations):
            layers.append(nn.Conv1d(cin, h, k, padding=dl * (k - 1) // 2, dilation=dl))
            cin = h
        self.layers = nn.ModuleList(layers)
        self.out = nn.Conv1d(cin, 2, out_kernel, padding=(out_kernel - 1) // 2)
        # Optional frequency-position input: a bin-dependent bias table for the first hidden layer, computed as a conv
        # of the ramp k/(K-1) (so it costs nothing per frame: export folds it into a constant [1, h0, K]).
        self.pos = pos
        if pos:
            k0 = kernels[0]
            self.pos_conv = nn.Conv1d(1, hidden[0], k0, padding=dilations[0] * (k0 - 1) // 2, dilation=dilations[0],
                                      bias=False)
            self.register_buffer("ramp", torch.linspace(0.0, 1.0, dsp.K_BINS).view(1, 1, -1), persistent=False)
        self.skip = nn.Conv1d(self.channels, 2, 3, padding=1, bias=False)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.init_skip_analytic()

    def act(self, x):
        if self.act_name == "relu":
            return torch.relu(x)
        if self.act_name == "elu":
            return torch.nn.functional.elu(x)
        if self.act_name == "tanh":
            return torch.tanh(x)
        raise ValueError(self.act_name)

    def init_skip_analytic(self):
        """Set the skip conv to the PGHI relations (ALGORITHMS.md §4) on the normalised log-magnitudes."""
        w = torch.zeros(2, self.channels, 3)
        a = dsp.HOP * dsp.N_FFT / dsp.GAMMA  # tdev = a * (L[k+1] - L[k-1]) / 2
        g = dsp.GAMMA / (dsp.HOP * dsp.N_FFT)  # fgrad = -g * dL/dn
        cur, prev = self.past, self.past - 1
        # d = (tdev[n] + tdev[n-1]) / 2
        for c in (cur, prev):
            w[0, c, 0] += -a / 4.0
            w[0, c, 2] += a / 4.0
        # v[k] = (fgrad[k] + fgrad[k+1]) / 2: taps at k (index 1) and k+1 (index 2)
        if self.lookahead >= 1:
            coeffs = {cur + 1: 0.5, cur - 1: -0.5}  # dL/dn centred
        else:
            coeffs = {cur: 1.5, cur - 1: -2.0, cur - 2: 0.5}  # one-sided
        for c, cf in coeffs.items():
            if 0 <= c < self.channels:
                w[1, c, 1] += -g * cf / 2.0
                w[1, c, 2] += -g * cf / 2.0
        with torch.no_grad():
            self.skip.weight.copy_(w)

    @staticmethod
    def normalise(S: torch.Tensor) -> torch.Tensor:
        M = S.amax(dim=(1, 2), keepdim=True)
        return torch.log(torch.clamp(torch.maximum(S, LOG_FLOOR_REL * M), min=TINY)) - torch.log(torch.clamp(M, min=TINY))

    def forward(self, S: torch.Tensor) -> torch.Tensor:
        """S: [B, C, K] magnitudes (frames n-past .. n+lookahead). Returns [B, 2, K]: (d, v)."""
        L = self.normalise(S)
        h = L
        for i, conv in enumerate(self.layers):
            z = conv(h)
            if i == 0 and self.pos:
                z = z + self.pos_conv(self.ramp)
            h = self.act(z)
        return self.out(h) + self.skip(L)

    def config(self) -> dict:
        return dict(past=self.past, lookahead=self.lookahead, hidden=list(self.hidden), kernels=list(self.kernels),
                    dilations=list(self.dilations), out_kernel=self.out_kernel, act=self.act_name, pos=self.pos)

    def macs_per_bin(self) -> int:
        total, cin = 0, self.channels
        for h, k in zip(self.hidden, self.kernels):
            total += cin * h * k
            cin = h
        return total + cin * 2 * self.out_kernel + self.channels * 2 * 3  # (the position table is a constant add)


def param_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# ----------------------------------------------------------------------------------------------------------------
# numpy forward pass (executable documentation of the math; used to check the ONNX export and the reference vectors)
# ----------------------------------------------------------------------------------------------------------------

def np_conv1d_same(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, dilation: int = 1) -> np.ndarray:
    """x [Cin, K], w [Cout, Cin, k], zero 'same' padding of dilation*(k-1)/2 on both sides.
    y[o, j] = b[o] + sum_{c, t} w[o, c, t] * x[c, j + dilation * (t - (k-1)/2)]."""
    cout, cin, k = w.shape
    pad = dilation * (k - 1) // 2
    K = x.shape[1]
    xp = np.zeros((cin, K + 2 * pad), dtype=np.float64)
    xp[:, pad:pad + K] = x
    y = np.zeros((cout, K), dtype=np.float64)
    for t in range(k):
        y += np.einsum("oc,cj->oj", w[:, :, t], xp[:, t * dilation:t * dilation + K])
    if b is not None:
        y += b[:, None]
    return y


def np_normalise(S: np.ndarray) -> np.ndarray:
    M = float(S.max())
    return np.log(np.maximum(np.maximum(S, LOG_FLOOR_REL * M), TINY)) - np.log(max(M, TINY))


def np_forward(weights: dict, config: dict, S: np.ndarray, intermediates: dict | None = None) -> np.ndarray:
    """S [C, K] -> [2, K] in float64, from a state_dict converted to numpy arrays."""
    act = {"relu": lambda z: np.maximum(z, 0.0), "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0))),
           "tanh": np.tanh}[config["act"]]
    L = np_normalise(S)
    if intermediates is not None:
        intermediates["logmag"] = L
    h = L
    for i, dl in enumerate(config["dilations"]):
        z = np_conv1d_same(h, weights[f"layers.{i}.weight"], weights[f"layers.{i}.bias"], dl)
        if i == 0 and config.get("pos", False):
            ramp = np.linspace(0.0, 1.0, L.shape[1])[None, :]
            z = z + np_conv1d_same(ramp, weights["pos_conv.weight"], None, dl)
        h = act(z)
        if intermediates is not None:
            intermediates[f"hidden{i}"] = h
    y = np_conv1d_same(h, weights["out.weight"], weights["out.bias"]) + np_conv1d_same(L, weights["skip.weight"], None)
    return y


# ----------------------------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------------------------

def context_stack(S: np.ndarray, past: int, lookahead: int) -> np.ndarray:
    """[F, K] magnitudes -> [F, C, K] network inputs; frames outside the utterance are zero (what a streaming
    analyser that starts from silence sees)."""
    F, K = S.shape
    C = past + 1 + lookahead
    Sp = np.zeros((F + past + lookahead, K), dtype=S.dtype)
    Sp[past:past + F] = S
    out = np.empty((F, C, K), dtype=S.dtype)
    for c in range(C):
        out[:, c] = Sp[c:c + F]
    return out


def predict_utterance(model: GtNet, S: np.ndarray, batch: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Runs the network over all frames of an utterance; returns (d, v) [F, K] float64."""
    X = context_stack(S.astype(np.float32), model.past, model.lookahead)
    outs = []
    with torch.no_grad():
        for i in range(0, len(X), batch):
            outs.append(model(torch.from_numpy(X[i:i + batch])).numpy())
    y = np.concatenate(outs).astype(np.float64)
    return y[:, 0], y[:, 1]


def load_model(path: str) -> GtNet:
    ck = torch.load(path, map_location="cpu")
    cfg = ck["config"]
    model = GtNet(past=cfg["past"], lookahead=cfg["lookahead"], hidden=cfg["hidden"], kernels=cfg["kernels"],
                  dilations=cfg["dilations"], out_kernel=cfg["out_kernel"], act=cfg["act"], pos=cfg.get("pos", False))
    model.load_state_dict(ck["model"])
    model.eval()
    return model


def circular_loss(pred: torch.Tensor, target: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    return (weight * (1.0 - torch.cos(pred - target))).sum() / weight.sum().clamp(min=1e-12)


__all__ = ["GtNet", "param_count", "np_forward", "np_conv1d_same", "np_normalise", "context_stack",
           "predict_utterance", "load_model", "circular_loss", "math"]
