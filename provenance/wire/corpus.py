"""The corpus-wide steps of trace, shared by the local engine and training.

clean → strip site templates → signatures + word document frequencies → candidate pairs →
alignment and pair features. Each step is a plain function over plain data, so the Spark engine
and `provenance.wire.train` call exactly what `trace` calls.

Memory: after cleaning, the bodies and records of a corpus are on disk (`wire.spool`); memory
holds per document its id, date, error flag and uint32 MinHash signatures (1.25 KB); tokens are
rebuilt per pair when aligning.
"""
from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

import numpy as np
import xxhash

from ..engines.local import clean_records, die_with_parent
from ..io.readers import InputRecord, from_object
from .align import MAX_ALIGN_CHARS, PackedPassages, Prepared, align, prepare, set_weights
from .minhash import (NUM_PERM, TARGET_SIMILARITY, candidate_pairs, estimated_jaccard, shingles,
                      signature)
from .normalize import names, token_hashes, tokenize
from .pairs import FEATURES, pair_features
from .spool import RecordSpool, SpoolDir, TextStore
from .templates import TemplateLines, site_of

MIN_ESTIMATED_JACCARD = 0.02   # a band collision below this estimate is chance, not reuse
NAME_PERM = 64                 # signature of a document's names, for same-event candidates
NAME_SIMILARITY = 0.3          # name-set Jaccard at which a pair is an event candidate
MIN_NAME_ESTIMATE = 0.2
EXPAND_COMPONENT = 24          # candidate components up to this size are verified all-pairs


@dataclass
class Corpus:
    """Cleaned bodies of a corpus and what matching needs of them.

    Bodies (``texts``) and output records live on disk (`wire.spool`); in memory stay the
    ids, dates, error flags and the signatures."""

    ids: list[str]
    texts: TextStore                       # cleaned bodies, template lines removed
    records: RecordSpool                   # the clean output records, without their text
    dates: list[Optional[str]]
    errors: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), np.uint32))
    name_sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NAME_PERM), np.uint32))
    df: Counter = field(default_factory=Counter)
    max_align_chars: int = MAX_ALIGN_CHARS

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def chars(self) -> np.ndarray:
        return self.texts.chars

    def output_records(self) -> Iterator[dict]:
        """The clean records in input order, each with its ``text`` (the matched body)."""
        for k, rec in enumerate(self.records):
            rec["text"] = self.texts[k]
            yield rec


def _as_input(rec, position: int) -> InputRecord:
    if isinstance(rec, InputRecord):
        return rec
    if isinstance(rec, dict):
        return from_object(rec, f"record-{position}")
    return InputRecord(id=f"record-{position}", error=f"record {position} is not a dict")


def clean_corpus(records: Iterable, *, workers: int = 1, cleaner_kwargs: Optional[dict] = None,
                 templates: Optional[TemplateLines] = None, progress=None,
                 spool_dir: Optional[str] = None, max_align_chars: int = MAX_ALIGN_CHARS) -> Corpus:
    """Clean every record, then drop body lines that recur across pages of one site.

    Two passes over a spool: the first cleans and counts each site's lines while writing the
    body lines to disk; the second, once the counts are known, writes the template-free bodies
    to a `TextStore`. Memory stays ~constant per document (see `wire.spool`). A body longer
    than ``max_align_chars`` is aligned on its first ``max_align_chars`` characters only (its
    signature covers all of it); its record says so in ``warnings``."""
    templates = templates or TemplateLines()
    spool = SpoolDir(spool_dir)
    sites: list = []                     # filled as inputs are read; outputs come in input order
    interned: dict = {}

    def inputs():
        for i, r in enumerate(records):
            rec = _as_input(r, i)
            site = site_of({"site": rec.extra.get("site"), "url": rec.url or rec.extra.get("url")})
            sites.append(interned.setdefault(site, site))
            yield rec

    bodies = RecordSpool(spool, "bodies.pickle")
    for k, out in enumerate(clean_records(inputs(), workers=workers, with_blocks=True,
                                          cleaner_kwargs=cleaner_kwargs)):
        blocks = out.pop("blocks", None) or []
        out.pop("text", None)            # rebuilt below from the body blocks
        templates.add(sites[k], (b["text"] for b in blocks))
        bodies.append((out, [b["text"] for b in blocks if b["kind"] == "body"]))
        if progress is not None:
            progress(out)
    texts, outs = TextStore(spool), RecordSpool(spool)
    ids, dates, errors = [], [], []
    for (out, body), site in zip(bodies, sites):
        kept = [t for t in body if not templates.is_template(site, t)]
        if len(kept) < len(body):
            out["template_lines"] = len(body) - len(kept)
        failed = out.get("error") is not None
        text = "" if failed else "\n\n".join(kept)
        if len(text) > max_align_chars:
            out.setdefault("warnings", []).append(
                f"body of {len(text)} characters: aligned on its first max_align_chars={max_align_chars}")
        texts.append(text)
        outs.append(out)
        ids.append(out["id"])
        dates.append(out.get("date"))
        errors.append(failed)
    bodies.discard()
    return Corpus(ids, texts.freeze(), outs.close(), dates, np.array(errors, dtype=bool),
                  max_align_chars=max_align_chars)


