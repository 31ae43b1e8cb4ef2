"""Block features.

`BlockFeatures` turns a list of Documents into one row per block (documents concatenated in
order): shallow text statistics of the block and its neighbours, position, cue-word counts in
many languages, the block's script against the page's dominant script, and, for HTML, the DOM
(tag, structural ancestors, class/id cue tokens) and region features (how much of the page's
text the block's containers hold, whether it sits in the densest container).

`context_features` is the second pass: given first-pass P(body) of every block, it describes
each block's neighbourhood of scores (body is mostly contiguous), so a second model can fix
isolated mistakes. Both are stateless and deterministic.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain
from operator import methodcaller

import numpy as np

from ..compiled import verified
from ..document import PAGE_TYPES, Document
from ..lexicon.cues import ATTR_CUE_NAMES, TEXT_CUE_NAMES, text_cue_counts_lowered
from ..lexicon.flags import ANCESTOR_FLAGS
from ..lexicon.stopwords import stopwords_for
from ..segment.dates import is_date_line
from .blockcols import (BLOCK_TAG_VOCAB, LOG_ROWS, NEIGHBOUR_BASE, SHIFTS, _shift, _window_sum, block_columns,
                        dom_columns, neighbour_columns)
from .pagestats import units_of
from .textstats import (WORD, configured, split_word_counts, stacked_block_stats, word_overlap_counts,
                        words_from_scripts)

#: Blocks per vectorised group in `BlockFeatures.transform` (see there).
CHUNK_BLOCKS = 2048


def title_overlaps(texts: list[str], title_words: list[str], max_chars: int = 300) -> np.ndarray:
    """For every text shorter than `max_chars`, |words ∩ title| / max(|words|, |title|) over
    the distinct lower-cased words of the text and of `title_words` (0 when either is empty):
    how much a block reads like the page's title."""
    n_title = len(set(map(str.lower, title_words)))
    if not n_title:
        return np.zeros(len(texts))
    counts = word_overlap_counts(texts, title_words, max_chars)
    return np.where(counts[:, 0] > 0, counts[:, 1] / np.maximum(counts[:, 0], n_title), 0.0)


