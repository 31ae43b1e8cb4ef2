# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""`blockcols.block_columns_python`, `blockcols.neighbour_columns_python` and
`blockcols.dom_columns_python` in C: the text, position and page columns of the block features
in one pass over the blocks, the neighbour columns (each base column two blocks either side)
in another, and the tag, flag and class/id cue columns of HTML blocks in a third.

Why: in numpy these are ~60 calls on arrays of a page's few hundred blocks, each paying
numpy's per-call cost: about a third of the block-feature time of a page cleaned alone.
The values are the same: every quantity is a count, an exact sum of counts (word and
character counts are integers), a division or a floor/ceil of such, all correctly rounded
in IEEE double arithmetic in C as in numpy; the logarithms are left to numpy (the caller
applies np.log1p to the rows named in `blockcols.LOG_ROWS`). The loader compares both with
their references on a probe (`blockcols._columns_like_reference`), and tests/test_features.py
on the fixture pages.
"""
import numpy as np

from libc.math cimport ceil, floor
from libc.stdint cimport int64_t

cdef enum:
    N_ROWS = 30


def block_columns(const double[:, ::1] st, const int64_t[:, ::1] sc, const double[::1] link,
                  const int64_t[::1] lens, const double[::1] page_stoplist,
                  const int64_t[::1] spaceless, const int64_t[::1] caseless, double chars_per_word):
    """(rows (30, n) float64, words (n,)) of `blockcols.block_columns_python`."""
    cdef Py_ssize_t n = st.shape[0], n_scripts = sc.shape[1], n_docs = lens.shape[0]
    cdef Py_ssize_t d, i, j, s0, s1, lo, hi, own, dominant
    cdef double chars, w, total, cum, nd, letters, best, page_letters, page_chars, page_link
    cdef double spaceless_share, caseless_share
    cdef int64_t v, block_letters, top
    rows_a = np.zeros((N_ROWS, n))
    words_a = np.empty(n)
    page_sc_a = np.empty(n_scripts, dtype=np.int64)
    cdef double[:, ::1] r = rows_a
    cdef double[::1] words = words_a
    cdef int64_t[::1] page_sc = page_sc_a
    s0 = 0
    for d in range(n_docs):
        s1 = s0 + lens[d]
        # the page's totals: words, characters, link characters, letters of every script
        total = 0.0
        page_chars = 0.0
        page_link = 0.0
        for j in range(n_scripts):
            page_sc[j] = 0
        for i in range(s0, s1):
            v = 0
            for j in range(n_scripts):
                page_sc[j] += sc[i, j]
            for j in range(spaceless.shape[0]):
                v += sc[i, spaceless[j]]
            w = st[i, 1]
            # textstats.word_counts: word starts, or spaceless letters by chars_per_word
            if floor(w + v / chars_per_word) > w:
                w = floor(w + v / chars_per_word)
            words[i] = w
            total += w
            page_chars += st[i, 0]
            page_link += link[i]
        top = 0
        dominant = 0
        for j in range(n_scripts):
            top += page_sc[j]
        if top > 0:
            best = -1
            for j in range(n_scripts):
                if page_sc[j] > best:
                    best = page_sc[j]
                    dominant = j
        page_letters = top if top > 1 else 1
        v = 0
        for j in range(spaceless.shape[0]):
            v += page_sc[spaceless[j]]
        spaceless_share = v / page_letters
        v = 0
        for j in range(caseless.shape[0]):
            v += page_sc[caseless[j]]
        caseless_share = v / page_letters
        page_link = page_link / (page_chars if page_chars > 1 else 1.0)
        if total < 1:
            total = 1.0
        nd = s1 - s0
        cum = 0.0
        for i in range(s0, s1):
            chars = st[i, 0]
            w = words[i]
            cum += w
            r[0, i] = chars                                       # log1p below
            r[1, i] = w                                           # log1p below
            r[2, i] = link[i] / (chars if chars > 1 else 1.0)
            r[3, i] = w / (ceil(chars / 80.0) if ceil(chars / 80.0) > 1 else 1.0)
            r[4, i] = st[i, 2] / (w if w > 1 else 1.0)
            r[5, i] = st[i, 4] / (st[i, 3] if st[i, 3] > 1 else 1.0)
            r[6, i] = st[i, 5] / (chars if chars > 1 else 1.0)
            r[7, i] = st[i, 6] / (chars if chars > 1 else 1.0)
            r[8, i] = st[i, 7]                                    # log1p below
            r[9, i] = st[i, 10]
            r[10, i] = st[i, 9]
            # rows 11, 13, 14 (date line, repeats, title overlap) are the caller's
            r[12, i] = st[i, 8]
            r[15, i] = (i - s0) / (nd - 1 if nd - 1 > 1 else 1.0)
            r[16, i] = i - s0                                     # log1p below
            r[17, i] = nd - 1 - (i - s0)                          # log1p below
            r[18, i] = (cum - w) / total
            r[19, i] = (total - cum) / total
            block_letters = 0
            own = 0
            top = -1
            for j in range(n_scripts):
                block_letters += sc[i, j]
                if sc[i, j] > top:
                    top = sc[i, j]
                    own = j
            r[20, i] = 1.0 if block_letters > 0 and own != dominant else 0.0
            r[21, i] = (<double> sc[i, dominant] / <double> (block_letters if block_letters > 1 else 1)
                        if block_letters > 0 else 1.0)
            r[22, i] = total                                      # log1p below
            r[23, i] = nd                                         # log1p below
            r[24, i] = page_link
            # words in a window of three blocks either side, within the page (log1p below)
            lo = i - 3 if i - 3 > s0 else s0
            hi = i + 4 if i + 4 < s1 else s1
            letters = 0.0
            for j in range(lo, hi):
                letters += words[j]
            r[25, i] = letters
            r[26, i] = w / total
            r[27, i] = spaceless_share
            r[28, i] = caseless_share
            r[29, i] = page_stoplist[d]
        s0 = s1
    return rows_a, words_a


def neighbour_columns(const double[:, ::1] rows, const int64_t[::1] base, const int64_t[::1] shifts,
                      const int64_t[::1] lens):
    """(n, len(base) * len(shifts)) float64 of `blockcols.neighbour_columns_python`: row
    base[f] of block i - shifts[s] at column f * len(shifts) + s, -1 outside the block's page."""
    cdef Py_ssize_t n = rows.shape[1], nb = base.shape[0], ns = shifts.shape[0]
    cdef Py_ssize_t d, i, f, s, k, s0 = 0, s1
    out_a = np.full((n, nb * ns), -1.0)
    cdef double[:, ::1] out = out_a
    for d in range(lens.shape[0]):
        s1 = s0 + lens[d]
        for i in range(s0, s1):
            for s in range(ns):
                k = i - shifts[s]
                if s0 <= k < s1:
                    for f in range(nb):
                        out[i, f * ns + s] = rows[base[f], k]
        s0 = s1
    return out_a


