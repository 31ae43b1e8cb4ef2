# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""py3langid's classifier in C: the byte DFA walk and the naive-Bayes scoring.

py3langid walks a text's UTF-8 bytes through a DFA (`visit_counts`, a Python loop per byte),
counts the features the states it passes emit, and scores each language as
`log1p(counts) @ nb_ptc[features] + nb_pc` in float32 (nb_ptc float16). `Model.features`
is the same walk in C and returns the same features in the same order (the order a `Counter`
keeps: first occurrence) with the same counts.

`Model.classify_many` also scores in C: one row of float16 log-probabilities per distinct
feature, converted and multiplied-added in float32 (8 columns at a time with AVX2/F16C/FMA on
x86-64 processors that have them, a table conversion elsewhere). Its sums are not added in
the order numpy's matmul (OpenBLAS) adds them, so a score can differ from py3langid's in its
last bits; the winner is only taken from here when it cannot be a different one. Both
computations are float32 sums of n products of the same numbers (log1p of the same counts,
which may differ by a few ulps), so each is within
`B = gamma(n + 16) * (sum(log1p(counts)) * max|ptc| + max|pc|)` of the exact score, with
`gamma(k) = k u / (1 - k u)` and `u = 2**-24` (the standard bound for a dot product computed
in any order, with or without fused multiply-adds). When the best language's score exceeds
every other language's by more than `4 B` (times 1.01 for the rounding of B), py3langid's
argmax is that language too; otherwise the text is marked ambiguous (-2) and the caller
scores it with py3langid's own numpy expression (`identify._exact_index`). Script aliases
(two columns with one label, e.g. sr) are one language here: the margin is to the best column
of another label, and the answer is the label's first column, as py3langid folds them.

