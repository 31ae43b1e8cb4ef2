"""Shallow text statistics of a block (Kohlschütter et al. 2010 and friends), and scripts.

Everything here is computed with C-level string/regex/numpy operations, because Python
feature extraction, not parsing, is what makes a block classifier slow.
"""
from __future__ import annotations

import re

import numpy as np

from ..compiled import verified
from ..lexicon.scripts import (MARK_RANGES, SELF_TERMINATING, SENTENCE_END_CHARS, SPACELESS,
                               SPACELESS_CHARS_PER_WORD, TERMINAL, WORD)
from ..lexicon.stopwords import EMPTY, common_stopwords

SEPARATORS = re.compile(r"[|•·»›/]| - ")


# Unicode script ranges → small ids (0 = not a letter of a tracked script).
_SCRIPT_RANGES = [
    (0x0041, 0x024F, 1),   # Latin
    (0x0370, 0x03FF, 2),   # Greek
    (0x0400, 0x052F, 3),   # Cyrillic
    (0x0590, 0x05FF, 4),   # Hebrew
    (0x0600, 0x06FF, 5), (0x0750, 0x077F, 5),  # Arabic
    (0x0900, 0x097F, 6),   # Devanagari
    (0x0980, 0x09FF, 7),   # Bengali
    (0x0A00, 0x0DFF, 8),   # other Indic
    (0x0E00, 0x0E7F, 9),   # Thai
    (0x1100, 0x11FF, 10), (0x3130, 0x318F, 10), (0xAC00, 0xD7AF, 10),  # Hangul
    (0x1E00, 0x1EFF, 1),   # Latin extended additional
    (0x3040, 0x30FF, 11), (0x3400, 0x4DBF, 11), (0x4E00, 0x9FFF, 11),  # Kana + CJK
    (0xFB50, 0xFDFF, 5), (0xFE70, 0xFEFF, 5),
    (0x0E80, 0x0EFF, 12),  # Lao
    (0x1000, 0x109F, 13),  # Myanmar
    (0x1780, 0x17FF, 14),  # Khmer
    (0x0F00, 0x0FFF, 15),  # Tibetan
    (0x0530, 0x058F, 16),  # Armenian
    (0x10A0, 0x10FF, 17),  # Georgian
    (0x1200, 0x139F, 18),  # Ethiopic
    (0xF900, 0xFAFF, 11),  # CJK compatibility ideographs
]
N_SCRIPTS = 19
#: The tracked scripts without upper and lower case (all but Latin, Greek, Cyrillic, Armenian).
CASELESS_SCRIPTS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18]
#: The tracked scripts written without spaces between words (see lexicon.scripts.SPACELESS).
SPACELESS_SCRIPTS = sorted({sid for lo, hi, sid in _SCRIPT_RANGES if any(a <= lo and hi <= b for a, b in SPACELESS)})
_bounds, _ids = [], []
for lo, hi, sid in sorted(_SCRIPT_RANGES):
    _bounds += [lo, hi + 1]
    _ids += [sid, 0]
_BOUNDS = np.array(_bounds, dtype=np.uint32)
_IDS = np.array([0] + _ids, dtype=np.int64)
_ASCII_SCRIPT = np.zeros(128, dtype=np.int64)
for _c in range(128):
    if chr(_c).isalpha():
        _ASCII_SCRIPT[_c] = 1


_CLASS_TABLE: np.ndarray | None = None
LETTER_BIT, UPPER_BIT, DIGIT_BIT, PUNCT_BIT, SPACE_BIT, TERM_BIT, SEP_BIT, SELF_TERM_BIT = 1, 2, 4, 8, 16, 32, 64, 128


