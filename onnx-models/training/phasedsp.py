"""Phase's STFT conventions and the classical reconstruction methods, in numpy.

This module is executable documentation of the conventions the C# library uses (ALGORITHMS.md §1):

* 22050 Hz, periodic Hann window of length Nw = 1024, FFT size N = 1024, hop H = 256, K = N/2 + 1 = 513 bins;
* frame n is centred on sample n*H; the signal is padded by N/2 on both sides by reflection (numpy 'reflect',
  i.e. without repeating the edge sample); frame count F = 1 + L // H;
* time-invariant (frame-centred) phase: X[n,k] = sum_m x[nH+m] w[m] exp(-2 pi i k m / N), m = -N/2 .. N/2-1,
  computed as rfft(ifftshift(windowed frame));
* inverse: weighted overlap-add with the canonical dual window w / sum_n w^2[m - nH].

Everything here is float64 unless stated; the trained models see float32.
"""
from __future__ import annotations

import heapq

import numpy as np
from scipy.linalg import solve_banded

SAMPLE_RATE = 22050
N_FFT = 1024
WIN_LENGTH = 1024
HOP = 256
K_BINS = N_FFT // 2 + 1
HANN_CG = 0.25645  # Gaussian-equivalent constant of the Hann window (Prusa et al. 2017)
GAMMA = HANN_CG * WIN_LENGTH ** 2


def hann_periodic(n: int = WIN_LENGTH) -> np.ndarray:
    """Periodic (DFT-even) Hann window w[j] = 0.5 - 0.5 cos(2 pi j / n), j = 0..n-1."""
    j = np.arange(n)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * j / n)


def frame_count(length: int, hop: int = HOP) -> int:
    return 1 + length // hop


def stft(x: np.ndarray, n_fft: int = N_FFT, hop: int = HOP, window: np.ndarray | None = None,
         padding: str = "reflect") -> np.ndarray:
    """Complex STFT, shape [frames, bins], time-invariant phase, frames centred on n*hop."""
    x = np.asarray(x, dtype=np.float64)
    if window is None:
        window = hann_periodic(n_fft)
    nw = len(window)
    frame_win = np.zeros(n_fft)
    off = (n_fft - nw) // 2
    frame_win[off:off + nw] = window
    half = n_fft // 2
    if padding == "reflect":
        xp = np.pad(x, (half, half), mode="reflect")
    elif padding == "zero":
        xp = np.pad(x, (half, half), mode="constant")
    else:
        raise ValueError("padding must be 'reflect' or 'zero'")
    nfr = frame_count(len(x), hop)
    idx = np.arange(nfr)[:, None] * hop + np.arange(n_fft)[None, :]
    frames = xp[idx] * frame_win[None, :]
    # frames[:, j] holds sample m = j - N/2 of the frame; ifftshift puts m = 0 at index 0 (time-invariant phase).
    return np.fft.rfft(np.fft.ifftshift(frames, axes=1), axis=1)


def istft(X: np.ndarray, length: int, n_fft: int = N_FFT, hop: int = HOP,
          window: np.ndarray | None = None) -> np.ndarray:
    """Inverse of stft(): weighted overlap-add with the canonical dual window; returns exactly `length` samples."""
    if window is None:
        window = hann_periodic(n_fft)
    nw = len(window)
    frame_win = np.zeros(n_fft)
    off = (n_fft - nw) // 2
    frame_win[off:off + nw] = window
    nfr = X.shape[0]
    frames = np.fft.fftshift(np.fft.irfft(X, n=n_fft, axis=1), axes=1) * frame_win[None, :]
    total = (nfr - 1) * hop + n_fft
    y = np.zeros(total)
    wss = np.zeros(total)
    w2 = frame_win ** 2
    for n in range(nfr):
        y[n * hop:n * hop + n_fft] += frames[n]
        wss[n * hop:n * hop + n_fft] += w2
    half = n_fft // 2
    y = y[half:half + length]
    wss = wss[half:half + length]
    ok = wss > 1e-10 * wss.max()
    y[ok] /= wss[ok]
    y[~ok] = 0.0
    if len(y) < length:
        y = np.pad(y, (0, length - len(y)))
    return y


def spectral_convergence_db(y: np.ndarray, S: np.ndarray) -> float:
    """SC = 20 log10(|| |STFT(y)| - S ||_F / ||S||_F), ALGORITHMS.md §2."""
    Y = np.abs(stft(y))
    return float(20.0 * np.log10(np.linalg.norm(Y - S) / np.linalg.norm(S)))


