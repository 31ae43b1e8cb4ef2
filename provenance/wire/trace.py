"""`trace`: which documents of a corpus derive from a common wire story.

The local engine's whole trace pipeline, built from the pure steps of `wire.corpus` and
`wire.groups`: clean → strip site templates → signatures → candidates → alignment → pair
classifier → groups → records.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

import numpy as np

from .align import MAX_ALIGN_CHARS
from .corpus import Corpus, align_pairs, candidates, clean_corpus, sign_corpus
from .groups import PairResult, event_groups, group_id, reconstruct, wire_groups
from .pairs import DERIVED, SAME_EVENT, UNRELATED, PairModel, names_say_same_event
from .templates import TemplateLines

PAIR_MODEL = "pairs.skops"


@lru_cache(maxsize=4)
def load_pair_model(path: Optional[str] = None) -> PairModel:
    if path is None:
        from importlib.resources import files

        path = str(files("provenance.models") / PAIR_MODEL)
    return PairModel.load(path)


class TracedRecords:
    """The output records of a trace, in input order, read back from the spool on each
    iteration (a million records are never all in memory). ``list(trace.records)`` when a
    list is wanted."""

    def __init__(self, corpus: Corpus, decisions: "Decisions"):
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


def verify(corpus: Corpus, pairs: np.ndarray, model: PairModel, workers: int = 1) -> list[PairResult]:
    oriented, X, passages = align_pairs(corpus, pairs, workers)
    proba = model.predict_proba(X)
    out = []
    for (i, j), x, p, ps in zip(oriented, X, proba, passages):
        out.append(PairResult(corpus.ids[i], corpus.ids[j], float(p[UNRELATED]),
                              float(p[SAME_EVENT]), float(p[DERIVED]), ps, names_say_same_event(x)))
    return out


def _passages_of(doc: str, pairs: list[PairResult], group_of: dict) -> list[dict]:
    out = []
    for p in pairs:
        if doc not in (p.a, p.b) or group_of.get(p.a) is None or group_of.get(p.a) != group_of.get(p.b):
            continue
        if p.p_derived < 0.5:
            continue
        mine_a = doc == p.a
        for ps in p.passages:
            s, e, ps_, pe = ((ps.a_start, ps.a_end, ps.b_start, ps.b_end) if mine_a
                             else (ps.b_start, ps.b_end, ps.a_start, ps.a_end))
            out.append({"start": s, "end": e, "partner": p.b if mine_a else p.a,
                        "partner_start": ps_, "partner_end": pe, "exact": ps.exact})
    out.sort(key=lambda d: (d["start"], d["end"], d["partner"], d["partner_start"], d["partner_end"], d["exact"]))
    return out


def trace_corpus(corpus: Corpus, *, workers: int = 1, pair_model: Optional[str] = None,
                 timings: Optional[dict] = None) -> Trace:
    """Trace an already cleaned corpus (the engine-independent second half)."""
    timings = timings if timings is not None else {}
    t = time.perf_counter()
    sign_corpus(corpus, workers)
    timings["signatures_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    pairs, stats = candidates(corpus)
    timings["candidates_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    results = verify(corpus, pairs, load_pair_model(pair_model), workers)
    timings["alignment_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    live = [i for i, failed in zip(corpus.ids, corpus.errors) if not failed]
    ends = {x for r in results for x in (r.a, r.b)}      # only documents in a verified pair
    chars = {d: int(n) for d, n in zip(corpus.ids, corpus.chars) if d in ends}
    dates = {d: t for d, t in zip(corpus.ids, corpus.dates) if d in ends}
    dec = Decisions(live, results, chars, dates)
    dec.fill_texts({d: corpus.texts[k] for k, d in enumerate(corpus.ids) if d in dec.origins})
    timings["groups_s"] = round(time.perf_counter() - t, 3)
    stats.update(documents=corpus.n, errors=int(corpus.errors.sum()),
                 verified_pairs=len(results), **dec.counts(), **timings)
    return Trace(TracedRecords(corpus, dec), dec.groups_json(stats), stats)


class Decisions:
    """Groups and per-document trace fields from verified pairs: the engine-independent end of
    trace. ``chars`` and ``dates`` are needed for the documents of ``results`` only."""

    def __init__(self, ids: list[str], results: list[PairResult], chars: dict[str, int],
                 dates: dict[str, Optional[str]]):
        self.wire = wire_groups(ids, results, chars, dates)
        self.group_of = {m: g.id for g in self.wire for m in g.members}
        self.events = event_groups(ids, results, self.group_of)
        self.event_of = {m: group_id("e", ms) for ms in self.events for m in ms}
        self.frac = {m: f for g in self.wire for m, f in g.fractions.items()}
        self.origins = {g.origin for g in self.wire}
        self.related = [r for r in results if r.p_derived >= 0.5]
        self.n_event_links = sum(1 for r in results if r.p_derived + r.p_event >= 0.5 or r.names_event)
        self.by_doc: dict[str, list[PairResult]] = {}
        for r in self.related:
            self.by_doc.setdefault(r.a, []).append(r)
            self.by_doc.setdefault(r.b, []).append(r)

    def fill_texts(self, origin_texts: dict[str, str]) -> None:
        """Each group's wire text, from its origin's body (``origin_texts``: id → body of every
        id in ``self.origins``; an engine reads only those from its corpus)."""
        for g in self.wire:
            g.text = reconstruct(origin_texts[g.origin], g.origin_spans)

    def fields(self, doc_id: str) -> dict:
        return {"wire_group": self.group_of.get(doc_id),
                "derived_fraction": round(self.frac.get(doc_id, 0.0), 4),
                "origin": doc_id in self.origins,
                "event_group": self.event_of.get(doc_id),
                "passages": _passages_of(doc_id, self.by_doc.get(doc_id, []), self.group_of)}

    def counts(self) -> dict:
        return {"derived_links": len(self.related), "event_links": self.n_event_links,
                "wire_groups": len(self.wire), "event_groups": len(self.events)}

    def groups_json(self, stats: dict) -> dict:
        return {
            "wire_groups": [
                {"id": g.id, "origin": g.origin, "text": g.text,
                 "members": [{"id": m, "derived_fraction": round(g.fractions[m], 4), "origin": m == g.origin}
                             for m in g.members]}
                for g in self.wire],
            "event_groups": [
                {"id": group_id("e", ms), "members": ms,
                 "wire_groups": sorted({self.group_of[m] for m in ms if m in self.group_of})}
                for ms in sorted(self.events, key=lambda m: group_id("e", m))],
            "stats": stats,
        }


def trace(records: Iterable, *, workers: int = 1, pair_model: Optional[str | Path] = None,
          cleaner_kwargs: Optional[dict] = None, template_min_pages: Optional[int] = None,
          progress=None, spool_dir: Optional[str] = None,
          max_align_chars: int = MAX_ALIGN_CHARS) -> Trace:
    """Trace a corpus given as dicts (``id`` and ``text`` or ``html``; ``site``/``url``/``date``
    optional; other fields are carried through) or `InputRecord`s.

    Bodies and records are spooled to a temporary folder under ``spool_dir`` (default: the
    system's temporary folder, ``TMPDIR``), about 2× the cleaned text of the corpus on disk;
    ``Trace.records`` reads them back lazily, so keep the `Trace` while iterating."""
    t = time.perf_counter()
    # passed inline, not kept: its per-line keys (8 bytes per page line) are garbage once the
    # corpus is cleaned
    corpus = clean_corpus(records, workers=workers, cleaner_kwargs=cleaner_kwargs,
                          templates=TemplateLines() if template_min_pages is None
                          else TemplateLines(template_min_pages),
                          progress=progress, spool_dir=spool_dir, max_align_chars=max_align_chars)
    timings = {"clean_s": round(time.perf_counter() - t, 3)}
    return trace_corpus(corpus, workers=workers,
                        pair_model=None if pair_model is None else str(pair_model), timings=timings)
