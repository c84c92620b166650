"""A small Vocos-style vocoder head (Siuzdak 2023) for the hifigan mel convention, and its training losses.

Network: mel (B, 80, T) natural-log amplitude mels of the hifigan convention (22050 Hz, n_fft = win = 1024, hop 256,
80 Slaney bands with Slaney norm, fmin 0, fmax 8000, |X| = sqrt(p + 1e-9), ln(clamp(x, 1e-5)), center=False after
reflect padding of 384 samples) -> Conv1d(k=7) embedding -> LayerNorm -> ConvNeXt blocks (depthwise Conv1d k=7,
LayerNorm, Linear dim->mult*dim, GELU, Linear back, layer scale, residual) -> LayerNorm -> Linear dim -> 2*513, split
into a log-magnitude correction and the phase. The log-magnitude is log(max(NNLS(exp(mel)), 1e-5)) + correction, where
NNLS is 12 unrolled FISTA steps of non-negative least squares through the filter bank, started from the band-density
interpolation of density_prior() (Phase's MelInverter, in the graph): the network starts from today's mel -> linear
magnitude (SC about -14 dB against the true STFT on the corpus) and learns what the mel does not say. Outputs, like sherpa-onnx's Vocos export: mag = exp(min(logmag, 7)), x = cos(phase),
y = sin(phase), each (B, 513, T).

The spectrum is in torch.stft's convention (frame-start phase, periodic Hann 1024) on the mel's own frame grid: frame t
covers samples [t*256, t*256 + 1024) of the signal reflect-padded by 384 (torch.stft center=False). Its inverse
(weighted overlap-add, center=False) is the padded signal; samples [384, 384 + T*256) are the waveform, aligned with
the audio the mel was computed from (istft() below; metadata center=0).
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SAMPLE_RATE = 22050
N_FFT = 1024
HOP = 256
WIN = 1024
K = N_FFT // 2 + 1
N_MELS = 80
FMAX = 8000.0
PAD = (N_FFT - HOP) // 2  # hifigan: reflect padding (n_fft - hop)/2 = 384 on each side, then center=False
LOG_MAG_MAX = 7.0
NNLS_ITERATIONS = 12


def slaney_mel_basis(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS, fmin=0.0, fmax=FMAX) -> np.ndarray:
    """librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'), from the formulas."""
    f_sp, min_log_hz = 200.0 / 3.0, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, math.log(6.4) / 27.0

    def hz_to_mel(f):
        f = np.asarray(f, np.float64)
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, min_log_hz) / min_log_hz) / logstep, f / f_sp)

    def mel_to_hz(m):
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)

    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    pts = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    w = np.zeros((n_mels, n_fft // 2 + 1))
    for m in range(n_mels):
        w[m] = np.maximum(0, np.minimum((freqs - pts[m]) / (pts[m + 1] - pts[m]), (pts[m + 2] - freqs) / (pts[m + 2] - pts[m + 1])))
    w *= (2.0 / (pts[2:] - pts[:-2]))[:, None]
    return w


def density_prior(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS, fmin=0.0, fmax=FMAX) -> np.ndarray:
    """(K, n_mels) linear map from an amplitude mel to a first magnitude estimate: each band's density
    y_m / sum_k W[m, k], interpolated linearly in frequency between band centres (held flat below the first and above
    the last centre) -- the starting point of Phase's MelInverter. The network predicts a log-domain correction."""
    w = slaney_mel_basis(sr, n_fft, n_mels, fmin, fmax)
    f_sp, min_log_hz = 200.0 / 3.0, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, math.log(6.4) / 27.0
    hz_to_mel = lambda f: min_log_mel + math.log(f / min_log_hz) / logstep if f >= min_log_hz else f / f_sp
    mel_to_hz = lambda m: min_log_hz * math.exp(logstep * (m - min_log_mel)) if m >= min_log_mel else f_sp * m
    pts = [mel_to_hz(m) for m in np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2)]
    centres = np.array(pts[1:-1])
    inv_sum = 1.0 / w.sum(axis=1)
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    p = np.zeros((n_fft // 2 + 1, n_mels))
    for k, f in enumerate(freqs):
        if f <= centres[0]:
            p[k, 0] = inv_sum[0]
        elif f >= centres[-1]:
            p[k, -1] = inv_sum[-1]
        else:
            j = int(np.searchsorted(centres, f)) - 1
            a = (f - centres[j]) / (centres[j + 1] - centres[j])
            p[k, j], p[k, j + 1] = (1 - a) * inv_sum[j], a * inv_sum[j + 1]
    return p


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim: int, mult: int, kernel: int, layer_scale: float):
        super().__init__()
        self.dw = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pw1 = nn.Linear(dim, mult * dim)
        self.pw2 = nn.Linear(mult * dim, dim)
        self.gamma = nn.Parameter(torch.full((dim,), layer_scale))

    def forward(self, x):  # (B, C, T)
        h = self.dw(x).transpose(1, 2)
        h = self.pw2(F.gelu(self.pw1(self.norm(h))))
        return x + (self.gamma * h).transpose(1, 2)


class VocosHead(nn.Module):
    def __init__(self, n_mels=N_MELS, dim=128, blocks=6, mult=3, kernel=7, nnls_start=True):
        super().__init__()
        self.cfg = dict(n_mels=n_mels, dim=dim, blocks=blocks, mult=mult, kernel=kernel)
        self.nnls_start = nnls_start  # False: the network's log-magnitude alone (the tiny test models)
        self.embed = nn.Conv1d(n_mels, dim, kernel, padding=kernel // 2)
        self.norm0 = nn.LayerNorm(dim, eps=1e-6)
        self.blocks = nn.ModuleList([ConvNeXtBlock(dim, mult, kernel, 1.0 / blocks) for _ in range(blocks)])
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.out = nn.Linear(dim, 2 * K)
        with torch.no_grad():  # start from the prior magnitude (zero correction)
            self.out.weight[:K].mul_(0.01)
            self.out.bias[:K].zero_()
        if not nnls_start:
            return
        self.register_buffer("prior", torch.from_numpy(density_prior(n_mels=n_mels).astype(np.float32)))
        w = slaney_mel_basis(n_mels=n_mels)
        curvature = w.T @ (w @ np.ones(K))
        step = np.where(curvature > 0, 1.0 / np.maximum(curvature, 1e-30), 0.0)
        self.register_buffer("basis", torch.from_numpy(w.astype(np.float32)))
        self.register_buffer("basis_t", torch.from_numpy(np.ascontiguousarray(w.T).astype(np.float32)))
        self.register_buffer("step", torch.from_numpy(step.astype(np.float32))[:, None])

    def receptive_frames(self) -> int:
        """Frames of context each output frame sees on either side."""
        return (self.cfg["kernel"] // 2) * (1 + self.cfg["blocks"])

    def forward(self, mel):  # mel (B, n_mels, T) -> mag, x, y (B, K, T)
        logmag, phase = self.forward_train(mel)
        return torch.exp(logmag), torch.cos(phase), torch.sin(phase)

    def nnls(self, mel):
        """NNLS_ITERATIONS steps of FISTA with a diagonal step for min ||W x - y||^2, x >= 0 (Phase's MelInverter
        algorithm, unrolled: MatMul, Relu), from the band-density prior: the mel -> linear magnitude of today's path."""
        y = torch.exp(mel)
        x = torch.matmul(self.prior, y)
        z, t = x, 1.0
        for _ in range(NNLS_ITERATIONS):
            xn = torch.relu(z - self.step * torch.matmul(self.basis_t, torch.matmul(self.basis, z) - y))
            tn = (1 + math.sqrt(1 + 4 * t * t)) / 2
            z = xn + ((t - 1) / tn) * (xn - x)
            x, t = xn, tn
        return x

    def forward_train(self, mel):
        base = torch.log(torch.clamp(self.nnls(mel), min=1e-5)) if self.nnls_start else 0.0  # (B, K, T)
        h = self.embed(mel)
        h = self.norm0(h.transpose(1, 2)).transpose(1, 2)
        for b in self.blocks:
            h = b(h)
        h = self.out(self.norm1(h.transpose(1, 2))).transpose(1, 2)
        return torch.clamp(base + h[:, :K], max=LOG_MAG_MAX), h[:, K:]


_windows: dict = {}


def hann(n):
    if n not in _windows:
        _windows[n] = torch.hann_window(n, periodic=True)
    return _windows[n]


def istft(mag, phase, length):
    """The model's spectra (frames on the mel frame grid: frame t covers samples [tH, tH + N) of the signal padded by
    PAD on each side, torch.stft center=False) -> the hifigan family's output, samples [PAD, PAD + length) of the
    weighted overlap-add (window-square normalisation, as torch.istft and Phase)."""
    spec = torch.polar(mag, phase)  # (B, K, T)
    frames = torch.fft.irfft(spec, n=N_FFT, dim=1) * hann(WIN)[None, :, None]  # (B, N, T)
    T = spec.shape[2]
    total = (T - 1) * HOP + N_FFT
    y = F.fold(frames, (1, total), (1, N_FFT), stride=(1, HOP)).reshape(spec.shape[0], total)
    env = F.fold((hann(WIN) ** 2)[None, :, None].expand(1, N_FFT, T), (1, total), (1, N_FFT), stride=(1, HOP)).reshape(total)
    y = y / torch.where(env > 1e-8, env, torch.ones_like(env))
    return y[:, PAD:PAD + length]


def stft_mag(x, n_fft, hop, center=True):
    X = torch.stft(x, n_fft, hop, n_fft, hann(n_fft), center=center, pad_mode="reflect", return_complex=True)
    return X


class MelFrontEnd:
    """The hifigan convention in torch, on audio that is already padded (center=False)."""

    def __init__(self):
        self.basis = torch.from_numpy(slaney_mel_basis().astype(np.float32))

    def log_mel(self, padded):  # padded: (B, S) -> (B, 80, T)
        X = torch.stft(padded, N_FFT, HOP, WIN, hann(WIN), center=False, return_complex=True)
        a = torch.sqrt(X.real ** 2 + X.imag ** 2 + 1e-9)
        return torch.log(torch.clamp(self.basis @ a, min=1e-5))


def anti_wrap(d):
    return torch.abs(d - 2 * math.pi * torch.round(d / (2 * math.pi)))


def losses(model, mel, target_spec, target_wav, front: MelFrontEnd, resolutions=((512, 128), (1024, 256), (2048, 512)),
           waveform=True):
    """Returns a dict of loss terms. target_spec: torch.stft (center=False over the right slice) of the clean
    segment, (B, K, T) complex; target_wav (B, T*HOP)."""
    logmag, phase = model.forward_train(mel)
    mag = torch.exp(logmag)
    tmag = target_spec.abs()
    out = {}
    # direct magnitude: spectral convergence and log-magnitude L1 against the true STFT
    out["mag_sc"] = (torch.linalg.norm((mag - tmag).flatten(1), dim=1) / (torch.linalg.norm(tmag.flatten(1), dim=1) + 1e-7)).mean()
    out["mag_log"] = torch.mean(torch.abs(logmag - torch.log(tmag + 1e-5)))
    # phase (APNet-style anti-wrapping losses), weighted by the normalised target magnitude
    tph = torch.angle(target_spec)
    w = tmag / (tmag.mean(dim=(1, 2), keepdim=True) + 1e-7)
    out["ph_ip"] = torch.mean(w * anti_wrap(phase - tph))
    wt = torch.minimum(w[:, :, 1:], w[:, :, :-1])
    out["ph_iaf"] = torch.mean(wt * anti_wrap(torch.diff(phase, dim=2) - torch.diff(tph, dim=2)))
    wf = torch.minimum(w[:, 1:], w[:, :-1])
    out["ph_gd"] = torch.mean(wf * anti_wrap(torch.diff(phase, dim=1) - torch.diff(tph, dim=1)))
    if not waveform:
        return out, None
    # waveform: multi-resolution STFT and mel L1 of the ISTFT output
    y = istft(mag, phase, target_wav.shape[1])
    sc, lg = 0.0, 0.0
    for n_fft, hop in resolutions:
        Y = stft_mag(y, n_fft, hop).abs()
        Xt = stft_mag(target_wav, n_fft, hop).abs()
        sc = sc + (torch.linalg.norm((Y - Xt).flatten(1), dim=1) / (torch.linalg.norm(Xt.flatten(1), dim=1) + 1e-7)).mean()
        lg = lg + torch.mean(torch.abs(torch.log(Y + 1e-5) - torch.log(Xt + 1e-5)))
        if n_fft == N_FFT:
            out["mel"] = torch.mean(torch.abs(torch.log(torch.clamp(front.basis @ Y, min=1e-5))
                                              - torch.log(torch.clamp(front.basis @ Xt, min=1e-5))))
    out["wav_sc"] = sc / len(resolutions)
    out["wav_log"] = lg / len(resolutions)
    return out, y


def load_onnx_weights(model: VocosHead, path: str) -> None:
    """Loads the weights of an exported head (export_vocos.py) back into `model`, so that a run can resume from the
    shipped ONNX file and no checkpoint has to live in git. Named initialisers map by name ("model." + parameter);
    torch.onnx.export stores each nn.Linear as an anonymous, transposed MatMul initialiser, which is found through the
    Add node that adds the Linear's named bias."""
    import onnx
    from onnx import numpy_helper
    g = onnx.load(path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    state = model.state_dict()
    loaded = {}
    for name in state:
        if "model." + name in inits:
            loaded[name] = torch.from_numpy(inits["model." + name].copy())
    producer = {o: n for n in g.node for o in n.output}
    for n in g.node:
        if n.op_type != "Add":
            continue
        bias = next((i for i in n.input if i.startswith("model.") and i.endswith(".bias")), None)
        other = next((i for i in n.input if i != bias), None)
        if bias is None or other not in producer or producer[other].op_type != "MatMul":
            continue
        w = next((i for i in producer[other].input if i in inits and not i.startswith("model.")), None)
        if w is not None:
            loaded[bias[len("model."):-len(".bias")] + ".weight"] = torch.from_numpy(inits[w].T.copy())
    missing = [k for k in state if k not in loaded]
    if missing:
        raise ValueError(f"{path}: no weights for {missing}")
    for k, v in loaded.items():
        if tuple(v.shape) != tuple(state[k].shape):
            raise ValueError(f"{path}: {k} has shape {tuple(v.shape)}, the model {tuple(state[k].shape)}")
    model.load_state_dict(loaded)
