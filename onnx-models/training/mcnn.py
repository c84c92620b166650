"""MCNN: multi-head convolutional neural network for spectrogram inversion (Arik, Jun, Diamos 2018; seed paper).

Input: STFT magnitudes, frame-major [B, T, K] (K = 513 bins; Phase's STFT: 22050 Hz, periodic Hann 1024, FFT 1024,
hop 256, centred frames; the phase convention is irrelevant for a magnitude input).
Output: waveform [B, T * H] (H = 256); sample t = n*H + j (j = 0..H-1) is the j-th sample of the hop block that
starts at frame n's centre. For a signal of length L (T = 1 + L // H frames) keep the first L samples.

Level equivariance: with g = max(S) over the whole input (per batch item), the heads see S / g and the output is
g/256 * softsign(sum of heads); scaling the input by c scales the output by c exactly.
Each head: L transposed 1-D convolutions over time (layer i: stride s_i, width w_i, c_i output channels, ELU after
every layer except the last), a trainable scalar per head; heads are summed and bounded by the scaled softsign
f(x) = a x / (1 + |b x|) with trainable a, b. The product of the strides is the hop.

Transposed-convolution arithmetic (PyTorch / ONNX ConvTranspose, group 1):
    y[o, j] = bias[o] + sum_c sum_t x[c, i] * W[c, o, t]   over (i, t) with  j = i*s - p + t,
    padding p = ceil((w - s) / 2) and output_padding 2p - (w - s), so that the output length is exactly T_in * s.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn

import phasedsp as dsp


# Level equivariance (a deviation from the paper, needed for a library whose users bring spectrograms at any scale):
# the network sees S / g with g = max(S), and its bounded output is multiplied by g * OUTPUT_SCALE, where
# OUTPUT_SCALE = 2 / sum(w) = 1/256 is the waveform amplitude of a sinusoid whose STFT peak is 1.
OUTPUT_SCALE = 2.0 / (dsp.WIN_LENGTH / 2.0)
TINY = 1e-30


def tconv_padding(width: int, stride: int) -> tuple[int, int]:
    p = (width - stride + 1) // 2
    return p, 2 * p - (width - stride)


def polyphase_conv_transpose1d(x, W, b, s, p):
    """The same function as conv_transpose1d(x, W, b, stride=s, padding=p, output_padding=op) with an output of
    exactly T*s samples, computed as one ordinary conv1d with s*Cout output channels (one per output phase r:
    y[m s + r] = sum_l x[m - l] W[l s + r]) followed by interleaving. About 10x faster than PyTorch 1.13's CPU
    transposed convolution for the wide first layer; used only while training (export uses ConvTranspose)."""
    cin, cout, w = W.shape
    L = -(-w // s)
    Wp = torch.nn.functional.pad(W, (0, L * s - w))
    K = Wp.view(cin, cout, L, s).permute(3, 1, 0, 2).flip(-1).reshape(s * cout, cin, L)
    B, _, T = x.shape
    y = torch.nn.functional.conv1d(x, K, padding=L - 1)
    y = y.view(B, s, cout, T + L - 1).permute(0, 2, 3, 1).reshape(B, cout, (T + L - 1) * s)
    return y[:, :, p:p + T * s] + b[None, :, None]


class Head(nn.Module):
    def __init__(self, in_channels, strides, widths, channels, scale_init=1.0):
        super().__init__()
        layers = []
        cin = in_channels
        for s, w, c in zip(strides, widths, channels):
            p, op = tconv_padding(w, s)
            layers.append(nn.ConvTranspose1d(cin, c, w, stride=s, padding=p, output_padding=op))
            cin = c
        self.layers = nn.ModuleList(layers)
        self.scale = nn.Parameter(torch.tensor(float(scale_init)))
        self.fast = True  # polyphase conv1d path; set False to run the ConvTranspose1d modules (export)

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            if self.fast and layer.out_channels > 1:
                x = polyphase_conv_transpose1d(x, layer.weight, layer.bias, layer.stride[0], layer.padding[0])
            else:
                x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.nn.functional.elu(x)
        return self.scale * x


class Mcnn(nn.Module):
    def __init__(self, bins=dsp.K_BINS, heads=4, strides=(2,) * 8, widths=(13,) * 8,
                 channels=(32, 16, 16, 8, 8, 4, 2, 1), head_scale_init: float = 1.0):
        super().__init__()
        assert channels[-1] == 1
        assert int(np.prod(strides)) == dsp.HOP, "the product of the strides must be the hop"
        self.bins, self.n_heads = bins, heads
        self.strides, self.widths, self.channels = tuple(strides), tuple(widths), tuple(channels)
        self.heads = nn.ModuleList([Head(bins, strides, widths, channels, head_scale_init) for _ in range(heads)])
        self.a = nn.Parameter(torch.tensor(2.0))
        self.b = nn.Parameter(torch.tensor(0.5))

    def forward(self, S, g=None):
        """S: [B, T, K] magnitudes -> [B, T*H] waveform. g: [B] level reference (default: max of S per item;
        training passes the maximum over the whole utterance the segment was cut from)."""
        if g is None:
            g = S.amax(dim=(1, 2))
        g = torch.clamp(g, min=TINY)[:, None, None]
        x = (S / g).transpose(1, 2)
        y = self.heads[0](x)
        for h in self.heads[1:]:
            y = y + h(x)
        y = y[:, 0]
        return (g[:, :, 0] * OUTPUT_SCALE) * (self.a * y / (1.0 + torch.abs(self.b * y)))

    def set_fast(self, fast: bool):
        for h in self.heads:
            h.fast = fast

    def config(self):
        return dict(bins=self.bins, heads=self.n_heads, strides=list(self.strides), widths=list(self.widths),
                    channels=list(self.channels))

    def macs_per_second(self, sample_rate=dsp.SAMPLE_RATE):
        """Multiply-accumulates per second of output audio (all heads)."""
        frames = sample_rate / dsp.HOP
        total, cin, rate = 0.0, self.bins, frames
        for s, w, c in zip(self.strides, self.widths, self.channels):
            rate *= s
            total += rate * cin * c * w / s
            cin = c
        return total * self.n_heads


def load_model(path: str) -> Mcnn:
    ck = torch.load(path, map_location="cpu")
    cfg = ck["config"]
    m = Mcnn(bins=cfg["bins"], heads=cfg["heads"], strides=cfg["strides"], widths=cfg["widths"],
             channels=cfg["channels"])
    m.load_state_dict(ck["model"])
    m.eval()
    return m


def load_onnx(path: str) -> Mcnn:
    """Rebuilds the PyTorch model from an exported mcnn.onnx (its initialisers carry the state_dict names and its
    metadata the architecture), so that training can resume from the shipped weights without a checkpoint in git."""
    import json
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    meta = {p.key: p.value for p in m.metadata_props}
    if meta.get("model_kind") != "mcnn":
        raise ValueError(f"{path}: model_kind {meta.get('model_kind')!r}, not mcnn")
    cfg = json.loads(meta["architecture"])
    model = Mcnn(bins=cfg["bins"], heads=cfg["heads"], strides=cfg["strides"], widths=cfg["widths"],
                 channels=cfg["channels"])
    inits = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in m.graph.initializer}
    state = model.state_dict()
    missing = [k for k in state if k not in inits]
    if missing:
        raise ValueError(f"{path}: initialisers missing for {missing[:4]}...")
    model.load_state_dict({k: inits[k].reshape(state[k].shape).to(state[k].dtype) for k in state})
    model.eval()
    return model


def load_any(path: str) -> Mcnn:
    """A training checkpoint (.pt) or an exported model (.onnx)."""
    return load_onnx(path) if path.endswith(".onnx") else load_model(path)


def context_frames(model: Mcnn) -> int:
    """Frames of zero/real context on each side of a chunk (McnnModel.ContextFrames in C#): one more than the receptive
    field sum_i max(p_i, w_i - 1 - p_i) / (s_1 ... s_i) frames."""
    reach, up = 0.0, 1
    for s, w in zip(model.strides, model.widths):
        up *= s
        p, _ = tconv_padding(w, s)
        reach += max(p, w - 1 - p) / up
    return int(np.ceil(reach)) + 1


def level_match(y: np.ndarray, S: np.ndarray, max_gain: float = 4.0) -> np.ndarray:
    """Phase's MCNN post-step (LevelMatch.cs): per-frame least-squares gains a_n = sum c S |Y| / sum c |Y|^2 (capped at
    max_gain, 0 for a silent output frame), linear between frame centres n*H and held beyond the first/last, then one
    global gain that makes the total STFT energy the target's. c = 1 at DC and Nyquist, 2 elsewhere."""
    c = np.full(S.shape[1], 2.0)
    c[0] = c[-1] = 1.0
    Y = np.abs(dsp.stft(y))
    yy = (c * Y * Y).sum(1)
    a = np.where(yy > 0, np.minimum(max_gain, (c * S * Y).sum(1) / np.maximum(yy, 1e-300)), 0.0)
    z = y * np.interp(np.arange(len(y)), np.arange(len(a)) * dsp.HOP, a)
    ez = (c * np.abs(dsp.stft(z)) ** 2).sum()
    return z * np.sqrt((c * S.astype(np.float64) ** 2).sum() / ez) if ez > 0 else z