def _class_table() -> np.ndarray:
    """Character class bits for every code point of the Basic Multilingual Plane (built once).
    Combining marks are letters (a vowel sign is part of its word); a sentence-end character
    ends a sentence before white space or at the end, and a self-terminating one (``。``)
    anywhere."""
    global _CLASS_TABLE
    if _CLASS_TABLE is None:
        table = np.zeros(0x10000, dtype=np.uint8)
        for cp in range(0x10000):
            c = chr(cp)
            if c.isalpha():
                table[cp] = LETTER_BIT | (UPPER_BIT if c.isupper() else 0)
            elif c.isdigit():
                table[cp] = DIGIT_BIT
            elif c.isspace():
                table[cp] = SPACE_BIT
            elif c != "_" and not 0xD800 <= cp < 0xE000 and cp >= 0x20:
                table[cp] = PUNCT_BIT
        for a, b in MARK_RANGES:
            if a <= 0xFFFF:
                table[a:min(b, 0xFFFF) + 1] = LETTER_BIT
        for c in SENTENCE_END_CHARS:
            table[ord(c)] |= TERM_BIT
        for c in SELF_TERMINATING:
            table[ord(c)] |= SELF_TERM_BIT
        for c in "|•·»›/":          # the one-character SEPARATORS
            table[ord(c)] |= SEP_BIT
        _CLASS_TABLE = table
    return _CLASS_TABLE


def text_stats(texts: list[str]) -> dict[str, np.ndarray]:
    """Per-text counts, vectorised over one page: chars, words, word_chars, letters, uppers,
    digits, puncts, sentences, separators (matches of SEPARATORS), and letters per tracked
    script (key "scripts", n x N_SCRIPTS). Code points outside the BMP count as letters of no
    tracked script."""
    n = len(texts)
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    out = {k: np.zeros(n) for k in ("words", "word_chars", "letters", "uppers", "digits",
                                    "puncts", "sentences", "separators")}
    out["chars"] = lens.astype(np.float64)
    out["scripts"] = np.zeros((n, N_SCRIPTS), dtype=np.int64)
    total = int(lens.sum())
    if total == 0:
        return out
    cps = np.frombuffer("".join(texts).encode("utf-32-le", errors="replace"), dtype=np.uint32)
    owner = np.repeat(np.arange(n), lens)
    cls = _class_table()[np.minimum(cps, 0xFFFF)]
    cls = np.where(cps > 0xFFFF, LETTER_BIT, cls)
    word = (cls & (LETTER_BIT | DIGIT_BIT)) > 0
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    prev = np.concatenate([[False], word[:-1]])
    prev[starts[lens > 0]] = False
    nxt_space = np.concatenate([(cls[1:] & SPACE_BIT) > 0, [True]])
    ends = np.cumsum(lens)[lens > 0] - 1
    nxt_space[ends] = True

    # all per-text counts at once: one int32 column per mask, summed over each text's rows
    ends_sentence = (cls & TERM_BIT).astype(bool) & (nxt_space | (cls & SELF_TERM_BIT).astype(bool))
    masks = np.column_stack([word & ~prev, word, cls & LETTER_BIT, cls & UPPER_BIT, cls & DIGIT_BIT,
                             cls & PUNCT_BIT, ends_sentence, cls & SEP_BIT])
    sums = np.zeros((n, masks.shape[1]), dtype=np.int64)
    nonempty = lens > 0
    sums[nonempty] = np.add.reduceat((masks != 0).astype(np.int32), starts[nonempty], axis=0)
    for j, key in enumerate(("words", "word_chars", "letters", "uppers", "digits", "puncts",
                             "sentences", "separators")):
        out[key] = sums[:, j].astype(np.float64)
    # SEPARATORS also matches " - ": its matches never overlap the one-character ones
    out["separators"] += np.fromiter((t.count(" - ") for t in texts), dtype=np.float64, count=n)
    sid = np.where(cps < 128, _ASCII_SCRIPT[np.minimum(cps, 127)],
                   _IDS[np.searchsorted(_BOUNDS, cps, side="right")])
    sc = np.bincount(owner * N_SCRIPTS + sid, minlength=n * N_SCRIPTS).reshape(n, N_SCRIPTS)
    sc[:, 0] = 0
    out["scripts"] = sc
    return out


