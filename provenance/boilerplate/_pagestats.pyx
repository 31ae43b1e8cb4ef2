# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""`boilerplate.pagestats.block_arrays_python` in C: the per-block columns the page-type
features and the repeated-structure features read, in one pass over a page's blocks.

Why: in Python the per-block attribute reads, the ancestor padding and the shape ids cost
about a millisecond a page of 250 blocks, a quarter of what cleaning a page costs; here they
are one loop. The reference and this give identical arrays (checked by a probe when the
module is first used, and in tests/test_compiled.py).
"""
import numpy as np

from libc.stdint cimport int64_t, uint8_t, uint64_t
from libc.stdlib cimport free, malloc
from cpython.tuple cimport PyTuple_GET_SIZE, PyTuple_GET_ITEM
from cpython.unicode cimport PyUnicode_GET_LENGTH, PyUnicode_READ_CHAR


cdef str _without_digits(str s):
    """`s` without its ASCII digits: what ``s.translate(no_digits)`` gives for the
    `pagestats._NO_DIGITS` table (checked on the probe), without str.translate's per-character
    dict lookups (a quarter of this function's time: class strings are ~100 characters)."""
    cdef Py_ssize_t i, start = 0, n = PyUnicode_GET_LENGTH(s)
    cdef Py_UCS4 c
    cdef list kept
    for i in range(n):
        c = PyUnicode_READ_CHAR(s, i)
        if 48 <= c <= 57:
            break
    else:
        return s
    kept = []
    for i in range(n):
        c = PyUnicode_READ_CHAR(s, i)
        if 48 <= c <= 57:
            if i > start:
                kept.append(s[start:i])
            start = i + 1
    if n > start:
        kept.append(s[start:n])
    return "".join(kept)


cdef dict _NO_DIGITS = str.maketrans("", "", "0123456789")


def block_arrays(list blocks, int k, object no_digits, frozenset terminal, tuple ellipsis):
    """(anc, chars, link, flags, cues, pre, h1, term, ell, sig) of `block_arrays_python`
    (`no_digits` must be the table that deletes the ASCII digits: `_without_digits` applies it)."""
    if no_digits != _NO_DIGITS:
        raise ValueError("block_arrays deletes the ASCII digits only")
    cdef Py_ssize_t n = len(blocks), i, j, m
    anc_a = np.full((n, k), -1, dtype=np.int64)
    num_a = np.zeros((2, n))
    int_a = np.zeros((3, n), dtype=np.int64)
    bit_a = np.zeros((4, n), dtype=np.uint8)
    cdef int64_t[:, ::1] anc = anc_a
    cdef double[:, ::1] num = num_a
    cdef int64_t[:, ::1] ints = int_a
    cdef uint8_t[:, ::1] bits = bit_a
    cdef dict raw_ids = {}, sig_ids = {}
    cdef list raw_sig = []
    cdef object b, a, key, known, path, attrs
    cdef dict by_attrs
    cdef str text, tag
    cdef Py_ssize_t length
    cdef Py_UCS4 last
    cdef bint ascii_terminal[128]
    cdef str e
    for j in range(128):
        ascii_terminal[j] = chr(j) in terminal
    for e in ellipsis:       # the shortcut below is exact only for endings of these last characters
        if e[len(e) - 1] not in ".])\u2026":
            raise ValueError(f"ellipsis ending {e!r} not supported")
    for i in range(n):
        b = blocks[i]
        a = b.ancestors
        m = PyTuple_GET_SIZE(a)
        if m > k:
            m = k
        for j in range(m):
            anc[i, j] = <object> PyTuple_GET_ITEM(a, j)
        text = b.text
        length = PyUnicode_GET_LENGTH(text)
        num[0, i] = length
        num[1, i] = b.link_chars
        ints[0, i] = b.flags
        ints[1, i] = b.near_cues | b.far_cues
        tag = b.tag
        bits[0, i] = tag == "pre"
        bits[1, i] = tag == "h1"
        if length:
            last = PyUnicode_READ_CHAR(text, length - 1)
            if last < 128:
                bits[2, i] = ascii_terminal[last]
                # every ellipsis ending ends in "." , "]" or ")"
                if last == 46 or last == 93 or last == 41:
                    bits[3, i] = text.endswith(ellipsis)
            else:
                bits[2, i] = chr(last) in terminal
                if last == 0x2026:
                    bits[3, i] = text.endswith(ellipsis)
        path = b.path
        attrs = b.attrs
        by_attrs = raw_ids.get(path)
        if by_attrs is None:
            by_attrs = raw_ids[path] = {}
        known = by_attrs.get(attrs)
        if known is None:
            known = by_attrs[attrs] = sig_ids.setdefault((path, _without_digits(<str> attrs)), len(sig_ids))
        ints[2, i] = known
    b_ = bit_a.view(bool)
    return anc_a, num_a[0], num_a[1], int_a[0], int_a[1], b_[0], b_[1], b_[2], b_[3], int_a[2]



cdef struct _Table:
    # open addressing, linear probing, on non-negative int64 keys (-1: empty)
    int64_t *keys
    int64_t *values
    Py_ssize_t mask


cdef int _table_init(_Table *t, Py_ssize_t items) except -1:
    cdef Py_ssize_t cap = 16, i
    while cap < 2 * items:
        cap *= 2
    t.keys = <int64_t *> malloc(cap * sizeof(int64_t))
    t.values = <int64_t *> malloc(cap * sizeof(int64_t))
    if t.keys == NULL or t.values == NULL:
        free(t.keys)
        free(t.values)
        raise MemoryError()
    for i in range(cap):
        t.keys[i] = -1
    t.mask = cap - 1
    return 0


cdef inline Py_ssize_t _slot(_Table *t, int64_t key) noexcept nogil:
    """The slot of `key`, or of the empty place where it goes."""
    cdef uint64_t h = <uint64_t> key * 0x9E3779B97F4A7C15ULL
    cdef Py_ssize_t i = <Py_ssize_t> ((h >> 32) & t.mask)
    while t.keys[i] != -1 and t.keys[i] != key:
        i = (i + 1) & t.mask
    return i


def repeated_units(const int64_t[:, ::1] anc, const double[::1] chars, const double[::1] link,
                   const int64_t[::1] sig, const double[::1] words, double total):
    """(units, share, link_units) of `pagestats.repeated_units_python` for a page of at least
    three blocks, from its `block_arrays` columns (ancestor ids padded with -1 at the end), its
    word counts (integer-valued: every sum here is exact in any order, so the sums equal
    numpy's bincounts) and ``total`` (max(words.sum(), 1)). The (shape, parent, level) groups
    and their distinct units are found with two hash tables on the reference's integer keys
    instead of two sorts of them."""
    cdef Py_ssize_t n = anc.shape[0], k = anc.shape[1], i, j, lvl, at, n_groups = 0
    cdef int64_t c, size = -1, unit, g, best_g, key
    cdef double top, cand
    for i in range(n):
        for j in range(k):
            if anc[i, j] > size:
                size = anc[i, j]
    size += 2
    held_a = np.zeros(size)
    linked_a = np.zeros(size, dtype=np.uint8)
    cdef double[::1] held = held_a
    cdef uint8_t[::1] linked = linked_a
    for i in range(n):
        for j in range(k):
            c = anc[i, j]
            if c >= 0:
                held[c] += words[i]
        if words[i] >= 2 and link[i] >= 0.6 * chars[i]:
            for j in range(k):
                c = anc[i, j]
                if c >= 0:
                    linked[c] = 1
    # every (block, level j >= 1) with a parent at level j: group (shape, parent, j), unit its child
    group_a = np.full((n, k - 1), -1, dtype=np.int64)
    counts_a = np.zeros((3, n * (k - 1) + 1))       # per group: units, linked units, their words
    cdef int64_t[:, ::1] group = group_a
    cdef double[:, ::1] counts = counts_a
    cdef _Table groups, pairs
    _table_init(&groups, n * (k - 1))
    try:
        _table_init(&pairs, n * (k - 1))
    except MemoryError:
        free(groups.keys)
        free(groups.values)
        raise
    try:
        for i in range(n):
            for j in range(1, k):
                c = anc[i, j]
                if c < 0:
                    break
                key = (sig[i] * size + c) * k + j
                at = _slot(&groups, key)
                if groups.keys[at] == -1:
                    groups.keys[at] = key
                    groups.values[at] = n_groups
                    n_groups += 1
                g = groups.values[at]
                group[i, j - 1] = g
                unit = anc[i, j - 1]
                if unit < 0:
                    raise ValueError("ancestor ids must be padded with -1 at the end only")
                key = g * size + unit
                at = _slot(&pairs, key)
                if pairs.keys[at] == -1:
                    pairs.keys[at] = key
                    counts[0, g] += 1
                    if linked[unit]:
                        counts[1, g] += 1
                        counts[2, g] += held[unit]
    finally:
        free(groups.keys)
        free(groups.values)
        free(pairs.keys)
        free(pairs.values)
    units_a, share_a, link_units_a = np.zeros(n), np.zeros(n), np.zeros(n)
    cdef double[::1] units = units_a, share = share_a, link_units = link_units_a
    for i in range(n):
        # the level with the most linked units (the nearest one on a tie), when it has any
        top, best_g = 0.0, -1
        for lvl in range(k - 1):
            g = group[i, lvl]
            if g < 0:
                break
            if counts[0, g] >= 2:
                cand = counts[1, g]
                if cand > top:
                    top, best_g = cand, g
        if best_g >= 0:
            units[i] = top
            share[i] = counts[2, best_g] / total
            link_units[i] = counts[1, best_g] / counts[0, best_g]
    return units_a, share_a, link_units_a


def page_sums(const int64_t[:, ::1] anc, const double[::1] chars, const double[::1] link,
              const int64_t[::1] flags, const int64_t[::1] attr_bits, pre_a, h1_a, terminal_a, ellipsis_a,
              const double[::1] words, int64_t heading_bit, const int64_t[::1] flag_masks,
              const int64_t[::1] attr_masks):
    """`pagestats.page_sums_python`: the sums and counts `pagetype._one_page` reads off a page's
    `block_arrays` columns, in one pass: (total words, total characters, link characters, link-dominated blocks, prose
    words, most words, headings, linked headings, pre blocks, pre words, h1 blocks, short
    blocks, ellipsis endings, the densest container's words, [words under each flag mask],
    [words under each class/id cue mask]). Every sum is of integers (word and character
    counts), exact in any order: the values are those of the numpy expressions they replace."""
    cdef const uint8_t[::1] pre = pre_a.view(np.uint8)
    cdef const uint8_t[::1] h1 = h1_a.view(np.uint8)
    cdef const uint8_t[::1] terminal = terminal_a.view(np.uint8)
    cdef const uint8_t[::1] ellipsis = ellipsis_a.view(np.uint8)
    cdef Py_ssize_t n = anc.shape[0], k = anc.shape[1], i, j, m
    cdef Py_ssize_t n_flags = flag_masks.shape[0], n_attrs = attr_masks.shape[0]
    cdef double total_w = 0, total_c = 0, link_sum = 0, prose_w = 0, max_w = 0, pre_w = 0, best = 0
    cdef long linky_n = 0, heading_n = 0, heading_linky = 0, pre_n = 0, h1_n = 0, short_n = 0, ell_n = 0
    cdef int64_t c, size = -1
    cdef bint linky, heading
    flag_a = np.zeros(n_flags)
    attr_a = np.zeros(n_attrs)
    cdef double[::1] flag_w = flag_a, attr_w = attr_a
    for i in range(n):
        for j in range(1, k):
            if anc[i, j] > size:
                size = anc[i, j]
    held_a = np.zeros(size + 1 if size >= 0 else 1)
    cdef double[::1] held = held_a
    for i in range(n):
        total_w += words[i]
        total_c += chars[i]
        link_sum += link[i]
        linky = link[i] >= 0.8 * (chars[i] if chars[i] > 1 else 1.0)
        linky_n += linky
        if words[i] >= 25 and terminal[i] and not linky:
            prose_w += words[i]
        if i == 0 or words[i] > max_w:
            max_w = words[i]
        heading = (flags[i] & heading_bit) != 0
        heading_n += heading
        heading_linky += heading and linky
        if pre[i]:
            pre_n += 1
            pre_w += words[i]
        h1_n += h1[i] != 0
        short_n += chars[i] <= 80
        ell_n += ellipsis[i] != 0
        for j in range(1, k):
            c = anc[i, j]
            if c >= 0:
                held[c] += words[i]
        for m in range(n_flags):
            if flags[i] & flag_masks[m]:
                flag_w[m] += words[i]
        for m in range(n_attrs):
            if attr_bits[i] & attr_masks[m]:
                attr_w[m] += words[i]
    for i in range(held.shape[0]):
        if held[i] > best:
            best = held[i]
    return (total_w, total_c, link_sum, linky_n, prose_w, max_w, heading_n, heading_linky, pre_n, pre_w,
            h1_n, short_n, ell_n, best, flag_a, attr_a)
