"""P(body) from a fitted HistGradientBoostingClassifier without its per-call overhead.

`HistGradientBoostingClassifier.predict_proba` validates the input, then calls one Cython
routine per tree, each with an OpenMP team of all cores. A page has a few hundred blocks at
most, so each tree takes microseconds and the OpenMP start-up dominates; worse, when the
cores are busy (another process, a training job, a benchmark) the OpenMP threads
spin-wait for each other and a page that takes 5 ms single-threaded was measured at
2 s. `FastTrees` calls the same Cython routine for the same trees, single-threaded, with the
validation and the per-tree Python plumbing done once at load time. It adds the trees'
outputs to the baseline in scikit-learn's order and applies the same link function, so the
probabilities are bit-identical to ``predict_proba(X)[:, 1]``. A model this does not cover
(multi-class, categorical features) falls back to scikit-learn.

When the compiled `_fasttrees` module is built, all trees are summed in one C call over
flattened node arrays instead (about 2x faster again; see its docstring); its sums are
checked against the per-tree routine on random rows when the model is loaded, and the
per-tree routine is used if they differ.

For float32 rows without NaN (what `BlockFeatures` and `context_features` give) the compiled
`add_trees_qs` is used instead: QuickScorer, ~4-5x faster again and bit-identical (see
`_fasttrees`); it needs trees of at most 32 leaves, and is checked on float32 rows when the
model is loaded like the walk.

Also tried, and slower: evaluating all trees at once with numpy (every (row, tree) pair
descending one level per step, finished pairs dropped): 7 ms against 5 ms for a 270-block
page, because the deepest trees (22 levels) keep the loop going.
"""
from __future__ import annotations

import numpy as np

from ..compiled import compiled

try:  # the routine TreePredictor.predict calls; private, hence the fallback
    from sklearn.ensemble._hist_gradient_boosting._predictor import _predict_from_raw_data
except ImportError:  # pragma: no cover - a scikit-learn that moved it
    _predict_from_raw_data = None
_fasttrees = compiled("boilerplate._fasttrees")   # None: not compiled, or pure Python asked for
add_trees = _fasttrees.add_trees if _fasttrees is not None else None
add_trees_qs = _fasttrees.add_trees_qs if _fasttrees is not None else None


def _down_to_float32(t: np.ndarray) -> np.ndarray:
    """The largest float32 not above each float64 threshold: for a float32 x, x <= t exactly
    when x <= _down_to_float32(t)."""
    f = t.astype(np.float32)
    above = f.astype(np.float64) > t
    f[above] = np.nextafter(f[above], np.float32(-np.inf))
    return f


