"""The columns of the block features computed over arrays of a group of pages, each with its
compiled form in `_blockcols` (verified against the reference here, `provenance.compiled`):
the text, position and page columns (`block_columns_python`), the neighbour columns
(`neighbour_columns_python`) and the tag, flag and class/id cue columns of HTML blocks
(`dom_columns_python`); and the shift and window helpers they and the context features use.
`features.BlockFeatures` assembles them with the cue, region and page columns.
"""
from __future__ import annotations

from operator import attrgetter

import numpy as np

from ..compiled import verified
from ..document import Block
from ..lexicon.cues import ATTR_CUE_NAMES
from ..lexicon.flags import ANCESTOR_FLAGS
from ..lexicon.scripts import SPACELESS_CHARS_PER_WORD
from .textstats import CASELESS_SCRIPTS, SPACELESS_SCRIPTS, block_stats, spaceless_letters, word_counts

BLOCK_TAG_VOCAB = ("p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "span",
                   "a", "blockquote", "pre", "dd", "dt", "figcaption", "section", "article",
                   "header", "footer", "nav", "aside", "form", "address", "caption", "summary")
_TAG_INDEX = {t: i for i, t in enumerate(BLOCK_TAG_VOCAB)}
NEIGHBOUR_BASE = ("log_words", "link_density", "text_density", "terminal", "stop_density",
                  "avg_word_len", "upper_ratio")
SHIFTS = (-2, -1, 1, 2)
_FIELD_NAMES = ("text", "link_chars", "tag", "depth", "flags", "near_cues", "far_cues", "ancestors")
_FIELDS = attrgetter(*_FIELD_NAMES)
_TEXT_FIELDS = attrgetter(*_FIELD_NAMES[:2])     # all the model without DOM features reads


def _shift(a: np.ndarray, k: int, fill: float = -1.0, did: np.ndarray | None = None) -> np.ndarray:
    """a[i - k] for every i (the block k places before; k < 0: after), `fill` where that
    falls outside the array or, given document ids `did`, outside the block's document.
    `a` may be a matrix: its rows are shifted."""
    out = np.full_like(a, fill, dtype=np.float64)
    n = len(a)
    if abs(k) >= n:
        return out
    if k > 0:
        out[k:] = a[:-k]
        if did is not None:
            out[k:][did[k:] != did[:-k]] = fill
    elif k < 0:
        out[:k] = a[-k:]
        if did is not None:
            out[:k][did[:k] != did[-k:]] = fill
    return out


def _window_sum(a: np.ndarray, half: int, did: np.ndarray | None = None) -> np.ndarray:
    """Sum of a[i-half : i+half+1] for every i, clipped to the block's document when
    document ids `did` are given (np.convolve's "same" mode breaks on short arrays)."""
    n = len(a)
    c = np.concatenate([[0.0], np.cumsum(a, dtype=np.float64)])
    i = np.arange(n)
    lo, hi = np.maximum(i - half, 0), np.minimum(i + half + 1, n)
    if did is not None and n:
        first = np.searchsorted(did, did, side="left")
        last = np.searchsorted(did, did, side="right")
        lo, hi = np.maximum(lo, first), np.minimum(hi, last)
    return c[hi] - c[lo]


def _bits(values: list[int], nbits: int) -> np.ndarray:
    v = np.asarray(values, dtype=np.int64)[:, None]
    return ((v >> np.arange(nbits)) & 1).astype(np.float32)


