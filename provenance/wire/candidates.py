"""Candidate pairs of a corpus: which documents are worth aligning (a pure step).

Text candidates are LSH band collisions of the content-word-bigram signatures that agree on at
least MIN_ESTIMATED_JACCARD of their positions; every pair inside a small connected group of
candidates is added (so a wire group is verified all-pairs, not only along the links LSH
happened to find); same-event candidates are the pairs whose *name* signatures (people, places,
organisations) mostly coincide, for articles on one event that share no text. See
`thresholds` for the values. The local engine calls `candidates` on the corpus's signature
arrays; the Spark engine does the banding with a group-by but calls the same `bucket_pairs`,
`agreement` and `expand_components`.
"""
from __future__ import annotations

import numpy as np
import xxhash

from .minhash import candidate_pairs, estimated_jaccard
from .thresholds import (EXPAND_COMPONENT, MIN_ESTIMATED_JACCARD, MIN_NAME_ESTIMATE, NAME_SIMILARITY,
                         TARGET_SIMILARITY)


def id_hashes(ids: list[str]) -> np.ndarray:
    """Stable 64-bit hashes of document ids: the order of a huge bucket's members."""
    return np.fromiter((id_hash(i) for i in ids), dtype=np.uint64, count=len(ids))


def id_hash(doc_id: str) -> int:
    return xxhash.xxh3_64_intdigest(doc_id.encode("utf-8", "surrogatepass"))


def agreement(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The share of positions two signatures agree on (`estimated_jaccard` of one pair)."""
    return float(estimated_jaccard(np.stack([sig_a, sig_b]), np.array([[0, 1]]))[0])


def candidates(ids: list[str], sigs: np.ndarray, name_sigs: np.ndarray,
               expand: int = EXPAND_COMPONENT) -> tuple[np.ndarray, dict]:
    """(sorted unique index pairs (i < j) to verify, counts) for a corpus held in memory."""
    keys = id_hashes(ids)
    lsh = candidate_pairs(sigs, TARGET_SIMILARITY, order_key=keys)
    kept = lsh[estimated_jaccard(sigs, lsh) >= MIN_ESTIMATED_JACCARD]
    extra = sorted(expand_components(map(tuple, kept.tolist()), expand))
    events = candidate_pairs(name_sigs, NAME_SIMILARITY, order_key=keys)
    events = events[estimated_jaccard(name_sigs, events) >= MIN_NAME_ESTIMATE]
    allp = np.concatenate([kept, np.asarray(extra, dtype=np.int64).reshape(-1, 2), events])
    n = max(len(ids), 1)
    code = np.unique(allp[:, 0] * n + allp[:, 1])
    pairs = np.stack([code // n, code % n], axis=1) if len(code) else np.zeros((0, 2), np.int64)
    stats = {"lsh_pairs": int(len(lsh)), "lsh_pairs_kept": int(len(kept)),
             "event_candidates": int(len(events)), "candidate_pairs": int(len(pairs))}
    return pairs, stats


def expand_components(edges, expand: int = EXPAND_COMPONENT) -> set[tuple]:
    """Every pair (a < b) inside the connected components of ``edges`` that have at most
    ``expand`` members. Nodes are any sortable ids: indices locally, document ids on Spark."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict = {}
    for x in list(parent):
        comps.setdefault(find(x), []).append(x)
    out = set()
    for m in comps.values():
        if len(m) <= expand:
            m = sorted(m)
            out.update((a, b) for k, a in enumerate(m) for b in m[k + 1:])
    return out
