"""A cheap, exact pre-test for an anchored case-insensitive regex: can it match at all?

`kinds.hard_kind` asks of most short blocks whether any of its start-anchored rules (share
labels, bylines, reader notes, copyright, photo credits) can match; the regex answers in
~0.8 µs, trying some sixty alternatives, and nearly always says no. `FirstTwo` answers the
same question for most texts from their first two non-space characters and two set
lookups: a text it rejects cannot match; a text it lets through goes to the regex.

The character pairs are read off the regex's own parse tree (`re._parser`), so they follow
the pattern when it changes. Case-insensitive matching is that of `re`: a text character
matches a pattern letter when their simple lower cases (`_sre.unicode_tolower`) are equal or
in one of `re._casefix`'s groups (i/ı, s/ſ, µ/μ, …); `_fold` maps every character to one
representative of its group, so a match always has equal folds. Where the internals are not
there, or the pattern starts with something the pairs cannot describe (white space, a
character class other than digits), `FirstTwo.usable` is False and callers use the regex.
"""
from __future__ import annotations

import re
from ..memo import memo

try:  # CPython 3.11+: the regex compiler's own parser, lower case and case groups
    import re._casefix as _casefix
    import re._constants as _c
    import re._parser as _parser
    from re._compiler import _sre
    _tolower = _sre.unicode_tolower
    _EXTRA = _casefix._EXTRA_CASES
except (ImportError, AttributeError):  # pragma: no cover - other Pythons
    _parser = None

_ANY = ("any",)
_DIGIT = ("digit",)


@memo(4096)
def _fold(ch: str) -> str:
    """One representative of the characters `re` matches case-insensitively with `ch`."""
    lo = _tolower(ord(ch))
    return chr(min((lo,) + tuple(_EXTRA.get(lo, ()))))


def _atoms_of_in(items) -> list:
    atoms = []
    for op, av in items:
        if op is _c.LITERAL:
            atoms.append(("lit", av))
        elif op is _c.RANGE and av[1] - av[0] < 64:
            atoms += [("lit", c) for c in range(av[0], av[1] + 1)]
        elif op is _c.CATEGORY and av in (_c.CATEGORY_DIGIT, _c.CATEGORY_UNI_DIGIT):
            atoms.append(_DIGIT)
        else:                                    # NEGATE, wide ranges, other categories
            atoms.append(_ANY)
    return atoms


def _prefixes(items, k: int) -> set:
    """Every sequence of the first k atoms a match of `items` can start with (shorter where
    the match can end sooner); an atom is ("lit", code point), _DIGIT or _ANY."""
    out = {()}
    if k == 0:
        return out
    for op, av in items:
        grown = set()
        for head in out:
            if len(head) == k:
                grown.add(head)
                continue
            for tail in _item_prefixes(op, av, k - len(head)):
                grown.add(head + tail)
        out = grown
    return out


def _item_prefixes(op, av, k: int) -> set:
    if op is _c.LITERAL:
        return {(("lit", av),)}
    if op is _c.IN:
        return {(a,) for a in _atoms_of_in(av)}
    if op is _c.BRANCH:
        return set().union(*(_prefixes(alt, k) for alt in av[1]))
    if op is _c.SUBPATTERN:
        return _prefixes(av[-1], k)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        out, seqs, r = set(), {()}, 0          # seqs: the starts of r repetitions
        while True:
            if r >= lo:
                out |= seqs
            if r >= hi or r > lo + k:            # more repetitions start no other way
                break
            seqs = {(s + t)[:k] for s in seqs for t in (_prefixes(sub, k - len(s)) if len(s) < k else {()})}
            r += 1
        return out
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero-width
        return {()}
    if op is _c.CATEGORY:
        return {(_DIGIT,)} if av in (_c.CATEGORY_DIGIT, _c.CATEGORY_UNI_DIGIT) else {(_ANY,)}
    return {(_ANY,)}                             # ANY, NOT_LITERAL, group references, …


def _is_space_run(op, av) -> bool:
    r"""Is the parsed item `\s*`?"""
    return op is _c.MAX_REPEAT and av[:2] == (0, _c.MAXREPEAT) and \
        list(av[2]) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]


class FirstTwo:
    """`may_match(text)` is False only when none of `patterns` (regexes of the form
    `^\\s*…`) can match `text`."""

    def __init__(self, patterns: list[re.Pattern]):
        self.usable = _parser is not None
        self.first, self.pairs, self.digit_first = set(), set(), False
        if self.usable:
            self._read(patterns)
        self.may_match = self._build()

    def _read(self, patterns: list[re.Pattern]) -> None:
        """The first characters and pairs of characters `patterns` can start with."""
        seqs = set()
        for p in patterns:
            items = _parser.parse(p.pattern, p.flags).data
            if len(items) < 2 or items[0] != (_c.AT, _c.AT_BEGINNING) or not _is_space_run(*items[1]):
                self.usable = False              # not `^\s*` then the rest
                return
            seqs |= _prefixes(items[2:], 2)
        for seq in seqs:
            if not seq or seq[0] is _ANY or (seq[0][0] == "lit" and chr(seq[0][1]).isspace()):
                self.usable = False              # can match nothing, anything, or white space first
                return
            if seq[0] is _DIGIT:
                self.digit_first = True
            elif len(seq) == 1 or seq[1] in (_ANY, _DIGIT):
                self.first.add(_fold(chr(seq[0][1])))
            else:
                self.pairs.add(_fold(chr(seq[0][1])) + _fold(chr(seq[1][1])))

    def _build(self):
        """`may_match` as a closure over the sets (it is called for most blocks)."""
        if not self.usable:
            return lambda text: True
        pairs, first, digit_first = frozenset(self.pairs), frozenset(self.first), self.digit_first

        def may_match(text: str) -> bool:
            head = text.lstrip()[:2]     # str.isspace is the `\s` of str patterns
            # an ASCII character's fold is its lower case (i, s: the smallest of their groups)
            key = head.lower() if head.isascii() else "".join(map(_fold, head))
            return key in pairs or key[:1] in first or (digit_first and head[:1].isdecimal())
        return may_match