# -- signatures ------------------------------------------------------------------------
_shared: dict = {}      # read by forked workers (copy-on-write), never sent over pipes


def _sign_range(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, Counter]:
    texts = _shared["texts"]
    lo, hi = bounds
    sigs = np.empty((hi - lo, NUM_PERM), dtype=np.uint32)
    name_sigs = np.empty((hi - lo, NAME_PERM), dtype=np.uint32)
    df: Counter = Counter()
    for k in range(lo, hi):
        tok = tokenize(texts[k])
        df.update({w for w, c in zip(tok.words, tok.content) if c})
        sigs[k - lo] = signature(shingles(tok))
        name_sigs[k - lo] = signature(np.unique(token_hashes(sorted(names(texts[k], tok)))), NAME_PERM)
    return sigs, name_sigs, df


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(lo, min(n, lo + size)) for lo in range(0, n, size)]


@contextmanager
def _pool(workers: int):
    """Forked workers read the corpus from `_shared` without copying it through pipes.
    ``gc.freeze()`` first: otherwise the children's garbage collector touches every object
    header of the parent and copy-on-write duplicates the whole heap per worker."""
    import gc
    import multiprocessing as mp

    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            yield pool
    finally:
        gc.unfreeze()


def sign_corpus(corpus: Corpus, workers: int = 1) -> None:
    """MinHash signatures and content-word document frequencies of every body.

    Each chunk's signatures are copied into preallocated arrays as it arrives (and the chunk
    dropped), so the peak is one copy of the signatures, not two."""
    workers = workers or os.cpu_count() or 1
    _shared["texts"] = corpus.texts
    chunks = _chunks(corpus.n, 500)
    corpus.sigs = np.empty((corpus.n, NUM_PERM), dtype=np.uint32)
    corpus.name_sigs = np.empty((corpus.n, NAME_PERM), dtype=np.uint32)

    def collect(results):
        for (lo, hi), (sigs, name_sigs, df) in zip(chunks, results):
            corpus.sigs[lo:hi], corpus.name_sigs[lo:hi] = sigs, name_sigs
            corpus.df.update(df)

    try:
        if workers > 1 and len(chunks) > 1:
            with _pool(workers) as pool:
                collect(pool.map(_sign_range, chunks))
        else:
            collect(map(_sign_range, chunks))
    finally:
        _shared.clear()


def id_hashes(ids: list[str]) -> np.ndarray:
    return np.fromiter((xxhash.xxh3_64_intdigest(i.encode("utf-8", "surrogatepass")) for i in ids),
                       dtype=np.uint64, count=len(ids))


