"""MinHash signatures and LSH banding: which pairs of documents are worth aligning.

Shingles are *content-word bigrams*: consecutive words once stopwords are dropped. Measured on
wirebench-dev-hard (cleaned bodies, site templates removed), they separate copies from unrelated
pages better than word 3- or 5-grams: small house-style edits ("said", articles) do not break
them, and a retold story that keeps names and phrases still shares some.

Hashing is stable across machines and processes: tokens are hashed with xxh3-64, shingles are
mixed from token hashes, and the permutations are multiply-shift hashes
``((a*x + b) mod 2**64) >> 32`` with fixed seeds (Dietzfelbinger et al.; a universal family),
computed in numpy for a whole document at once.

Bands and rows are not magic numbers: `lsh_params` picks the (bands, rows) split of the
signature that minimises the weighted false-positive and false-negative areas of the S-curve
``1 - (1 - s**rows)**bands`` around a *target similarity* (the method of datasketch's
``MinHashLSH``). Buckets that grow huge (a very common shingle) are not expanded into all pairs:
their members are paired with a few neighbours each, in a per-band hashed order, so the cost
stays linear while large reuse groups stay connected.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .normalize import Tokens, token_hashes
from .thresholds import MAX_BUCKET, TARGET_SIMILARITY, WINDOW

NUM_PERM = 256
_MIX = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=4)   # data, not a per-text memo: kept across `memo.clear_all`
def _permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def shingles(tokens: Tokens) -> np.ndarray:
    """Unique 64-bit hashes of the content-word bigrams of a text."""
    words = [w for w, c in zip(tokens.words, tokens.content) if c]
    if not words:
        return np.zeros(0, dtype=np.uint64)
    h = token_hashes(words)
    if len(h) == 1:
        return h
    with np.errstate(over="ignore"):
        sh = (h[:-1] * _MIX) ^ ((h[1:] << np.uint64(17)) | (h[1:] >> np.uint64(47)))
    return np.unique(sh)


def signature(sh: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signature (uint32 × num_perm) of a shingle set; all-max for an empty set."""
    if not len(sh):
        return np.full(num_perm, _EMPTY, dtype=np.uint32)
    a, b = _permutations(num_perm)
    out = np.full(num_perm, _EMPTY, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for lo in range(0, len(sh), 2048):       # bounded scratch memory for long documents
            part = sh[lo:lo + 2048, None]
            hv = ((part * a[None, :] + b[None, :]) >> np.uint64(32)).astype(np.uint32)
            np.minimum(out, hv.min(axis=0), out=out)
    return out


def _probability(s: np.ndarray, bands: int, rows: int) -> np.ndarray:
    return 1.0 - (1.0 - s ** rows) ** bands


@lru_cache(maxsize=16)   # data, not a per-text memo: kept across `memo.clear_all`
def lsh_params(threshold: float = TARGET_SIMILARITY, num_perm: int = NUM_PERM,
               fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) minimising fp_weight·∫₀ᵗP + fn_weight·∫ₜ¹(1−P) over bands·rows ≤ num_perm."""
    best, best_cost = (1, num_perm), float("inf")
    lo = np.linspace(0.0, threshold, 400)
    hi = np.linspace(threshold, 1.0, 400)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(_probability(lo, bands, rows), lo)
            fn = np.trapezoid(1.0 - _probability(hi, bands, rows), hi)
            cost = fp_weight * fp + fn_weight * fn
            if cost < best_cost - 1e-12:
                best, best_cost = (bands, rows), cost
    return best


def band_keys(sigs: np.ndarray, band: int, rows: int) -> np.ndarray:
    """The LSH key (uint64) of band ``band`` (``rows`` signature positions) of every row."""
    block = sigs[:, band * rows:(band + 1) * rows].astype(np.uint64)
    key = np.full(len(sigs), np.uint64(band + 1), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for c in range(rows):
            key = (key * _MIX) ^ block[:, c]
    return key


def live_rows(sigs: np.ndarray) -> np.ndarray:
    """Indices of the rows whose signature is not empty (a text without shingles)."""
    return np.flatnonzero((sigs != _EMPTY).any(axis=1))


def candidate_pairs(sigs: np.ndarray, threshold: float = TARGET_SIMILARITY,
                    max_bucket: int = MAX_BUCKET, window: int = WINDOW,
                    order_key: np.ndarray | None = None) -> np.ndarray:
    """Index pairs (i < j) that share at least one LSH band, as an (M, 2) int64 array, sorted.

    Rows whose signature is empty (no shingles) never become candidates. ``order_key`` (e.g.
    hashes of document ids) orders members of huge buckets, so that the pairs chosen there do
    not depend on input order."""
    if order_key is None:
        order_key = np.arange(len(sigs), dtype=np.uint64)
    n, num_perm = sigs.shape
    bands, rows = lsh_params(threshold, num_perm)
    live = live_rows(sigs)
    found: list[np.ndarray] = []
    for band in range(bands):
        keys = band_keys(sigs, band, rows)[live]      # not sigs[live]: a copy of every signature per band
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        cut = np.flatnonzero(np.diff(k)) + 1
        starts = np.concatenate(([0], cut))
        sizes = np.diff(np.concatenate((starts, [len(k)])))
        for s, size in zip(starts[sizes > 1], sizes[sizes > 1]):
            members = live[order[s:s + size]]
            found.append(members[bucket_pairs(order_key[members], band, max_bucket, window)])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    pairs = np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1)
    code = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([code // n, code % n], axis=1)


def bucket_pairs(keys: np.ndarray, band: int, max_bucket: int = MAX_BUCKET,
                 window: int = WINDOW) -> np.ndarray:
    """The pairs of one LSH bucket, as (M, 2) positions into its members: every pair of a
    bucket of at most ``max_bucket`` members; in a huge one (a very common shingle), each
    member with its next ``window`` members in an order hashed from the members' ``keys``
    (uint64, e.g. hashes of their ids) and the band, so the cost stays linear, large reuse
    groups stay connected, and the pairs do not depend on the members' order."""
    m = len(keys)
    if m <= max_bucket:
        i, j = np.triu_indices(m, k=1)
        return np.stack([i, j], axis=1).astype(np.int64)
    with np.errstate(over="ignore"):
        mixed = (np.asarray(keys, dtype=np.uint64) + np.uint64(band + 1)) * _MIX
    ordered = np.argsort(mixed, kind="stable")
    a = np.concatenate([ordered[:-w] for w in range(1, window + 1) if w < m])
    b = np.concatenate([ordered[w:] for w in range(1, window + 1) if w < m])
    return np.stack([a, b], axis=1).astype(np.int64)


def estimated_jaccard(sigs: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of signature positions two documents agree on (an unbiased Jaccard estimate),
    for each row (i, j) of ``pairs``."""
    if not len(pairs):
        return np.zeros(0)
    out = np.empty(len(pairs))
    for lo in range(0, len(pairs), 4096):      # 4096 pairs' rows = 8 MB of scratch
        p = pairs[lo:lo + 4096]
        out[lo:lo + len(p)] = (sigs[p[:, 0]] == sigs[p[:, 1]]).mean(axis=1)
    return out