def script_counts(texts: list[str]) -> np.ndarray:
    """Letters of each tracked script in each text: array (len(texts), N_SCRIPTS)."""
    if BLOCK_STATS.get() is not None:           # the compiled pass, without the stopwords
        return block_stats_c(texts, stop_limit=0)[1]
    return text_stats(texts)["scripts"]


def stopword_density(text: str, limit: int = 600, stopwords: frozenset = EMPTY) -> float:
    """Share of the words (of the first `limit` characters) that are function words."""
    words = WORD.findall(text[:limit].lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in stopwords) / len(words)


_BEYOND_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")


def dominant_script(text: str) -> int:
    """The tracked script most letters of `text` are in (0 when it has no letters)."""
    if text.isascii():
        return 1 if any(c.isalpha() for c in text[:200]) else 0
    if not _BEYOND_LATIN.search(text):
        # Latin only, the common case, decided without numpy; as in `text_stats`, any
        # character of the Latin blocks counts, and an ASCII one only when it is a letter
        return 1 if any(c.isalpha() or c >= "\x80" for c in text if not "\u2000" <= c <= "\u214f") else 0
    sc = script_counts([text])[0]
    return int(sc.argmax()) if sc.any() else 0


def dominant_scripts(texts: list[str]) -> list[int]:
    """`dominant_script` of every text, from one `script_counts` call (for many short texts)."""
    if not texts:
        return []
    sc = script_counts(texts)
    return np.where(sc.any(axis=1), sc.argmax(axis=1), 0).tolist()


_SCRIPT_TABLE: np.ndarray | None = None


def _script_table() -> np.ndarray:
    """Script id of every BMP code point, as `text_stats` assigns them (built once)."""
    global _SCRIPT_TABLE
    if _SCRIPT_TABLE is None:
        cps = np.arange(0x10000, dtype=np.uint32)
        sid = np.where(cps < 128, _ASCII_SCRIPT[np.minimum(cps, 127)],
                       _IDS[np.searchsorted(_BOUNDS, cps, side="right")])
        _SCRIPT_TABLE = sid.astype(np.uint8)
    return _SCRIPT_TABLE


#: Columns of `block_stats`' first array.
STAT_COLUMNS = ("chars", "words", "word_chars", "letters", "uppers", "digits", "puncts",
                "sentences", "separators", "terminal", "stop_density")
_STOP_MAXLEN: dict[int, int] = {}


def _stop_maxlen(stopwords: frozenset) -> int:
    n = _STOP_MAXLEN.get(id(stopwords))
    if n is None:
        n = _STOP_MAXLEN[id(stopwords)] = max(map(len, stopwords), default=0)
    return n


STOP_LIMIT = 600


def block_stats_python(texts: list[str], stopwords: frozenset = EMPTY) -> tuple[np.ndarray, np.ndarray]:
    """`block_stats` from `text_stats`, `TERMINAL` and `stopword_density` (the reference)."""
    ts = text_stats(texts)
    n = len(texts)
    cols = [ts[k] for k in STAT_COLUMNS[:9]]
    cols.append(np.fromiter((t[-1:] in TERMINAL for t in texts), dtype=np.float64, count=n))
    cols.append(np.fromiter((stopword_density(t, STOP_LIMIT, stopwords) for t in texts), dtype=np.float64, count=n))
    return np.column_stack(cols) if n else np.zeros((0, len(STAT_COLUMNS))), ts["scripts"]


def block_stats_c(texts: list[str], stop_limit: int = STOP_LIMIT,
                  stopwords: frozenset = EMPTY) -> tuple[np.ndarray, np.ndarray]:
    """`block_stats` in one compiled pass per text (`_blockstats`); stopwords are counted in
    the first `stop_limit` characters."""
    return BLOCK_STATS.get().block_stats(list(texts), _class_table(), _script_table(), N_SCRIPTS,
                                         stopwords, _stop_maxlen(stopwords), stop_limit)