def candidates(corpus: Corpus, threshold: float = TARGET_SIMILARITY,
               min_estimate: float = MIN_ESTIMATED_JACCARD,
               expand: int = EXPAND_COMPONENT) -> tuple[np.ndarray, dict]:
    """Candidate pairs (i < j): LSH band collisions whose signature agreement reaches
    ``min_estimate``, plus every pair inside small connected groups of candidates (so that a
    wire group is verified all-pairs, not only along the links LSH happened to find); and the
    pairs whose *names* (people, places, organisations) mostly coincide: same-event candidates
    that share no text."""
    keys = id_hashes(corpus.ids)
    lsh = candidate_pairs(corpus.sigs, threshold, order_key=keys)
    est = estimated_jaccard(corpus.sigs, lsh)
    kept = lsh[est >= min_estimate]
    extra = sorted(expand_components(map(tuple, kept.tolist()), expand))
    events = candidate_pairs(corpus.name_sigs, NAME_SIMILARITY, order_key=keys)
    events = events[estimated_jaccard(corpus.name_sigs, events) >= MIN_NAME_ESTIMATE]
    allp = np.concatenate([kept, np.asarray(extra, dtype=np.int64).reshape(-1, 2), events])
    n = max(corpus.n, 1)
    code = np.unique(allp[:, 0] * n + allp[:, 1])
    pairs = np.stack([code // n, code % n], axis=1) if len(code) else np.zeros((0, 2), np.int64)
    stats = {"lsh_pairs": int(len(lsh)), "lsh_pairs_kept": int(len(kept)),
             "event_candidates": int(len(events)),
             "candidate_pairs": int(len(pairs))}
    return pairs, stats


def expand_components(edges, expand: int = EXPAND_COMPONENT) -> set[tuple]:
    """Every pair (a < b) inside the connected components of ``edges`` that have at most
    ``expand`` members. Nodes are any sortable ids: indices here, document ids on Spark."""
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


# -- alignment ---------------------------------------------------------------------------
def _prepared(k: int, cache: dict) -> Prepared:
    p = cache.get(k)
    if p is None:
        if len(cache) > 512:
            cache.clear()
        ids, texts, dates, df, n, cap = (_shared[x] for x in ("ids", "texts", "dates", "df", "n", "cap"))
        p = prepare(ids[k], texts[k][:cap], dates[k])
        set_weights([p], df, n)
        cache[k] = p
    return p


def _align_chunk(pairs: np.ndarray) -> list[tuple[list[float], list]]:
    cache: dict = {}
    df, n, sigs = _shared["df"], _shared["n"], _shared["sigs"]
    ests = estimated_jaccard(sigs, pairs)
    out = []
    for (i, j), est in zip(pairs, ests):
        A, B = _prepared(int(i), cache), _prepared(int(j), cache)
        al = align(A, B, df, n)
        out.append((pair_features(A, B, al, est), PackedPassages(al.passages)))
    return out


def align_pairs(corpus: Corpus, pairs: np.ndarray,
                workers: int = 1) -> tuple[np.ndarray, np.ndarray, list]:
    """Features (n_pairs × n_features) and passages of each pair, oriented by id (a < b)."""
    oriented = np.array([(i, j) if corpus.ids[i] <= corpus.ids[j] else (j, i) for i, j in pairs],
                        dtype=np.int64).reshape(-1, 2)
    order = np.lexsort((oriented[:, 1], oriented[:, 0]))   # reuse each prepared doc
    oriented = oriented[order]
    _shared.update(ids=corpus.ids, texts=corpus.texts, dates=corpus.dates, df=corpus.df,
                   n=corpus.n, sigs=corpus.sigs, cap=corpus.max_align_chars)
    workers = workers or os.cpu_count() or 1
    chunks = [oriented[lo:hi] for lo, hi in _chunks(len(oriented), 2000)]
    try:
        if workers > 1 and len(chunks) > 1:
            with _pool(workers) as pool:
                results = [r for part in pool.map(_align_chunk, chunks) for r in part]
        else:
            results = [r for c in chunks for r in _align_chunk(c)]
    finally:
        _shared.clear()
    X = np.array([r[0] for r in results], dtype=float).reshape(len(results), len(FEATURES))
    return oriented, X, [r[1] for r in results]
