"""Text normalised for matching, in any script: tokens with character offsets, sentence units,
content words, names.

Copies of one wire story differ in house style more than in words: curly vs straight quotes and
apostrophes, dashes, "U.S." vs "US", "15 percent" vs "15%", case, whitespace, Latin vs native
digits (``2024`` / ``۲۰۲۴`` / ``२०२४``), Arabic vs Persian letter forms (ي/ی, ك/ک), vowel marks
and tatweel, the Devanagari nukta. Matching therefore runs on *normalised tokens* while every
token keeps its character span in the original text, so that the passages we report point into
the text the user sees.

Tokens: words are runs of letters, digits and combining marks (`lexicon.scripts.WORD`: a
Devanagari vowel sign does not split its word); in scripts written without spaces (Han, kana,
Thai…) every character is a token, so shingles there are character bigrams. Content words are
the tokens that are neither function words of the document's language (its frequent
stopwords-iso words, `lexicon.stopwords.function_words`) nor frequent in the corpus (`vocabulary.Vocabulary`: a corpus in a language without a list, or of random
words, calibrates itself).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import xxhash

from ..lexicon.scripts import MARKS, SENTENCE_END_CHARS, SPACELESS_RE, ascii_digits
from ..lexicon.stopwords import EMPTY as NO_STOPWORDS
from .vocabulary import EMPTY as NO_VOCABULARY, Vocabulary

_W = rf"[\w{MARKS}]"
# acronyms with dots (U.S., e.g.) | numbers (1,200.5 / 15%) | words with inner apostrophes
_TOKEN = re.compile(rf"(?:[^\W\d_]\.){{2,}}|\d+(?:[.,]\d+)*%?|{_W}+(?:['’ʼ]{_W}+)*")
_PERCENT = frozenset({"percent", "per", "pct"})
# a sentence ends at a full stop of any script (optionally followed by a closing quote) before
# whitespace, at a self-terminating full stop (。), or at a line end
_SENTENCE_END = re.compile(rf"[{re.escape(SENTENCE_END_CHARS)}][\"'”’»)」』]*(?=\s)|[。！？]|\n")
# a dot that ends "U.S.", "Mr.", "Ms.", "Dr.", "St.", "Mrs." or an initial ("J.") ends no sentence
_ABBREVIATION = re.compile(r"(?:[A-Z]\.[A-Z]|\b(?:Mrs?|Ms|Dr|St)|\b[A-Z])\.$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
#: Letter forms written differently by different houses, made one for matching: Arabic and
#: Persian yeh and kaf, alef with hamza or madda, teh marbuta; the nukta; vowel marks and
#: tatweel of Arabic script dropped.
_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه",
                        "\u093c": None, "\u0640": None,
                        **{chr(c): None for c in range(0x064B, 0x0660)}, "\u0670": None})
_NEEDS_FORMS = re.compile("[يىكأإآٱة\u093c\u0640\u064b-\u065f\u0670]")


@dataclass(slots=True)
class Tokens:
    """The normalised tokens of one text and where they came from."""

    words: list[str]               # normalised tokens
    starts: np.ndarray             # char start of each token in the original text
    ends: np.ndarray               # char end of each token
    units: list[tuple[int, int]]   # sentence units as token ranges [i, j)
    content: np.ndarray            # bool: a content word (see the module docstring)

    def __len__(self) -> int:
        return len(self.words)


def _split_spaceless(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Tokens with characters of a spaceless script split into one token per such character
    (the other characters of the token stay together)."""
    out = []
    for t, a, b in spans:
        if not SPACELESS_RE.search(t):
            out.append((t, a, b))
            continue
        run = a
        for k, ch in enumerate(t):
            if SPACELESS_RE.match(ch):
                if a + k > run:
                    out.append((t[run - a:k], run, a + k))
                out.append((ch, a + k, a + k + 1))
                run = a + k + 1
        if run < b:
            out.append((t[run - a:], run, b))
    return out


def tokenize(text: str, stopwords: frozenset = NO_STOPWORDS, vocabulary: Vocabulary = NO_VOCABULARY) -> Tokens:
    """Tokens of ``text`` with spans; "15 percent" / "15 per cent" become one token "15%".
    Content words: tokens of two characters or more (or numbers, or characters of a spaceless
    script) that are not in ``stopwords`` (the document language's) and not frequent in the
    ``vocabulary`` (the corpus's).

    The common case runs as list comprehensions; the rare normalisations (curly apostrophes,
    dotted acronyms, percent words, other scripts' letter forms and digits) only touch texts
    that contain them."""
    spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    ascii_text = text.isascii()
    if not ascii_text and SPACELESS_RE.search(text):
        spans = _split_spaceless(spans)
    words = [t.lower() for t, _, _ in spans]
    starts = [a for _, a, _ in spans]
    ends = [b for _, _, b in spans]
    if not ascii_text:
        if "’" in text or "ʼ" in text:
            words = [w.translate(_APOSTROPHES) for w in words]
        if _NEEDS_FORMS.search(text):
            words = [w.translate(_FORMS) or w for w in words]
        words = [ascii_digits(w) for w in words]
    if "." in text:
        words = [w.replace(".", "") if "." in w and not w[0].isdigit() else w for w in words]
    if not _PERCENT.isdisjoint(words):
        words, starts, ends = _merge_percent(words, starts, ends)
    st = np.asarray(starts, dtype=np.int64)
    en = np.asarray(ends, dtype=np.int64)
    content = np.array([is_content(w, stopwords, vocabulary) for w in words], dtype=bool)
    return Tokens(words, st, en, _units(text, st), content)


def is_content(word: str, stopwords: frozenset, vocabulary: Vocabulary) -> bool:
    """Whether a normalised token is a content word (see `tokenize`)."""
    if len(word) < 2 and not (word.isdigit() or SPACELESS_RE.match(word)):
        return False
    return word not in stopwords and not vocabulary.frequent(word)


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
    """Numbers of a text (after normalisation: "15%" and "15 percent" are one, ۲۰ and 20 too)."""
    return {w for w in tokens.words if _NUMBER.match(w) and not (len(w) == 4 and w.startswith(("19", "20")))}


def names(text: str, tokens: Tokens, vocabulary: Vocabulary = NO_VOCABULARY) -> set[str]:
    """People, places, organisations, in any script: capitalised content words that do not start
    a sentence; and, in scripts without case, content words that are rare in the corpus (found
    in at least two documents and few: see `vocabulary`), for lack of capitals."""
    out = set()
    unit_starts = {a for a, _ in tokens.units}
    for i, w in enumerate(tokens.words):
        if not tokens.content[i]:
            continue
        c = text[tokens.starts[i]]
        if c.isupper():
            if i not in unit_starts:
                out.add(w)
        elif not c.islower() and c.isalpha() and vocabulary.rare(w):
            out.add(w)
    return out


_QUOTE = re.compile(r"[\"“”«»„「『]([^\"“”«»„「」『』]{12,600}?)[\"“”«»」』]")


def quotations(text: str) -> list[str]:
    """Direct quotations of four words or more, normalised to space-joined tokens."""
    out = []
    for m in _QUOTE.finditer(text):
        toks = tokenize(m.group(1)).words
        if len(toks) >= 4:
            out.append(" ".join(toks))
    return out