def synthesize(model: Mcnn, S: np.ndarray, length: int, match: bool = False) -> np.ndarray:
    """Whole utterance (frame-major magnitudes [T, K]) -> waveform of `length` samples, as Phase's McnnReconstructor
    computes it: one pass over S extended by context_frames(model) zero frames on each side (what every chunk sees at
    the ends of the input), then (match=True) level_match."""
    P = context_frames(model)
    Sp = np.concatenate([np.zeros((P, S.shape[1])), S, np.zeros((P, S.shape[1]))]).astype(np.float32)
    with torch.no_grad():
        y = model(torch.from_numpy(Sp)[None]).numpy()[0][P * dsp.HOP:]
    y = y[:length]
    if len(y) < length:
        y = np.pad(y, (0, length - len(y)))
    y = y.astype(np.float64)
    return level_match(y, S) if match else y


# ----------------------------------------------------------------------------------------------------------------
# numpy forward pass (executable documentation)
# ----------------------------------------------------------------------------------------------------------------

def np_conv_transpose1d(x: np.ndarray, W: np.ndarray, bias: np.ndarray, stride: int, padding: int,
                        output_padding: int) -> np.ndarray:
    """x [Cin, Tin], W [Cin, Cout, w] -> [Cout, Tin*stride] (when w + output_padding - 2 padding = stride)."""
    cin, cout, w = W.shape
    tin = x.shape[1]
    tout = (tin - 1) * stride - 2 * padding + w + output_padding
    full = np.zeros((cout, (tin - 1) * stride + w + output_padding))
    for t in range(w):
        contrib = W[:, :, t].T @ x  # [Cout, Tin]
        full[:, t:t + (tin - 1) * stride + 1:stride] += contrib
    y = full[:, padding:padding + tout]
    return y + bias[:, None]