The walk goes through four texts in lockstep (one text's walk is a chain of dependent loads
from a 39 MB table, so its cache misses come one after the other; four independent chains
overlap theirs), recording each text's emitted features, which are then counted in
first-occurrence order. The count uses a per-model scratch array (the position of each
feature in the current text's list); the calls hold the GIL, and a call that finds the scratch
in use (a re-entrant call, or another thread on a free-threaded build) uses a fresh one.
"""
from cpython.unicode cimport Py_UNICODE_ISALPHA
from libc.stdint cimport int32_t, uint16_t, uint32_t, uint8_t
from libc.stdlib cimport calloc, free, malloc
from libc.math cimport log1p

import numpy as np

cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>

    /* the float16 -> float32 table of the portable kernel (filled by the module) */
    static float langid_half_table[65536];

    static void langid_score_generic(const uint16_t *ptc, Py_ssize_t stride, const int32_t *feats,
                                     const float *x, Py_ssize_t n, float *acc) {
        Py_ssize_t i, c;
        memset(acc, 0, sizeof(float) * stride);
        for (i = 0; i < n; i++) {
            const uint16_t *r = ptc + (Py_ssize_t)feats[i] * stride;
            float xi = x[i];
            for (c = 0; c < stride; c++)
                acc[c] += xi * langid_half_table[r[c]];
        }
    }

    #if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
    #include <immintrin.h>
    #include <cpuid.h>

    __attribute__((target("avx2,fma,f16c")))
    static void langid_score_avx2(const uint16_t *ptc, Py_ssize_t stride, const int32_t *feats,
                                  const float *x, Py_ssize_t n, float *acc) {
        /* stride is a multiple of 16; columns in blocks of 8 vectors (64 columns) kept in
           registers over all the rows, then the next block */
        Py_ssize_t i, k, c0;
        for (c0 = 0; c0 < stride; c0 += 64) {
            Py_ssize_t nv = (stride - c0) / 8;
            if (nv >= 8) {
                __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (i = 0; i < n; i++) {
                    const uint16_t *r = ptc + (Py_ssize_t)feats[i] * stride + c0;
                    __m256 xi = _mm256_set1_ps(x[i]);
                    if (c0 == 0 && i + 8 < n) {      /* the row 8 features ahead */
                        const char *p = (const char *)(ptc + (Py_ssize_t)feats[i + 8] * stride);
                        for (k = 0; k < stride * 2; k += 64) _mm_prefetch(p + k, _MM_HINT_T0);
                        _mm_prefetch(p + stride * 2 - 1, _MM_HINT_T0);
                    }
                    a0 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 0))), a0);
                    a1 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 8))), a1);
                    a2 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 16))), a2);
                    a3 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 24))), a3);
                    a4 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 32))), a4);
                    a5 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 40))), a5);
                    a6 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 48))), a6);
                    a7 = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 56))), a7);
                }
                _mm256_storeu_ps(acc + c0, a0); _mm256_storeu_ps(acc + c0 + 8, a1);
                _mm256_storeu_ps(acc + c0 + 16, a2); _mm256_storeu_ps(acc + c0 + 24, a3);
                _mm256_storeu_ps(acc + c0 + 32, a4); _mm256_storeu_ps(acc + c0 + 40, a5);
                _mm256_storeu_ps(acc + c0 + 48, a6); _mm256_storeu_ps(acc + c0 + 56, a7);
            } else {
                __m256 a[8];
                for (k = 0; k < nv; k++) a[k] = _mm256_setzero_ps();
                for (i = 0; i < n; i++) {
                    const uint16_t *r = ptc + (Py_ssize_t)feats[i] * stride + c0;
                    __m256 xi = _mm256_set1_ps(x[i]);
                    for (k = 0; k < nv; k++)
                        a[k] = _mm256_fmadd_ps(xi, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(r + 8 * k))), a[k]);
                }
                for (k = 0; k < nv; k++) _mm256_storeu_ps(acc + c0 + 8 * k, a[k]);
            }
        }
    }


    static int langid_cpu_has_avx2(void) {
        unsigned int a, b, c, d;
        if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
        if (!(c & (1u << 12)) || !(c & (1u << 29)) || !(c & (1u << 27)) || !(c & (1u << 28))) return 0;
        {   /* the OS saves the YMM registers */
            unsigned int lo, hi;
            __asm__ volatile ("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            if ((lo & 6u) != 6u) return 0;
        }
        if (__get_cpuid_max(0, 0) < 7) return 0;
        __cpuid_count(7, 0, a, b, c, d);
        return (b & (1u << 5)) != 0;
    }
    #else
    static void langid_score_avx2(const uint16_t *ptc, Py_ssize_t stride, const int32_t *feats,
                                  const float *x, Py_ssize_t n, float *acc) {
        langid_score_generic(ptc, stride, feats, x, n, acc);
    }
    static int langid_cpu_has_avx2(void) { return 0; }
    #endif
    """
    float langid_half_table[65536]
    void langid_score_generic(const uint16_t *ptc, Py_ssize_t stride, const int32_t *feats,
                              const float *x, Py_ssize_t n, float *acc) noexcept nogil
    void langid_score_avx2(const uint16_t *ptc, Py_ssize_t stride, const int32_t *feats,
                           const float *x, Py_ssize_t n, float *acc) noexcept nogil
    int langid_cpu_has_avx2() noexcept nogil


ctypedef void (*kernel_t)(const uint16_t *, Py_ssize_t, const int32_t *, const float *, Py_ssize_t,
                          float *) noexcept nogil

cdef bint _HAVE_AVX2 = langid_cpu_has_avx2() != 0
_half = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)
cdef const float[::1] _half_view = _half
cdef Py_ssize_t _h
for _h in range(65536):
    langid_half_table[_h] = _half_view[_h]

cdef enum:
    LOGTAB = 65536               # log1p(count) from numpy's own np.log1p below this count
    C_AMBIGUOUS = -2
    C_NO_FEATURES = -1

cdef double _U = 2.0 ** -24
AMBIGUOUS = C_AMBIGUOUS
NO_FEATURES = C_NO_FEATURES


def kernels():
    """The scoring kernels this processor can run ("avx2" first when it has AVX2, FMA, F16C)."""
    return ["avx2", "generic"] if _HAVE_AVX2 else ["generic"]


cdef inline bint _has_letter(str s) noexcept:
    cdef Py_UCS4 ch
    for ch in s:
        if Py_UNICODE_ISALPHA(ch):
            return True
    return False


def has_letter(str s):
    """Whether any character of `s` is a letter (`str.isalpha`)."""
    return _has_letter(s)


cdef struct StateInfo:
    uint32_t rowbase             # the state's row of nextmove, times 256
    int32_t out                  # the feature it emits, or -1


cdef enum:
    LANES = 4                    # texts walked in lockstep


