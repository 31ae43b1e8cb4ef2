#!/usr/bin/env python3
"""What the wire benchmarks share: the official wire scorer, the MinHash-LSH baseline, the trace call.

Why this module exists:
- Wire-group numbers must be computed the way the project is judged, so the pairwise P/R/F1 and the ARI
  come from ``$PROVENANCE_SHARED/scoring/score_wire.py`` (loaded by path like ``scoring.official_scorer``,
  never copied). Its ``pairs()`` lists every same-group pair; on a 100k-doc corpus one wrong giant
  component would mean billions of pairs, so above ``PAIR_LIMIT`` the same counts are taken from the
  group-by-group contingency table instead (identical numbers, no pair list).
- The baseline people would reach for is datasketch's MinHashLSH on the raw text; RESEARCH.md measured
  datasketch with an xxh32 hash as 3-6x faster than its default sha1, so that is what runs here.

Also a command used by trace_scale.py as a stand-in for ``provenance trace`` (same JSONL out):
    python benchmarks/wire_common.py baseline-trace IN.jsonl -o OUT.jsonl [--threshold 0.5]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import lru_cache
from math import comb
from pathlib import Path

from scoring import _load_by_path, shared_dir

PAIR_LIMIT = 2_000_000  # above this many same-group pairs, count pairs instead of listing them
THRESHOLDS = tuple(round(0.1 * i, 1) for i in range(1, 10))
NUM_PERM = 128
SHINGLE = 5


@lru_cache(maxsize=None)
def official_wire_scorer():
    """The official score_wire module (functions ``pairs`` and ``ari``), imported from the shared folder."""
    return _load_by_path("provenance_score_wire", shared_dir() / "scoring" / "score_wire.py")


def read_jsonl(path):
    """Yield the records of a JSONL file, one at a time."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_wire_gold(path) -> tuple[dict, dict]:
    """({id: wire or None}, {id: fraction}) from a wirebench-shaped gold.json."""
    docs = json.loads(Path(path).read_text(encoding="utf-8"))["docs"]
    return {d: v["wire"] for d, v in docs.items()}, {d: float(v["fraction"]) for d, v in docs.items()}


def read_predictions(records, field: str = "wire_group") -> tuple[dict, dict]:
    """({id: group}, {id: derived_fraction}) from trace output records, as score_wire reads them."""
    groups, fracs = {}, {}
    for r in records:
        groups[r["id"]] = r.get(field)
        if r.get("derived_fraction") is not None:
            fracs[r["id"]] = float(r["derived_fraction"])
    return groups, fracs


def _n_pairs(groups: dict) -> int:
    return sum(comb(c, 2) for c in Counter(g for g in groups.values() if g is not None).values())


def score_groups(gold: dict, pred: dict, gold_frac: dict | None = None, pred_frac: dict | None = None) -> dict:
    """score_wire.main's numbers for in-memory groups: precision, recall, f1, ari, mae, pair counts.

    ``gold`` defines the docs scored; a doc missing from ``pred`` has no group (as in score_wire).
    """
    sw = official_wire_scorer()
    p = {d: pred.get(d) for d in gold}
    n_gold, n_pred = _n_pairs(gold), _n_pairs(p)
    if n_gold + n_pred <= PAIR_LIMIT:
        gp, pp = sw.pairs(gold), sw.pairs(p)
        tp, n_gold, n_pred = len(gp & pp), len(gp), len(pp)
    else:  # the same true-positive count from the contingency table of (gold group, predicted group)
        tp = sum(comb(c, 2) for (a, b), c in Counter((gold[d], p[d]) for d in gold).items()
                 if a is not None and b is not None)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    ids = sorted(gold)
    score = sw.ari([gold[d] if gold[d] is not None else f"solo-{d}" for d in ids],
                   [p[d] if p[d] is not None else f"solo-{d}" for d in ids])
    mae = None
    if gold_frac is not None and pred_frac:
        errs = [abs(pred_frac[d] - gold_frac[d]) for d in gold if d in pred_frac]
        mae = sum(errs) / len(errs) if errs else None
    return {"precision": prec, "recall": rec, "f1": f1, "ari": score, "mae": mae,
            "gold_pairs": n_gold, "pred_pairs": n_pred, "missing": sum(d not in pred for d in gold)}


# --- the datasketch MinHash-LSH baseline -------------------------------------------------------------

def shingles(text: str, n: int = SHINGLE) -> list[bytes]:
    """Word n-grams of the lowercased text (the whole text if it has fewer than n words)."""
    words = text.lower().split()
    if len(words) < n:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)]


def minhashes(texts, num_perm: int = NUM_PERM) -> list:
    """One datasketch MinHash per text (xxh32 on 5-gram shingles, affine32 permutations shared)."""
    import xxhash
    from datasketch import MinHash
    return list(MinHash.generator((shingles(t) for t in texts), num_perm=num_perm,
                                  hashfunc=xxhash.xxh32_intdigest, scheme="affine32"))


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by size)."""

    def __init__(self, n: int):
        self.parent, self.size = list(range(n)), [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            if self.size[a] < self.size[b]:
                a, b = b, a
            self.parent[b] = a
            self.size[a] += self.size[b]


def lsh_groups(ids: list, sigs: list, threshold: float, num_perm: int = NUM_PERM) -> dict:
    """{id: group or None}: connected components of MinHashLSH candidate pairs (no verification).

    Candidate pairs are docs sharing a band bucket; rather than querying every doc, each bucket's
    members are unioned directly (the same components, linear in the number of docs).
    """
    from datasketch import MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, m in enumerate(sigs):
            session.insert(i, m, check_duplication=False)
    uf = UnionFind(len(ids))
    for table in lsh.hashtables:
        for key in table.keys():
            members = list(table.get(key))
            for other in members[1:]:
                uf.union(members[0], other)
    roots = [uf.find(i) for i in range(len(ids))]
    return {d: (f"lsh-{ids[r]}" if uf.size[r] > 1 else None) for d, r in zip(ids, roots)}


def baseline_trace_main(argv=None) -> None:
    """``baseline-trace IN -o OUT``: MinHashLSH groups written as trace JSONL (no text, fraction null)."""
    ap = argparse.ArgumentParser(prog="wire_common.py baseline-trace")
    ap.add_argument("input")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--workers", type=int, default=1, help="ignored: the baseline runs in one process")
    a = ap.parse_args(argv)
    ids = []

    def texts():  # streamed: only the signatures are held, as a user of datasketch would do
        for r in read_jsonl(a.input):
            ids.append(r["id"])
            yield r.get("text", "")

    sigs = minhashes(texts())
    groups = lsh_groups(ids, sigs, a.threshold)
    with open(a.output, "w", encoding="utf-8") as f:
        for d in ids:
            f.write(json.dumps({"id": d, "wire_group": groups[d], "derived_fraction": None}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "baseline-trace":
        baseline_trace_main(sys.argv[2:])
    else:
        sys.exit(__doc__)