def np_forward(weights: dict, config: dict, S: np.ndarray, intermediates: dict | None = None) -> np.ndarray:
    """S [T, K] -> [T*H] in float64, from a state_dict converted to numpy arrays."""
    g = max(float(S.max()), TINY)
    x0 = S.T.astype(np.float64) / g
    total = None
    for h in range(config["heads"]):
        x = x0
        n_layers = len(config["strides"])
        for i, (s, w) in enumerate(zip(config["strides"], config["widths"])):
            p, op = tconv_padding(w, s)
            x = np_conv_transpose1d(x, weights[f"heads.{h}.layers.{i}.weight"], weights[f"heads.{h}.layers.{i}.bias"],
                                    s, p, op)
            if i < n_layers - 1:
                x = np.where(x > 0, x, np.expm1(np.minimum(x, 0)))
            if intermediates is not None:
                intermediates[f"head{h}_layer{i}"] = x
        x = float(weights[f"heads.{h}.scale"]) * x[0]
        if intermediates is not None:
            intermediates[f"head{h}_out"] = x
        total = x if total is None else total + x
    a, b = float(weights["a"]), float(weights["b"])
    if intermediates is not None:
        intermediates["head_sum"] = total
    return g * OUTPUT_SCALE * a * total / (1.0 + np.abs(b * total))