cdef class Model:
    """The tables of `provenance.language.cache.Tables`, checked (every index stays inside
    its table), with the walk's and the scoring's scratch."""
    cdef object _keep
    cdef const uint32_t *nm
    cdef StateInfo *info
    cdef Py_ssize_t n_states, n_feat, stride, n_cls
    cdef const uint16_t *ptc
    cdef float *pc
    cdef int32_t *group
    cdef float *logtab
    cdef double ptc_maxabs, pc_maxabs
    cdef int32_t *pos
    cdef bint busy
    cdef kernel_t kernel
    cdef readonly str kernel_name

    def __cinit__(self):
        self.info = NULL
        self.pc = NULL
        self.group = NULL
        self.logtab = NULL
        self.pos = NULL

    def __init__(self, tables, str kernel="auto"):
        cdef Py_ssize_t i
        nextmove = np.asarray(tables.nextmove)
        row = np.asarray(tables.row)
        out = np.asarray(tables.out)
        ptc = np.asarray(tables.ptc)
        pc = np.asarray(tables.pc, dtype=np.float32)
        classes = list(tables.classes)
        if nextmove.dtype != np.uint32 or nextmove.ndim != 1 or nextmove.shape[0] % 256 \
                or nextmove.shape[0] == 0 or not nextmove.flags.c_contiguous:
            raise ValueError("nextmove: expected contiguous uint32 rows of 256")
        if ptc.dtype != np.float16 or ptc.ndim != 2 or not ptc.flags.c_contiguous:
            raise ValueError("ptc: expected a contiguous float16 matrix")
        self.n_states, self.n_feat, self.stride, self.n_cls = len(row), ptc.shape[0], ptc.shape[1], len(pc)
        if len(out) != self.n_states or len(classes) != self.n_cls or self.n_states == 0 or self.n_cls == 0:
            raise ValueError("one output per state and one class per column")
        if self.stride % 16 or self.stride < self.n_cls or self.stride > 512:
            raise ValueError("ptc rows: padded to a multiple of 16 columns, at most 512")
        # every index the walk follows stays inside its table
        if int(nextmove.max()) >= self.n_states or int(row.max()) * 256 >= nextmove.shape[0] \
                or int(out.max()) >= self.n_feat or int(out.min()) < -1 or int(row.min()) < 0:
            raise ValueError("DFA tables index outside their arrays")
        self._keep = (nextmove, ptc)
        self.nm = <const uint32_t *><size_t>nextmove.ctypes.data
        self.ptc = <const uint16_t *><size_t>ptc.ctypes.data
        self.info = <StateInfo *>malloc(sizeof(StateInfo) * self.n_states)
        self.pc = <float *>malloc(sizeof(float) * self.stride)
        self.group = <int32_t *>malloc(sizeof(int32_t) * self.n_cls)
        self.logtab = <float *>malloc(sizeof(float) * LOGTAB)
        self.pos = <int32_t *>calloc(self.n_feat, sizeof(int32_t))
        if not (self.info and self.pc and self.group and self.logtab and self.pos):
            raise MemoryError()
        cdef const uint32_t[::1] rb = row.astype(np.uint32) * np.uint32(256)
        cdef const int32_t[::1] o = out.astype(np.int32)
        for i in range(self.n_states):
            self.info[i].rowbase = rb[i]
            self.info[i].out = o[i]
        cdef const float[::1] p = pc
        for i in range(self.stride):
            self.pc[i] = p[i] if i < self.n_cls else 0
        first = {}
        for i in range(self.n_cls):
            self.group[i] = first.setdefault(classes[i], i)
        cdef const float[::1] lg = np.log1p(np.arange(LOGTAB, dtype=np.float32))
        for i in range(LOGTAB):
            self.logtab[i] = lg[i]
        self.ptc_maxabs, self.pc_maxabs = tables.ptc_maxabs, tables.pc_maxabs
        if kernel == "auto":
            kernel = "avx2" if _HAVE_AVX2 else "generic"
        if kernel == "avx2" and _HAVE_AVX2:
            self.kernel = langid_score_avx2
        elif kernel == "generic":
            self.kernel = langid_score_generic
        else:
            raise ValueError(f"kernel {kernel!r} not available here ({kernels()})")
        self.kernel_name = kernel
        self.busy = False

    def __dealloc__(self):
        free(self.info)
        free(self.pc)
        free(self.group)
        free(self.logtab)
        free(self.pos)

    def after_fork(self):
        """In a child process: no call of the parent's other threads is running here."""
        self.busy = False

    cdef void _emit(self, const uint8_t **b, const Py_ssize_t *nb, int32_t **seq, Py_ssize_t *ns) noexcept nogil:
        """py3langid's `visit_counts` walk of LANES (4) texts at once: each lane's emitted
        features in order, repeats included. One walk is a chain of dependent loads from tables
        too big for the cache; four independent chains in one loop overlap their misses (the
        lanes are written out so that their states stay in registers)."""
        cdef const uint32_t *nm = self.nm
        cdef const StateInfo *info = self.info
        cdef uint32_t r0 = info[0].rowbase, r1 = r0, r2 = r0, r3 = r0, t
        cdef Py_ssize_t n0 = 0, n1 = 0, n2 = 0, n3 = 0, i, k, common = nb[0]
        cdef const uint8_t *b0 = b[0]
        cdef const uint8_t *b1 = b[1]
        cdef const uint8_t *b2 = b[2]
        cdef const uint8_t *b3 = b[3]
        cdef int32_t *s0 = seq[0]
        cdef int32_t *s1 = seq[1]
        cdef int32_t *s2 = seq[2]
        cdef int32_t *s3 = seq[3]
        cdef int32_t f
        cdef uint32_t r[LANES]
        for k in range(1, LANES):
            if nb[k] < common:
                common = nb[k]
        for i in range(common):
            t = nm[r0 + b0[i]]
            r0 = info[t].rowbase
            f = info[t].out
            s0[n0] = f
            n0 += f >= 0
            t = nm[r1 + b1[i]]
            r1 = info[t].rowbase
            f = info[t].out
            s1[n1] = f
            n1 += f >= 0
            t = nm[r2 + b2[i]]
            r2 = info[t].rowbase
            f = info[t].out
            s2[n2] = f
            n2 += f >= 0
            t = nm[r3 + b3[i]]
            r3 = info[t].rowbase
            f = info[t].out
            s3[n3] = f
            n3 += f >= 0
        ns[0], ns[1], ns[2], ns[3] = n0, n1, n2, n3
        r[0], r[1], r[2], r[3] = r0, r1, r2, r3
        for k in range(LANES):                # the rest of the longer texts, one at a time
            r0, n0, b0, s0 = r[k], ns[k], b[k], seq[k]
            for i in range(common, nb[k]):
                t = nm[r0 + b0[i]]
                r0 = info[t].rowbase
                f = info[t].out
                s0[n0] = f
                n0 += f >= 0
            ns[k] = n0

    cdef Py_ssize_t _count(self, const int32_t *seq, Py_ssize_t ns, int32_t *feats, int32_t *counts,
                           int32_t *pos) noexcept nogil:
        """The distinct features of `seq` in first-occurrence order (a Counter's) and their
        counts; `pos` (all zero, left all zero) is each feature's place in the list plus one."""
        cdef Py_ssize_t i, n = 0
        cdef int32_t f, p
        for i in range(ns):
            f = seq[i]
            p = pos[f]
            if p == 0:
                feats[n] = f
                counts[n] = 1
                n += 1
                pos[f] = <int32_t>n
            else:
                counts[p - 1] += 1
        for i in range(n):
            pos[feats[i]] = 0
        return n

    cdef double _score(self, const int32_t *feats, const int32_t *counts, Py_ssize_t n, float *x,
                       float *acc) noexcept nogil:
        """acc[c] = the compiled float32 score of column c; returns the error bound B."""
        cdef Py_ssize_t i, c
        cdef double sumx = 0, k
        cdef int32_t cnt
        for i in range(n):
            cnt = counts[i]
            x[i] = self.logtab[cnt] if cnt < LOGTAB else <float>log1p(<double>cnt)
            sumx += x[i]
        self.kernel(self.ptc, self.stride, feats, x, n, acc)
        for c in range(self.n_cls):
            acc[c] = acc[c] + self.pc[c]
        k = <double>(n + 16) * _U
        return k / (1.0 - k) * (sumx * self.ptc_maxabs + self.pc_maxabs) * 1.01

    cdef int _decide(self, const int32_t *feats, const int32_t *counts, Py_ssize_t n, float *x,
                     float *acc) noexcept nogil:
        """The label index (its first column) when it is certainly py3langid's, else AMBIGUOUS."""
        cdef Py_ssize_t c, best = 0
        cdef double bound = self._score(feats, counts, n, x, acc), second = -1e300
        for c in range(1, self.n_cls):
            if acc[c] > acc[best]:
                best = c
        for c in range(self.n_cls):
            if self.group[c] != self.group[best] and acc[c] > second:
                second = acc[c]
        if <double>acc[best] - second > 4.0 * bound:
            return self.group[best]
        return C_AMBIGUOUS

    cdef int32_t *_scratch(self, bint *own) noexcept:
        if self.busy:
            own[0] = True
            return <int32_t *>calloc(self.n_feat, sizeof(int32_t))
        self.busy = True
        own[0] = False
        return self.pos

    cdef void _release(self, int32_t *pos, bint own) noexcept:
        if own:
            free(pos)
        else:
            self.busy = False

    cdef object _run(self, list samples, list encoded, int32_t *res):
        """The walk and count of every text, LANES at a time; then, given `res`, each
        text's label index into res (classify_many), else a list of each text's
        (features, counts)."""
        cdef Py_ssize_t m = len(encoded), j, k, cap = 0, n, n_f
        cdef bytes b
        cdef str s
        for j in range(m):
            b = encoded[j]
            if len(b) > cap:
                cap = len(b)
        cdef bint decide = res != NULL
        result = None if decide else []
        cdef int32_t *buf = <int32_t *>malloc(sizeof(int32_t) * (LANES + 2) * (cap + 1))
        cdef float *x = <float *>malloc(sizeof(float) * (cap + 1))
        cdef float acc[512]
        cdef int32_t *seq[LANES]
        cdef int32_t *feats
        cdef int32_t *counts
        cdef const uint8_t *bp[LANES]
        cdef Py_ssize_t nb[LANES]
        cdef Py_ssize_t ns[LANES]
        cdef Py_ssize_t lane_of[LANES]
        cdef bint own
        cdef int32_t *pos
        if buf == NULL or x == NULL:
            free(buf); free(x)
            raise MemoryError()
        for k in range(LANES):
            seq[k] = buf + k * (cap + 1)
        feats = buf + LANES * (cap + 1)
        counts = buf + (LANES + 1) * (cap + 1)
        pos = self._scratch(&own)
        if pos == NULL:
            free(buf); free(x)
            raise MemoryError()
        try:
            j = 0
            while j < m:
                k = 0
                while k < LANES and j < m:       # the next LANES texts that have a letter
                    b = encoded[j]
                    if decide:
                        s = samples[j]
                        if not _has_letter(s):
                            res[j] = C_NO_FEATURES
                            j += 1
                            continue
                    bp[k] = <const uint8_t *><const char *>b
                    nb[k] = len(b)
                    lane_of[k] = j
                    k += 1
                    j += 1
                n = k
                for k in range(n, LANES):        # idle lanes walk nothing
                    bp[k] = <const uint8_t *>feats
                    nb[k] = 0
                self._emit(bp, nb, seq, ns)
                for k in range(n):
                    n_f = self._count(seq[k], ns[k], feats, counts, pos)
                    if decide:
                        res[lane_of[k]] = self._decide(feats, counts, n_f, x, acc) if n_f else C_NO_FEATURES
                    else:
                        result.append((np.asarray(<int32_t[:n_f]>feats if n_f else np.empty(0, np.int32)).astype(np.intp),
                                       np.asarray(<int32_t[:n_f]>counts if n_f else np.empty(0, np.int32)).astype(np.float32)))
        finally:
            self._release(pos, own)
            free(buf)
            free(x)
        return result

    def classify_many(self, list samples, list encoded):
        """For each (sample, its py3langid encoding): the label index (first column of the
        label) when the sample has a letter and a feature and py3langid's argmax is certainly
        that label; NO_FEATURES when it has no letter or no feature; AMBIGUOUS when the
        margin is too small to tell (score it exactly). An int32 array."""
        if len(encoded) != len(samples):
            raise ValueError("one encoding per sample")
        result = np.empty(len(samples), dtype=np.int32)
        cdef int32_t[::1] res = result
        if len(samples):
            self._run(samples, encoded, &res[0])
        return result

    def classify_one(self, str sample, bytes encoded):
        """`classify_many([sample], [encoded])[0]` as an int."""
        cdef int32_t res
        self._run([sample], [encoded], &res)
        return res

    def features_many(self, list encoded):
        """For each encoded text: (features as intp, counts as float32), as py3langid's
        `_sparse_score` reads its `visit_counts` Counter (first-occurrence order)."""
        return self._run(None, encoded, NULL)

    def features(self, bytes encoded):
        """`features_many([encoded])[0]`."""
        return self._run(None, [encoded], NULL)[0]

    def scores(self, bytes encoded):
        """(the compiled float32 score of every column before alias folding, the error bound
        B of the module docstring), or None when the text has no feature. For the tests."""
        feats, counts = self.features(encoded)
        cdef Py_ssize_t n = len(feats)
        if n == 0:
            return None
        cdef const int32_t[::1] f = feats.astype(np.int32)
        cdef const int32_t[::1] cn = counts.astype(np.int32)
        x_a = np.empty(n, dtype=np.float32)
        acc_a = np.empty(self.stride, dtype=np.float32)
        cdef float[::1] x = x_a
        cdef float[::1] acc = acc_a
        bound = self._score(&f[0], &cn[0], n, &x[0], &acc[0])
        return acc_a[:self.n_cls].copy(), bound