class BlockFeatures:
    """Documents → block feature matrix. ``dom=False`` for plain-text pages.

    A scikit-learn-style transformer (parameters in ``__init__``, stateless ``fit``) that does
    not import scikit-learn: cleaning needs only numpy and the compiled paths."""

    def __init__(self, dom: bool = True):
        self.dom = dom

    def get_params(self, deep: bool = True) -> dict:
        return {"dom": self.dom}

    def fit(self, docs, y=None):
        return self

    def fit_transform(self, docs, y=None) -> np.ndarray:
        return self.transform(docs)

    def get_feature_names_out(self, input_features=None):
        names = ["log_chars", "log_words", "link_density", "text_density", "avg_word_len",
                 "upper_ratio", "digit_ratio", "punct_ratio", "sentences", "stop_density",
                 "terminal", "date_line", "separators", "repeats", "title_overlap",
                 "rel_pos", "log_pos", "log_from_end", "words_before", "words_after",
                 "foreign_script", "page_script_share", "page_log_words", "page_log_blocks",
                 "page_link_density", "win_words", "word_share", "page_spaceless", "page_caseless",
                 "page_stoplist"]
        names += [f"cue_{c}" for c in TEXT_CUE_NAMES]
        names += [f"{f}@{k}" for f in NEIGHBOUR_BASE for k in SHIFTS]
        if self.dom:
            names += [f"tag_{t}" for t in BLOCK_TAG_VOCAB] + ["tag_other", "log_depth"]
            names += [f"in_{t}" for t in ANCESTOR_FLAGS]
            names += [f"near_{c}" for c in ATTR_CUE_NAMES] + [f"far_{c}" for c in ATTR_CUE_NAMES]
            names += ["anc1_share", "anc2_share", "anc3_share", "anc1_link", "anc2_link",
                      "anc3_link", "anc1_blocks", "anc2_blocks", "in_best", "best_share",
                      "best_dist"]
            names += PAGE_COLUMNS
        return np.array(names, dtype=object)

    def transform(self, docs) -> np.ndarray:
        """One row per block of every document, vectorised over groups of documents of about
        CHUNK_BLOCKS blocks: per-block statistics are computed once for all blocks of a
        group, and per-page quantities (position, neighbours, totals, dominant script) use
        the document boundaries. (Groups, not the whole batch: arrays of one character per
        row that outgrow the CPU cache made a 200-page batch slower per page than single
        pages.)"""
        docs = [d for d in docs if d.blocks]
        if not docs:
            return np.zeros((0, len(self.get_feature_names_out())), dtype=np.float32)
        # each group's columns are written straight into the one output matrix (no stacking copy)
        out = np.empty((sum(len(d.blocks) for d in docs), len(self.get_feature_names_out())), dtype=np.float32)
        group, size, row = [], 0, 0
        for d in docs:
            group.append(d)
            size += len(d.blocks)
            if size >= CHUNK_BLOCKS:
                self._transform(group, out[row:row + size])
                group, row, size = [], row + size, 0
        if group:
            self._transform(group, out[row:row + size])
        return out

    def _transform(self, docs, out: np.ndarray) -> None:
        blocks = [b for d in docs for b in d.blocks]
        n = len(blocks)
        lens = np.array([len(d.blocks) for d in docs])
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        texts = [b.text for b in blocks]
        stoplists = [stopwords_for(d.lang) for d in docs]
        st, sc = stacked_block_stats(docs)      # (the page-type features may have counted them)
        chars, digits = st[:, 0], st[:, 5]
        if self.dom:
            link, depth, dom = dom_columns(blocks)
        else:
            link = np.array([b.link_chars for b in blocks], dtype=np.float64)
        page_stoplist = np.array([len(sw) > 0 for sw in stoplists], dtype=np.float64)
        # the text, position and page columns (`blockcols.block_columns_python`), logarithms pending
        rows, words = block_columns(st, sc, link, lens, page_stoplist)
        # how often each block's text recurs in its own document (one Counter per document)
        rows[13] = np.fromiter(chain.from_iterable(
            map(Counter(page).__getitem__, page)
            for page in (texts[s0:s0 + k] for s0, k in zip(starts.tolist(), lens.tolist()))),
            dtype=np.float64, count=n) - 1.0
        for d, s0 in zip(docs, starts):
            title = d.meta.get("og_title") or d.meta.get("html_title")
            if title:
                rows[14, s0:s0 + len(d.blocks)] = title_overlaps(texts[s0:s0 + len(d.blocks)], WORD.findall(title))
        date_line = rows[11]
        for i in np.flatnonzero((chars <= 90) & (digits > 0)).tolist():  # every date has a digit
            date_line[i] = is_date_line(texts[i])
        for r in LOG_ROWS:
            rows[r] = np.log1p(rows[r])
        cues = np.minimum(text_cue_counts_lowered(texts, 2000), 5.0)
        # every base column shifted by every offset: columns f@k, f-major
        neighbours = neighbour_columns(rows, lens)
        mat = [rows.T, cues, neighbours]
        if self.dom:
            dom[:, len(BLOCK_TAG_VOCAB) + 1] = np.log1p(depth)
            mat.append(dom)
            anc = [b.ancestors for b in blocks]
            regions = np.vstack([self._regions(anc[s0:s0 + k], chars[s0:s0 + k], words[s0:s0 + k],
                                               link[s0:s0 + k])
                                 for s0, k in zip(starts.tolist(), lens.tolist())])
            mat.append(regions)
            mat.append(page_columns(docs, texts, regions[:, 8], starts, lens))
        np.concatenate(mat, axis=1, out=out, casting="same_kind")

    @staticmethod
    def _regions(ancestors: tuple, chars: np.ndarray, words: np.ndarray, link: np.ndarray) -> np.ndarray:
        """Region features of one page's blocks (see `_regions_python`), in one compiled pass
        when `_blockstats` is built."""
        module = REGION_COUNTS.get()
        if module is None:
            return BlockFeatures._regions_python(ancestors, chars, words, link)
        region = module.region_counts(list(ancestors), chars, words, link, max(words.sum(), 1.0))
        region[:, 6:8] = np.log1p(region[:, 6:8])      # numpy's log1p, as the reference's
        return region

    @staticmethod
    def _regions_python(ancestors: tuple, chars: np.ndarray, words: np.ndarray, link: np.ndarray) -> np.ndarray:
        """Region features of one page's blocks: text held by each enclosing container (the
        ancestor ids, nearest first, in a padded matrix). (The reference.)"""
        n = len(ancestors)
        alen = np.fromiter(map(len, ancestors), dtype=np.int64, count=n)
        k_max = int(alen.max()) if n else 0
        region = np.zeros((n, 11), dtype=np.float64)
        if k_max:
            anc = np.full((n, k_max), -1, dtype=np.int64)
            flat = np.fromiter(chain.from_iterable(ancestors), dtype=np.int64, count=int(alen.sum()))
            row = np.repeat(np.arange(n), alen)
            anc[row, np.arange(len(flat)) - np.repeat(np.cumsum(alen) - alen, alen)] = flat
            size = max(int(anc.max()), -1) + 2        # ids ≥ 0, and a dummy for the padding
            valid = anc >= 0
            col = np.where(valid, anc, size - 1)      # padding goes to a dummy container
            linkw = link / np.maximum(chars, 1) * words
            rep = lambda v: np.broadcast_to(v[:, None], anc.shape)[valid]  # noqa: E731
            cwords = np.bincount(col[valid], weights=rep(words), minlength=size)
            clink = np.bincount(col[valid], weights=rep(linkw), minlength=size)
            cblocks = np.bincount(col[valid], minlength=size).astype(np.float64)
            # readability-style: a prose paragraph's words credit its parent most
            prose = ((words >= 8) & (linkw < 0.3 * words)).astype(np.float64)
            near3 = valid[:, :3]
            credit = (words * prose)[:, None] / (1.0 + np.arange(min(3, k_max)))[None, :]
            score = np.bincount(col[:, :3][near3], weights=credit[near3], minlength=size)
            score[size - 1] = 0.0
            total = max(words.sum(), 1.0)
            for k in range(min(3, k_max)):
                u = col[:, k]
                has = valid[:, k]
                region[:, k] = np.where(has, cwords[u] / total, 0.0)
                region[:, 3 + k] = np.where(has, clink[u] / np.maximum(cwords[u], 1), 0.0)
                if k < 2:
                    region[:, 6 + k] = np.where(has, np.log1p(cblocks[u]), 0.0)
            if score.max() > 0:
                best = int(score.argmax())
                hit = anc == best
                region[:, 8] = hit.any(axis=1)
                region[:, 9] = cwords[best] / total
                region[:, 10] = np.where(hit.any(axis=1), hit.argmax(axis=1), 20.0)
            else:
                region[:, 10] = 20.0
        return region


