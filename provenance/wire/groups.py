"""Groups from pair decisions: wire groups, their origins, derived fractions, and event groups.

Plain connected components over a low threshold chain unrelated stories through one weak or
wrong link. Here clusters grow Kruskal-style from the strongest derived pairs down, and two
clusters merge only when at least half of the smaller one is linked to the larger one by derived
pairs. A single stray link between two established stories therefore never fuses them, while a
copy that shares text with the origin alone still joins (it is a cluster of one).

Everything is keyed by document *ids*, never by input position, and group ids are hashes of the
sorted member ids: the same corpus in any order gives the same groups with the same ids.

`Decisions` is the engine-independent end of trace: from the verified pairs that matter
(`matters`), the groups and every document's trace fields. Both engines build one.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from math import ceil
from typing import Optional

from ..metadata.dates import parse_date
from .align import union_length
from .thresholds import (DERIVED_MIN, DERIVED_MIN_SHARED_CHARS, MERGE_SUPPORT, ORIGIN_NEAR,
                         PARTIAL_MERGE_MIN, RELATED_MIN)


@dataclass(slots=True)
class PairResult:
    """A verified candidate pair, oriented so that ``a < b`` by id."""

    a: str
    b: str
    p_unrelated: float
    p_event: float
    p_derived: float
    passages: list = field(default_factory=list)   # align.Passage, offsets: a's text, b's text
    names_event: bool = False                       # pairs.names_say_same_event


def group_id(prefix: str, members: list[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(members)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}{digest[:10]}"


def cluster(ids: list[str], links: list[tuple[float, str, str]],
            support: float = MERGE_SUPPORT, start: list[list[str]] = ()) -> list[list[str]]:
    """Clusters (of size ≥ 2, members sorted) from weighted links, strongest first; ``start``:
    groups of ids that begin as one cluster each (an event cluster begins with the wire groups,
    so every wire group lies inside one event group)."""
    parent = {i: i for i in ids}
    members = {i: [i] for i in ids}
    for group in start:
        root = min(group)
        for m in group:
            if m != root and parent[m] == m:
                parent[m] = root
                members[root].extend(members.pop(m))
    adj: dict[str, set] = {}
    for _, a, b in links:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for w, a, b in sorted(links, key=lambda t: (-t[0], t[1], t[2])):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        small, large = (ra, rb) if (len(members[ra]), ra) < (len(members[rb]), rb) else (rb, ra)
        large_set = set(members[large])
        linked = sum(1 for m in members[small] if adj.get(m, set()) & large_set)
        if linked < max(1, ceil(support * len(members[small]))):
            continue
        if linked < len(members[small]) and w < PARTIAL_MERGE_MIN:
            continue
        parent[small] = large
        members[large].extend(members.pop(small))
    return sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])


def shared_chars(passages) -> int:
    """Characters the two documents share in aligned passages: the smaller of the two sides'
    merged spans."""
    spans = list(passages)
    return min(union_length([(q.a_start, q.a_end) for q in spans]),
               union_length([(q.b_start, q.b_end) for q in spans])) if spans else 0


def is_derived_link(p: PairResult) -> bool:
    """A derived link: the pair model says derived and the two share aligned passages of at
    least DERIVED_MIN_SHARED_CHARS characters. One stock sentence ("Details are not yet
    known.", "詳しい状況はまだ分かっていない。") is a large share of two short notices, and in a
    corpus of a few documents nothing tells it from a copied sentence but its length."""
    return p.p_derived >= DERIVED_MIN and shared_chars(p.passages) >= DERIVED_MIN_SHARED_CHARS


def day_of(date) -> Optional[str]:
    """An ISO day for comparing dates written in any form (None when unreadable)."""
    return parse_date(date) if isinstance(date, str) and date else None


PARAPHRASE_WEIGHT = 0.5


def derived_fraction(verbatim: int, aligned: int, chars: int) -> float:
    """Share of a body that comes from its wire group: characters in verbatim passages count
    fully, characters only in paraphrased sentences count ``PARAPHRASE_WEIGHT``. A retold
    sentence keeps the source's facts and some of its words, not its text; weighting it so makes
    the fraction grade *how much and how literally* a text reuses its source (cut > light >
    heavy > none on the Clough corpus; counting paraphrase fully ranks light above cut)."""
    if chars <= 0:
        return 0.0
    return min(1.0, (verbatim + PARAPHRASE_WEIGHT * max(0, aligned - verbatim)) / chars)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@dataclass
class WireGroup:
    id: str
    members: list[str]
    origin: str
    fractions: dict[str, float]
    origin_spans: list[tuple[int, int]]
    text: str = ""        # the reconstructed wire text, filled from the origin's text (`reconstruct`)


def wire_groups(ids: list[str], pairs: list[PairResult], chars: dict[str, int],
                dates: dict[str, Optional[str]]) -> list[WireGroup]:
    """Wire groups with origin, derived fractions and the origin's shared spans. The wire text
    needs the origin's body, which the engines fetch for the origins only (`Decisions.fill_texts`).

    A document joins a group only through a derived link that has aligned passages: the pair
    model may score a pair high on its names, numbers or vocabulary alone, but without shared
    text there is nothing of the one in the other. The origin is the earliest dated member among
    those that hold most of the group's shared material (at least ORIGIN_NEAR of the most);
    dates are compared as ISO days (`metadata.dates.parse_date`), undated members come last."""
    derived = [p for p in pairs if is_derived_link(p)]
    links = [(p.p_derived, p.a, p.b) for p in derived]
    by_first: dict[str, list[PairResult]] = {}
    for p in derived:
        by_first.setdefault(p.a, []).append(p)
    groups = []
    for members in cluster(ids, links):
        mset = set(members)
        spans: dict[str, list[tuple[int, int]]] = {m: [] for m in members}
        exact: dict[str, list[tuple[int, int]]] = {m: [] for m in members}
        for p in (p for m in members for p in by_first.get(m, ())):
            a, b = p.a, p.b
            if b in mset:
                for ps in p.passages:
                    spans[a].append((ps.a_start, ps.a_end))
                    spans[b].append((ps.b_start, ps.b_end))
                    if ps.exact:
                        exact[a].append((ps.a_start, ps.a_end))
                        exact[b].append((ps.b_start, ps.b_end))
        shared = {m: union_length(spans[m]) for m in members}
        verbatim = {m: union_length(exact[m]) for m in members}
        fractions = {m: derived_fraction(verbatim[m], shared[m], chars[m]) for m in members}
        top = max(shared.values())
        near = [m for m in members if shared[m] >= ORIGIN_NEAR * top]
        origin = min(near, key=lambda m: (day_of(dates.get(m)) or "9999", -shared[m], m))
        groups.append(WireGroup(group_id("w", members), members, origin, fractions, _merged(spans[origin])))
    return sorted(groups, key=lambda g: g.id)


def reconstruct(origin_text: str, spans: list[tuple[int, int]]) -> str:
    """The wire text as its origin shows it: the origin's passages shared with the group."""
    return "\n\n".join(origin_text[s:e] for s, e in spans)


def event_groups(ids: list[str], pairs: list[PairResult], wire_of: dict[str, Optional[str]]) -> list[list[str]]:
    """Articles about one event: every wire group (whose members all cover its story), merged
    with other stories and articles linked by derived or same-event pairs. Every cluster of two
    documents or more is an event group, so each wire group lies inside exactly one."""
    links = [(max(p.p_derived + p.p_event, 0.5 * p.names_event), p.a, p.b) for p in pairs
             if p.p_derived + p.p_event >= RELATED_MIN or p.names_event]
    wires: dict[str, list[str]] = {}
    for m, g in wire_of.items():
        if g is not None:
            wires.setdefault(g, []).append(m)
    return cluster(ids, links, start=[sorted(ms) for _, ms in sorted(wires.items())])


def matters(p_derived: float, p_event: float, names_event: bool) -> bool:
    """Whether a verified pair can change a group: a derived or an event link. Engines keep
    only these (the others are counted)."""
    return p_derived >= DERIVED_MIN or p_derived + p_event >= RELATED_MIN or bool(names_event)


def passages_of(doc: str, pairs: list[PairResult], group_of: dict) -> list[dict]:
    """The ``passages`` field of ``doc``: its shared spans with members of its own group."""
    out = []
    for p in pairs:
        if doc not in (p.a, p.b) or group_of.get(p.a) is None or group_of.get(p.a) != group_of.get(p.b):
            continue
        if p.p_derived < DERIVED_MIN:
            continue
        mine_a = doc == p.a
        for ps in p.passages:
            s, e, ps_, pe = ((ps.a_start, ps.a_end, ps.b_start, ps.b_end) if mine_a
                             else (ps.b_start, ps.b_end, ps.a_start, ps.a_end))
            out.append({"start": s, "end": e, "partner": p.b if mine_a else p.a,
                        "partner_start": ps_, "partner_end": pe, "exact": ps.exact})
    out.sort(key=lambda d: (d["start"], d["end"], d["partner"], d["partner_start"], d["partner_end"], d["exact"]))
    return out


class Decisions:
    """Groups and per-document trace fields from verified pairs: the engine-independent end of
    trace. ``ids``: the documents that may be grouped (at least every end of ``results``);
    ``chars`` and ``dates`` are needed for the documents of ``results`` only."""

    def __init__(self, ids: list[str], results: list[PairResult], chars: dict[str, int],
                 dates: dict[str, Optional[str]]):
        self.wire = wire_groups(ids, results, chars, dates)
        self.group_of = {m: g.id for g in self.wire for m in g.members}
        self.events = event_groups(ids, results, self.group_of)
        self.event_of = {m: group_id("e", ms) for ms in self.events for m in ms}
        self.frac = {m: f for g in self.wire for m, f in g.fractions.items()}
        self.origins = {g.origin for g in self.wire}
        self.related = [r for r in results if is_derived_link(r)]
        self.n_event_links = sum(1 for r in results if r.p_derived + r.p_event >= RELATED_MIN or r.names_event)
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
                "passages": passages_of(doc_id, self.by_doc.get(doc_id, []), self.group_of)}

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