class FastTrees:
    """Same values as ``clf.predict_proba(X)[:, 1]``, computed on the calling thread."""

    def __init__(self, clf):
        self.clf = clf
        self.ok = (_predict_from_raw_data is not None and clf.n_trees_per_iteration_ == 1
                   and getattr(clf, "_preprocessor", None) is None)
        if not self.ok:
            return
        self.known_cat, self.f_idx_map = clf._bin_mapper.make_known_categories_bitsets()
        self.trees = [(p[0].nodes, p[0].raw_left_cat_bitsets) for p in clf._predictors]
        self.baseline = clf._baseline_prediction
        self.n_features = clf.n_features_in_
        self.flat = self._flatten() if add_trees is not None else None
        self.qs = self._flatten_qs() if self.flat is not None else None
        rng = np.random.default_rng(0)
        if self.flat is not None:   # the compiled sums must equal the per-tree routine's
            X = rng.normal(size=(256, self.n_features)) * 3
            X[::7, ::3] = np.nan
            if not np.array_equal(self._raw(X, compiled=True), self._raw(X, compiled=False)):
                self.flat = self.qs = None
        if self.qs is not None:     # and so must QuickScorer's, on float32 rows (259: a partial block)
            X = (rng.normal(size=(259, self.n_features)) * rng.choice([0.1, 1, 10, 1000], self.n_features))
            X = X.astype(np.float32)
            X[5, :] = self._split_points()                # rows exactly at thresholds
            if not np.array_equal(self._raw(X, compiled=True), self._raw(X, compiled=False)):
                self.qs = None

    def _flatten(self):
        """The trees as parallel arrays for `_fasttrees.add_trees` (None if a tree has a
        categorical split or is too large for its 16-bit feature ids)."""
        value, feature, left, right, nan_left, roots = [], [], [], [], [], []
        offset = 0
        for nodes, _bitsets in self.trees:
            if nodes["is_categorical"].any() or self.n_features >= 2 ** 15:
                return None
            leaf = nodes["is_leaf"].astype(bool)
            own = np.arange(len(nodes), dtype=np.int64) + offset
            roots.append(offset)
            # a leaf points to itself (see _fasttrees.add_trees)
            value.append(np.where(leaf, nodes["value"], nodes["num_threshold"]))
            feature.append(np.where(leaf, 0, nodes["feature_idx"]))
            left.append(np.where(leaf, own, nodes["left"].astype(np.int64) + offset))
            right.append(np.where(leaf, own, nodes["right"].astype(np.int64) + offset))
            nan_left.append(nodes["missing_go_to_left"])
            offset += len(nodes)
        return (np.ascontiguousarray(np.concatenate(value), dtype=np.float64),
                np.ascontiguousarray(np.concatenate(feature), dtype=np.int16),
                np.ascontiguousarray(np.concatenate(left), dtype=np.int32),
                np.ascontiguousarray(np.concatenate(right), dtype=np.int32),
                np.ascontiguousarray(np.concatenate(nan_left), dtype=np.uint8),
                np.asarray(roots, dtype=np.int32))

    def _flatten_qs(self):
        """The split nodes for `_fasttrees.add_trees_qs`: (feature offsets, thresholds rounded
        down to float32, tree ids, leaf masks, leaf values (trees, 32)), nodes sorted by
        (feature, threshold); None when a tree has more than 32 leaves or no tree splits."""
        if len(self.trees) >= 2 ** 16:      # tree ids are 16-bit
            return None
        feats, thrs, trees, masks, leafvals = [], [], [], [], []
        for t, (nodes, _bitsets) in enumerate(self.trees):
            leaf = nodes["is_leaf"].astype(bool)
            if leaf.sum() > 32:
                return None
            # leaves numbered left to right; span[u] = the leaves under node u, as [lo, hi)
            span, values, stack = {}, [], [(0, False)]
            while stack:                      # post-order, without recursion
                u, seen = stack.pop()
                if leaf[u]:
                    span[u] = (len(values), len(values) + 1)
                    values.append(nodes["value"][u])
                elif not seen:
                    stack += [(u, True), (int(nodes["right"][u]), False), (int(nodes["left"][u]), False)]
                else:
                    lo, mid = span[int(nodes["left"][u])]
                    span[u] = (lo, span[int(nodes["right"][u])][1])
                    feats.append(int(nodes["feature_idx"][u]))
                    thrs.append(nodes["num_threshold"][u])
                    trees.append(t)
                    # a row that goes right here cannot end in the left subtree
                    masks.append(~(((1 << mid) - 1) ^ ((1 << lo) - 1)) & 0xFFFFFFFF)
            leafvals.append(values + [0.0] * (32 - len(values)))
        if not feats:
            return None
        feats = np.asarray(feats, dtype=np.int64)
        thr = _down_to_float32(np.asarray(thrs, dtype=np.float64))
        order = np.lexsort((thr, feats))
        fstart = np.searchsorted(feats[order], np.arange(self.n_features + 1)).astype(np.int32)
        return (fstart, np.ascontiguousarray(thr[order]),
                np.asarray(trees, dtype=np.uint16)[order], np.asarray(masks, dtype=np.uint32)[order],
                np.asarray(leafvals, dtype=np.float64))

    def _split_points(self) -> np.ndarray:
        """One threshold of every feature that has splits (else 0), as float32: a probe row."""
        row = np.zeros(self.n_features, dtype=np.float32)
        fstart, thr = self.qs[0], self.qs[1]
        has = fstart[1:] > fstart[:-1]
        row[has] = thr[fstart[:-1][has]]
        return row

    def _raw(self, X: np.ndarray, compiled: bool) -> np.ndarray:
        """Baseline plus every tree's output, shape (n, 1), added tree by tree."""
        n = X.shape[0]
        raw = np.zeros((n, 1), dtype=self.baseline.dtype, order="F")
        raw += self.baseline
        col = raw[:, 0]
        if compiled and self.qs is not None and X.dtype == np.float32 and not np.isnan(X).any():
            add_trees_qs(*self.qs, np.ascontiguousarray(X), col)
            return raw
        X = np.ascontiguousarray(X, dtype=np.float64)
        if compiled:
            add_trees(*self.flat, X, col)
            return raw
        out = np.empty(n, dtype=np.float64)
        known, fmap = self.known_cat, self.f_idx_map
        for nodes, bitsets in self.trees:
            _predict_from_raw_data(nodes, X, bitsets, known, fmap, 1, out)
            col += out
        return raw

    def proba(self, X: np.ndarray) -> np.ndarray:
        if not self.ok or X.ndim != 2 or X.shape[1] != self.n_features:
            return self.clf.predict_proba(X)[:, 1]
        try:
            raw = self._raw(X, compiled=self.flat is not None)
            return self.clf._loss.predict_proba(raw)[:, 1]
        except (TypeError, AttributeError, ValueError):  # a scikit-learn whose private API changed
            self.ok = False
            return self.clf.predict_proba(X)[:, 1]