def _regions_like_reference(module) -> bool:
    """The compiled `region_counts` gives the reference's region features on a probe page."""
    configured(module)
    ancestors = ((3, 2, 1), (4, 2, 1), (5, 1), (), (6, 5, 1), (7, -1, 1))
    chars = np.array([120.0, 40.0, 300.0, 0.0, 60.0, 9.0])
    words = np.array([20.0, 7.0, 50.0, 0.0, 9.0, 2.0])
    link = np.array([0.0, 40.0, 12.0, 0.0, 5.0, 9.0])
    fast = module.region_counts(list(ancestors), chars, words, link, max(words.sum(), 1.0))
    fast[:, 6:8] = np.log1p(fast[:, 6:8])
    return np.array_equal(fast, BlockFeatures._regions_python(ancestors, chars, words, link))


REGION_COUNTS = verified("boilerplate._blockstats", _regions_like_reference)

#: Columns of the page around a block (HTML only; `page_columns`).
PAGE_COLUMNS = ([f"page_{t}" for t in PAGE_TYPES] +
                ["rep_units", "rep_share", "rep_link_units", "truncated", "after_best", "before_best"])
_TRUNCATED = ("…", "...", "[…]", "[...]", "(…)", "(...)", "…]", "… »", "...»")


def page_columns(docs, texts, in_best, starts, lens) -> np.ndarray:
    """What a block's page says about it: the page's P(type) (`Document.page_type_p`, set by
    the page-type classifier; uniform when it is not set), the repeated sibling structure the
    block sits in (`pagetype.repeated_units`: how many cards of its shape, their share of the
    page, the share of those containers that hold a linked headline), whether its text ends
    truncated ("…", "[...]": a teaser), and whether it lies after (or before) the page's densest
    container, outside it (a "more from this site" box after the article)."""
    n = len(texts)
    out = np.zeros((n, len(PAGE_COLUMNS)))
    k = len(PAGE_TYPES)
    uniform = (1.0 / k,) * k
    for d, s0, m in zip(docs, starts.tolist(), lens.tolist()):
        out[s0:s0 + m, :k] = d.page_type_p or uniform
        units, share, link_units = units_of(d)
        out[s0:s0 + m, k] = np.log1p(units)
        out[s0:s0 + m, k + 1] = share
        out[s0:s0 + m, k + 2] = link_units
        best = in_best[s0:s0 + m] > 0
        if best.any():
            hit = np.flatnonzero(best)
            idx = np.arange(m)
            out[s0:s0 + m, k + 4] = (idx > hit[-1]) & ~best
            out[s0:s0 + m, k + 5] = (idx < hit[0]) & ~best
    out[:, k + 3] = np.fromiter(map(methodcaller("endswith", _TRUNCATED), texts), dtype=np.float64, count=n)
    return out

