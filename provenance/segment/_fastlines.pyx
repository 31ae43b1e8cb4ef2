# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Plain text → its normalised non-empty lines, and whether it is hard-wrapped, in one pass.

Why: `segment.text` split the text, ran the hard-wrap test over every line and normalised
each one with str methods (and `_WS.sub` when a line had other white space), a few Python
calls per line: about a fifth of the plain-text cleaning time of a page. Here one loop over
the code points finds each line's bounds, strips it, and copies it out only when a run of
`_WS` characters must become one space; the results are those of
`segment.text.split_lines_python` (checked on a probe when loaded, and by
tests/test_compiled.py on random texts).
"""
from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.stdlib cimport free, malloc
from libc.string cimport memchr
from provenance._pep393 cimport UCS1, UCS2, uchar

cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void *PyUnicode_DATA(object o)
    object PyUnicode_Substring(object s, Py_ssize_t start, Py_ssize_t end)
    object PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)


cdef inline bint _is_ws(Py_UCS4 c) noexcept:
    # segment.text._WS: [ \t\r\f\v\u00a0\u2000-\u200b\u3000]
    return (c == 0x20 or c == 0x09 or c == 0x0D or c == 0x0C or c == 0x0B or c == 0xA0
            or 0x2000 <= c <= 0x200B or c == 0x3000)


cdef inline bint _ends_sentence(Py_UCS4 c) noexcept:
    # segment.text._hard_wrapped_lines: .!?"”:
    return c == u'.' or c == u'!' or c == u'?' or c == u'"' or c == 0x201D or c == u':'


cdef unsigned char _SPACE[256]          # bit 1: `_WS`; bit 2: str.isspace (code points below 256)
for _c in range(256):
    _SPACE[_c] = _is_ws(_c) | (Py_UNICODE_ISSPACE(<Py_UCS4>_c) << 1)


cdef inline unsigned char _space(Py_UCS4 c) noexcept:
    if c < 256:
        return _SPACE[c]
    return _is_ws(c) | (Py_UNICODE_ISSPACE(c) << 1)


def split_lines(str text):
    """(`normalise_line` of every line of `text` split at "\\n" that is not empty after it,
    in order; `_hard_wrapped_lines` of those lines) — see `segment.text.split_lines_python`.

    A line is normalised as `_WS.sub(" ", line).strip()`: runs of `_WS` characters become
    one space, then `str.isspace` characters are stripped from both ends. A line whose inside
    (between its first and last non-space character) has no `_WS` character but single
    ASCII spaces is that substring; any other is rebuilt code point by code point.

    None when the text has a lone surrogate (the caller replaces them first)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    if kind == 1:
        return _split(<const UCS1 *>data, text)
    if kind == 2:
        return _split(<const UCS2 *>data, text)
    return _split(<const Py_UCS4 *>data, text)


# segment.text.MAX_WRAPPED_LINE: a text with a longer line is not hard-wrapped
DEF MAX_WRAPPED_LINE = 160


cdef object _split(const uchar *p, str text):
    # one loop over each line's code points finds its end, its stripped bounds [a, b) and
    # the first place inside where a `_WS` run is more than one ASCII space (`bad`)
    cdef Py_ssize_t n = len(text), start = 0, j, a, b, bad, inner = 0, wrapped = 0, longest = 0
    cdef Py_ssize_t prev_len = -1           # stripped length of the paragraph's previous line
    cdef Py_UCS4 prev_last = 0, c
    cdef unsigned char f, prev_ws
    out = []
    while start <= n:
        a = -1
        b = bad = n + 1
        prev_ws = 0
        j = start
        while j < n:
            c = p[j]
            if uchar is not UCS1:
                if 0xD800 <= c < 0xE000:
                    return None
            if c == ord("\n"):
                break
            f = _space(c)
            if not f & 2:                   # not str.isspace
                if a < 0:
                    a = j
                b = j + 1
            if f & 1 and a >= 0 and bad > n:
                if c != ord(" "):
                    bad = j
                elif prev_ws:
                    bad = j - 1
            prev_ws = f & 1
            j += 1
        if a < 0:
            prev_len = -1                   # a blank line ends the paragraph
        else:
            if prev_len >= 0:
                inner += 1
                if 40 <= prev_len <= 100 and not _ends_sentence(prev_last):
                    wrapped += 1
            prev_len = b - a
            if prev_len > longest:
                longest = prev_len
            prev_last = p[b - 1]
            if bad >= b:                    # inside, the only `_WS` are single ASCII spaces
                out.append(PyUnicode_Substring(text, a, b))
            else:
                line = _collapse(p, a, b)
                if line:
                    out.append(line)
        start = j + 1
    return out, inner >= 3 and wrapped > 0.6 * inner and longest <= MAX_WRAPPED_LINE


cdef str _collapse(const uchar *p, Py_ssize_t a, Py_ssize_t b):
    """`_WS.sub(" ", s).strip()` of s = the code points p[a:b] (s has no leading or trailing
    str.isspace character, but after the runs become spaces a leading or trailing U+200B
    run, which is `_WS` but not str.isspace, is stripped too)."""
    cdef Py_ssize_t j, m = 0, lo, hi
    cdef Py_UCS4 c
    cdef bint in_ws = False
    cdef Py_UCS4 *buf = <Py_UCS4 *>malloc((b - a) * sizeof(Py_UCS4))
    if buf == NULL:
        raise MemoryError()
    try:
        for j in range(a, b):
            c = p[j]
            if _is_ws(c):
                if not in_ws:
                    buf[m] = u' '
                    m += 1
                in_ws = True
            else:
                buf[m] = c
                m += 1
                in_ws = False
        lo, hi = 0, m
        while lo < hi and Py_UNICODE_ISSPACE(buf[lo]):
            lo += 1
        while hi > lo and Py_UNICODE_ISSPACE(buf[hi - 1]):
            hi -= 1
        return PyUnicode_FromKindAndData(4, buf + lo, hi - lo)
    finally:
        free(buf)