# ----------------------------------------------------------------------------------------------------------------
# Losses (Arik et al. §III), computed with torch.stft on Phase's STFT settings
# ----------------------------------------------------------------------------------------------------------------

class _SafeAtan2(torch.autograd.Function):
    """atan2 whose gradient uses |z|^2 + eps^2 in the denominator (finite at z = 0)."""

    @staticmethod
    def forward(ctx, im, re, eps):
        ctx.save_for_backward(im, re)
        ctx.eps = eps
        return torch.atan2(im, re)

    @staticmethod
    def backward(ctx, g):
        im, re = ctx.saved_tensors
        den = re * re + im * im + ctx.eps ** 2
        return g * re / den, -g * im / den, None


def mcnn_losses(y_hat: torch.Tensor, y: torch.Tensor, log_eps: float = 1e-3, weights=(1.0, 6.0, 10.0, 1.0),
                if_eps: float = 1e-2, level: torch.Tensor | None = None):
    """Returns (total, dict of the four terms).
    sc    = || |S| - |S^| ||_F / || |S| ||_F                        (over the whole batch)
    logm  = mean | ln(|S| + eps) - ln(|S^| + eps) |     (with `level` [B]: ln(|S|/level + eps), eps relative)
    ifreq = mean | princarg(dt phi(S) - dt phi(S^)) |               (dt = first difference over frames)
    phase = sum(|S||S^| - Re S Re S^ - Im S Im S^) / sum |S|^2      (weighted phase loss, normalised)
    The IF term's value is exact; its gradient uses |Q|^2 + if_eps^2 in the atan2 denominator (Q = the product of
    the two unit-normalised / estimated phase-advance phasors) so that near-silent output bins cannot produce
    unbounded gradients."""
    win = torch.hann_window(dsp.N_FFT, periodic=True, dtype=y.dtype)
    S = torch.stft(y, dsp.N_FFT, dsp.HOP, window=win, center=True, pad_mode="reflect", return_complex=True)
    Sh = torch.stft(y_hat, dsp.N_FFT, dsp.HOP, window=win, center=True, pad_mode="reflect", return_complex=True)
    A, Ah = S.abs(), (Sh.real ** 2 + Sh.imag ** 2 + 1e-12).sqrt()
    sc = torch.linalg.norm((A - Ah).flatten()) / torch.linalg.norm(A.flatten()).clamp(min=1e-8)
    if level is not None:
        # Level-relative log loss: with an absolute eps the term would weigh the noise floor of quiet (randomly
        # attenuated) segments far more than that of loud ones; dividing by the level makes it gain invariant.
        r = 1.0 / level.clamp(min=TINY)[:, None, None]
        logm = (torch.log(A * r + log_eps) - torch.log(Ah * r + log_eps)).abs().mean()
    else:
        logm = (torch.log(A + log_eps) - torch.log(Ah + log_eps)).abs().mean()
    # IF difference: angle of (S_t conj S_{t-1}) conj(S^_t conj S^_{t-1}); the true-signal factor is a constant.
    P = S[..., 1:] * S[..., :-1].conj()
    P = P / (P.abs() + 1e-12)
    Ph = Sh[..., 1:] * Sh[..., :-1].conj()
    Q = Ph * P.conj()
    ifreq = _SafeAtan2.apply(Q.imag, Q.real, if_eps).abs().mean()
    phase = (A * Ah - S.real * Sh.real - S.imag * Sh.imag).sum() / (A ** 2).sum().clamp(min=1e-8)
    w = weights
    total = w[0] * sc + w[1] * logm + w[2] * ifreq + w[3] * phase
    return total, dict(sc=float(sc), logm=float(logm), ifreq=float(ifreq), phase=float(phase))