def princarg(a):
    """Principal value in [-pi, pi)."""
    return (a + np.pi) % (2.0 * np.pi) - np.pi


def bin_advance(k_bins: int = K_BINS, n_fft: int = N_FFT, hop: int = HOP) -> np.ndarray:
    """The nominal phase advance per hop of bin k: 2 pi H k / N."""
    return 2.0 * np.pi * hop * np.arange(k_bins) / n_fft


# ----------------------------------------------------------------------------------------------------------------
# Phase derivatives
# ----------------------------------------------------------------------------------------------------------------

def oracle_derivatives(X: np.ndarray):
    """Oracle targets from the true phase.

    Returns (d, v), both [frames, bins] float64:
      d[n,k] = princarg(phi[n,k] - phi[n-1,k] - 2 pi H k / N)   (time derivative minus nominal advance; d[0] = 0)
      v[n,k] = princarg(phi[n,k+1] - phi[n,k])                   (frequency step, v[n,K-1] = 0)
    The phase advance from frame n-1 to n is u[n,k] = 2 pi H k / N + d[n,k].
    """
    phi = np.angle(X)
    d = np.zeros_like(phi)
    d[1:] = princarg(phi[1:] - phi[:-1] - bin_advance(X.shape[1])[None, :])
    v = np.zeros_like(phi)
    v[:, :-1] = princarg(phi[:, 1:] - phi[:, :-1])
    return d, v


def _safe_log(S: np.ndarray, rel_floor: float = 1e-10) -> np.ndarray:
    m = S.max() if S.size else 0.0
    return np.log(np.maximum(S, max(m * rel_floor, 1e-30)))


def analytic_derivatives(S: np.ndarray, lookahead: bool, gamma: float = GAMMA, hop: int = HOP, n_fft: int = N_FFT):
    """Phase derivatives from magnitudes (PGHI relations for the Gaussian-equivalent window), returned in the same
    form as oracle_derivatives: (d, v) with d the advance n-1 -> n minus 2 pi H k / N (trapezoid of the instantaneous
    frequency at n-1 and n) and v the step k -> k+1 (trapezoid of the local group-delay derivative at k and k+1).

    lookahead=True uses the centred time difference (needs frame n+1); False uses the one-sided causal formula.
    """
    L = _safe_log(S)
    F, K = S.shape
    # tgrad deviation from 2 pi H k / N, rad per hop: (H N / gamma) * d/dk log s (centred difference, one-sided at ends)
    dk = np.zeros_like(L)
    dk[:, 1:-1] = (L[:, 2:] - L[:, :-2]) / 2.0
    dk[:, 0] = 0.0
    dk[:, -1] = 0.0
    tdev = (hop * n_fft / gamma) * dk
    # fgrad, rad per bin: -(gamma / (H N)) * d/dn log s
    dn = np.zeros_like(L)
    if lookahead:
        dn[1:-1] = (L[2:] - L[:-2]) / 2.0
        dn[0] = L[1] - L[0] if F > 1 else 0.0
        dn[-1] = L[-1] - L[-2] if F > 1 else 0.0
    else:
        if F > 2:
            dn[2:] = (3.0 * L[2:] - 4.0 * L[1:-1] + L[:-2]) / 2.0
        if F > 1:
            dn[1] = L[1] - L[0]
    fgrad = -(gamma / (hop * n_fft)) * dn
    d = np.zeros_like(L)
    d[1:] = (tdev[1:] + tdev[:-1]) / 2.0
    v = np.zeros_like(L)
    v[:, :-1] = (fgrad[:, 1:] + fgrad[:, :-1]) / 2.0
    return d, v


# ----------------------------------------------------------------------------------------------------------------
# Least-squares phase integration (ALGORITHMS.md §4, delta-correction formulation with wrapped residuals)
# ----------------------------------------------------------------------------------------------------------------

def ls_weights(S_prev: np.ndarray | None, S_cur: np.ndarray, beta_scale: float = 1.0, power: float = 1.0):
    """alpha_k = (s[n-1,k] s[n,k])^(power/2)... with power=1 the geometric mean of the two magnitudes; with power=2
    their product. beta_k likewise for bins k and k+1 of frame n, times beta_scale."""
    if S_prev is None:
        alpha = np.zeros_like(S_cur)
    else:
        alpha = (S_prev * S_cur) ** (power / 2.0)
    beta = beta_scale * (S_cur[:-1] * S_cur[1:]) ** (power / 2.0)
    return alpha, beta