def configured(module):
    """The compiled module with what lexicon.scripts defines (terminal characters, combining
    marks) set in it; every probe of it calls this first."""
    module.configure("".join(sorted(TERMINAL)), [list(r) for r in MARK_RANGES])
    return module


def _stats_like_reference(module) -> bool:
    """The compiled `block_stats` agrees with the reference on a probe (every character
    class, scripts, astral and surrogate code points, stopwords)."""
    configured(module)
    probe = ["", "The cat sat. On the mat!", "Share | Tweet - Email » next / prev",
             "শেয়ার করুন", "Привет, мир. И всё", "日本語の文章。次", "x_y 12,5 ½ \ud83d\ude00 \ud800?",
             "ΟΔΟΣ και η ΟΔΟΣ.", "İstanbul'da bir gün", "end.\u00a0next", "  - - a - b -  ",
             "किया गया है। और", "日本語です。次の文。", "کیا ہے۔ اور؟", "x\U0001D167y"]
    stopwords = common_stopwords()
    a = module.block_stats(probe, _class_table(), _script_table(), N_SCRIPTS, stopwords,
                           _stop_maxlen(stopwords), STOP_LIMIT)
    b = block_stats_python(probe, stopwords)
    return a[0].shape == b[0].shape and np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def _overlaps_like_reference(module) -> bool:
    """The compiled `word_overlap_counts` agrees with the reference on a probe."""
    configured(module)
    probe = ["Summit opens in Tokyo", "THE summit, the Summit!", "ΟΔΟΣ και İstanbul", "",
             "x" * 400, "Tokyo tokyo TOKYO summit_2025", "किया गया है।"]
    title = WORD.findall("The Tokyo summit opens: ΟΔΟΣ İstanbul summit_2025")
    return all(np.array_equal(module.word_overlap_counts(probe, title, k),
                              word_overlap_counts_python(probe, title, k)) for k in (300, 10))


BLOCK_STATS = verified("boilerplate._blockstats", _stats_like_reference)
WORD_OVERLAP = verified("boilerplate._blockstats", _overlaps_like_reference)


def block_stats(texts: list[str], stopwords: frozenset = EMPTY) -> tuple[np.ndarray, np.ndarray]:
    """texts → (stats (n, len(STAT_COLUMNS)) float64, script letters (n, N_SCRIPTS) int64),
    the stopword density against ``stopwords`` (the page language's); compiled when
    `_blockstats` is built and verified."""
    if BLOCK_STATS.get() is not None:
        return block_stats_c(texts, STOP_LIMIT, stopwords)
    return block_stats_python(texts, stopwords)


def spaceless_letters(scripts: np.ndarray) -> np.ndarray:
    """Letters of the scripts written without spaces, per row of `block_stats`' script counts."""
    return scripts[:, SPACELESS_SCRIPTS].sum(axis=1)


def word_counts(stats: np.ndarray, scripts: np.ndarray) -> np.ndarray:
    """Words per block in any script: word starts, plus runs of spaceless scripts counted as
    SPACELESS_CHARS_PER_WORD characters a word (a run already counts one start)."""
    extra = spaceless_letters(scripts) / SPACELESS_CHARS_PER_WORD
    return np.maximum(stats[:, 1], np.floor(stats[:, 1] + extra))


def language_word_counts(texts: list[str]) -> np.ndarray:
    """Words of every text in any script (`lexicon.scripts.word_count`), int64: str.split's
    count, with runs of spaceless scripts counted by their characters."""
    counts = split_word_counts(texts)
    odd = [i for i, t in enumerate(texts) if not t.isascii()]
    if odd:
        extra = spaceless_letters(script_counts([texts[i] for i in odd])) / SPACELESS_CHARS_PER_WORD
        counts[odd] = np.maximum(counts[odd], np.floor(counts[odd] + extra)).astype(np.int64)
    return counts


