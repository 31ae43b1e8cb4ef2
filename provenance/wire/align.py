"""Alignment of two cleaned bodies: the passages they share, with character offsets in each.

Two kinds of evidence, because wire copies are edited in two ways:

* **Exact passages** — seed on shared normalised word 4-grams, in any order (paragraphs get
  moved), and extend a passage along its diagonal through small edits (a dropped or changed word
  shifts the diagonal by a few tokens). Passages shorter than ``MIN_RUN`` tokens are noise.
* **Paraphrased units** — a sentence of one text whose content words are mostly found in one
  sentence of the other (IDF-weighted containment). Rewriters keep a sentence's names, numbers and
  key words while reordering and dropping the rest; exact n-grams miss those, word bags do not.

`Aligned` carries everything the pair classifier and the groups need; it never holds the texts.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from math import log

import numpy as np

from ..lexicon.stopwords import EMPTY as NO_STOPWORDS
from .normalize import Tokens, names, numbers, quotations, tokenize
from .vocabulary import EMPTY as NO_VOCABULARY, Vocabulary

SEED = 4            # seed n-gram length (tokens)
GAP = 3             # diagonal drift / skipped tokens tolerated inside one passage
MIN_RUN = 8         # shortest exact passage kept (tokens): a name like "Centers for Disease Control and Prevention (CDC)" is 7
MAX_ALIGN_CHARS = 200_000   # alignment reads at most this much of a body (~30,000 words)
MAX_SEED_HITS = 8   # a seed n-gram repeated more often than this in the partner is ignored
UNIT_MIN_WORDS = 3  # a unit needs this many content words to be matched as a paraphrase
UNIT_CONTAINMENT = 0.6


@dataclass(slots=True)
class Prepared:
    """What alignment needs of one document, computed once."""

    id: str
    text: str
    tokens: Tokens
    unit_words: list[frozenset]      # content words of each unit
    chars: int                       # characters inside units (the body's matchable length)
    quotes: frozenset
    numbers: frozenset
    names: frozenset
    date: str | None = None
    weights: dict = field(default_factory=dict)   # tf-idf vector, L2-normalised (set by corpus)


def prepare(doc_id: str, text: str, date: str | None = None, stopwords: frozenset = NO_STOPWORDS,
            vocabulary: Vocabulary = NO_VOCABULARY) -> Prepared:
    """What alignment needs of one document (``stopwords``: its language's; ``vocabulary``:
    its corpus's document frequencies)."""
    tok = tokenize(text, stopwords, vocabulary)
    units = []
    chars = 0
    for a, b in tok.units:
        units.append(frozenset(w for w, c in zip(tok.words[a:b], tok.content[a:b]) if c))
        chars += int(tok.ends[b - 1] - tok.starts[a])
    return Prepared(doc_id, text, tok, units, chars, frozenset(quotations(text)),
                    frozenset(numbers(tok)), frozenset(names(text, tok, vocabulary)), date)


def set_weights(docs: list[Prepared], vocabulary: Vocabulary) -> None:
    """Give each document its L2-normalised tf-idf vector over content words."""
    for d in docs:
        tf: dict[str, int] = {}
        for w, c in zip(d.tokens.words, d.tokens.content):
            if c:
                tf[w] = tf.get(w, 0) + 1
        vec = {w: (1 + log(n)) * vocabulary.idf(w) for w, n in tf.items()}
        norm = sum(v * v for v in vec.values()) ** 0.5 or 1.0
        d.weights = {w: v / norm for w, v in vec.items()}


@dataclass(slots=True)
class Passage:
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    exact: bool
    tokens: int


class PackedPassages:
    """A pair's passages packed as int32s, six per passage (~24 B each instead of ~180 as
    objects): a trace holds every verified pair's passages until the groups are decided, which
    for a million documents is millions of passages. Iterating gives `Passage` objects."""

    __slots__ = ("_a",)
    WIDTH = 6

    def __init__(self, passages=()):
        self._a = array("i", [v for p in passages
                              for v in (p.a_start, p.a_end, p.b_start, p.b_end, int(p.exact), p.tokens)])

    def __len__(self) -> int:
        return len(self._a) // self.WIDTH

    def __iter__(self):
        a = self._a
        for k in range(0, len(a), self.WIDTH):
            yield Passage(a[k], a[k + 1], a[k + 2], a[k + 3], bool(a[k + 4]), a[k + 5])


@dataclass(slots=True)
class Aligned:
    """The shared material of documents A and B."""

    passages: list[Passage]
    exact_cov: tuple[float, float]     # share of A's / B's characters in exact passages
    cov: tuple[float, float]           # share in exact or paraphrased passages
    longest: int                       # longest exact passage, in tokens
    n_exact: int
    unit_share: tuple[float, float]    # share of A's / B's units matched at all


def _exact_runs(wa: list[str], wb: list[str]) -> list[tuple[int, int, int, int]]:
    """Exact passages as token ranges (a0, a1, b0, b1), ends exclusive."""
    if len(wa) < SEED or len(wb) < SEED:
        return []
    index: dict[tuple, list[int]] = {}
    for j in range(len(wb) - SEED + 1):
        index.setdefault(tuple(wb[j:j + SEED]), []).append(j)
    runs: list[list[int]] = []          # [a0, b0, a_last, b_last] of seed starts
    active: dict[int, int] = {}         # diagonal -> run index whose last seed is on it
    for i in range(len(wa) - SEED + 1):
        hits = index.get(tuple(wa[i:i + SEED]))
        if not hits or len(hits) > MAX_SEED_HITS:
            continue
        for j in hits:
            d = j - i
            best = None
            for dd in range(d - GAP, d + GAP + 1):
                r = active.get(dd)
                if r is None:
                    continue
                a_last, b_last = runs[r][2], runs[r][3]
                if 0 < i - a_last <= GAP + SEED and 0 < j - b_last <= GAP + SEED:
                    if best is None or abs(dd - d) < abs(best[1] - d):
                        best = (r, dd)
            if best is None:
                runs.append([i, j, i, j])
                active[d] = len(runs) - 1
            else:
                r, dd = best
                runs[r][2], runs[r][3] = i, j
                if dd != d:
                    del active[dd]
                active[d] = r
    out = []
    for a0, b0, al, bl in runs:
        if al + SEED - a0 >= MIN_RUN:
            out.append((a0, al + SEED, b0, bl + SEED))
    return out


def _unit_matches(A: Prepared, B: Prepared, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """Pairs (unit of A, unit of B) whose content words mostly coincide."""
    index: dict[str, list[int]] = {}
    idf = vocabulary.idf
    wt_b = []
    # words are summed in sorted order: a frozenset iterates in hash-seed order, and float sums
    # in another order can flip near-ties between processes (runs, workers, Spark executors)
    for v, words in enumerate(B.unit_words):
        ordered = sorted(words)
        wt_b.append(sum(idf(w) for w in ordered))
        for w in ordered:
            index.setdefault(w, []).append(v)
    out = []
    for u, words in enumerate(A.unit_words):
        if len(words) < UNIT_MIN_WORDS:
            continue
        score: dict[int, float] = {}
        count: dict[int, int] = {}
        words = sorted(words)
        for w in words:
            for v in index.get(w, ()):
                score[v] = score.get(v, 0.0) + idf(w)
                count[v] = count.get(v, 0) + 1
        if not score:
            continue
        wa = sum(idf(w) for w in words)
        best_v, best_s = -1, 0.0
        for v, s in score.items():
            if count[v] < UNIT_MIN_WORDS or len(B.unit_words[v]) < UNIT_MIN_WORDS:
                continue
            c = s / min(wa, wt_b[v])
            if c > best_s or (c == best_s and v < best_v):
                best_v, best_s = v, c
        if best_v >= 0 and best_s >= UNIT_CONTAINMENT:
            out.append((u, best_v))
    return out


def union_length(spans: list[tuple[int, int]]) -> int:
    """Characters covered by a set of [start, end) spans, overlaps counted once."""
    total, cur_s, cur_e = 0, -1, -1
    for s, e in sorted(spans):
        if s > cur_e:
            total += max(0, cur_e - cur_s)
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    return total + max(0, cur_e - cur_s)


def align(A: Prepared, B: Prepared, vocabulary: Vocabulary = NO_VOCABULARY) -> Aligned:
    ta, tb = A.tokens, B.tokens
    passages: list[Passage] = []
    for a0, a1, b0, b1 in _exact_runs(ta.words, tb.words):
        passages.append(Passage(int(ta.starts[a0]), int(ta.ends[a1 - 1]),
                                int(tb.starts[b0]), int(tb.ends[b1 - 1]), True, a1 - a0))
    exact_a = union_length([(p.a_start, p.a_end) for p in passages])
    exact_b = union_length([(p.b_start, p.b_end) for p in passages])
    units_a, units_b = set(), set()
    for u, v in _unit_matches(A, B, vocabulary):
        (a0, a1), (b0, b1) = ta.units[u], tb.units[v]
        units_a.add(u)
        units_b.add(v)
        passages.append(Passage(int(ta.starts[a0]), int(ta.ends[a1 - 1]),
                                int(tb.starts[b0]), int(tb.ends[b1 - 1]), False, a1 - a0))
    all_a = union_length([(p.a_start, p.a_end) for p in passages])
    all_b = union_length([(p.b_start, p.b_end) for p in passages])
    ca, cb = max(A.chars, 1), max(B.chars, 1)
    exact = [p.tokens for p in passages if p.exact]
    passages.sort(key=lambda p: (p.a_start, p.a_end, p.b_start, not p.exact))
    return Aligned(
        passages=passages,
        exact_cov=(min(1.0, exact_a / ca), min(1.0, exact_b / cb)),
        cov=(min(1.0, all_a / ca), min(1.0, all_b / cb)),
        longest=max(exact, default=0),
        n_exact=len(exact),
        unit_share=(len(units_a) / max(1, len(ta.units)), len(units_b) / max(1, len(tb.units))),
    )


def tfidf_cosine(A: Prepared, B: Prepared) -> float:
    a, b = (A.weights, B.weights) if len(A.weights) <= len(B.weights) else (B.weights, A.weights)
    return float(sum(v * b.get(w, 0.0) for w, v in a.items()))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if (a or b) else 0.0


def as_array(al: Aligned) -> np.ndarray:  # pragma: no cover - debugging aid
    return np.array([*al.exact_cov, *al.cov, al.longest, al.n_exact, *al.unit_share])
