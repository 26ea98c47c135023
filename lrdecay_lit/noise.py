r"""Counter-based Gaussian noise: :math:`z = z(\text{seed}, \text{step})`, a pure function.

noisy_linear_cosine_decay needs one standard-normal draw :math:`z_t` per step. A stream
generator (``numpy.random.default_rng(seed)``) makes the draw depend on how the steps are
asked for: one call for 1000 steps and 1000 calls for one step each (a PyTorch scheduler)
give different noise, and re-seeding every call repeats the same draw at every step. Here
the draw is a *function* of the seed and the step, computed by the Philox4x64-10
counter-based generator (Salmon et al. 2011, the bit generator ``numpy.random.Philox``):

- key = ``seed`` (a plain int, ``0 <= seed < 2**128``; it serialises as JSON),
- counter = ``(step, 0, 0, 0)``, one 256-bit block per step,
- :math:`u_1, u_2` = the block's first two 64-bit words as uniforms in :math:`[0, 1)`
  (the top 53 bits, as ``numpy.random.Generator.random`` does),
- :math:`z = \sqrt{-2 \ln(1 - u_1)}\,\cos(2\pi u_2)` (Box-Muller).

So ``standard_normal_at(seed, np.arange(n))`` equals ``[standard_normal_at(seed, k) for k
in range(n)]`` bit for bit, and any slice of steps gives the same values. The block for
step :math:`t` is exactly what ``numpy.random.Philox(key=seed, counter=t - 1)`` produces
first (numpy increments its counter before each block; ``tests/test_noise.py`` checks the
two agree). The same arithmetic is written in JavaScript for the site's live plot
(:data:`JS_NORMAL`, 64-bit words as ``BigInt``), so the page draws the same realisation as
Python for the same seed.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["standard_normal_at", "check_seed", "fresh_seed", "SEED_LIMIT", "JS_NORMAL"]

SEED_LIMIT = 2**128
"""Seeds are whole numbers in ``[0, SEED_LIMIT)`` (Philox4x64's 128-bit key)."""

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_M32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_MUL = (np.uint64(0xD2E7470EE14C6C93), np.uint64(0xCA5A826395121157))
_BUMP = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBB67AE8584CAA73B))
_ROUNDS = 10


def check_seed(seed: object) -> int:
    """``seed`` as a Python int in ``[0, SEED_LIMIT)``; the message names ``seed``.

    Raises:
        TypeError: not an integer (bools, floats with a fraction and strings included).
        ValueError: negative, or too large.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer | float | np.floating):
        raise TypeError(f"Argument `seed` must be a whole number. Received: seed={seed!r}")
    if isinstance(seed, float | np.floating) and not float(seed).is_integer():
        raise ValueError(f"Argument `seed` must be a whole number. Received: seed={seed!r}")
    value = int(seed)
    if value < 0:
        raise ValueError(f"Argument `seed` must be >= 0. Received: seed={seed!r}")
    if value >= SEED_LIMIT:
        raise ValueError(f"Argument `seed` must be < 2**128. Received: seed={seed!r}")
    return value


def fresh_seed() -> int:
    """A seed from the operating system's entropy (what ``seed=None`` uses)."""
    return int(np.random.SeedSequence().generate_state(2, np.uint64).astype(object)[0])


