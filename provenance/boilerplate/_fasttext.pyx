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
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER
from libc.stdlib cimport qsort
from libc.string cimport memcpy

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


cdef inline bint _is_terminal(Py_UCS4 c) noexcept:
    # textstats.TERMINAL: .!?。！？…:;"'”’»)
    return (c == u'.' or c == u'!' or c == u'?' or c == 0x3002 or c == 0xFF01 or c == 0xFF1F
            or c == 0x2026 or c == u':' or c == u';' or c == u'"' or c == u"'" or c == 0x201D
            or c == 0x2019 or c == 0xBB or c == u')')


cdef unsigned char _W_TABLE[0x10000]   # `\w` of every BMP code point, filled at import


cdef void _fill_word_table() noexcept:
    # one byte per character in the loops below instead of four Unicode-table questions
    cdef Py_UCS4 c
    for c in range(0x10000):
        _W_TABLE[c] = Py_UNICODE_ISALNUM(c) or c == u'_'


_fill_word_table()

cdef unsigned char _SPACE_LATIN1[256]    # str.isspace of the first 256 code points
for _c in range(256):
    _SPACE_LATIN1[_c] = Py_UNICODE_ISSPACE(<Py_UCS4>_c)


cdef inline bint _is_w(Py_UCS4 c) noexcept:
    # the `\w` of Python's re for str patterns
    if c <= 0xFFFF:
        return _W_TABLE[c]
    return Py_UNICODE_ISALNUM(c)


cdef extern from "Python.h":
    # PEP 393 access: a str's storage kind (1, 2 or 4 bytes a code point) and buffer, read
    # directly instead of through an indexing call per character
    int PyUnicode_KIND(object o)
    void *PyUnicode_DATA(object o)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil


cdef unsigned long long FNV_OFFSET = 1469598103934665603ULL, FNV_PRIME = 1099511628211ULL


cdef inline unsigned long long _hash_str(str w):
    cdef unsigned long long h = FNV_OFFSET
    cdef Py_UCS4 c
    for c in w:
        h = (h ^ <unsigned long long>c) * FNV_PRIME
    return h


cdef inline Py_ssize_t _lower_bound(const unsigned long long[::1] a, unsigned long long h) noexcept:
    # the first index of sorted `a` whose value is not below h
    cdef Py_ssize_t lo = 0, hi = a.shape[0], mid
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < h:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef inline bint _in_sorted(const unsigned long long[::1] a, unsigned long long h) noexcept:
    cdef Py_ssize_t lo = _lower_bound(a, h)
    return lo < a.shape[0] and a[lo] == h


cdef inline bint _maybe_stop(const unsigned long long *bloom, const unsigned long long[::1] hashes,
                             unsigned long long h) noexcept:
    # the 4,096-bit filter, then the sorted hashes (the str comparison is the caller's)
    return bloom[(h >> 20) & 63] & (1ULL << ((h >> 26) & 63)) and _in_sorted(hashes, h)


cdef inline Py_UCS4 _lower_simple(Py_UCS4 c) noexcept:
    # str.lower of one character that is neither İ nor Σ (see block_stats)
    if c < 128:
        return <Py_UCS4>(<unsigned int>c + 32) if 65 <= c <= 90 else c
    return Py_UNICODE_TOLOWER(c)


cdef bint _is_stopword(const unsigned long long[::1] hashes, const long long[::1] offsets,
                       const Py_UCS4[::1] chars, unsigned long long h, int kind, void *data,
                       Py_ssize_t start, Py_ssize_t run) noexcept:
    # is the lower-cased text[start:start + run] (hash h) a stopword? Each stopword with hash
    # h (sorted with the hashes) is compared character by character: no str is made
    cdef Py_ssize_t k = _lower_bound(hashes, h), q
    while k < hashes.shape[0] and hashes[k] == h:
        if offsets[k + 1] - offsets[k] == run:
            q = 0
            while q < run and _lower_simple(PyUnicode_READ(kind, data, start + q)) == chars[offsets[k] + q]:
                q += 1
            if q == run:
                return 1
        k += 1
    return 0


