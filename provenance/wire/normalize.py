"""Text normalised for matching: tokens with character offsets, sentence units, content words.

Copies of one wire story differ in house style more than in words: curly vs straight quotes and
apostrophes, dashes, "U.S." vs "US", "15 percent" vs "15%", case, whitespace. Matching therefore
runs on *normalised tokens* while every token keeps its character span in the original text, so
that the passages we report point into the text the user sees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import xxhash

from ..lexicon.stopwords import STOPWORDS

# acronyms with dots (U.S., e.g.) | numbers (1,200.5 / 15%) | words with inner apostrophes
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*%?|\w+(?:['’ʼ]\w+)*")
_PERCENT = frozenset({"percent", "per", "pct"})
# a sentence ends at . ! ? (optionally followed by a closing quote) before whitespace, or at a line end
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*(?=\s)|\n")
# a dot that ends "U.S.", "Mr.", "Ms.", "Dr.", "St.", "Mrs." or an initial ("J.") ends no sentence
_ABBREVIATION = re.compile(r"(?:[A-Z]\.[A-Z]|\b(?:Mrs?|Ms|Dr|St)|\b[A-Z])\.$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


@dataclass(slots=True)
class Tokens:
    """The normalised tokens of one text and where they came from."""

    words: list[str]               # normalised tokens
    starts: np.ndarray             # char start of each token in the original text
    ends: np.ndarray               # char end of each token
    units: list[tuple[int, int]]   # sentence units as token ranges [i, j)
    content: np.ndarray            # bool: token is a content word (not a stopword, not 1 char)

    def __len__(self) -> int:
        return len(self.words)


def _norm_token(tok: str) -> str:
    tok = tok.translate(_APOSTROPHES).lower()
    if "." in tok and not tok[0].isdigit():   # U.S. -> us
        tok = tok.replace(".", "")
    return tok


def tokenize(text: str) -> Tokens:
    """Tokens of ``text`` with spans; "15 percent" / "15 per cent" become one token "15%".

    The common case runs as list comprehensions; the rare normalisations (curly apostrophes,
    dotted acronyms, percent words) only touch texts that contain them."""
    spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = [t.lower() for t, _, _ in spans]
    starts = [a for _, a, _ in spans]
    ends = [b for _, _, b in spans]
    if "’" in text or "ʼ" in text:
        words = [w.translate(_APOSTROPHES) for w in words]
    if "." in text:
        words = [w.replace(".", "") if "." in w and not w[0].isdigit() else w for w in words]
    if not _PERCENT.isdisjoint(words):
        words, starts, ends = _merge_percent(words, starts, ends)
    st = np.asarray(starts, dtype=np.int64)
    en = np.asarray(ends, dtype=np.int64)
    content = np.array([(len(w) > 1 or w.isdigit()) and w not in STOPWORDS for w in words], dtype=bool)
    return Tokens(words, st, en, _units(text, st), content)


def _merge_percent(words, starts, ends):
    out_w: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    skip_cent = False
    for w, a, b in zip(words, starts, ends):
        if skip_cent:
            skip_cent = False
            if w == "cent":
                out_e[-1] = b
                continue
        if w in _PERCENT and out_w and out_w[-1][-1].isdigit():
            out_w[-1] += "%"
            out_e[-1] = b
            skip_cent = w == "per"
            continue
        out_w.append(w)
        out_s.append(a)
        out_e.append(b)
    return out_w, out_s, out_e


def _sentence_cuts(text: str) -> list[int]:
    """Character offsets where a sentence ends (not after "U.S.", "Mr.", initials)."""
    cuts = []
    for m in _SENTENCE_END.finditer(text):
        s = m.start()
        if text[s] == "." and _ABBREVIATION.search(text, max(0, s - 4), s + 1):
            continue
        cuts.append(m.end())
    return cuts


def _units(text: str, starts: np.ndarray) -> list[tuple[int, int]]:
    """Sentence units as token ranges: tokens are cut at sentence ends and line breaks."""
    if not len(starts):
        return []
    cuts = _sentence_cuts(text)
    idx = np.searchsorted(starts, np.asarray(cuts, dtype=np.int64)) if cuts else np.array([], int)
    bounds = sorted(set(int(i) for i in idx if 0 < i < len(starts)))
    edges = [0, *bounds, len(starts)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


def token_hashes(words: list[str]) -> np.ndarray:
    """Stable 64-bit hashes of tokens (xxh3: the same on every machine and process)."""
    h = xxhash.xxh3_64_intdigest
    return np.fromiter((h(w.encode("utf-8", "surrogatepass")) for w in words),
                       dtype=np.uint64, count=len(words))


_NUMBER = re.compile(r"^\d")


def numbers(tokens: Tokens) -> set[str]:
    """Numbers of a text (after normalisation: "15%" and "15 percent" are one)."""
    return {w for w in tokens.words if _NUMBER.match(w) and not (len(w) == 4 and w.startswith(("19", "20")))}


def names(text: str, tokens: Tokens) -> set[str]:
    """Capitalised words that do not start a sentence: people, places, organisations."""
    out = set()
    unit_starts = {a for a, _ in tokens.units}
    for i, w in enumerate(tokens.words):
        if i in unit_starts or not tokens.content[i]:
            continue
        c = text[tokens.starts[i]]
        if c.isupper():
            out.add(w)
    return out


_QUOTE = re.compile(r"[\"“”«»„]([^\"“”«»„]{12,600}?)[\"“”«»]")


def quotations(text: str) -> list[str]:
    """Direct quotations of four words or more, normalised to space-joined tokens."""
    out = []
    for m in _QUOTE.finditer(text):
        toks = [_norm_token(t) for t in _TOKEN.findall(m.group(1))]
        if len(toks) >= 4:
            out.append(" ".join(toks))
    return out