def _mulhilo(a: np.uint64, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """High and low 64-bit words of the 128-bit product ``a * b`` (uint64, elementwise)."""
    a_lo, a_hi = a & _M32, a >> _S32
    b_lo, b_hi = b & _M32, b >> _S32
    lo_lo = a_lo * b_lo
    hi_lo = a_hi * b_lo
    lo_hi = a_lo * b_hi
    cross = (lo_lo >> _S32) + (hi_lo & _M32) + lo_hi
    hi = a_hi * b_hi + (hi_lo >> _S32) + (cross >> _S32)
    return hi, a * b  # numpy's uint64 product wraps: the low word


def philox_block(seed: int, steps: np.ndarray) -> tuple[np.ndarray, ...]:
    """The four 64-bit words of Philox4x64-10 with key ``seed`` and counter ``(t, 0, 0, 0)``."""
    k0, k1 = np.uint64(seed & 0xFFFFFFFFFFFFFFFF), np.uint64(seed >> 64)
    c0 = np.asarray(steps, dtype=np.uint64)
    zero = np.zeros_like(c0)
    c1, c2, c3 = zero, zero, zero
    with np.errstate(over="ignore"):
        for r in range(_ROUNDS):
            if r:
                k0, k1 = k0 + _BUMP[0], k1 + _BUMP[1]
            hi0, lo0 = _mulhilo(_MUL[0], c0)
            hi1, lo1 = _mulhilo(_MUL[1], c2)
            c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
    return c0, c1, c2, c3


_PY_M64 = 0xFFFFFFFFFFFFFFFF
_PY_MUL = (int(_MUL[0]), int(_MUL[1]))
_PY_BUMP = (int(_BUMP[0]), int(_BUMP[1]))


def _philox_words_py(seed: int, step: int) -> tuple[int, int]:
    """The first two words of :func:`philox_block` for one step, in Python ints (a few
    steps at a time are faster this way than through numpy's array machinery)."""
    k0, k1 = seed & _PY_M64, seed >> 64
    c0, c1, c2, c3 = step, 0, 0, 0
    for r in range(_ROUNDS):
        if r:
            k0, k1 = (k0 + _PY_BUMP[0]) & _PY_M64, (k1 + _PY_BUMP[1]) & _PY_M64
        p0, p1 = _PY_MUL[0] * c0, _PY_MUL[1] * c2
        c0, c1, c2, c3 = (p1 >> 64) ^ c1 ^ k0, p1 & _PY_M64, (p0 >> 64) ^ c3 ^ k1, p0 & _PY_M64
    return c0, c1


def standard_normal_at(seed: int, steps: ArrayLike) -> np.ndarray:
    r"""The standard-normal draw :math:`z(\text{seed}, t)` at each whole step ``t``.

    Args:
        seed: whole number in ``[0, 2**128)`` (checked by :func:`check_seed`).
        steps: whole numbers in ``[0, 2**64)``, any shape (floats of whole value are fine).

    Returns:
        float64 array of the shape of ``steps``.

    Example:
        >>> z = standard_normal_at(7, np.arange(5))
        >>> bool((z == [standard_normal_at(7, k)[()] for k in range(5)]).all())
        True
        >>> bool((standard_normal_at(7, [3, 1]) == z[[3, 1]]).all())
        True
    """
    seed = check_seed(seed)
    t = np.asarray(steps)
    if t.dtype.kind == "f":
        t = t.astype(np.uint64)
    if t.size <= 16:
        words = [_philox_words_py(seed, int(k)) for k in t.reshape(-1)]
        w0 = np.array([w[0] for w in words], dtype=np.uint64).reshape(t.shape)
        w1 = np.array([w[1] for w in words], dtype=np.uint64).reshape(t.shape)
    else:
        w0, w1, _, _ = philox_block(seed, t)
    u1 = (w0 >> np.uint64(11)).astype(np.float64) * 2.0**-53
    u2 = (w1 >> np.uint64(11)).astype(np.float64) * 2.0**-53
    r = np.sqrt(-2.0 * np.log1p(-u1))
    return r * np.cos((2.0 * math.pi) * u2)


JS_NORMAL = r"""
// z(seed, step): Philox4x64-10 with key = seed, counter = (step, 0, 0, 0), Box-Muller on
// the first two words (lrdecay_lit.noise.standard_normal_at, the same draw as Python).
function standard_normal_at(seed, step) {
  const M = (1n << 64n) - 1n;
  const MUL0 = 0xD2E7470EE14C6C93n, MUL1 = 0xCA5A826395121157n;
  const W0 = 0x9E3779B97F4A7C15n, W1 = 0xBB67AE8584CAA73Bn;
  const s = BigInt(seed);
  let k0 = s & M, k1 = (s >> 64n) & M;
  let c0 = BigInt(step), c1 = 0n, c2 = 0n, c3 = 0n;
  for (let r = 0; r < 10; r++) {
    if (r) { k0 = (k0 + W0) & M; k1 = (k1 + W1) & M; }
    const p0 = MUL0 * c0, p1 = MUL1 * c2;
    const hi0 = p0 >> 64n, lo0 = p0 & M, hi1 = p1 >> 64n, lo1 = p1 & M;
    [c0, c1, c2, c3] = [hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0];
  }
  const u1 = Number(c0 >> 11n) * 2 ** -53, u2 = Number(c1 >> 11n) * 2 ** -53;
  return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
}
"""
"""JavaScript ``standard_normal_at(seed, step)`` (BigInt words; same bits as Python)."""
