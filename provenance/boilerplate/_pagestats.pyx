# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""`boilerplate.pagetype.block_arrays_python` in C: the per-block columns the page-type
features and the repeated-structure features read, in one pass over a page's blocks.

Why: in Python the per-block attribute reads, the ancestor padding and the shape ids cost
about a millisecond a page of 250 blocks, a quarter of what cleaning a page costs; here they
are one loop. The reference and this give identical arrays (checked by a probe when the
module is first used, and in tests/test_compiled.py).
"""
import numpy as np

from libc.stdint cimport int64_t, uint8_t
from cpython.tuple cimport PyTuple_GET_SIZE, PyTuple_GET_ITEM
from cpython.unicode cimport PyUnicode_GET_LENGTH, PyUnicode_READ_CHAR


def block_arrays(list blocks, int k, object no_digits, frozenset terminal, tuple ellipsis):
    """(anc, chars, link, flags, cues, pre, h1, term, ell, sig) of `block_arrays_python`."""
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
            known = by_attrs[attrs] = sig_ids.setdefault((path, (<str> attrs).translate(no_digits)), len(sig_ids))
        ints[2, i] = known
    b_ = bit_a.view(bool)
    return anc_a, num_a[0], num_a[1], int_a[0], int_a[1], b_[0], b_[1], b_[2], b_[3], int_a[2]
