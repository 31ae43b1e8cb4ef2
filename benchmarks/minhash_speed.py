#!/usr/bin/env python3
"""MinHash signatures: provenance's numpy implementation vs datasketch, on the same shingles.

Why: the trace issue asks for "vectorised (numpy) or a mature library, whichever measures
faster". Both get the same input: the content-word-bigram shingles of N synthetic documents
(benchmarks/synth_corpus.py), as provenance computes them; timing covers signatures only.
datasketch runs with xxh32 as its hash (RESEARCH.md: 3–6× faster than its sha1 default) through
``MinHash.update_batch``. Usage: python benchmarks/minhash_speed.py [--docs 5000] [--perms 256]
"""
from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np

from provenance.wire.minhash import shingles, signature
from provenance.wire.normalize import tokenize

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--perms", type=int, default=256)
    ap.add_argument("--corpus", default=str(HERE / "out/synth/n10000-seed0-v1/docs.jsonl"))
    a = ap.parse_args()
    with open(a.corpus, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in itertools.islice(fh, a.docs)]
    sh = [shingles(tokenize(t)) for t in texts]
    t0 = time.perf_counter()
    for s in sh:
        signature(s, a.perms)
    ours = time.perf_counter() - t0

    import xxhash
    from datasketch import MinHash

    def xxh32(b: bytes) -> int:
        return xxhash.xxh32_intdigest(b)

    as_bytes = [[int(x).to_bytes(8, "little") for x in s] for s in sh]
    t0 = time.perf_counter()
    for b in as_bytes:
        m = MinHash(num_perm=a.perms, hashfunc=xxh32)
        m.update_batch(b)
    theirs = time.perf_counter() - t0
    n_sh = int(np.mean([len(s) for s in sh]))
    print(f"| implementation | {len(sh)} docs, {n_sh} shingles each on average, {a.perms} permutations | docs/s |")
    print("|---|---|---|")
    print(f"| provenance (numpy multiply-shift) | {ours:.2f} s | {len(sh) / ours:,.0f} |")
    print(f"| datasketch 2.0 MinHash.update_batch, xxh32 | {theirs:.2f} s | {len(sh) / theirs:,.0f} |")


if __name__ == "__main__":
    main()
