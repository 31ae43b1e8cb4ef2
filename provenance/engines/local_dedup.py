"""`dedup` on this machine: trace the corpus (`engines.local_trace.trace`), then keep one record
per set of duplicates as `wire.dedup.plan` decides, each kept record listing the ids it stands
for in ``duplicates``.

Built on trace's public outputs (its records and their ``wire_group``/``origin`` fields), not
on its internals, so it follows whatever trace decides. Memory: the trace's (see
`local_trace`), plus one digest per document with a unique body and one `wire.dedup.Member` per
document in a wire group or with a repeated body; the records themselves are read back from
the trace's spool twice (once to decide, once to write) and never held all at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from ..options import TraceOptions
from ..wire.dedup import KEEP_RULES, Member, Plan, kept_record, member, plan
from .local_trace import Trace, trace


class DedupRecords:
    """The kept records, in input order, each with its ``duplicates`` (read back from the
    trace's spool on each iteration; keep the `Dedup` alive while iterating)."""

    def __init__(self, traced: Trace, p: Plan):
        self._trace, self._plan = traced, p

    def __len__(self) -> int:
        return len(self._trace.records) - len(self._plan.dropped)

    def __iter__(self) -> Iterator[dict]:
        for rec in self._trace.records:
            if self._plan.kept(rec["id"]):
                yield kept_record(rec, self._plan)


@dataclass
class Dedup:
    """The result of a dedup: ``records`` (the kept ones, with ``duplicates``), ``plan`` (which
    id stands for which, `wire.dedup.Plan`), ``trace`` (the full trace it was decided on: its
    records and groups), and ``stats`` (read, exact duplicates folded, wire groups folded,
    kept)."""

    records: DedupRecords
    plan: Plan
    trace: Trace
    stats: dict

    @property
    def groups(self) -> dict:
        return self.trace.groups


def members_of(records: Iterable[dict]) -> list[Member]:
    """The `Member`s `wire.dedup.plan` needs of trace records: those in a wire group and
    those whose body another record repeats (one pass; a unique body costs one dict entry)."""
    needed: list[Member] = []
    first: dict[str, Optional[Member]] = {}     # digest → its first member not yet in `needed`
    for k, rec in enumerate(records):
        m = member(rec, k)
        if m.wire_group is not None:
            needed.append(m)
        if m.digest is None:
            continue
        if m.digest in first:
            earlier = first[m.digest]
            if earlier is not None:
                if earlier.wire_group is None:
                    needed.append(earlier)
                first[m.digest] = None
            if m.wire_group is None:
                needed.append(m)
        else:
            first[m.digest] = m
    return needed


def dedup_trace(traced: Trace, keep: str = "origin") -> Dedup:
    """Decide the duplicates of a finished trace."""
    p = plan(members_of(traced.records), keep)
    n = len(traced.records)
    stats = {"documents": n, **p.counts(), "kept": n - len(p.dropped)}
    return Dedup(DedupRecords(traced, p), p, traced, stats)


def dedup(records: Iterable, options: Optional[TraceOptions] = None, *, keep: str = "origin",
          workers: int = 1, progress=None, stages=None, **settings) -> Dedup:
    """Keep one record per wire group (its origin, or by ``keep``: "longest", "earliest") and
    every record in none, after folding exact duplicates (the same normalised body); each kept
    record's ``duplicates`` lists the ids it stands for. ``records``, ``options`` and the
    keywords are `provenance.trace`'s (ids must be unique, or ``dedupe_ids=True``)."""
    if keep not in KEEP_RULES:
        raise ValueError(f"keep must be one of {', '.join(KEEP_RULES)}, not {keep!r}")
    traced = trace(records, options, workers=workers, progress=progress, stages=stages, **settings)
    if stages is not None:
        stages.stage("dedup")
    return dedup_trace(traced, keep)
