"""The per-block columns of one page that the page-type features and the card-structure
features read: `block_arrays` (ancestors, sizes, flags, cue bits, tag tests, shape ids),
`repeated_units` (the repeated sibling structure each block sits in) and `page_sums` (the page's
sums and counts over those columns). Each runs in C when `_pagestats` is built and verified
against its Python reference here (`provenance.compiled`), with identical results.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..compiled import verified
from ..document import Block, Document
from ..lexicon.cues import ATTR_CUE_NAMES
from ..lexicon.flags import FLAG_BIT
from ..lexicon.scripts import SELF_TERMINATING, SENTENCE_END_CHARS
from .textstats import language_word_counts

_ATTR = {name: 1 << i for i, name in enumerate(ATTR_CUE_NAMES)}
#: Sentence ends of every script (`lexicon.scripts`) and closing quotes.
_TERMINAL = frozenset(SENTENCE_END_CHARS) | SELF_TERMINATING | frozenset("\"”»")
_ELLIPSIS = ("…", "...", "[…]", "[...]", "(…)", "(...)")

_NO_DIGITS = str.maketrans("", "", "0123456789")
K_ANCESTORS = 4


def block_arrays_python(blocks: list[Block], k: int, no_digits, terminal: frozenset, ellipsis: tuple):
    """Per-block columns of one page: (anc, chars, link, flags, cues, pre, h1, term, ell, sig):
    the first `k` ancestor ids (nearest first, -1 padding), characters, link characters,
    ancestor flags, class/id cue bits (near | far), tag pre, tag h1, ends in a `terminal`
    character, ends in one of `ellipsis`, and the block's shape id (its tag path and class/id
    text with the `no_digits` translation applied, numbered in order of first appearance).
    The reference of `_pagestats.block_arrays`."""
    n = len(blocks)
    anc = np.full((n, k), -1, dtype=np.int64)
    cols = np.zeros((4, n))
    flags = np.zeros(n, dtype=np.int64)
    cues = np.zeros(n, dtype=np.int64)
    bits = np.zeros((4, n), dtype=bool)
    sig = np.zeros(n, dtype=np.int64)
    raw_ids: dict = {}
    sig_ids: dict = {}
    for i, b in enumerate(blocks):
        a = b.ancestors[:k]
        anc[i, :len(a)] = a
        text = b.text
        cols[0, i] = len(text)
        cols[1, i] = b.link_chars
        flags[i] = b.flags
        cues[i] = b.near_cues | b.far_cues
        bits[0, i] = b.tag == "pre"
        bits[1, i] = b.tag == "h1"
        if text:
            bits[2, i] = text[-1] in terminal
            bits[3, i] = text.endswith(ellipsis)
        key = (b.path, b.attrs)
        known = raw_ids.get(key)
        if known is None:
            known = raw_ids[key] = sig_ids.setdefault((key[0], key[1].translate(no_digits)), len(sig_ids))
        sig[i] = known
    return anc, cols[0], cols[1], flags, cues, bits[0], bits[1], bits[2], bits[3], sig


def _arrays_like_reference(module) -> bool:
    blocks = [Block(text="A headline…", ancestors=(9, 8, 3, 2, 1), link_chars=11, flags=5, near_cues=2,
                    far_cues=8, tag="h3", path="div>h3>a", attrs="card post-12"),
              Block(text="Text.", ancestors=(4,), tag="pre", path="pre", attrs=""),
              Block(text="", tag="h1", attrs="s1 \u0663 22"), Block(text="x y", ancestors=(7, 3), path="div>h3>a", attrs="card post-13")]
    args = (blocks, K_ANCESTORS, _NO_DIGITS, _TERMINAL, _ELLIPSIS)
    fast, ref = module.block_arrays(*args), block_arrays_python(*args)
    return all(a.dtype == b.dtype and np.array_equal(a, b) for a, b in zip(fast, ref))


PAGE_STATS = verified("boilerplate._pagestats", _arrays_like_reference)


def block_arrays(blocks: list[Block]):
    """`block_arrays_python` of a page's blocks (in C when `_pagestats` is built)."""
    module = PAGE_STATS.get()
    fn = module.block_arrays if module is not None else block_arrays_python
    return fn(blocks, K_ANCESTORS, _NO_DIGITS, _TERMINAL, _ELLIPSIS)