def dom_columns(list blocks, dict tag_index, Py_ssize_t n_tags, Py_ssize_t n_flags, Py_ssize_t n_cues):
    """(link characters (n,) float64, depth (n,) float64, columns (n, n_tags + 1 + n_flags +
    2 * n_cues) float32) of `blockcols.dom_columns_python`: the one-hot tag (tags not in
    `tag_index` in the last tag column), a zero column for the depth's log (the caller's),
    the ancestor flag bits, the near and the far class/id cue bits."""
    cdef Py_ssize_t n = len(blocks), i, j, t, width = n_tags + 2 + n_flags + 2 * n_cues
    cdef Py_ssize_t at_flags = n_tags + 1 + 1, at_near = at_flags + n_flags, at_far = at_near + n_cues
    cdef long long flags, near, far
    cdef object b, known
    link_a = np.empty(n)
    depth_a = np.empty(n)
    out_a = np.zeros((n, width), dtype=np.float32)
    cdef double[::1] link = link_a, depth = depth_a
    cdef float[:, ::1] out = out_a
    for i in range(n):
        b = blocks[i]
        link[i] = b.link_chars
        depth[i] = b.depth
        known = tag_index.get(b.tag)
        t = n_tags if known is None else <Py_ssize_t> known
        out[i, t] = 1.0
        flags, near, far = b.flags, b.near_cues, b.far_cues
        for j in range(n_flags):
            if (flags >> j) & 1:
                out[i, at_flags + j] = 1.0
        for j in range(n_cues):
            if (near >> j) & 1:
                out[i, at_near + j] = 1.0
            if (far >> j) & 1:
                out[i, at_far + j] = 1.0
    return link_a, depth_a, out_a