def ls_integrate_frame(phi_prev: np.ndarray, u: np.ndarray, v: np.ndarray, alpha: np.ndarray, beta: np.ndarray,
                       eps_rel: float = 1e-6) -> np.ndarray:
    """One frame of least-squares phase integration.

    phi_prev: previous frame's phase [K]; u: advance n-1 -> n [K]; v: step k -> k+1 [K-1 used];
    alpha [K], beta [K-1]: weights. Predict p = phi_prev + u, solve
        min_delta  sum_k alpha_k delta_k^2 + sum_k beta_k (delta_{k+1} - delta_k - r_k)^2 + eps sum_k delta_k^2,
        r_k = princarg(v_k - (p_{k+1} - p_k)),
    with eps = eps_rel * max(alpha, beta) (+1e-30) regularising silent runs; returns princarg(p + delta).
    """
    K = len(phi_prev)
    p = phi_prev + u
    r = princarg(v[:K - 1] - (p[1:] - p[:-1]))
    eps = eps_rel * max(float(alpha.max()), float(beta.max())) + 1e-30
    diag = alpha + eps
    diag = diag.copy()
    diag[:-1] += beta
    diag[1:] += beta
    b = np.zeros(K)
    b[:-1] -= beta * r
    b[1:] += beta * r
    ab = np.zeros((3, K))
    ab[0, 1:] = -beta
    ab[1] = diag
    ab[2, :-1] = -beta
    delta = solve_banded((1, 1), ab, b)
    return princarg(p + delta)


def ls_reconstruct(S: np.ndarray, d: np.ndarray, v: np.ndarray, beta_scale: float = 1.0, power: float = 1.0,
                   eps_rel: float = 1e-6) -> np.ndarray:
    """Frame-by-frame LS integration of a whole spectrogram; returns the phase [F, K]. d and v in the form of
    oracle_derivatives (d[n] is used for frame n >= 1)."""
    F, K = S.shape
    adv = bin_advance(K)
    phi = np.zeros((F, K))
    prev = np.zeros(K)
    for n in range(F):
        alpha, beta = ls_weights(S[n - 1] if n > 0 else None, S[n], beta_scale, power)
        u = adv + d[n] if n > 0 else np.zeros(K)
        phi_prev = prev if n > 0 else np.zeros(K)
        prev = ls_integrate_frame(phi_prev, u, v[n], alpha, beta, eps_rel)
        phi[n] = prev
    return phi


def reconstruct_signal(S: np.ndarray, phi: np.ndarray, length: int) -> np.ndarray:
    return istft(S * np.exp(1j * phi), length)


# ----------------------------------------------------------------------------------------------------------------
# RTPGHI (Prusa & Sondergaard 2016): heap integration over two columns
# ----------------------------------------------------------------------------------------------------------------

def rtpghi(S: np.ndarray, lookahead: bool, tol: float = 1e-5, gamma: float = GAMMA, seed: int = 0) -> np.ndarray:
    """Real-time PGHI in numpy. Returns the phase [F, K]. Bins below tol * max(column pair) get a random phase.
    With lookahead the centred fgrad is used (one frame of delay); otherwise the causal one-sided formula."""
    rng = np.random.default_rng(seed)
    F, K = S.shape
    L = _safe_log(S)
    adv = bin_advance(K)
    dk = np.zeros_like(L)
    dk[:, 1:-1] = (L[:, 2:] - L[:, :-2]) / 2.0
    tgrad = (HOP * N_FFT / gamma) * dk + adv[None, :]
    dn = np.zeros_like(L)
    if lookahead:
        dn[1:-1] = (L[2:] - L[:-2]) / 2.0
        if F > 1:
            dn[0] = L[1] - L[0]
            dn[-1] = L[-1] - L[-2]
    else:
        if F > 2:
            dn[2:] = (3.0 * L[2:] - 4.0 * L[1:-1] + L[:-2]) / 2.0
        if F > 1:
            dn[1] = L[1] - L[0]
    fgrad = -(gamma / (HOP * N_FFT)) * dn
    phi = np.zeros((F, K))
    prev_phase = np.zeros(K)
    prev_s = np.zeros(K)
    for n in range(F):
        s = S[n]
        mx = max(float(s.max()), float(prev_s.max()))
        thr = tol * mx
        cur = np.full(K, np.nan)
        big = s > thr
        heap = []
        # previous column entries (phase fixed)
        for k in np.nonzero(prev_s > thr)[0] if n > 0 else []:
            heapq.heappush(heap, (-prev_s[k], 0, int(k)))
        remaining = int(big.sum())
        while remaining > 0:
            if not heap:
                k = int(np.argmax(np.where(big & np.isnan(cur), s, -1.0)))
                cur[k] = 0.0 if n == 0 else rng.uniform(-np.pi, np.pi)
                remaining -= 1
                heapq.heappush(heap, (-s[k], 1, k))
                continue
            _, col, k = heapq.heappop(heap)
            if col == 0:
                if big[k] and np.isnan(cur[k]):
                    cur[k] = prev_phase[k] + (tgrad[n - 1, k] + tgrad[n, k]) / 2.0
                    remaining -= 1
                    heapq.heappush(heap, (-s[k], 1, k))
            else:
                for kk, sign in ((k + 1, 1.0), (k - 1, -1.0)):
                    if 0 <= kk < K and big[kk] and np.isnan(cur[kk]):
                        cur[kk] = cur[k] + sign * (fgrad[n, k] + fgrad[n, kk]) / 2.0
                        remaining -= 1
                        heapq.heappush(heap, (-s[kk], 1, kk))
        nan = np.isnan(cur)
        cur[nan] = rng.uniform(-np.pi, np.pi, size=int(nan.sum()))
        cur = princarg(cur)
        phi[n] = cur
        prev_phase = cur
        prev_s = s
    return phi


