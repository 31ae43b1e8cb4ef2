# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Cue-phrase counting over UTF-8 bytes, and the lower-cased UTF-8 join it reads.

`lexicon.cues.text_cue_counts_lowered` lower-cases a batch of block texts, joins them with NUL
and encodes them in one pass (`lower_join_utf8`), runs the Aho-Corasick DFA over the bytes, and
counts the word-bounded matches per text and category here (`cue_counts_utf8`). The results
equal the pure-Python reference (`cues.count_matches_python` over str), which the loader checks
on a probe at first use and `tests/test_compiled.py` on random strings.
"""
from cpython.bytearray cimport PyByteArray_FromStringAndSize
from cpython.unicode cimport Py_UNICODE_ISALNUM
from libc.string cimport memcpy
from provenance._pep393 cimport UCS1, lower_simple

import numpy as np


cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void *PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil
    bint PyUnicode_IS_ASCII(object o)


cdef Py_UCS4 _LOWER_LATIN1[256]          # Py_UNICODE_TOLOWER below U+0100 (all stay below it)
for _c in range(256):
    _LOWER_LATIN1[_c] = lower_simple(<Py_UCS4>_c)


cdef inline Py_ssize_t _put_utf8(unsigned char *out, Py_ssize_t pos, unsigned int c) noexcept:
    # UTF-8 of one code point; a lone surrogate as its three bytes (errors="surrogatepass")
    if c < 0x80:
        out[pos] = <unsigned char>c
        return pos + 1
    if c < 0x800:
        out[pos] = 0xC0 | (c >> 6)
        out[pos + 1] = 0x80 | (c & 0x3F)
        return pos + 2
    if c < 0x10000:
        out[pos] = 0xE0 | (c >> 12)
        out[pos + 1] = 0x80 | ((c >> 6) & 0x3F)
        out[pos + 2] = 0x80 | (c & 0x3F)
        return pos + 3
    out[pos] = 0xF0 | (c >> 18)
    out[pos + 1] = 0x80 | ((c >> 12) & 0x3F)
    out[pos + 2] = 0x80 | ((c >> 6) & 0x3F)
    out[pos + 3] = 0x80 | (c & 0x3F)
    return pos + 4


def lower_join_utf8(list texts, Py_ssize_t limit):
    """("\\x00".join(t[:limit].lower() for t in texts).encode("utf-8", "surrogatepass") as a
    bytearray, the byte offset where each text starts) in one pass, without the lower-cased
    copies: characters are lower-cased one by one as in `_blockstats.block_stats` (an ASCII text with
    arithmetic the compiler vectorises, a one-byte one from a table), and a text with İ or Σ
    among its first `limit` characters is lower-cased by str.lower instead. Either way a
    character takes at most 4 bytes (İ lower-cases to 3), which is the room reserved, and an
    ASCII one 1."""
    cdef Py_ssize_t n = len(texts), i, j, L, total = 0, pos = 0
    cdef str t
    cdef bytes low
    cdef int kind
    cdef void *data
    cdef const UCS1 *a
    cdef unsigned char ch
    cdef Py_UCS4 c
    for i in range(n):
        t = texts[i]
        L = len(t)
        if L > limit:
            L = limit
        total += (L if PyUnicode_IS_ASCII(t) else L * 4) + 1
    buf = PyByteArray_FromStringAndSize(NULL, total)    # not zero-filled: every byte is written
    starts = np.zeros(n, dtype=np.intp)
    cdef Py_ssize_t[::1] st = starts
    cdef unsigned char *out = buf
    for i in range(n):
        t = texts[i]
        L = len(t)
        if L > limit:
            L = limit
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        st[i] = pos
        if PyUnicode_IS_ASCII(t):
            a = <const UCS1 *>data
            for j in range(L):
                ch = a[j]
                out[pos + j] = ch | ((<unsigned char>(ch - 65) < 26) << 5)
            pos += L
        elif kind == 1:
            a = <const UCS1 *>data
            for j in range(L):
                pos = _put_utf8(out, pos, _LOWER_LATIN1[a[j]])
        else:
            for j in range(L):
                c = PyUnicode_READ(kind, data, j)
                if c == 0x130 or c == 0x3A3:
                    low = t[:limit].lower().encode("utf-8", "surrogatepass")
                    memcpy(&out[st[i]], <const char *>low, len(low))
                    pos = st[i] + len(low)
                    break
                pos = _put_utf8(out, pos, lower_simple(c))
        if i + 1 < n:
            out[pos] = 0
            pos += 1
    del buf[pos:]
    return buf, starts


def lowercase_exceptions():
    """The code points whose `str.lower` is not the one character `lower_simple` gives
    (expected: İ alone; Σ's depends on its context). For the tests."""
    cdef Py_UCS4 c
    out = []
    for c in range(0x110000):
        if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(lower_simple(c)):
            out.append(<long>c)
    return out


cdef inline Py_UCS4 _decode_at(const unsigned char[::1] d, Py_ssize_t i):
    """The code point whose UTF-8 sequence starts at byte i (the data is well-formed)."""
    cdef unsigned char c = d[i]
    if c < 0x80:
        return c
    if c < 0xE0:
        return ((c & 0x1F) << 6) | (d[i + 1] & 0x3F)
    if c < 0xF0:
        return ((c & 0x0F) << 12) | ((d[i + 1] & 0x3F) << 6) | (d[i + 2] & 0x3F)
    return ((c & 0x07) << 18) | ((d[i + 1] & 0x3F) << 12) | ((d[i + 2] & 0x3F) << 6) | (d[i + 3] & 0x3F)


def cue_counts_utf8(list matches, const unsigned char[::1] data, const Py_ssize_t[::1] starts,
                    const unsigned long long[::1] masks, const unsigned char[::1] first_alnum,
                    const unsigned char[::1] last_alnum, Py_ssize_t n, int n_cat):
    """`cues.count_matches_python` over UTF-8 bytes: `matches` are (phrase, start, end) byte
    offsets in `data` (texts joined by NUL, text k starting at byte starts[k]); a phrase that
    begins/ends with an alphanumeric character counts only where the character before/after
    it is not alphanumeric. Returns (n, n_cat) float64 counts per text and category."""
    counts = np.zeros((n, n_cat), dtype=np.float64)
    if n == 0:
        return counts
    cdef double[:, ::1] c = counts
    cdef Py_ssize_t total = data.shape[0], start, end, owner, lo, hi, mid, j, idx
    cdef unsigned long long mask
    cdef int bit
    for m in matches:
        idx, start, end = m
        if first_alnum[idx] and start > 0:
            j = start - 1
            while j > 0 and (data[j] & 0xC0) == 0x80:    # back to the previous character's lead byte
                j -= 1
            if Py_UNICODE_ISALNUM(_decode_at(data, j)):
                continue
        if last_alnum[idx] and end < total and Py_UNICODE_ISALNUM(_decode_at(data, end)):
            continue
        lo, hi = 0, n                                     # owner: the last text starting at or before it
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if starts[mid] <= start:
                lo = mid
            else:
                hi = mid
        owner = lo
        mask = masks[idx]
        bit = 0
        while mask:
            if mask & 1:
                c[owner, bit] += 1
            mask >>= 1
            bit += 1
    return counts

