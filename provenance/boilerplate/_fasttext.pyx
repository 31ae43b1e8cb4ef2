# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Per-block text statistics in one C pass over each block's characters.

Why: `textstats.text_stats` builds per-character numpy arrays (UTF-32 copy, class lookup,
masks, reduceat) and `stopword_density` runs a regex and a Python loop per block; together
they were about half of the feature time of a page. Here every count is taken in one loop
over the string's code points, with the same character tables `text_stats` uses (passed in
as arrays, so there is one definition of every class), and the results are identical:
`textstats.block_stats` checks this against the numpy/regex path on a probe at import, and
`tests/test_compiled.py` on random strings.

Columns of the returned float64 array (see `STAT_COLUMNS` in textstats): chars, words,
word_chars, letters, uppers, digits, puncts, sentences, separators, terminal, stop_density.
"""
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_TOLOWER
from libc.stdlib cimport qsort

import numpy as np

cdef enum:
    LETTER_BIT = 1
    UPPER_BIT = 2
    DIGIT_BIT = 4
    PUNCT_BIT = 8
    SPACE_BIT = 16
    TERM_BIT = 32
    SEP_BIT = 64
    N_COLS = 11


cdef inline bint _is_terminal(Py_UCS4 c):
    # textstats.TERMINAL: .!?。！？…:;"'”’»)
    return (c == u'.' or c == u'!' or c == u'?' or c == 0x3002 or c == 0xFF01 or c == 0xFF1F
            or c == 0x2026 or c == u':' or c == u';' or c == u'"' or c == u"'" or c == 0x201D
            or c == 0x2019 or c == 0xBB or c == u')')


cdef inline bint _is_w(Py_UCS4 c):
    # the `\w` of Python's re for str patterns
    return Py_UNICODE_ISALNUM(c) or c == u'_'


def block_stats(list texts, const unsigned char[::1] classes, const unsigned char[::1] scripts,
                int n_scripts, frozenset stopwords, int stop_maxlen, int stop_limit):
    """(stats, script_counts) of every text: stats as float64 (n, N_COLS), script_counts as
    int64 (n, n_scripts) with column 0 (no tracked script) zeroed. `classes` and `scripts`
    give the class bits and script id of every BMP code point; code points above the BMP are
    letters of no script, lone surrogates count as "?" (what UTF-32 encoding with
    errors="replace" makes of them in `text_stats`)."""
    cdef Py_ssize_t n = len(texts), i, j, L, m, run, k
    out = np.zeros((n, N_COLS), dtype=np.float64)
    sc = np.zeros((n, n_scripts), dtype=np.int64)
    cdef double[:, ::1] o = out
    cdef long long[:, ::1] s = sc
    cdef str t, low
    cdef Py_UCS4 c, nx
    cdef unsigned char cl, prev_word
    cdef long words, wchars, letters, uppers, digits, puncts, sents, seps, nw, nstop
    for i in range(n):
        t = texts[i]
        L = len(t)
        words = wchars = letters = uppers = digits = puncts = sents = seps = 0
        prev_word = 0
        for j in range(L):
            c = t[j]
            if 0xD800 <= c < 0xE000:
                c = u'?'
            if c > 0xFFFF:
                cl = LETTER_BIT
            else:
                cl = classes[c]
                s[i, scripts[c]] += 1
            if cl & (LETTER_BIT | DIGIT_BIT):
                wchars += 1
                if not prev_word:
                    words += 1
                prev_word = 1
            else:
                prev_word = 0
            if cl & LETTER_BIT:
                letters += 1
            if cl & UPPER_BIT:
                uppers += 1
            if cl & DIGIT_BIT:
                digits += 1
            if cl & PUNCT_BIT:
                puncts += 1
            if cl & SEP_BIT:
                seps += 1
            if cl & TERM_BIT:
                if j + 1 == L:
                    sents += 1
                else:
                    nx = t[j + 1]
                    if 0xD800 <= nx < 0xE000:
                        nx = u'?'
                    if nx <= 0xFFFF and classes[nx] & SPACE_BIT:
                        sents += 1
        # " - " as str.count counts it (non-overlapping, left to right)
        j = 0
        while j + 2 < L:
            if t[j] == u' ' and t[j + 1] == u'-' and t[j + 2] == u' ':
                seps += 1
                j += 3
            else:
                j += 1
        s[i, 0] = 0
        o[i, 0] = L
        o[i, 1] = words
        o[i, 2] = wchars
        o[i, 3] = letters
        o[i, 4] = uppers
        o[i, 5] = digits
        o[i, 6] = puncts
        o[i, 7] = sents
        o[i, 8] = seps
        o[i, 9] = 1.0 if L and _is_terminal(t[L - 1]) else 0.0
        # stopword density of the first stop_limit characters, lower-cased (`\w+` words)
        low = t[:stop_limit].lower()
        m = len(low)
        nw = nstop = 0
        run = 0
        for j in range(m + 1):
            if j < m and _is_w(low[j]):
                run += 1
                continue
            if run:
                nw += 1
                if run <= stop_maxlen and low[j - run:j] in stopwords:
                    nstop += 1
                run = 0
        o[i, 10] = nstop / <double>nw if nw else 0.0
    return out, sc


def cue_counts(automaton, str joined, starts_list, Py_ssize_t n, int n_cat):
    """`cues.count_matches` in C: the phrase matches of `automaton` (pyahocorasick, values
    (category bitmask, phrase)) in `joined` (texts joined by NUL, text k starting at
    starts_list[k]) as an (n, n_cat) float64 array of counts per text and category; a phrase
    that begins/ends with an alphanumeric character counts only where no alphanumeric
    character is glued to it there."""
    counts = np.zeros((n, n_cat), dtype=np.float64)
    if n == 0 or not joined:
        return counts
    cdef double[:, ::1] c = counts
    starts_arr = np.asarray(starts_list, dtype=np.intp)
    cdef Py_ssize_t[::1] starts = starts_arr
    cdef Py_ssize_t total = len(joined), end, start, owner = 0, klen
    cdef unsigned long long mask
    cdef int bit
    cdef str key
    for end, value in automaton.iter(joined):
        mask = value[0]
        key = value[1]
        klen = len(key)
        start = end - klen + 1
        if start > 0 and Py_UNICODE_ISALNUM(key[0]) and Py_UNICODE_ISALNUM(joined[start - 1]):
            continue
        if end + 1 < total and Py_UNICODE_ISALNUM(key[klen - 1]) and Py_UNICODE_ISALNUM(joined[end + 1]):
            continue
        while owner + 1 < n and starts[owner + 1] <= end:   # matches come in order of their ends
            owner += 1
        bit = 0
        while mask:
            if mask & 1:
                c[owner, bit] += 1
            mask >>= 1
            bit += 1
    return counts


# -- title overlap -------------------------------------------------------------------------
cdef unsigned long long FNV_OFFSET = 1469598103934665603ULL, FNV_PRIME = 1099511628211ULL


cdef inline unsigned long long _hash_str(str w):
    cdef unsigned long long h = FNV_OFFSET
    cdef Py_UCS4 c
    for c in w:
        h = (h ^ <unsigned long long>c) * FNV_PRIME
    return h


cdef unsigned long long _hash_lower_run(str t, Py_ssize_t a, Py_ssize_t b):
    """FNV-1a of t[a:b].lower(): code point by code point with the simple lower-case mapping,
    which equals str.lower except for U+0130 (two code points) and Σ (final-sigma rule);
    a run with either is lowered by str.lower itself."""
    cdef Py_ssize_t j
    cdef Py_UCS4 c
    cdef unsigned long long h = FNV_OFFSET
    for j in range(a, b):
        c = t[j]
        if c == 0x130 or c == 0x3A3:
            return _hash_str(t[a:b].lower())
        h = (h ^ <unsigned long long>Py_UNICODE_TOLOWER(c)) * FNV_PRIME
    return h


cdef int _cmp_u64(const void *a, const void *b) noexcept nogil:
    cdef unsigned long long x = (<const unsigned long long *>a)[0], y = (<const unsigned long long *>b)[0]
    return (x > y) - (x < y)


def title_overlaps(list texts, list title_words, Py_ssize_t max_chars):
    """For every text shorter than `max_chars`: |words ∩ title| / max(|words|, |title|) over
    the distinct lower-cased `\\w+` words of the text and the distinct lower-cased
    `title_words` (0 when either is empty or the text is too long), as float64. Words are
    compared by 64-bit FNV-1a hashes of their lower-cased code points."""
    cdef Py_ssize_t n = len(texts), i, j, L, run, nh, nd, lo, hi, mid, nt = 0, inter
    out = np.zeros(n, dtype=np.float64)
    cdef double[::1] o = out
    th_arr = np.array(sorted({_hash_str(w.lower()) for w in title_words}), dtype=np.uint64)
    cdef unsigned long long[::1] th = th_arr
    nt = th_arr.shape[0]
    if nt == 0:
        return out
    buf_arr = np.empty(max(max_chars, 1), dtype=np.uint64)
    cdef unsigned long long[::1] buf = buf_arr
    cdef unsigned long long h
    cdef str t
    for i in range(n):
        t = texts[i]
        L = len(t)
        if L >= max_chars:
            continue
        nh = 0
        run = 0
        for j in range(L + 1):
            if j < L and _is_w(t[j]):
                run += 1
                continue
            if run:
                buf[nh] = _hash_lower_run(t, j - run, j)
                nh += 1
                run = 0
        if nh == 0:
            continue
        qsort(&buf[0], nh, sizeof(unsigned long long), _cmp_u64)
        nd = 0
        inter = 0
        for j in range(nh):
            if j and buf[j] == buf[j - 1]:
                continue
            nd += 1
            h = buf[j]
            lo, hi = 0, nt
            while lo < hi:
                mid = (lo + hi) // 2
                if th[mid] < h:
                    lo = mid + 1
                else:
                    hi = mid
            if lo < nt and th[lo] == h:
                inter += 1
        o[i] = inter / <double>(nd if nd > nt else nt)
    return out