_STOP_HASHES = {}


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
    copies: characters are lower-cased one by one as in `block_stats`, and a text with İ or Σ
    among its first `limit` characters is lower-cased by str.lower instead. Either way a
    character takes at most 4 bytes (İ lower-cases to 3), which is the room reserved."""
    cdef Py_ssize_t n = len(texts), i, j, L, total = 0, pos = 0
    cdef str t
    cdef bytes low
    cdef int kind
    cdef void *data
    cdef Py_UCS4 c
    for i in range(n):
        L = len(<str>texts[i])
        total += (L if L < limit else limit) * 4 + 1
    buf = bytearray(total)
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
        for j in range(L):
            c = PyUnicode_READ(kind, data, j)
            if c == 0x130 or c == 0x3A3:
                low = t[:limit].lower().encode("utf-8", "surrogatepass")
                memcpy(&out[st[i]], <const char *>low, len(low))
                pos = st[i] + len(low)
                break
            pos = _put_utf8(out, pos, _lower_simple(c))
        if i + 1 < n:
            out[pos] = 0
            pos += 1
    del buf[pos:]
    return buf, starts


def lowercase_exceptions():
    """The code points whose `str.lower` is not the one character `_lower_simple` gives
    (expected: İ alone; Σ's depends on its context). For the tests."""
    cdef Py_UCS4 c
    out = []
    for c in range(0x110000):
        if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(_lower_simple(c)):
            out.append(<long>c)
    return out


def _stopword_table(frozenset stopwords):
    """(distinct sorted hashes, every stopword's hash sorted, its offsets into, its code
    points) of a stopword set, for `_maybe_stop` and `_is_stopword`."""
    words = sorted(stopwords, key=_hash_str)
    hashes = np.array([_hash_str(w) for w in words], dtype=np.uint64)
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(w) for w in words])
    chars = np.array([ord(ch) for w in words for ch in w], dtype=np.uint32)
    return np.unique(hashes), hashes, offsets, chars