def repeated_units(blocks: list[Block], words: np.ndarray, arrays=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`repeated_units_python`, in C when `_pagestats` is built (the same arrays: its sums
    are of integer word counts, exact in any order)."""
    module = UNITS.get()
    if module is None or len(blocks) < 3:
        return repeated_units_python(blocks, words, arrays)
    anc, chars, link, _, _, _, _, _, _, sig = block_arrays(blocks) if arrays is None else arrays
    words = np.ascontiguousarray(words, dtype=np.float64)
    return module.repeated_units(anc, chars, link, sig, words, max(float(words.sum()), 1.0))


def repeated_units_python(blocks: list[Block], words: np.ndarray, arrays=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every block of one page, the repeated sibling structure it belongs to: (units,
    share, link_units) arrays.

    A *unit* is an enclosing element (one of the block's three nearest ancestors but its own
    element) that holds a link-dominated block (a linked headline); the units of a block are
    the siblings of its unit, under the same parent, that hold a block of the same shape (the
    same tag path and class/id text, digits ignored: cards are ``post-123``, ``post-124``) and a
    linked headline. ``units``: how many there are (the largest over the three levels; 0 when
    the block is in no such structure); ``share``: their share of the page's words;
    ``link_units``: the share of the sibling containers of that shape that hold a linked
    headline (1.0 for a card list, low for paragraphs). An article's paragraphs are units of
    no card list (their own elements are excluded and they hold no headline link); the cards
    of a "more from this site" box, a listing page's entries and a menu's items are.
    ``arrays``: the page's `block_arrays`, when already computed. (Cached on the Document by
    `units_of`.)"""
    n = len(blocks)
    units = np.zeros(n)
    share = np.zeros(n)
    link_units = np.zeros(n)
    if n < 3:
        return units, share, link_units
    anc, chars, link, _, _, _, _, _, _, sig = block_arrays(blocks) if arrays is None else arrays
    size = int(anc.max()) + 2
    col = np.where(anc >= 0, anc, size - 1)            # -1 goes to a dummy container
    held = np.bincount(col.ravel(), weights=np.repeat(words, K_ANCESTORS), minlength=size)
    held[size - 1] = 0.0
    linky = (words >= 2) & (link >= 0.6 * chars)
    linked = np.zeros(size, dtype=bool)
    linked[col[linky].ravel()] = True
    linked[size - 1] = False
    total = max(float(words.sum()), 1.0)
    # every (block, level j) with a parent at level j: key (shape, parent, j), unit its child
    rows, keys, unit = [], [], []
    for j in range(1, K_ANCESTORS):
        r = np.flatnonzero(anc[:, j] >= 0)
        rows.append(r)
        keys.append((sig[r] * size + anc[r, j]) * K_ANCESTORS + j)
        unit.append(anc[r, j - 1])
    lvl = np.concatenate([np.full(len(r), j, dtype=np.int64) for j, r in enumerate(rows)])
    rows, keys, unit = np.concatenate(rows), np.concatenate(keys), np.concatenate(unit)
    if not len(rows):
        return units, share, link_units
    # distinct (key, unit) pairs, then per key: units, units with a link, their words
    pair = np.unique(keys * size + unit)
    pkey, punit = pair // size, pair % size
    kid, inv = np.unique(pkey, return_inverse=True)
    n_units = np.bincount(inv, minlength=len(kid))
    lk = linked[punit]
    n_linked = np.bincount(inv, weights=lk, minlength=len(kid))
    w_linked = np.bincount(inv, weights=np.where(lk, held[punit], 0.0), minlength=len(kid))
    g = np.searchsorted(kid, keys)
    cand = np.zeros((n, K_ANCESTORS - 1))
    group = np.zeros((n, K_ANCESTORS - 1), dtype=np.int64)
    cand[rows, lvl] = np.where(n_units[g] >= 2, n_linked[g], 0.0)
    group[rows, lvl] = g
    # the level with the most linked units (the nearest one on a tie), when it has any
    best = cand.argmax(axis=1)
    top = cand[np.arange(n), best]
    hit = np.flatnonzero(top > 0)
    gb = group[hit, best[hit]]
    units[hit] = top[hit]
    share[hit] = w_linked[gb] / total
    link_units[hit] = n_linked[gb] / n_units[gb]
    return units, share, link_units


def _units_like_reference(module) -> bool:
    """The compiled `repeated_units` gives the reference's arrays on a probe page: a card list
    of three linked headlines with summaries, paragraphs, a menu, and nesting of every depth."""
    cards = [Block(text=t, ancestors=a, link_chars=l, path=p, attrs=c) for t, a, l, p, c in (
        ("Menu one", (2, 1), 8, "ul>li>a", "nav"), ("Menu two", (3, 1), 8, "ul>li>a", "nav"),
        ("A first headline here", (5, 4, 1), 21, "div>h3>a", "card c-1"), ("Its summary, two sentences.", (6, 4, 1), 0, "div>p", "card c-1"),
        ("A second headline", (8, 7, 1), 17, "div>h3>a", "card c-2"), ("Another summary.", (9, 7, 1), 0, "div>p", "card c-2"),
        ("Third headline words", (11, 10, 1), 20, "div>h3>a", "card c-3"), ("x", (12,), 0, "p", ""),
        ("A paragraph of the article, of some words.", (14, 13, 1, 0), 0, "article>p", "body"),
        ("Another paragraph of it, with a link.", (15, 13, 1, 0), 4, "article>p", "body"))]
    words = np.array([float(len(b.text.split())) for b in cards])
    fast = module.repeated_units(*(block_arrays_python(cards, K_ANCESTORS, _NO_DIGITS, _TERMINAL, _ELLIPSIS)[i]
                                   for i in (0, 1, 2, 9)), words, max(float(words.sum()), 1.0))
    return all(np.array_equal(a, b) for a, b in zip(fast, repeated_units_python(cards, words)))


UNITS = verified("boilerplate._pagestats", _units_like_reference)


def units_of(doc: Document, words: Optional[np.ndarray] = None, arrays=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`repeated_units` of a document's blocks (``words``: their `language_word_counts`, computed
    when not given), computed once per Document (the page-type features and the block
    features both read them); kept on the Document as a plain attribute, not a field (it is
    derived from the blocks)."""
    cached = getattr(doc, "_units", None)
    if cached is None or len(cached[0]) != len(doc.blocks):
        if words is None:
            words = language_word_counts([b.text for b in doc.blocks]).astype(np.float64)
        cached = repeated_units(doc.blocks, words, arrays)
        doc._units = cached
    return cached


def page_sums_python(anc, chars, link, flags, cues_bits, pre, is_h1, terminal, ellipsis, words,
                     heading_bit: int, flag_masks: np.ndarray, attr_masks: np.ndarray) -> tuple:
    """The sums and counts `_one_page` reads off a page's `block_arrays` columns and word counts
    (see `_pagestats.page_sums`, its compiled form): (total words, total characters, link
    characters, link-dominated blocks, prose words, most words, headings, linked headings, pre
    blocks, pre words, h1 blocks, short blocks, ellipsis endings, the words of the densest of
    each block's three nearest containers but its own element, words under each of
    `flag_masks` (ancestor flags), words under each of `attr_masks` (class/id cues); headings
    are the blocks with `heading_bit` among their flags). (The reference.)"""
    linky = link >= 0.8 * np.maximum(chars, 1)
    prose = (words >= 25) & terminal & ~linky
    heading = (flags & heading_bit) != 0
    size = int(anc.max()) + 2 if anc.size else 1
    col = np.where(anc[:, 1:] >= 0, anc[:, 1:], size - 1)
    held = np.bincount(col.ravel(), weights=np.repeat(words, K_ANCESTORS - 1), minlength=size)
    held[size - 1] = 0.0
    # word sums of integer word counts: exact in any order
    return (float(words.sum()), float(chars.sum()), float(link.sum()), int(linky.sum()), float(words[prose].sum()),
            float(words.max()), int(heading.sum()), int((heading & linky).sum()), int(pre.sum()),
            float(words[pre].sum()), int(is_h1.sum()), int((chars <= 80).sum()), int(ellipsis.sum()),
            float(held.max()), words @ ((flags[:, None] & flag_masks) != 0),
            words @ ((cues_bits[:, None] & attr_masks) != 0))


def _sums_like_reference(module) -> bool:
    """The compiled `page_sums` gives the reference's sums on a probe page (links, prose,
    headings, pre, h1, ellipses, nested containers, flags and cues)."""
    blocks = [Block(text=t, ancestors=a, link_chars=l, flags=f, near_cues=c, tag=tag) for t, a, l, f, c, tag in (
        ("Home", (2, 1), 4, FLAG_BIT["nav"], _ATTR["nav"], "a"),
        ("A headline of the page", (3, 1), 0, FLAG_BIT["h"], 0, "h1"),
        (" ".join(["word"] * 30) + ".", (5, 4, 1), 0, FLAG_BIT["article"], _ATTR["content"], "p"),
        ("Read the next story…", (7, 6, 1), 20, FLAG_BIT["h"] | FLAG_BIT["aside"], _ATTR["related"], "h3"),
        ("x = 1", (8, 4, 1), 0, FLAG_BIT["article"], 0, "pre"), ("", (9,), 0, 0, 0, "p"))]
    a = block_arrays_python(blocks, K_ANCESTORS, _NO_DIGITS, _TERMINAL, _ELLIPSIS)
    words = np.array([float(len(b.text.split())) for b in blocks])
    masks = (FLAG_BIT["h"], np.array([FLAG_BIT["nav"], FLAG_BIT["article"] | FLAG_BIT["aside"]], dtype=np.int64),
             np.array([_ATTR["nav"], _ATTR["content"], _ATTR["related"]], dtype=np.int64))
    ref = page_sums_python(*a[:9], words, *masks)
    fast = module.page_sums(*a[:9], words, *masks)
    return len(fast) == len(ref) and all(type(x) is type(y) and np.array_equal(x, y) for x, y in zip(fast, ref))


SUMS = verified("boilerplate._pagestats", _sums_like_reference)


def page_sums(anc, chars, link, flags, cues_bits, pre, is_h1, terminal, ellipsis, words, heading_bit: int,
              flag_masks: np.ndarray, attr_masks: np.ndarray) -> tuple:
    """`page_sums_python`, in C when `_pagestats` is built."""
    module = SUMS.get()
    if module is None:
        return page_sums_python(anc, chars, link, flags, cues_bits, pre, is_h1, terminal, ellipsis, words,
                                heading_bit, flag_masks, attr_masks)
    return module.page_sums(anc, chars, link, flags, cues_bits, pre, is_h1, terminal, ellipsis,
                            np.ascontiguousarray(words, dtype=np.float64), heading_bit, flag_masks, attr_masks)


__all__ = ["K_ANCESTORS", "block_arrays", "block_arrays_python", "page_sums", "page_sums_python",
           "repeated_units", "repeated_units_python", "units_of"]