CONTEXT_NAMES = (["p1"] + [f"p1@{k}" for k in (-3, -2, -1, 1, 2, 3)] +
                 ["p1_win5", "p1_max_before", "p1_max_after", "p1_parent", "p1_grandparent",
                  "p1_page", "p1_dist_body"])


def context_features(docs: list[Document], p1: np.ndarray) -> np.ndarray:
    """Second-pass features from first-pass scores `p1` (one per block, docs concatenated),
    vectorised over the batch; document boundaries are respected everywhere."""
    docs = [d for d in docs if d.blocks]
    if not docs:
        return np.zeros((0, len(CONTEXT_NAMES)), dtype=np.float32)
    lens = np.array([len(d.blocks) for d in docs])
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    did = np.repeat(np.arange(len(docs)), lens)
    n = len(did)
    p = np.asarray(p1[:n], dtype=np.float64)
    _, scripts = stacked_block_stats(docs)   # (the block features counted them)
    split = split_word_counts([b.text for d in docs for b in d.blocks])
    words = np.maximum(words_from_scripts(split, scripts), 1).astype(np.float64)
    bounds = did if len(docs) > 1 else None      # one document: no boundaries inside
    cols = [p] + [_shift(p, k, 0.0, bounds) for k in (3, 2, 1, -1, -2, -3)]
    cols.append(_window_sum(p * words, 5, bounds) / _window_sum(words, 5, bounds))
    first = np.zeros(n, dtype=bool)
    first[starts] = True
    last = np.zeros(n, dtype=bool)
    last[starts + lens - 1] = True
    # running maxima within each document: offsetting each document by 2 * its index keeps
    # earlier documents below every value of the current one
    off = 2.0 * did
    prev = np.where(first, 0.0, np.concatenate([[0.0], p[:-1]])) + off
    cols.append(np.maximum.accumulate(prev) - off)
    roff = 2.0 * (did.max() - did)
    nxt = np.where(last, 0.0, np.concatenate([p[1:], [0.0]])) + roff
    cols.append(np.maximum.accumulate(nxt[::-1])[::-1] - roff)
    # plain-text blocks have no ancestors (segment_text makes none): no container means
    has_containers = [d for d in docs if d.source != "text"]
    for k in (0, 1):
        if any(len(b.ancestors) > k for d in has_containers for b in d.blocks):
            cols.append(_container_mean(docs, p, words, k))
        else:
            cols.append(p.copy())
    page = np.bincount(did, weights=p * words) / np.bincount(did, weights=words)
    cols.append(page[did])
    idx = np.arange(n)
    body = p > 0.5
    before = np.maximum.accumulate(np.where(body, idx, -1))
    after = np.minimum.accumulate(np.where(body, idx, n + 1)[::-1])[::-1]
    doc_start, doc_end = starts[did], (starts + lens)[did]
    has_before = before >= doc_start
    has_after = after < doc_end
    dist = np.minimum(np.where(has_before, idx - before, n + 1), np.where(has_after, after - idx, n + 1))
    any_body = np.bincount(did, weights=body, minlength=len(docs))[did] > 0
    cols.append(np.where(any_body, np.log1p(dist.astype(np.float64)), 10.0))
    return np.column_stack(cols).astype(np.float32)


def _container_mean(docs, p, words, k) -> np.ndarray:
    """Word-weighted mean score of the blocks sharing each block's k-th enclosing container."""
    out = p.copy()
    start = 0
    for doc in docs:
        acc: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
        n = len(doc.blocks)
        for b, pi, w in zip(doc.blocks, p[start:start + n], words[start:start + n]):
            if len(b.ancestors) > k:
                a = acc[b.ancestors[k]]
                a[0] += pi * w
                a[1] += w
        for i, b in enumerate(doc.blocks):
            if len(b.ancestors) > k:
                a = acc[b.ancestors[k]]
                out[start + i] = a[0] / a[1]
        start += n
    return out