def words_from_scripts(split_counts: np.ndarray, scripts: np.ndarray) -> np.ndarray:
    """`language_word_counts` of texts from their str.split counts (`split_word_counts`) and
    their `block_stats` script letters, int64: the same counts (a text without letters of a
    spaceless script gets floor(c + 0.0) = c, as an ASCII one does there), without a second
    pass over the characters when the block statistics are already there."""
    extra = spaceless_letters(scripts) / SPACELESS_CHARS_PER_WORD
    return np.maximum(split_counts, np.floor(split_counts + extra)).astype(np.int64)


def page_block_stats(docs: list) -> list[tuple[np.ndarray, np.ndarray]]:
    """`block_stats` of each Document's blocks against its own language's stopwords
    (`stopwords_for(doc.lang)`), computed once per Document: kept on it as a plain attribute
    (``_stats``: the stopwords, the blocks list it was computed for, stats, scripts) for the
    page-type features, the block features and the block typer, which all read them. Documents
    are counted together, one call per distinct stopword list (a batch is mostly one
    language); each text's statistics are its own, whatever is counted with it."""
    from ..lexicon.stopwords import stopwords_for

    out: list = [None] * len(docs)
    todo: dict = {}
    for k, d in enumerate(docs):
        sw = stopwords_for(d.lang)
        kept = getattr(d, "_stats", None)
        if kept is not None and kept[1] is d.blocks and len(kept[2]) == len(d.blocks) and (kept[0] is sw or kept[0] == sw):
            out[k] = kept[2:]
        else:
            todo.setdefault(id(sw), (sw, []))[1].append(k)
    for sw, ks in todo.values():
        st, sc = block_stats([b.text for k in ks for b in docs[k].blocks], sw)
        s0 = 0
        for k in ks:
            d = docs[k]
            m = len(d.blocks)
            d._stats = (sw, d.blocks, st[s0:s0 + m], sc[s0:s0 + m])
            out[k] = d._stats[2:]
            s0 += m
    return out


def stacked_block_stats(docs: list) -> tuple[np.ndarray, np.ndarray]:
    """`page_block_stats` of the documents, their blocks concatenated in order: (stats, scripts)."""
    stats = page_block_stats(docs)
    if len(stats) == 1:
        return stats[0]
    return np.concatenate([x[0] for x in stats]), np.concatenate([x[1] for x in stats])


def kept_scripts(doc) -> np.ndarray | None:
    """The script letters of a Document's blocks that `page_block_stats` kept on it, or None
    when it kept none for these blocks."""
    kept = getattr(doc, "_stats", None)
    if kept is not None and kept[1] is doc.blocks and len(kept[3]) == len(doc.blocks):
        return kept[3]
    return None


def split_word_counts(texts: list[str]) -> np.ndarray:
    """len(t.split()) of every text (int64); compiled when `_blockstats` is."""
    if BLOCK_STATS.get() is not None:
        return BLOCK_STATS.get().split_counts(list(texts))
    return np.fromiter((len(t.split()) for t in texts), dtype=np.int64, count=len(texts))


def word_overlap_counts_python(texts: list[str], title_words: list[str], max_chars: int) -> np.ndarray:
    """For every text shorter than `max_chars`: (its distinct lower-cased words, how many of
    them are among the lower-cased `title_words`), as int64 (n, 2); (0, 0) for longer texts.
    (The reference for the compiled one.)"""
    out = np.zeros((len(texts), 2), dtype=np.int64)
    title = set(map(str.lower, title_words))
    for i, text in enumerate(texts):
        if len(text) < max_chars:
            words = set(map(str.lower, WORD.findall(text)))
            out[i] = len(words), len(words & title)
    return out


def word_overlap_counts(texts: list[str], title_words: list[str], max_chars: int) -> np.ndarray:
    """(texts, title words, max_chars) → int64 (n, 2) distinct words and shared words (see
    `word_overlap_counts_python`); compiled when available."""
    module = WORD_OVERLAP.get()
    if module is None:
        return word_overlap_counts_python(texts, title_words, max_chars)
    return module.word_overlap_counts(list(texts), list(title_words), max_chars)
