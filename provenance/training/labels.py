"""Block labels derived from a page's gold main text.

The gold is text, not blocks, so each block's label comes from an in-order alignment of the
page's tokens with the gold's tokens (an LCS alignment, rapidfuzz's Indel opcodes over token
lists, C++ and bit-parallel). A token counts as matched only inside an aligned run of at
least three tokens (or the whole block, for blocks shorter than that), so stray common words
of a menu do not get matched into gaps of the gold. A block is body when at least half its
tokens are matched. In-order alignment beats bag-of-n-gram overlap here: a share label or
a heading repeated in the navigation is matched once, where the gold has it. Double-decoded
UTF-8 in a gold is repaired as the segmenter repairs the page's blocks.
"""
from __future__ import annotations

import re

import numpy as np
from rapidfuzz.distance import Indel

from ..document import Document
from ..segment.mojibake import repair

TOKEN = re.compile(r"\w+", re.UNICODE)
MIN_RUN = 3
BODY_SHARE = 0.5


def block_match_shares(doc: Document, gold: str) -> np.ndarray:
    """Share of each block's tokens aligned to the gold, in order."""
    toks: list[str] = []
    owner: list[int] = []
    sizes = []
    for i, b in enumerate(doc.blocks):
        t = [w.lower() for w in TOKEN.findall(b.text)]
        toks += t
        owner += [i] * len(t)
        sizes.append(len(t))
    # the segmenter repairs double-decoded UTF-8 (segment.mojibake); golds copied from such pages
    # carry it ("Ã©"), so the gold is repaired the same way before the tokens are aligned
    gold_toks = [w.lower() for w in TOKEN.findall(repair(gold or ""))]
    matched = np.zeros(len(doc.blocks), dtype=np.float64)
    if not toks or not gold_toks:
        return matched
    owner_arr = np.asarray(owner)
    for op in Indel.opcodes(toks, gold_toks):
        if op.tag != "equal":
            continue
        s, e = op.src_start, op.src_end
        # runs inside one short block count whole; otherwise need MIN_RUN tokens
        blocks_in_run = owner_arr[s:e]
        if e - s >= MIN_RUN:
            np.add.at(matched, blocks_in_run, 1.0)
        else:
            for bi in np.unique(blocks_in_run):
                if sizes[bi] <= e - s:
                    matched[bi] += np.count_nonzero(blocks_in_run == bi)
    return matched / np.maximum(sizes, 1)


def block_labels(doc: Document, gold: str) -> np.ndarray:
    return (block_match_shares(doc, gold) >= BODY_SHARE).astype(np.int8)
