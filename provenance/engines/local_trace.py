"""`trace` on this machine: the steps of `provenance.wire`, scheduled over local processes.

clean (`engines.local.clean_records`) → site-template lines counted and dropped
(`wire.templates`) → token document frequencies (`wire.sign.distinct_tokens`: the corpus's
`Vocabulary`) → signatures (`wire.sign.sign_text`), both in forked workers → candidates
(`wire.candidates`) → each candidate verified (`wire.verify`), in forked workers → groups
(`wire.groups.Decisions`) → records. Nothing here computes a result itself:
the Spark engine schedules the same calls.

Memory: after cleaning, the bodies and records of a corpus are on disk (`engines.spool`);
memory holds per document its id, date, error flag and uint32 MinHash signatures (1.25 KB);
tokens are rebuilt per pair when aligning, and only the verified pairs that can change a group
(`groups.matters`) are kept.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator, Optional

import numpy as np

from ..options import TraceOptions
from ..records import DuplicateIdError, InputRecord, from_object, unique_id
from ..schema import trace_defaults
from ..wire.candidates import candidates
from ..wire.groups import Decisions, PairResult, matters
from ..wire.minhash import NUM_PERM, estimated_jaccard
from ..wire.pairs import FEATURES, PairModel
from ..lexicon.stopwords import function_words
from ..wire.sign import distinct_tokens, sign_text
from ..wire.templates import TemplateLines, body_text, site_of
from ..wire.thresholds import NAME_PERM
from ..wire.verify import decide, evidence, prepared
from ..wire.vocabulary import Vocabulary
from .local import clean_records, die_with_parent
from .spool import RecordSpool, SpoolDir, TextStore

PAIR_MODEL = "pairs.npz"


@lru_cache(maxsize=4)   # data, not a per-text memo: kept across `memo.clear_all`
def load_pair_model(path: Optional[str] = None) -> PairModel:
    """The pair model at ``path`` (default: the bundled one), loaded once per process."""
    if path is None:
        from importlib.resources import files

        path = str(files("provenance.models") / PAIR_MODEL)
    return PairModel.load(path)


@dataclass
class Corpus:
    """Cleaned bodies of a corpus and what matching needs of them.

    Bodies (``texts``) and output records live on disk (`engines.spool`); in memory stay the
    ids, dates, error flags and the signatures."""

    ids: list[str]
    texts: TextStore                       # cleaned bodies, template lines removed
    records: RecordSpool                   # the clean output records, without their text
    dates: list[Optional[str]]
    langs: list[Optional[str]]
    errors: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), np.uint32))
    name_sigs: np.ndarray = field(default_factory=lambda: np.zeros((0, NAME_PERM), np.uint32))
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    max_align_chars: int = TraceOptions().max_align_chars

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


def _where(rec: InputRecord, position: int) -> str:
    return rec.where or f"input record #{position + 1}"


def _named(first) -> str:
    """A record `seen` remembers, named: where it was read, or its position."""
    return first if isinstance(first, str) else f"input record #{first + 1}"


def _as_input(rec, position: int) -> InputRecord:
    if isinstance(rec, InputRecord):
        return rec
    if isinstance(rec, dict):
        return from_object(rec, f"record-{position}")
    return InputRecord(id=f"record-{position}", error=f"record {position} is not a dict")


def clean_corpus(records: Iterable, options: TraceOptions, *, workers: int = 1, progress=None) -> Corpus:
    """Clean every record, then drop body lines that recur across pages of one site.

    Two passes over a spool: the first cleans and counts each site's lines while writing the
    body lines to disk; the second, once the counts are known, writes the template-free bodies
    (`templates.body_text`) to a `TextStore`. Memory stays ~constant per document."""
    templates = TemplateLines(options.template_min_pages)
    spool = SpoolDir(options.spool_dir)
    sites: list = []                     # filled as inputs are read; outputs come in input order
    interned: dict = {}
    seen: dict = {}                      # id → where its record was read (or its position)
    renamed: dict[int, str] = {}         # position → the warning of a renamed repeated id

    def inputs():
        for i, r in enumerate(records):
            rec = _as_input(r, i)
            first = seen.get(rec.id)
            if first is not None:
                here = _where(rec, i)
                if not options.dedupe_ids:
                    raise DuplicateIdError(rec.id, _named(first), here)
                new = unique_id(rec.id, seen)
                renamed[i] = f"id {rec.id!r} repeats {_named(first)}'s: renamed {new!r}"
                rec.id = new
            seen[rec.id] = rec.where or i
            site = site_of({"site": rec.extra.get("site"), "url": rec.url or rec.extra.get("url")})
            sites.append(interned.setdefault(site, site))
            yield rec

    bodies = RecordSpool(spool, "bodies.pickle")
    kinds = options.clean.text_kinds
    for k, out in enumerate(clean_records(inputs(), options.clean_with_blocks(), workers=workers)):
        blocks = out.pop("blocks", None) or []
        out.pop("text", None)            # rebuilt below from the body blocks
        if k in renamed:
            out.setdefault("warnings", []).append(renamed.pop(k))
        templates.add(sites[k], (b["text"] for b in blocks))
        bodies.append((out, [b["text"] for b in blocks if b["kind"] in kinds]))
        if progress is not None:
            progress(out)
    texts, outs = TextStore(spool), RecordSpool(spool)
    ids, dates, langs, errors = [], [], [], []
    for (out, body), site in zip(bodies, sites):
        texts.append(body_text(trace_defaults(out), body, site, templates, options.max_align_chars))
        outs.append(out)
        ids.append(out["id"])
        dates.append(out.get("date"))
        langs.append(out.get("lang"))
        errors.append(out.get("error") is not None)
    bodies.discard()
    return Corpus(ids, texts.freeze(), outs.close(), dates, langs, np.array(errors, dtype=bool),
                  max_align_chars=options.max_align_chars)


# -- forked workers ------------------------------------------------------------------------
_shared: dict = {}      # read by forked workers (copy-on-write), never sent over pipes


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


def _run(fn, chunks, workers: int, done=None) -> list:
    """``fn`` of every chunk, in order, in forked workers when there are several chunks;
    ``done(chunk)`` after each (the progress bar)."""
    out = []
    if workers > 1 and len(chunks) > 1:
        with _pool(workers) as pool:
            for chunk, result in zip(chunks, pool.map(fn, chunks)):
                out.append(result)
                if done is not None:
                    done(chunk)
        return out
    for chunk in chunks:
        out.append(fn(chunk))
        if done is not None:
            done(chunk)
    return out


class _Quiet:
    """The stage reporter of a run that reports none."""

    def stage(self, name: str, total: Optional[int] = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


# -- signatures ----------------------------------------------------------------------------
def _count_range(bounds: tuple[int, int]) -> Counter:
    texts = _shared["texts"]
    df: Counter = Counter()
    for k in range(*bounds):
        df.update(distinct_tokens(texts[k]))
    return df


def _sign_range(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    texts, langs, vocabulary = _shared["texts"], _shared["langs"], _shared["vocabulary"]
    lo, hi = bounds
    sigs = np.empty((hi - lo, NUM_PERM), dtype=np.uint32)
    name_sigs = np.empty((hi - lo, NAME_PERM), dtype=np.uint32)
    for k in range(lo, hi):
        sigs[k - lo], name_sigs[k - lo] = sign_text(texts[k], function_words(langs[k]), vocabulary)
    return sigs, name_sigs


def sign_corpus(corpus: Corpus, workers: int = 1, stages=None) -> None:
    """The corpus's vocabulary (token document frequencies), then the MinHash signatures of
    every body, each in one pass over the bodies (``stages.advance`` per document and pass).

    Each chunk's signatures are copied into preallocated arrays as it arrives (and the chunk
    dropped), so the peak is one copy of the signatures, not two."""
    workers = workers or os.cpu_count() or 1
    chunks = _chunks(corpus.n, 500)
    _shared["texts"] = corpus.texts
    try:
        done = None if stages is None else (lambda b: stages.advance(b[1] - b[0]))
        df: Counter = Counter()
        for part in _run(_count_range, chunks, workers, done):
            df.update(part)
        corpus.vocabulary = Vocabulary(df, corpus.n)
        _shared.update(langs=corpus.langs, vocabulary=corpus.vocabulary)
        corpus.sigs = np.empty((corpus.n, NUM_PERM), dtype=np.uint32)
        corpus.name_sigs = np.empty((corpus.n, NAME_PERM), dtype=np.uint32)
        for (lo, hi), (sigs, name_sigs) in zip(chunks, _run(_sign_range, chunks, workers, done)):
            corpus.sigs[lo:hi], corpus.name_sigs[lo:hi] = sigs, name_sigs
    finally:
        _shared.clear()


# -- verification --------------------------------------------------------------------------
def _prepared(k: int, cache: dict):
    p = cache.get(k)
    if p is None:
        if len(cache) > 512:
            cache.clear()
        s = _shared
        p = cache[k] = prepared(s["ids"][k], s["texts"][k], s["dates"][k], s["langs"][k], s["vocabulary"], s["cap"])
    return p


def _evidence(pairs: np.ndarray) -> tuple[np.ndarray, list]:
    """(features (n_pairs × n_features), passages) of a chunk of oriented index pairs."""
    cache: dict = {}
    s = _shared
    vocabulary = s["vocabulary"]
    feats, passages = [], []
    for (i, j), est in zip(pairs, estimated_jaccard(s["sigs"], pairs)):
        x, ps = evidence(_prepared(int(i), cache), _prepared(int(j), cache), vocabulary, est)
        feats.append(x)
        passages.append(ps)
    return np.array(feats, dtype=float).reshape(len(feats), len(FEATURES)), passages


def _verify_chunk(pairs: np.ndarray) -> tuple[int, list[PairResult]]:
    """(pairs verified, the results that matter) of a chunk of oriented index pairs."""
    X, passages = _evidence(pairs)
    ids = _shared["ids"]
    ends = [(ids[i], ids[j]) for i, j in pairs.tolist()]
    results = decide(load_pair_model(_shared["model"]), ends, X, passages)
    return len(results), [r for r in results if matters(r.p_derived, r.p_event, r.names_event)]


def _oriented(corpus: Corpus, pairs: np.ndarray) -> np.ndarray:
    """Index pairs oriented by id (a < b), sorted so that each prepared document is reused."""
    oriented = np.array([(i, j) if corpus.ids[i] <= corpus.ids[j] else (j, i) for i, j in pairs],
                        dtype=np.int64).reshape(-1, 2)
    return oriented[np.lexsort((oriented[:, 1], oriented[:, 0]))]


def _over_pairs(corpus: Corpus, oriented: np.ndarray, fn, workers: int, pair_model=None, stages=None) -> list:
    _shared.update(ids=corpus.ids, texts=corpus.texts, dates=corpus.dates, langs=corpus.langs,
                   vocabulary=corpus.vocabulary, sigs=corpus.sigs, cap=corpus.max_align_chars, model=pair_model)
    done = None if stages is None else (lambda chunk: stages.advance(len(chunk)))
    try:
        return _run(fn, [oriented[lo:hi] for lo, hi in _chunks(len(oriented), 2000)], workers or os.cpu_count() or 1,
                    done)
    finally:
        _shared.clear()


def verify(corpus: Corpus, pairs: np.ndarray, pair_model: Optional[str], workers: int = 1,
           stages=None) -> tuple[int, list[PairResult]]:
    """(number of pairs verified, the `PairResult`s that matter), each oriented by id (a < b)."""
    load_pair_model(pair_model)          # loaded (and any error raised) before forking
    parts = _over_pairs(corpus, _oriented(corpus, pairs), _verify_chunk, workers, pair_model, stages)
    return sum(n for n, _ in parts), [r for _, rs in parts for r in rs]


def align_pairs(corpus: Corpus, pairs: np.ndarray, workers: int = 1) -> tuple[np.ndarray, np.ndarray, list]:
    """(pairs oriented by id, their features, their passages), for training the pair model."""
    oriented = _oriented(corpus, pairs)
    parts = _over_pairs(corpus, oriented, _evidence, workers)
    X = np.concatenate([x for x, _ in parts]) if parts else np.zeros((0, len(FEATURES)))
    return oriented, X, [p for _, ps in parts for p in ps]


# -- the whole trace -----------------------------------------------------------------------
class TracedRecords:
    """The output records of a trace, in input order, read back from the spool on each
    iteration (a million records are never all in memory). ``list(trace.records)`` when a
    list is wanted."""

    def __init__(self, corpus: Corpus, decisions: Decisions):
        self._corpus, self._decisions = corpus, decisions

    def __len__(self) -> int:
        return self._corpus.n

    def __iter__(self) -> Iterator[dict]:
        for rec in self._corpus.output_records():
            rec.update(self._decisions.fields(rec["id"]))
            yield rec


@dataclass
class Trace:
    """The result of a trace: one output record per input (input order) and the groups."""

    records: TracedRecords
    groups: dict
    stats: dict


def trace_corpus(corpus: Corpus, options: TraceOptions, *, workers: int = 1,
                 timings: Optional[dict] = None, stages=None) -> Trace:
    """Trace an already cleaned corpus (the second half of `trace`). ``stages``: told each
    step as it starts (``stage(name, total)``: signatures, candidates, alignment, groups) and
    the documents or pairs done (``advance(n)``)."""
    timings = timings if timings is not None else {}
    stages = stages or _Quiet()
    t = time.perf_counter()
    stages.stage("signatures", 2 * corpus.n)          # two passes: vocabulary, then signatures
    sign_corpus(corpus, workers, stages)
    timings["signatures_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    stages.stage("candidates")
    pairs, stats = candidates(corpus.ids, corpus.sigs, corpus.name_sigs)
    timings["candidates_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    stages.stage("alignment", len(pairs))
    n_verified, results = verify(corpus, pairs, options.pair_model, workers, stages)
    timings["alignment_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    stages.stage("groups")
    live = [i for i, failed in zip(corpus.ids, corpus.errors) if not failed]
    ends = {x for r in results for x in (r.a, r.b)}      # only documents in a kept pair
    chars = {d: int(n) for d, n in zip(corpus.ids, corpus.chars) if d in ends}
    dates = {d: t for d, t in zip(corpus.ids, corpus.dates) if d in ends}
    dec = Decisions(live, results, chars, dates)
    dec.fill_texts({d: corpus.texts[k] for k, d in enumerate(corpus.ids) if d in dec.origins})
    timings["groups_s"] = round(time.perf_counter() - t, 3)
    stats.update(documents=corpus.n, errors=int(corpus.errors.sum()),
                 verified_pairs=n_verified, **dec.counts(), **timings)
    return Trace(TracedRecords(corpus, dec), dec.groups_json(stats), stats)


def trace(records: Iterable, options: Optional[TraceOptions] = None, *, workers: int = 1,
          progress=None, stages=None, **settings) -> Trace:
    """Trace a corpus given as dicts (``id`` and ``text`` or ``html``; ``site``/``url``/``date``
    optional; other fields are carried through) or `InputRecord`s.

    ``options`` (a `TraceOptions`), or its fields as keywords (``pair_model=…``,
    ``spool_dir=…``, ``max_align_chars=…``, ``template_min_pages=…``). Bodies and records are
    spooled to a temporary folder under ``spool_dir`` (default: the system's temporary folder,
    ``TMPDIR``), about 2× the cleaned text of the corpus on disk; ``Trace.records`` reads them
    back lazily, so keep the `Trace` while iterating.

    Ids must be unique: a repeated id raises `records.DuplicateIdError` naming it and both
    records, unless ``dedupe_ids=True``, which renames the later ones ``<id>#2``, … with a
    warning in their records. ``progress(record)``: called per cleaned record; ``stages``: see
    `trace_corpus`."""
    options = TraceOptions.of(options, **settings)
    t = time.perf_counter()
    corpus = clean_corpus(records, options, workers=workers, progress=progress)
    timings = {"clean_s": round(time.perf_counter() - t, 3)}
    return trace_corpus(corpus, options, workers=workers, timings=timings, stages=stages)
