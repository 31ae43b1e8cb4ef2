# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Block text statistics in one C pass over each block's characters (and the other per-block
counts of the features: `str.split` word counts, title-word overlap, container sums).

Why: `textstats.text_stats` builds per-character numpy arrays (UTF-32 copy, class lookup,
masks, reduceat) and `stopword_density` runs a regex and a Python loop per block; together
they were about half of the feature time of a page. Here every count is taken in one loop
over the string's code points, with the same character tables `text_stats` uses (passed in
as arrays, so there is one definition of every class), and the results are identical:
the loader in `textstats` checks this against the numpy/regex path on a probe at first use, and
`tests/test_compiled.py` on random strings.

Columns of the returned float64 array (see `STAT_COLUMNS` in textstats): chars, words,
word_chars, letters, uppers, digits, puncts, sentences, separators, terminal, stop_density.
"""
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER
from libc.stdlib cimport qsort
from libc.string cimport memchr
from provenance._pep393 cimport UCS1, UCS2, lower_simple, uchar

import numpy as np

cdef enum:
    LETTER_BIT = 1
    UPPER_BIT = 2
    DIGIT_BIT = 4
    PUNCT_BIT = 8
    SPACE_BIT = 16
    TERM_BIT = 32
    SEP_BIT = 64
    SELF_TERM_BIT = 128
    N_COLS = 11


cdef unsigned char _TERMINAL[0x10000]  # lexicon.scripts.TERMINAL (BMP only), set by `configure`


cdef inline bint _is_terminal(Py_UCS4 c) noexcept:
    return c <= 0xFFFF and _TERMINAL[c]


cdef unsigned char _W_TABLE[0x10000]   # a word character (lexicon.scripts.WORD) of every BMP code point
cdef Py_UCS4 _ASTRAL_MARKS[2 * 512]    # (first, last) of the combining-mark ranges above the BMP
cdef Py_ssize_t _N_ASTRAL_MARKS = 0


cdef void _fill_word_table() noexcept:
    # one byte per character in the loops below instead of four Unicode-table questions;
    # `configure` adds the combining marks
    cdef Py_UCS4 c
    for c in range(0x10000):
        _W_TABLE[c] = Py_UNICODE_ISALNUM(c) or c == u'_'


_fill_word_table()


def configure(str terminal, list mark_ranges):
    """Set what lexicon.scripts defines: the characters that end a block like prose, and the
    combining marks, which are word characters (a vowel sign is part of its word). Called by
    the loader before its probe."""
    global _N_ASTRAL_MARKS
    cdef Py_UCS4 c
    cdef Py_ssize_t k = 0
    for c in range(0x10000):
        _TERMINAL[c] = 0
    for ch in terminal:
        if ord(ch) <= 0xFFFF:
            _TERMINAL[ord(ch)] = 1
    for a, b in mark_ranges:
        for c in range(a, min(b, 0xFFFF) + 1):
            _W_TABLE[c] = 1
        if b > 0xFFFF and k < 512:
            _ASTRAL_MARKS[2 * k] = max(a, 0x10000)
            _ASTRAL_MARKS[2 * k + 1] = b
            k += 1
    _N_ASTRAL_MARKS = k

cdef unsigned char _SPACE_LATIN1[256]    # str.isspace of the first 256 code points
for _c in range(256):
    _SPACE_LATIN1[_c] = Py_UNICODE_ISSPACE(<Py_UCS4>_c)


cdef inline bint _is_w(Py_UCS4 c) noexcept:
    # a character of lexicon.scripts.WORD: `\w` of Python's re, or a combining mark
    cdef Py_ssize_t k
    if c <= 0xFFFF:
        return _W_TABLE[c]
    if Py_UNICODE_ISALNUM(c):
        return 1
    for k in range(_N_ASTRAL_MARKS):
        if _ASTRAL_MARKS[2 * k] <= c <= _ASTRAL_MARKS[2 * k + 1]:
            return 1
    return 0


cdef extern from "Python.h":
    # PEP 393 access: a str's storage kind (1, 2 or 4 bytes a code point) and buffer, read
    # directly instead of through an indexing call per character
    int PyUnicode_KIND(object o)
    void *PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil
    bint PyUnicode_IS_ASCII(object o)


cdef unsigned long long FNV_OFFSET = 1469598103934665603ULL, FNV_PRIME = 1099511628211ULL


cdef inline unsigned long long _hash_str(str w):
    cdef unsigned long long h = FNV_OFFSET
    cdef Py_UCS4 c
    for c in w:
        h = (h ^ <unsigned long long>c) * FNV_PRIME
    return h


cdef inline bint _in_sorted(const unsigned long long[::1] a, unsigned long long h) noexcept:
    # is h in sorted `a`? (a binary search for the first value not below h)
    cdef Py_ssize_t lo = 0, hi = a.shape[0], mid
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < h:
            lo = mid + 1
        else:
            hi = mid
    return lo < a.shape[0] and a[lo] == h


cdef Py_UCS4 _LOWER_LATIN1[256]          # Py_UNICODE_TOLOWER below U+0100 (all stay below it)
for _c in range(256):
    _LOWER_LATIN1[_c] = lower_simple(<Py_UCS4>_c)


cdef inline unsigned long long _latin_slot(unsigned long long key, int bits) noexcept:
    # a word of one-byte characters, its bytes packed (at most 8, none zero: an exact key),
    # → its slot in the open-addressing table of 2**bits stopword keys (Fibonacci hashing)
    return (key * 0x9E3779B97F4A7C15ULL) >> (64 - bits)


def _stopword_table(frozenset stopwords):
    """(every stopword's hash sorted, its offsets into, its code points, an open-addressing
    table from hash to the first of them, -1 where empty; the one-byte stopwords of at most 8
    characters as packed keys, in an open-addressing table, 0 where empty) of a stopword set,
    for `StopSet` and `_row_latin1`."""
    words = sorted(stopwords, key=_hash_str)
    hashes = np.array([_hash_str(w) for w in words], dtype=np.uint64)
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(w) for w in words])
    chars = np.array([ord(ch) for w in words for ch in w], dtype=np.uint32)
    size = 64
    while size < 4 * len(words):
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    for k in range(len(words) - 1, -1, -1):          # the first word of a hash is stored last
        i = _slot(hashes[k], size - 1)
        while slots[i] >= 0 and hashes[slots[i]] != hashes[k]:
            i = (i + 1) & (size - 1)
        slots[i] = k
    short = [w for w in words if len(w) <= 8 and max(map(ord, w)) < 256]
    bits = 11
    while (1 << bits) < 4 * len(short):            # at most a quarter full: short probe runs
        bits += 1
    latin = np.zeros(1 << bits, dtype=np.uint64)  # the packed keys, slot by `_latin_slot`
    for w in short:
        key = 0
        for ch in w:
            key = (key << 8) | ord(ch)
        i = _latin_slot(key, bits)
        while latin[i] != 0 and latin[i] != key:
            i = (i + 1) & ((1 << bits) - 1)
        latin[i] = key
    return hashes, offsets, chars, slots, latin, bits


cdef struct StopSet:
    unsigned long long bloom[64]             # a 4,096-bit filter: most words fail one bit test
    const long long *slots                   # hash → index of its first word (see _stopword_table)
    unsigned long long mask
    const unsigned long long *hashes         # every stopword's hash, sorted
    const long long *offsets                 # word k is chars[offsets[k]:offsets[k + 1]]
    const Py_UCS4 *chars
    Py_ssize_t n
    const unsigned long long *latin          # one-byte stopwords' packed keys (see _latin_slot)
    int latin_bits                           # that table has 2**latin_bits slots


cdef inline unsigned long long _slot(unsigned long long h, unsigned long long mask) noexcept:
    return (h ^ (h >> 32)) & mask


cdef StopSet _stop_set(tuple table):
    # the C view of a `_stopword_table` (which the caller keeps alive)
    cdef StopSet st
    cdef const unsigned long long[::1] hashes = table[0]
    cdef const long long[::1] offsets = table[1]
    cdef const Py_UCS4[::1] chars = table[2]
    cdef const long long[::1] slots = table[3]
    cdef const unsigned long long[::1] latin = table[4]
    cdef Py_ssize_t k
    for k in range(64):
        st.bloom[k] = 0
    for k in range(hashes.shape[0]):
        st.bloom[(hashes[k] >> 20) & 63] |= 1ULL << ((hashes[k] >> 26) & 63)
    st.n = hashes.shape[0]
    st.hashes = &hashes[0] if st.n else NULL
    st.offsets = &offsets[0]
    st.chars = &chars[0] if chars.shape[0] else NULL
    st.slots = &slots[0]
    st.mask = slots.shape[0] - 1
    st.latin = &latin[0]
    st.latin_bits = table[5]
    return st


cdef inline Py_ssize_t _stop_first(const StopSet *st, unsigned long long h) noexcept:
    # the index of the first stopword with hash h, or -1
    if not st.bloom[(h >> 20) & 63] & (1ULL << ((h >> 26) & 63)):
        return -1
    cdef unsigned long long i = _slot(h, st.mask)
    while st.slots[i] >= 0:
        if st.hashes[st.slots[i]] == h:
            return st.slots[i]
        i = (i + 1) & st.mask
    return -1


cdef inline Py_UCS4 _lower_at(const uchar *p, Py_ssize_t j) noexcept:
    # lower_simple of p[j], from a table for one-byte strings
    if uchar is UCS1:
        return _LOWER_LATIN1[p[j]]
    else:
        return lower_simple(p[j])


cdef inline bint _is_stopword(const StopSet *st, unsigned long long h, const uchar *p,
                              Py_ssize_t start, Py_ssize_t run) noexcept:
    # is the lower-cased p[start:start + run] (hash h) a stopword? Each stopword with hash h
    # is compared character by character: no str is made
    cdef Py_ssize_t k = _stop_first(st, h), q
    if k < 0:
        return 0
    while k < st.n and st.hashes[k] == h:
        if st.offsets[k + 1] - st.offsets[k] == run:
            q = 0
            while q < run and _lower_at(p, start + q) == st.chars[st.offsets[k] + q]:
                q += 1
            if q == run:
                return 1
        k += 1
    return 0


cdef void _text_row(const uchar *p, Py_ssize_t L, Py_ssize_t sl, const unsigned char *classes,
                    const unsigned char *scripts, bint latin1_scripts, const StopSet *stops,
                    int stop_maxlen, long long *row, double *o, bint *special) noexcept:
    """One row of `block_stats` (o: the N_COLS stats, row: the script counts) for the L code
    points at p, stopwords counted in the first sl of them. The counts are added without
    branches (a word start too: a word character after one that is not); for one-byte
    strings whose script ids are 0 or 1 (`latin1_scripts`: Latin is the only script below
    U+0100) the Latin count is kept in a register, not incremented in memory per character."""
    cdef Py_ssize_t j, run = 0
    cdef Py_UCS4 c, nx, lc
    cdef unsigned int cl, w, prev = 0
    cdef long words = 0, wchars = 0, letters = 0, uppers = 0, digits = 0, puncts = 0
    cdef long sents = 0, seps = 0, nw = 0, nstop = 0, latin = 0
    cdef unsigned long long h = FNV_OFFSET
    for j in range(L):
        c = p[j]
        if uchar is not UCS1:
            if 0xD800 <= c < 0xE000:
                c = u'?'
        if j < sl:
            if uchar is UCS1:
                lc = _LOWER_LATIN1[c]
            else:
                lc = lower_simple(c)
                if c == 0x130 or c == 0x3A3:
                    special[0] = 1
            if _is_w(lc):
                run += 1
                h = (h ^ <unsigned long long>lc) * FNV_PRIME
            elif run:
                nw += 1
                if run <= stop_maxlen and _is_stopword(stops, h, p, j - run, run):
                    nstop += 1
                run = 0
                h = FNV_OFFSET
        if uchar is Py_UCS4:
            if c > 0xFFFF:
                cl = LETTER_BIT
            else:
                cl = classes[c]
                row[scripts[c]] += 1
        elif uchar is UCS2:
            cl = classes[c]
            row[scripts[c]] += 1
        else:
            cl = classes[c]
            if latin1_scripts:
                latin += scripts[c]
            else:
                row[scripts[c]] += 1
        w = (cl & (LETTER_BIT | DIGIT_BIT)) != 0
        wchars += w
        words += w & (prev ^ 1)
        prev = w
        letters += cl & LETTER_BIT
        uppers += (cl >> 1) & 1
        digits += (cl >> 2) & 1
        puncts += (cl >> 3) & 1
        seps += (cl >> 6) & 1
        if cl & TERM_BIT:
            if j + 1 == L or cl & SELF_TERM_BIT:
                sents += 1
            else:
                nx = p[j + 1]
                if uchar is not UCS1:
                    if 0xD800 <= nx < 0xE000:
                        nx = u'?'
                if nx <= 0xFFFF and classes[nx] & SPACE_BIT:
                    sents += 1
    if run:                                 # a word running to the sl-th character
        nw += 1
        if run <= stop_maxlen and _is_stopword(stops, h, p, sl - run, run):
            nstop += 1
    # " - " as str.count counts it (non-overlapping, left to right)
    j = 0
    while j + 2 < L:
        if p[j + 1] == u'-' and p[j] == u' ' and p[j + 2] == u' ':
            seps += 1
            j += 3
        else:
            j += 1
    if uchar is UCS1:
        row[1] += latin
    o[0] = L
    o[1] = words
    o[2] = wchars
    o[3] = letters
    o[4] = uppers
    o[5] = digits
    o[6] = puncts
    o[7] = sents
    o[8] = seps
    o[9] = 1.0 if L and _is_terminal(p[L - 1]) else 0.0
    o[10] = nstop / <double>nw if nw else 0.0


cdef void _row_latin1(const UCS1 *p, Py_ssize_t L, Py_ssize_t sl, const unsigned long long *pack,
                      const unsigned char *flags, const StopSet *stops, int stop_maxlen,
                      unsigned long long *keys, unsigned char *runs, long long *row, double *o) noexcept:
    """`_text_row` of a one-byte string whose script ids are 0 or 1 (Latin), for stop_maxlen
    at most 8. Per character, one add of `pack[c]` counts letters, upper case, digits,
    punctuation, separators and Latin in 10-bit fields (emptied every 1,023 characters), and
    `flags[c]` says word character (1) and sentence end (2). Stopwords: a first pass over
    the first sl characters, without branches, writes each word's lower-cased bytes packed
    into one integer (exact for up to 8) and its length; each word of at most stop_maxlen
    characters is then looked up in the table of packed stopwords."""
    cdef Py_ssize_t j, nw = 0, k, next_free = 0
    cdef const UCS1 *q
    cdef unsigned long long acc = 0, key = 0, i
    cdef unsigned int f, w, prev = 0, run = 0, lc
    cdef long words = 0, sents = 0, nstop = 0, seps = 0
    cdef long fields[6]
    for k in range(6):
        fields[k] = 0
    for j in range(L):
        acc += pack[p[j]]
        f = flags[p[j]]
        w = f & 1
        words += w & (prev ^ 1)
        prev = w
        if f & 2:                            # a sentence end: at the end, or before a space
            if j + 1 == L or flags[p[j + 1]] & 4:
                sents += 1
        if (j & 1023) == 1023:
            for k in range(6):
                fields[k] += (acc >> (10 * k)) & 1023
            acc = 0
    for k in range(6):
        fields[k] += (acc >> (10 * k)) & 1023
    # stopwords: (packed key, length) of every word in the first sl characters
    for j in range(sl):
        lc = <unsigned int>_LOWER_LATIN1[p[j]]
        w = _W_TABLE[lc]
        keys[nw] = key
        runs[nw] = run if run < 255 else 255
        nw += (w ^ 1) & (run != 0)                # a word ended before j
        key = ((key << 8) | lc) & (0ULL - w)
        run = (run + 1) & (0U - w)
    if run:
        keys[nw] = key
        runs[nw] = run if run < 255 else 255
        nw += 1
    for k in range(nw):
        key = keys[k] if runs[k] <= stop_maxlen else 0
        i = _latin_slot(key, stops.latin_bits)
        while stops.latin[i] != 0 and stops.latin[i] != key:
            i = (i + 1) & ((1ULL << stops.latin_bits) - 1)
        nstop += (stops.latin[i] == key) & (key != 0)
    # " - " as str.count counts it (non-overlapping, left to right), from each "-" memchr finds
    j = 1
    while j < L - 1:
        q = <const UCS1 *>memchr(p + j, ord("-"), L - 1 - j)
        if q == NULL:
            break
        k = q - p
        if p[k - 1] == ord(" ") and p[k + 1] == ord(" ") and k - 1 >= next_free:
            seps += 1
            next_free = k + 2
        j = k + 1
    row[1] += fields[5]
    o[0] = L
    o[1] = words
    o[2] = fields[0] + fields[2]            # letters and digits are the word characters
    o[3] = fields[0]
    o[4] = fields[1]
    o[5] = fields[2]
    o[6] = fields[3]
    o[7] = sents
    o[8] = fields[4] + seps
    o[9] = 1.0 if L and _is_terminal(p[L - 1]) else 0.0
    o[10] = nstop / <double>nw if nw else 0.0


cdef class _Tables:
    """What `block_stats` derives from its tables and stopword set, kept for the next calls
    with the same objects (one per stopword set: pages of several languages alternate)."""
    cdef object classes_arr, scripts_arr, stopwords, stop_table
    cdef StopSet stops
    cdef bint latin1_scripts
    cdef unsigned long long pack[256]       # for _row_latin1: each one-byte character's
    cdef unsigned char flags[256]           # packed counts and flags

    def __init__(self, classes_arr, scripts_arr, frozenset stopwords):
        cdef const unsigned char[::1] classes = classes_arr
        cdef const unsigned char[::1] scripts = scripts_arr
        cdef Py_ssize_t j
        cdef unsigned char b
        self.classes_arr, self.scripts_arr, self.stopwords = classes_arr, scripts_arr, stopwords
        self.stop_table = _stopword_table(stopwords)
        self.stops = _stop_set(self.stop_table)
        self.latin1_scripts = 1
        for j in range(256):
            if scripts[j] > 1:
                self.latin1_scripts = 0
            b = classes[j]
            self.pack[j] = ((b & LETTER_BIT) != 0) | (<unsigned long long>((b & UPPER_BIT) != 0) << 10) \
                | (<unsigned long long>((b & DIGIT_BIT) != 0) << 20) | (<unsigned long long>((b & PUNCT_BIT) != 0) << 30) \
                | (<unsigned long long>((b & SEP_BIT) != 0) << 40) | (<unsigned long long>(scripts[j] == 1) << 50)
            self.flags[j] = ((b & (LETTER_BIT | DIGIT_BIT)) != 0) | (2 if b & TERM_BIT else 0) | (4 if b & SPACE_BIT else 0)


cdef dict _TABLES = {}      # by the identities of (classes, scripts, stopwords): one per language


def block_stats(list texts, classes_arr, scripts_arr, int n_scripts, frozenset stopwords,
                int stop_maxlen, int stop_limit):
    """(stats, script_counts) of every text: stats as float64 (n, N_COLS), script_counts as
    int64 (n, n_scripts) with column 0 (no tracked script) zeroed. `classes` and `scripts`
    give the class bits and script id of every BMP code point; code points above the BMP are
    letters of no script, lone surrogates count as "?" (what UTF-32 encoding with
    errors="replace" makes of them in `text_stats`). A word is looked up in `stopwords` only
    when its hash is one of theirs (so most words never become str objects).

    Stopwords are counted in the first stop_limit characters lower-cased, in the same pass: a
    character's lower case is Py_UNICODE_TOLOWER's but for İ (two characters) and Σ (final
    sigma depends on the next character); with either, that count is redone on
    `t[:stop_limit].lower()` as `stopword_density` does it."""
    cdef Py_ssize_t n = len(texts), i, j, L, m, run
    out = np.zeros((n, N_COLS), dtype=np.float64)
    sc = np.zeros((n, n_scripts), dtype=np.int64)
    cdef double[:, ::1] o = out
    cdef long long[:, ::1] s = sc
    key = (id(classes_arr), id(scripts_arr), id(stopwords))
    cdef _Tables tables = _TABLES.get(key)
    if tables is None or not (tables.classes_arr is classes_arr and tables.scripts_arr is scripts_arr
                              and tables.stopwords is stopwords):
        if len(_TABLES) >= 64:
            _TABLES.clear()
        tables = _TABLES[key] = _Tables(classes_arr, scripts_arr, stopwords)
    cdef const unsigned char[::1] classes = classes_arr
    cdef const unsigned char[::1] scripts = scripts_arr
    cdef bint latin1_scripts = tables.latin1_scripts
    cdef bint latin1_row = latin1_scripts and stop_maxlen <= 8
    cdef StopSet *stops = &tables.stops
    keys_arr = np.empty(max(stop_limit, 0) // 2 + 2, dtype=np.uint64)
    runs_arr = np.empty(max(stop_limit, 0) // 2 + 2, dtype=np.uint8)
    cdef unsigned long long[::1] keys = keys_arr
    cdef unsigned char[::1] runs = runs_arr
    cdef str t, low
    cdef int kind
    cdef void *data
    cdef Py_UCS4 c
    cdef unsigned long long h
    cdef long nw, nstop
    cdef bint special
    for i in range(n):
        t = texts[i]
        L = len(t)
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        special = 0
        m = L if L < stop_limit else stop_limit
        if kind == 1 and latin1_row:
            _row_latin1(<const UCS1 *>data, L, m, tables.pack, tables.flags, stops, stop_maxlen, &keys[0], &runs[0],
                        &s[i, 0], &o[i, 0])
        elif kind == 1:
            _text_row(<const UCS1 *>data, L, m, &classes[0], &scripts[0], latin1_scripts, stops,
                      stop_maxlen, &s[i, 0], &o[i, 0], &special)
        elif kind == 2:
            _text_row(<const UCS2 *>data, L, m, &classes[0], &scripts[0], latin1_scripts, stops,
                      stop_maxlen, &s[i, 0], &o[i, 0], &special)
        else:
            _text_row(<const Py_UCS4 *>data, L, m, &classes[0], &scripts[0], latin1_scripts, stops,
                      stop_maxlen, &s[i, 0], &o[i, 0], &special)
        s[i, 0] = 0                             # column 0, no tracked script, is not reported
        if special:
            # stopword density of the first stop_limit characters, lower-cased (`\w+` words)
            low = t[:stop_limit].lower()
            m = len(low)
            kind = PyUnicode_KIND(low)
            data = PyUnicode_DATA(low)
            nw = nstop = 0
            run = 0
            h = FNV_OFFSET
            for j in range(m + 1):
                if j < m:
                    c = PyUnicode_READ(kind, data, j)
                    if _is_w(c):
                        run += 1
                        h = (h ^ <unsigned long long>c) * FNV_PRIME
                        continue
                if run:
                    nw += 1
                    if run <= stop_maxlen and _stop_first(stops, h) >= 0 and low[j - run:j] in stopwords:
                        nstop += 1
                    run = 0
                    h = FNV_OFFSET
            o[i, 10] = nstop / <double>nw if nw else 0.0
    return out, sc



# -- title overlap -------------------------------------------------------------------------
cdef unsigned long long _hash_lower_run(str t, Py_ssize_t a, Py_ssize_t b):
    """FNV-1a of t[a:b].lower(): code point by code point with the simple lower-case mapping,
    which equals str.lower except for U+0130 (two code points) and Σ (final-sigma rule);
    a run with either is lowered by str.lower itself."""
    cdef Py_ssize_t j
    cdef Py_UCS4 c
    cdef unsigned long long h = FNV_OFFSET
    cdef int kind = PyUnicode_KIND(t)
    cdef void *data = PyUnicode_DATA(t)
    for j in range(a, b):
        c = PyUnicode_READ(kind, data, j)
        if c == 0x130 or c == 0x3A3:
            return _hash_str(t[a:b].lower())
        h = (h ^ <unsigned long long>Py_UNICODE_TOLOWER(c)) * FNV_PRIME
    return h


cdef int _cmp_u64(const void *a, const void *b) noexcept nogil:
    cdef unsigned long long x = (<const unsigned long long *>a)[0], y = (<const unsigned long long *>b)[0]
    return (x > y) - (x < y)


def word_overlap_counts(list texts, list title_words, Py_ssize_t max_chars):
    """For every text shorter than `max_chars`: (its distinct lower-cased `\\w+` words, how
    many of them are among the lower-cased `title_words`), as int64 (n, 2); (0, 0) for longer
    texts. Words are compared by 64-bit FNV-1a hashes of their lower-cased code points."""
    cdef Py_ssize_t n = len(texts), i, j, L, run, nh, nd, inter, longest = 1
    out = np.zeros((n, 2), dtype=np.int64)
    cdef long long[:, ::1] o = out
    th_arr = np.array(sorted({_hash_str(w.lower()) for w in title_words}), dtype=np.uint64)
    cdef const unsigned long long[::1] th = th_arr
    cdef str t
    for i in range(n):
        L = len(<str>texts[i])
        if longest < L < max_chars:
            longest = L
    buf_arr = np.empty(longest, dtype=np.uint64)        # at most one word per two characters
    cdef unsigned long long[::1] buf = buf_arr
    cdef int kind
    cdef void *data
    for i in range(n):
        t = texts[i]
        L = len(t)
        if L >= max_chars:
            continue
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        nh = 0
        run = 0
        for j in range(L + 1):
            if j < L and _is_w(PyUnicode_READ(kind, data, j)):
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
            if _in_sorted(th, buf[j]):
                inter += 1
        o[i, 0] = nd
        o[i, 1] = inter
    return out


cdef Py_ssize_t _split_count(const uchar *p, Py_ssize_t L) noexcept:
    # len(str.split()) of the L code points at p (one byte a character: isspace from a table)
    cdef Py_ssize_t j, count = 0
    cdef bint inside = False, space
    for j in range(L):
        if uchar is UCS1:
            space = _SPACE_LATIN1[p[j]]
        else:
            space = Py_UNICODE_ISSPACE(p[j])
        if space:
            inside = False
        elif not inside:
            inside = True
            count += 1
    return count


def split_counts(list texts):
    """len(t.split()) of every text, as int64, without building the lists."""
    cdef Py_ssize_t n = len(texts), i
    out = np.zeros(n, dtype=np.int64)
    cdef long long[::1] o = out
    cdef str t
    cdef int kind
    cdef void *data
    for i in range(n):
        t = texts[i]
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        if kind == 1:
            o[i] = _split_count(<const UCS1 *>data, len(t))
        elif kind == 2:
            o[i] = _split_count(<const UCS2 *>data, len(t))
        else:
            o[i] = _split_count(<const Py_UCS4 *>data, len(t))
    return out


def region_counts(list ancestors, const double[:] chars, const double[:] words,
                  const double[:] link, double total):
    """`features.BlockFeatures._regions_python` of one page in one pass, except that columns
    6 and 7 hold the containers' block counts (the caller takes their log1p, with numpy's
    log1p, so that every value is bit-identical to the reference). Container sums are added
    in the reference's order (block by block, nearest ancestor first), as np.bincount adds
    them. `ancestors[i]`: block i's container ids, nearest first (negative ids are absent);
    `total`: the page's word count (at least 1), summed by the caller as numpy sums it."""
    cdef Py_ssize_t n = len(ancestors), i, k, size = 0, best = -1, length, k_max = 0
    cdef long long a
    out = np.zeros((n, 11), dtype=np.float64)
    cdef double[:, ::1] o = out
    cdef tuple anc
    for i in range(n):
        anc = ancestors[i]
        length = len(anc)
        if length > k_max:
            k_max = length
        for k in range(length):
            a = anc[k]
            if a + 1 > size:
                size = a + 1
    if k_max == 0:
        return out
    if size == 0:                            # ancestors, but none with an id
        out[:, 10] = 20.0
        return out
    sums = np.zeros((4, size), dtype=np.float64)
    cdef double[:, ::1] acc = sums          # rows: words, link words, blocks, prose score
    cdef double linkw, credit, top = 0.0
    for i in range(n):
        anc = ancestors[i]
        linkw = link[i] / (chars[i] if chars[i] > 1 else 1.0) * words[i]
        # readability-style: a prose paragraph's words credit its nearest containers
        credit = words[i] if (words[i] >= 8 and linkw < 0.3 * words[i]) else 0.0
        for k in range(len(anc)):
            a = anc[k]
            if a < 0:
                continue
            acc[0, a] += words[i]
            acc[1, a] += linkw
            acc[2, a] += 1.0
            if k < 3:
                acc[3, a] += credit / (1.0 + k)
    for a in range(size):
        if acc[3, a] > top:
            top, best = acc[3, a], a
    for i in range(n):
        anc = ancestors[i]
        length = len(anc)
        for k in range(min(3, length)):
            a = anc[k]
            if a < 0:
                continue
            o[i, k] = acc[0, a] / total
            o[i, 3 + k] = acc[1, a] / (acc[0, a] if acc[0, a] > 1 else 1.0)
            if k < 2:
                o[i, 6 + k] = acc[2, a]
        o[i, 10] = 20.0
        if best >= 0:
            o[i, 9] = acc[0, best] / total
            for k in range(length):
                if anc[k] == best:
                    o[i, 8] = 1.0
                    o[i, 10] = k
                    break
    return out