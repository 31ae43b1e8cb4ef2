# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Sum the outputs of a gradient-boosted tree ensemble into `raw`, all trees in one C call.

Why: `fastpredict.FastTrees` called scikit-learn's per-tree routine 200 times per chunk of
rows, each walking 64-byte node records. Here the trees are flattened by `FastTrees` into
parallel arrays (threshold or leaf value, feature, children, NaN direction: ~15 bytes a
node, so a 200-tree model stays in the CPU cache), and the same decisions are taken in the
same order: NaN goes where `missing_go_to_left` says, else `x <= threshold` goes left; tree
outputs are added to the baseline tree by tree, so the sums are bit-identical to
scikit-learn's (checked when a model is loaded and in the tests).
"""


def add_trees(const double[::1] value, const short[::1] feature, const int[::1] left,
              const int[::1] right, const unsigned char[::1] nan_left, const int[::1] roots,
              const double[:, ::1] X, double[::1] raw):
    """raw[i] += the output of every tree for row X[i] (feature < 0 marks a leaf, whose
    `value` is its output; an inner node's `value` is its threshold)."""
    cdef Py_ssize_t t, i, n = X.shape[0]
    cdef int node
    cdef double x
    with nogil:
        for t in range(roots.shape[0]):
            for i in range(n):
                node = roots[t]
                while feature[node] >= 0:
                    x = X[i, feature[node]]
                    if x != x:
                        node = left[node] if nan_left[node] else right[node]
                    elif x <= value[node]:
                        node = left[node]
                    else:
                        node = right[node]
                raw[i] += value[node]
