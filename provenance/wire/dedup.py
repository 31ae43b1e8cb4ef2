"""Which record stands for which: the decisions of `provenance dedup`, as pure functions over
trace records and their wire groups (no I/O, no scheduling: the engines call these).

Two kinds of duplicate are folded:

1. **Exact duplicates**: records whose bodies are the same once normalised (`normalise_body`:
   Unicode NFKC, case folded, whitespace collapsed), found by a hash of it (`body_digest`).
   The body is trace's ``text``: the article with the site's template lines already removed,
   so shared site chrome (menus, footers, cookie prompts) can never make two pages equal, and
   an empty body (an error, a page that was all template) is never anyone's duplicate.
2. **Wire groups**: the records trace put in one wire group (copies of one wire story, verified
   by alignment; stock phrases and same-event coverage do not link records into a group). A
   member that is not the origin and of which less than MIN_DERIVED_FRACTION derives from the
   group (an article that quotes the story in one paragraph) is no duplicate: it is kept, as a
   record in no group. Dropping it would lose the nine tenths of it that are its own.

Records linked by either relation form one set (a union: an exact copy of a group member
belongs to that group's set); each set keeps one record (`choose`, by the ``keep`` rule),
which lists the ids of the others in its ``duplicates``; a record in no set is kept alone.
`plan` needs only the records that are in a wire group or share their digest with another
(`Member`s of the others may be given or left out), so an engine may collect just those.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

#: A wire-group member with less of its body derived from the group than this is kept (see 2.).
MIN_DERIVED_FRACTION = 0.1

#: How the record that stands for a set is chosen: the group's origin (trace's likely
#: source), the longest body, or the earliest date. Ties go to an origin, then input order.
KEEP_RULES = ("origin", "longest", "earliest")


def normalise_body(text: str) -> str:
    """The form in which two bodies count as exact duplicates: NFKC, case folded, every run
    of whitespace one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def body_digest(text: Any) -> Optional[str]:
    """A 128-bit hash (hex) of the normalised body; None for an empty or missing body."""
    if not isinstance(text, str):
        return None
    norm = normalise_body(text)
    if not norm:
        return None
    return hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Member:
    """What the choice needs of one trace record: its id and place in the input, the digest
    of its body, its wire group and whether it is the group's origin, its date and length."""

    id: str
    position: int
    digest: Optional[str]
    wire_group: Optional[str] = None
    origin: bool = False
    date: Optional[str] = None
    length: int = 0


def member(record: dict, position: int) -> Member:
    """The `Member` of a trace record (its ``text`` is the body trace matched)."""
    text = record.get("text") if record.get("error") is None else None
    date = record.get("date")
    origin = bool(record.get("origin"))
    fraction = record.get("derived_fraction")
    quotes_only = not origin and isinstance(fraction, (int, float)) and fraction < MIN_DERIVED_FRACTION
    return Member(id=record["id"], position=position, digest=body_digest(text),
                  wire_group=None if quotes_only else record.get("wire_group"), origin=origin,
                  date=date if isinstance(date, str) and date else None,
                  length=len(text) if isinstance(text, str) else 0)


def in_plan(m: Member, repeated_digests) -> bool:
    """Whether `plan` must see ``m``: it is in a wire group or its digest is repeated."""
    return m.wire_group is not None or (m.digest is not None and m.digest in repeated_digests)


@dataclass
class Plan:
    """The outcome: ``stands_for`` maps each kept record that stands for others to their ids
    (input order); ``dropped`` maps each folded record to the id kept for it. Counts:
    ``exact_folded`` records folded as exact duplicates, ``wire_folded`` records folded as
    members of a wire group (and not exact duplicates of a kept or folded one),
    ``wire_groups`` groups folded."""

    stands_for: dict[str, list[str]] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    exact_folded: int = 0
    wire_folded: int = 0
    wire_groups: int = 0

    def kept(self, doc_id: str) -> bool:
        return doc_id not in self.dropped

    def duplicates(self, doc_id: str) -> list[str]:
        """The ids a kept record stands for ([] for one kept alone)."""
        return self.stands_for.get(doc_id, [])

    def counts(self) -> dict[str, int]:
        return {"exact_duplicates_folded": self.exact_folded, "wire_groups_folded": self.wire_groups,
                "wire_duplicates_folded": self.wire_folded, "dropped": len(self.dropped)}


def choose(members: list[Member], keep: str = "origin", group_sizes: Optional[dict] = None) -> Member:
    """The member that stands for a set (see `KEEP_RULES`): ``origin``: an origin (of the
    largest group, when a set joins several), ``longest``: the longest body, ``earliest``: the
    earliest date (dates compare as written, as trace's origin rule does; a record without a
    date comes last); ties: an origin first, then input order."""
    sizes = group_sizes or {}
    if keep == "origin":
        key = lambda m: (not m.origin, -sizes.get(m.wire_group, 0), m.position)  # noqa: E731
    elif keep == "longest":
        key = lambda m: (-m.length, not m.origin, m.position)  # noqa: E731
    elif keep == "earliest":
        key = lambda m: (m.date is None, m.date or "", not m.origin, m.position)  # noqa: E731
    else:
        raise ValueError(f"keep must be one of {', '.join(KEEP_RULES)}, not {keep!r}")
    return min(members, key=key)


def plan(members: Iterable[Member], keep: str = "origin") -> Plan:
    """Fold exact duplicates and wire groups (see the module docstring). ``members``: at least
    every record in a wire group and every record whose digest another record has."""
    if keep not in KEEP_RULES:
        raise ValueError(f"keep must be one of {', '.join(KEEP_RULES)}, not {keep!r}")
    ms = sorted(members, key=lambda m: m.position)
    parent = list(range(len(ms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_digest: dict[str, list[int]] = {}
    by_group: dict[str, list[int]] = {}
    for i, m in enumerate(ms):
        if m.digest is not None:
            by_digest.setdefault(m.digest, []).append(i)
        if m.wire_group is not None:
            by_group.setdefault(m.wire_group, []).append(i)
    for idx in list(by_digest.values()) + list(by_group.values()):
        for j in idx[1:]:
            union(idx[0], j)
    sets: dict[int, list[int]] = {}
    for i in range(len(ms)):
        sets.setdefault(find(i), []).append(i)
    sizes = {g: len(idx) for g, idx in by_group.items()}
    out = Plan()
    for idx in sets.values():
        if len(idx) < 2:
            continue
        group = [ms[i] for i in idx]
        kept = choose(group, keep, sizes)
        out.stands_for[kept.id] = [m.id for m in group if m is not kept]
        for m in group:
            if m is not kept:
                out.dropped[m.id] = kept.id
    out.exact_folded = sum(len(idx) - 1 for idx in by_digest.values())
    out.wire_folded = len(out.dropped) - out.exact_folded
    out.wire_groups = len(by_group)
    return out


def kept_record(record: dict, p: Plan) -> dict:
    """A kept trace record with its ``duplicates`` field (the ids it stands for)."""
    record["duplicates"] = list(p.duplicates(record["id"]))
    return record
