# The three storage widths of a str (PEP 393), for the compiled modules' loops: a function
# over `uchar` is compiled once per width, so the compiler sees it and no per-character
# dispatch on the string's kind is left.
ctypedef unsigned char UCS1
ctypedef unsigned short UCS2

ctypedef fused uchar:
    UCS1
    UCS2
    Py_UCS4

from cpython.unicode cimport Py_UNICODE_TOLOWER


cdef inline Py_UCS4 lower_simple(Py_UCS4 c) noexcept:
    # str.lower of one character that is neither İ nor Σ (İ lower-cases to two characters, Σ
    # to a final or non-final sigma by context): ASCII by arithmetic, the rest by the table
    if c < 128:
        return <Py_UCS4>(<unsigned int>c + 32) if 65 <= c <= 90 else c
    return Py_UNICODE_TOLOWER(c)
