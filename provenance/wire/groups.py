"""Groups from pair decisions: wire groups, their origins, derived fractions, and event groups.

Plain connected components over a low threshold chain unrelated stories through one weak or
wrong link. Here clusters grow Kruskal-style from the strongest derived pairs down, and two
clusters merge only when at least half of the smaller one is linked to the larger one by derived
pairs. A single stray link between two established stories therefore never fuses them, while a
copy that shares text with the origin alone still joins (it is a cluster of one).

Everything is keyed by document *ids*, never by input position, and group ids are hashes of the
sorted member ids: the same corpus in any order gives the same groups with the same ids.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from math import ceil
from typing import Optional

from .align import union_length

DERIVED_MIN = 0.5       # P(derived) at which a verified pair is a derived link
RELATED_MIN = 0.5       # P(derived) + P(same event) at which a pair is an event link
MERGE_SUPPORT = 0.5     # share of the smaller cluster that must link to the larger one
ORIGIN_NEAR = 0.95      # members within this share of the most shared material tie for origin


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
            support: float = MERGE_SUPPORT) -> list[list[str]]:
    """Clusters (of size ≥ 2, members sorted) from weighted links, strongest first."""
    parent = {i: i for i in ids}
    members = {i: [i] for i in ids}
    adj: dict[str, set] = {}
    for _, a, b in links:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, a, b in sorted(links, key=lambda t: (-t[0], t[1], t[2])):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        small, large = (ra, rb) if (len(members[ra]), ra) < (len(members[rb]), rb) else (rb, ra)
        large_set = set(members[large])
        linked = sum(1 for m in members[small] if adj.get(m, set()) & large_set)
        if linked < max(1, ceil(support * len(members[small]))):
            continue
        parent[small] = large
        members[large].extend(members.pop(small))
    return sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])


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
    needs the origin's body, which the engines fetch for the origins only (`Decisions.fill_texts`)."""
    derived = [p for p in pairs if p.p_derived >= DERIVED_MIN]
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
        origin = min(near, key=lambda m: (dates.get(m) or "9999", m))
        groups.append(WireGroup(group_id("w", members), members, origin, fractions, _merged(spans[origin])))
    return sorted(groups, key=lambda g: g.id)


def reconstruct(origin_text: str, spans: list[tuple[int, int]]) -> str:
    """The wire text as its origin shows it: the origin's passages shared with the group."""
    return "\n\n".join(origin_text[s:e] for s, e in spans)


def event_groups(ids: list[str], pairs: list[PairResult],
                 wire_of: dict[str, Optional[str]]) -> list[list[str]]:
    """Articles about one event: linked by derived or same-event pairs. A cluster counts only
    when it holds more than one story (two wire groups, or a wire group and an independent
    article, or two independent articles)."""
    links = [(max(p.p_derived + p.p_event, 0.5 * p.names_event), p.a, p.b) for p in pairs
             if p.p_derived + p.p_event >= RELATED_MIN or p.names_event]
    out = []
    for members in cluster(ids, links):
        stories = {wire_of.get(m) or f"solo:{m}" for m in members}
        if len(stories) > 1:
            out.append(members)
    return out