def block_stats(list texts, const unsigned char[::1] classes, const unsigned char[::1] scripts,
                int n_scripts, frozenset stopwords, int stop_maxlen, int stop_limit):
    """(stats, script_counts) of every text: stats as float64 (n, N_COLS), script_counts as
    int64 (n, n_scripts) with column 0 (no tracked script) zeroed. `classes` and `scripts`
    give the class bits and script id of every BMP code point; code points above the BMP are
    letters of no script, lone surrogates count as "?" (what UTF-32 encoding with
    errors="replace" makes of them in `text_stats`). A word is looked up in `stopwords` only
    when its hash is one of theirs (so most words never become str objects)."""
    cdef Py_ssize_t n = len(texts), i, j, L, m, run
    out = np.zeros((n, N_COLS), dtype=np.float64)
    sc = np.zeros((n, n_scripts), dtype=np.int64)
    cdef double[:, ::1] o = out
    cdef long long[:, ::1] s = sc
    stop_arr = _STOP_HASHES.get(id(stopwords))
    if stop_arr is None or stop_arr[0] is not stopwords:       # hashed once per stopword set
        stop_arr = _STOP_HASHES[id(stopwords)] = (stopwords,) + _stopword_table(stopwords)
    cdef const unsigned long long[::1] stop_hashes = stop_arr[1]
    cdef const unsigned long long[::1] word_hashes = stop_arr[2]
    cdef const long long[::1] word_offsets = stop_arr[3]
    cdef const Py_UCS4[::1] word_chars = stop_arr[4]
    # a 4,096-bit filter over the stopword hashes: most words are rejected by one bit test
    cdef unsigned long long bloom[64]
    cdef Py_ssize_t b
    for b in range(64):
        bloom[b] = 0
    for b in range(stop_hashes.shape[0]):
        bloom[(stop_hashes[b] >> 20) & 63] |= 1ULL << ((stop_hashes[b] >> 26) & 63)
    cdef long long[::1] row
    cdef str t, low
    cdef int kind
    cdef void *data
    cdef Py_UCS4 c, nx, lc
    cdef unsigned char cl, prev_word
    cdef unsigned long long h
    cdef long words, wchars, letters, uppers, digits, puncts, sents, seps, nw, nstop
    cdef Py_ssize_t sl
    cdef bint special
    for i in range(n):
        t = texts[i]
        L = len(t)
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        row = s[i]
        words = wchars = letters = uppers = digits = puncts = sents = seps = 0
        prev_word = 0
        # stopwords of the first stop_limit characters, lower-cased, in the same pass: a
        # character's lower case is Py_UNICODE_TOLOWER's but for İ (two characters) and Σ
        # (final sigma depends on the next character); with either, the pass below is redone
        # on `t[:stop_limit].lower()` as `stopword_density` does it
        sl = L if L < stop_limit else stop_limit
        special = 0
        nw = nstop = 0
        run = 0
        h = FNV_OFFSET
        for j in range(L):
            c = PyUnicode_READ(kind, data, j)
            if 0xD800 <= c < 0xE000:
                c = u'?'
            if j < sl:
                lc = _lower_simple(c)
                if c == 0x130 or c == 0x3A3:
                    special = 1
                if _is_w(lc):
                    run += 1
                    h = (h ^ <unsigned long long>lc) * FNV_PRIME
                elif run:
                    nw += 1
                    if run <= stop_maxlen and _maybe_stop(bloom, stop_hashes, h) and _is_stopword(
                            word_hashes, word_offsets, word_chars, h, kind, data, j - run, run):
                        nstop += 1
                    run = 0
                    h = FNV_OFFSET
            if c > 0xFFFF:
                cl = LETTER_BIT
            else:
                cl = classes[c]
                row[scripts[c]] += 1
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
                    nx = PyUnicode_READ(kind, data, j + 1)
                    if 0xD800 <= nx < 0xE000:
                        nx = u'?'
                    if nx <= 0xFFFF and classes[nx] & SPACE_BIT:
                        sents += 1
        if run:                                 # a word running to the stop_limit-th character
            nw += 1
            if run <= stop_maxlen and _maybe_stop(bloom, stop_hashes, h) and _is_stopword(
                    word_hashes, word_offsets, word_chars, h, kind, data, sl - run, run):
                nstop += 1
        # " - " as str.count counts it (non-overlapping, left to right)
        j = 0
        while j + 2 < L:
            if PyUnicode_READ(kind, data, j) == u' ' and PyUnicode_READ(kind, data, j + 1) == u'-' \
                    and PyUnicode_READ(kind, data, j + 2) == u' ':
                seps += 1
                j += 3
            else:
                j += 1
        row[0] = 0                              # column 0, no tracked script, is not reported
        o[i, 0] = L
        o[i, 1] = words
        o[i, 2] = wchars
        o[i, 3] = letters
        o[i, 4] = uppers
        o[i, 5] = digits
        o[i, 6] = puncts
        o[i, 7] = sents
        o[i, 8] = seps
        o[i, 9] = 1.0 if L and _is_terminal(PyUnicode_READ(kind, data, L - 1)) else 0.0
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
                    if run <= stop_maxlen and _maybe_stop(bloom, stop_hashes, h) and low[j - run:j] in stopwords:
                        nstop += 1
                    run = 0
                    h = FNV_OFFSET
        o[i, 10] = nstop / <double>nw if nw else 0.0
    return out, sc


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


def split_counts(list texts):
    """len(t.split()) of every text, as int64, without building the lists."""
    cdef Py_ssize_t n = len(texts), i, j, L, count
    out = np.zeros(n, dtype=np.int64)
    cdef long long[::1] o = out
    cdef str t
    cdef int kind
    cdef void *data
    cdef const unsigned char *latin1
    cdef bint inside
    for i in range(n):
        t = texts[i]
        L = len(t)
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        count = 0
        inside = False
        if kind == 1:       # one byte a character: no per-character dispatch on the kind
            latin1 = <const unsigned char *> data
            for j in range(L):
                if _SPACE_LATIN1[latin1[j]]:
                    inside = False
                elif not inside:
                    inside = True
                    count += 1
        else:
            for j in range(L):
                if Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
                    inside = False
                elif not inside:
                    inside = True
                    count += 1
        o[i] = count
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