def dom_columns_python(blocks: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(link characters, depth, columns) of HTML blocks: the columns are the one-hot tag
    (BLOCK_TAG_VOCAB, then "other"), a zero column the caller fills with log1p(depth), the
    ancestor flag bits and the near and far class/id cue bits, float32. (The reference of
    `_blockcols.dom_columns`.)"""
    n = len(blocks)
    fields = dict(zip(_FIELD_NAMES, zip(*map(_FIELDS, blocks)))) if blocks else dict.fromkeys(_FIELD_NAMES, ())
    other = len(BLOCK_TAG_VOCAB)
    tags = np.zeros((n, other + 1), dtype=np.float32)
    tags[np.arange(n), [_TAG_INDEX.get(t, other) for t in fields["tag"]]] = 1.0
    cols = np.concatenate([tags, np.zeros((n, 1), dtype=np.float32),
                           _bits(list(fields["flags"]), len(ANCESTOR_FLAGS)),
                           _bits(list(fields["near_cues"]), len(ATTR_CUE_NAMES)),
                           _bits(list(fields["far_cues"]), len(ATTR_CUE_NAMES))], axis=1)
    return (np.array(fields["link_chars"], dtype=np.float64), np.array(fields["depth"], dtype=np.float64), cols)


#: Rows of `block_columns_python` that the block features hold as log1p (of chars, words,
#: sentences, repeats, position, position from the end, page words, page blocks, window words).
LOG_ROWS = (0, 1, 8, 13, 16, 17, 22, 23, 25)
#: The rows of the NEIGHBOUR_BASE columns (log_words, link_density, text_density, terminal,
#: stop_density, avg_word_len, upper_ratio), and the neighbour offsets.
_BASE_ROWS = np.array([1, 2, 3, 10, 9, 4, 5], dtype=np.int64)
_SHIFTS = np.array(SHIFTS, dtype=np.int64)
_SPACELESS = np.array(SPACELESS_SCRIPTS, dtype=np.int64)
_CASELESS = np.array(CASELESS_SCRIPTS, dtype=np.int64)


def block_columns_python(st: np.ndarray, sc: np.ndarray, link: np.ndarray, lens: np.ndarray,
                         page_stoplist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first 30 block feature columns, as rows (30, n), and the blocks' word counts, from
    the `block_stats` of the blocks of consecutive pages (`lens` blocks each), their link
    characters and whether each page's language has a stopword list. Rows LOG_ROWS hold the
    values the features take log1p of; rows 11, 13 and 14 (date line, repeats, title overlap)
    are zero, for the caller. (The reference of `_blockcols.block_columns`.)"""
    n = len(st)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    did = np.repeat(np.arange(len(lens)), lens)
    chars, _starts, word_chars, letters, uppers, digits, puncts, sents, seps, term, stop_density = st.T
    words = word_counts(st, sc)
    link_density = link / np.maximum(chars, 1)
    # Kohlschütter's text density: words per 80-column wrapped line
    text_density = words / np.maximum(np.ceil(chars / 80.0), 1)
    avg_wlen = word_chars / np.maximum(words, 1)
    upper_ratio = uppers / np.maximum(letters, 1)
    idx = (np.arange(n) - starts[did]).astype(np.float64)
    nd = lens[did].astype(np.float64)
    doc_words = np.bincount(did, weights=words, minlength=len(lens))
    total_words = np.maximum(doc_words, 1.0)[did]
    cum = np.cumsum(words)
    cum = cum - (cum[starts] - words[starts])[did]          # cumulative within each doc
    page_sc = np.add.reduceat(sc, starts, axis=0)
    dominant = np.where(page_sc.sum(axis=1) > 0, page_sc.argmax(axis=1), 0)[did]
    block_letters = sc.sum(axis=1)
    own = sc.argmax(axis=1)
    foreign = ((block_letters > 0) & (own != dominant)).astype(np.float64)
    page_share = np.where(block_letters > 0, sc[np.arange(n), dominant] / np.maximum(block_letters, 1), 1.0)
    win = _window_sum(words, 3, did)
    page_chars = np.bincount(did, weights=chars, minlength=len(lens))
    page_link = np.bincount(did, weights=link, minlength=len(lens)) / np.maximum(page_chars, 1)
    # the page's writing: scripts without spaces or without case, and whether its language
    # has a stopword list (else stop_density says nothing)
    page_letters = np.maximum(page_sc.sum(axis=1), 1)
    zero = np.zeros(n)
    rows = [chars, words, link_density, text_density, avg_wlen, upper_ratio,
            digits / np.maximum(chars, 1), puncts / np.maximum(chars, 1), sents,
            stop_density, term, zero, seps, zero, zero,
            idx / np.maximum(nd - 1, 1), idx, nd - 1 - idx, (cum - words) / total_words,
            (total_words - cum) / total_words, foreign, page_share,
            total_words, nd, page_link[did], win, words / total_words,
            (spaceless_letters(page_sc) / page_letters)[did],
            (page_sc[:, CASELESS_SCRIPTS].sum(axis=1) / page_letters)[did], page_stoplist[did]]
    return np.array(rows, dtype=np.float64), words


def neighbour_columns_python(rows: np.ndarray, base: np.ndarray, shifts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """(n, len(base) * len(shifts)): row base[f] of the block shifts[s] places before (after,
    when negative) at column f * len(shifts) + s, -1 where that block is outside the page.
    (The reference of `_blockcols.neighbour_columns`.)"""
    did = np.repeat(np.arange(len(lens)), lens)
    stacked = rows[base].T
    return np.stack([_shift(stacked, int(k), -1.0, did) for k in shifts], axis=2).reshape(len(did), -1)


def _columns_like_reference(module) -> bool:
    """The compiled columns equal the references on two probe pages (Latin, CJK and Arabic
    letters, links, a page without words)."""
    texts = [["A headline", "Its first paragraph, of some words. And more.", "Share", "東京で会議が開かれた。",
              "ضغط اقتصادي", "x"], ["", "12:30"]]
    flat = [t for page in texts for t in page]
    st, sc = block_stats(flat, frozenset({"its", "of"}))
    link = np.array([10.0, 0.0, 5.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    lens = np.array([6, 2], dtype=np.int64)
    stop = np.array([1.0, 0.0])
    ref_rows, ref_words = block_columns_python(st, sc, link, lens, stop)
    rows, words = module.block_columns(np.ascontiguousarray(st), np.ascontiguousarray(sc, dtype=np.int64), link,
                                       lens, stop, _SPACELESS, _CASELESS, SPACELESS_CHARS_PER_WORD)
    if not (np.array_equal(rows, ref_rows) and np.array_equal(words, ref_words)):
        return False
    rows[1] = np.log1p(rows[1])
    if not np.array_equal(module.neighbour_columns(rows, _BASE_ROWS, _SHIFTS, lens),
                          neighbour_columns_python(rows, _BASE_ROWS, _SHIFTS, lens)):
        return False
    blocks = [Block(text="t", tag=tag, link_chars=k, depth=k + 2, flags=f, near_cues=c, far_cues=c | 5)
              for tag, k, f, c in (("p", 0, 0, 0), ("h2", 3, 5, 1 << 15), ("custom-el", 1, (1 << 16) - 1, 6), ("", 0, 1 << 20, 0))]
    fast = module.dom_columns(blocks, _TAG_INDEX, len(BLOCK_TAG_VOCAB), len(ANCESTOR_FLAGS), len(ATTR_CUE_NAMES))
    return all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(fast, dom_columns_python(blocks)))


COLUMNS = verified("boilerplate._blockcols", _columns_like_reference)


def block_columns(st: np.ndarray, sc: np.ndarray, link: np.ndarray, lens: np.ndarray,
                  page_stoplist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`block_columns_python`, in C when `_blockcols` is built."""
    module = COLUMNS.get()
    if module is None:
        return block_columns_python(st, sc, link, lens, page_stoplist)
    return module.block_columns(np.ascontiguousarray(st), np.ascontiguousarray(sc, dtype=np.int64), link,
                                np.asarray(lens, dtype=np.int64), page_stoplist, _SPACELESS, _CASELESS,
                                SPACELESS_CHARS_PER_WORD)


def neighbour_columns(rows: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The NEIGHBOUR_BASE rows of `rows` at every offset of SHIFTS (`neighbour_columns_python`),
    in C when `_blockcols` is built."""
    module = COLUMNS.get()
    if module is None:
        return neighbour_columns_python(rows, _BASE_ROWS, _SHIFTS, lens)
    return module.neighbour_columns(rows, _BASE_ROWS, _SHIFTS, np.asarray(lens, dtype=np.int64))


def dom_columns(blocks: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`dom_columns_python`, in C when `_blockcols` is built."""
    module = COLUMNS.get()
    if module is None:
        return dom_columns_python(blocks)
    return module.dom_columns(blocks, _TAG_INDEX, len(BLOCK_TAG_VOCAB), len(ANCESTOR_FLAGS), len(ATTR_CUE_NAMES))