# ----------------------------------------------------------------------------------------------------------------
# Griffin-Lim and fast Griffin-Lim
# ----------------------------------------------------------------------------------------------------------------

def fgla(S: np.ndarray, length: int, iterations: int = 100, alpha: float = 0.99, init_phase: np.ndarray | None = None,
         seed: int = 0) -> np.ndarray:
    """Fast Griffin-Lim (Perraudin et al. 2013); alpha = 0 is exactly Griffin-Lim. Returns the signal."""
    if init_phase is None:
        init_phase = np.random.default_rng(seed).uniform(-np.pi, np.pi, size=S.shape)
    c = S * np.exp(1j * init_phase)
    t_prev = None
    for _ in range(iterations):
        ps = S * np.exp(1j * np.angle(c))
        t = stft(istft(ps, length))
        if t_prev is None or alpha == 0.0:
            c = t
        else:
            c = t + alpha * (t - t_prev)
        t_prev = t
    return istft(S * np.exp(1j * np.angle(c)), length)


def heap_integrate(S: np.ndarray, d: np.ndarray, v: np.ndarray, tol: float = 1e-5, seed: int = 0) -> np.ndarray:
    """RTPGHI's two-column heap integration, fed with derivatives in the (d, v) form of oracle_derivatives:
    phi[n,k] = phi[n-1,k] + 2 pi H k / N + d[n,k] from the previous frame, phi[n,k+1] = phi[n,k] + v[n,k] and
    phi[n,k-1] = phi[n,k] - v[n,k-1] within the frame. Returns the phase [F, K]."""
    rng = np.random.default_rng(seed)
    F, K = S.shape
    adv = bin_advance(K)
    phi = np.zeros((F, K))
    prev_phase = np.zeros(K)
    prev_s = np.zeros(K)
    for n in range(F):
        s = S[n]
        thr = tol * max(float(s.max()), float(prev_s.max()))
        cur = np.full(K, np.nan)
        big = s > thr
        heap = []
        if n > 0:
            for k in np.nonzero(prev_s > thr)[0]:
                heapq.heappush(heap, (-prev_s[k], 0, int(k)))
        remaining = int(big.sum())
        while remaining > 0:
            if not heap:
                k = int(np.argmax(np.where(big & np.isnan(cur), s, -1.0)))
                cur[k] = 0.0 if n == 0 else rng.uniform(-np.pi, np.pi)
                remaining -= 1
                heapq.heappush(heap, (-s[k], 1, k))
                continue
            _, col, k = heapq.heappop(heap)
            if col == 0:
                if big[k] and np.isnan(cur[k]):
                    cur[k] = prev_phase[k] + adv[k] + d[n, k]
                    remaining -= 1
                    heapq.heappush(heap, (-s[k], 1, k))
            else:
                if k + 1 < K and big[k + 1] and np.isnan(cur[k + 1]):
                    cur[k + 1] = cur[k] + v[n, k]
                    remaining -= 1
                    heapq.heappush(heap, (-s[k + 1], 1, k + 1))
                if k - 1 >= 0 and big[k - 1] and np.isnan(cur[k - 1]):
                    cur[k - 1] = cur[k] - v[n, k - 1]
                    remaining -= 1
                    heapq.heappush(heap, (-s[k - 1], 1, k - 1))
        nan = np.isnan(cur)
        cur[nan] = rng.uniform(-np.pi, np.pi, size=int(nan.sum()))
        cur = princarg(cur)
        phi[n] = cur
        prev_phase = cur
        prev_s = s
    return phi
