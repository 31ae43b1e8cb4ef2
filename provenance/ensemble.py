"""Gradient-boosted tree ensembles as plain arrays, evaluated without scikit-learn.

`provenance.training` fits scikit-learn's HistGradientBoostingClassifier and exports each fitted
binary model as a `TreeEnsemble`: the baseline and, per node, its threshold or leaf value,
feature, children and NaN direction. At run time only numpy and the compiled `_fasttrees`
module are needed, so cleaning starts fast and never imports scikit-learn.

The sums are those of scikit-learn: NaN goes where ``nan_left`` says, else ``x <= threshold``
goes left; the trees' outputs are added to the baseline tree by tree in float64, and P is
``1 / (1 + exp(-raw))`` with the C library's ``exp`` (scipy's ``expit``, which scikit-learn
uses). Three evaluators give bit-identical results:
- `add_trees_qs` (QuickScorer over float32 rows without NaN, what the block features are, once
  a run has enough rows to repay building its arrays: see `TreeEnsemble.raw`);
- `add_trees` (all trees walked in one C call, for any float64 rows);
- `raw_reference` (numpy, the sums added one tree at a time: the reference the others are
  checked against, on pseudo-random rows, when each is first used).
"""
from __future__ import annotations

import math

import numpy as np

from .compiled import verified
from .modelfile import ModelFileError

#: Arrays of one ensemble, by name: per node, and ``roots`` (each tree's first node).
NODE_ARRAYS = {"value": np.float64, "threshold": np.float64, "feature": np.int32, "left": np.int32,
               "right": np.int32, "nan_left": np.uint8, "is_leaf": np.uint8}

TREES = verified("_fasttrees")     # no probe of its own: each ensemble checks its sums (`_check_walk`, `_check_qs`)
#: QuickScorer is used for a batch of at least QS_MIN_ROWS rows, or after QS_AFTER_ROWS rows
#: were walked (see `TreeEnsemble.raw`).
QS_MIN_ROWS = 512
QS_AFTER_ROWS = 4096
#: Rows of the probes that check the compiled sums against the reference.
PROBE_ROWS = 96
_UNSET = object()


def _down_to_float32(t: np.ndarray) -> np.ndarray:
    """The largest float32 not above each float64 threshold: for a float32 x, x <= t exactly
    when x <= _down_to_float32(t)."""
    f = t.astype(np.float32)
    above = f.astype(np.float64) > t
    f[above] = np.nextafter(f[above], np.float32(-np.inf))
    return f


def sigmoid(raw: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-raw)) element by element with the C library's exp, as scipy's expit
    computes it (numpy's vectorised exp differs from it in the last bit for some values)."""
    module = TREES.get()
    raw = np.ascontiguousarray(raw, dtype=np.float64)
    if module is not None:
        out = np.empty_like(raw)
        module.sigmoid(raw, out)
        return out
    out = np.empty_like(raw)
    for i, x in enumerate(raw.tolist()):
        try:
            out[i] = 1.0 / (1.0 + math.exp(-x))
        except OverflowError:         # C's exp gives inf there, and 1 / inf is 0
            out[i] = 0.0
    return out


def proba_columns(ensembles: list, X: np.ndarray) -> np.ndarray:
    """(n, len(ensembles)): `TreeEnsemble.proba` of each ensemble (of the same features) on the
    rows `X`, as columns. For the few rows of one page that the ensembles walk (float64 rows,
    or fewer than QS_MIN_ROWS), the rows are converted once, every ensemble's sums are walked
    straight into one array and one sigmoid call takes them all: the same sums and the same
    probabilities, without paying `proba`'s per-call costs once per ensemble (the page-type
    model asks seven ensembles about every page)."""
    module = TREES.get()
    n = X.shape[0]
    if (module is None or not ensembles or X.ndim != 2
            or any(X.shape[1] != e.n_features for e in ensembles)
            or (X.dtype == np.float32 and (n >= QS_MIN_ROWS or any(e._walked >= QS_AFTER_ROWS for e in ensembles)))):
        return np.column_stack([e.proba(X) for e in ensembles]) if ensembles else np.zeros((n, 0))
    walks = [e._walk(module) for e in ensembles]
    if any(w is None for w in walks):
        return np.column_stack([e.proba(X) for e in ensembles])
    rows = np.ascontiguousarray(X, dtype=np.float64)
    raw = np.empty((len(ensembles), n))
    for k, (e, walk) in enumerate(zip(ensembles, walks)):
        raw[k] = e.baseline
        module.add_trees(*walk, rows, raw[k])
        e._walked += n
    return sigmoid(raw.ravel()).reshape(len(ensembles), n).T


class _Probe:
    """Deterministic pseudo-random probe rows (``normal``, ``choice``) from splitmix64 in
    numpy integers: the checks of `TreeEnsemble._check` without importing ``numpy.random``
    (~20 ms of start-up)."""

    def __init__(self, seed: int):
        self.state = np.uint64(seed)

    def _uniform(self, n: int) -> np.ndarray:
        k = np.arange(1, n + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            x = self.state + k * np.uint64(0x9E3779B97F4A7C15)
            if n:
                self.state = x[-1]
            x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            x = x ^ (x >> np.uint64(31))
        return ((x >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)

    def normal(self, size: tuple) -> np.ndarray:
        n = int(np.prod(size))
        u1, u2 = self._uniform(n), self._uniform(n)
        return (np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)).reshape(size)

    def choice(self, values, n: int) -> np.ndarray:
        values = np.asarray(values)
        return values[(self._uniform(n) * len(values)).astype(np.int64) % len(values)]


class TreeEnsemble:
    """A binary gradient-boosted ensemble: ``proba(X)`` is P(class 1) per row."""

    def __init__(self, baseline: float, nodes: dict[str, np.ndarray], roots: np.ndarray, n_features: int):
        self.baseline = float(baseline)
        self.nodes = {k: np.ascontiguousarray(nodes[k], dtype=t) for k, t in NODE_ARRAYS.items()}
        self.roots = np.ascontiguousarray(roots, dtype=np.int32)
        self.n_features = int(n_features)
        self._compiled_walk = _UNSET               # arrays of the compiled walk, None, or not made yet
        self._compiled_qs = _UNSET                 # the same of QuickScorer
        self._walked = 0                           # rows summed by the walk so far

    # -- files ------------------------------------------------------------------------
    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}.{k}": v for k, v in self.nodes.items()}
        out[f"{prefix}.roots"] = self.roots
        out[f"{prefix}.header"] = np.array([self.baseline, self.n_features], dtype=np.float64)
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str, path: str = "") -> "TreeEnsemble":
        """The ensemble stored under ``prefix``; `ModelFileError` unless the arrays describe
        valid trees (every child after its parent inside its own tree, features in range)."""
        try:
            header = arrays[f"{prefix}.header"]
            nodes = {k: arrays[f"{prefix}.{k}"] for k in NODE_ARRAYS}
            roots = arrays[f"{prefix}.roots"]
        except KeyError as exc:
            raise ModelFileError(f"model file {path} lacks {exc.args[0]}") from None
        ens = cls(header[0], nodes, roots, int(header[1]))
        why = ens._invalid()
        if why:
            raise ModelFileError(f"model file {path}: {prefix} {why}")
        return ens

    def _invalid(self) -> str | None:
        nd = self.nodes
        n = len(nd["value"])
        if any(len(v) != n for v in nd.values()) or not len(self.roots) or self.n_features < 1:
            return "has arrays of different lengths or no trees"
        ends = np.append(self.roots[1:], n)
        if self.roots[0] != 0 or np.any(ends <= self.roots):
            return "has bad tree offsets"
        tree_end = np.repeat(ends, np.diff(np.append(self.roots, n)))
        inner = nd["is_leaf"] == 0
        own = np.arange(n)
        for side in ("left", "right"):
            c = nd[side][inner]
            if np.any(c <= own[inner]) or np.any(c >= tree_end[inner]):
                return f"has a {side} child outside its tree"
        if np.any(nd["feature"][inner] < 0) or np.any(nd["feature"][inner] >= self.n_features):
            return "splits on a feature out of range"
        return None

    # -- evaluation -------------------------------------------------------------------
    def raw_reference(self, X: np.ndarray) -> np.ndarray:
        """Baseline plus every tree's output, added tree by tree in float64 (numpy; the
        reference). All trees are walked at once, one level per step, over the (row, tree)
        walks still going (this runs when an ensemble is first used, to check the compiled
        sums, so it is part of start-up); the leaf values are then added in tree order, so
        the sums are those of a walk of one tree at a time, bit for bit."""
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        nd = self.nodes
        n_trees = len(self.roots)
        slot = np.arange(n * n_trees)                                   # row * n_trees + tree
        node = np.tile(self.roots.astype(np.int64), n)
        row = slot // n_trees
        leaf = np.empty(n * n_trees, dtype=np.float64)
        while len(slot):
            done = nd["is_leaf"][node] == 1
            if done.any():
                leaf[slot[done]] = nd["value"][node[done]]
                going = ~done
                slot, node, row = slot[going], node[going], row[going]
                if not len(slot):
                    break
            x = X[row, nd["feature"][node]]
            left = np.where(np.isnan(x), nd["nan_left"][node] == 1, x <= nd["threshold"][node])
            node = np.where(left, nd["left"][node], nd["right"][node])
        leaf = leaf.reshape(n, n_trees)
        raw = np.full(n, self.baseline, dtype=np.float64)
        for t in range(n_trees):
            raw += leaf[:, t]
        return raw

    def raw(self, X: np.ndarray) -> np.ndarray:
        """`raw_reference`'s sums, compiled where `_fasttrees` is built and verified: by
        QuickScorer for float32 rows without NaN once it pays (a batch of `QS_MIN_ROWS` rows,
        or `QS_AFTER_ROWS` rows walked already: its arrays take ~20 ms to build and check,
        which a one-page run would spend for nothing), else by the tree walk. Either way the
        same sums, bit for bit."""
        module = TREES.get()
        walk = self._walk(module)
        if walk is None:
            return self.raw_reference(X)
        raw = np.full(X.shape[0], self.baseline, dtype=np.float64)
        pays = X.shape[0] >= QS_MIN_ROWS or self._walked >= QS_AFTER_ROWS
        qs = self._qs(module) if pays and X.dtype == np.float32 else None
        if qs is not None and not np.isnan(X).any():
            module.add_trees_qs(*qs, np.ascontiguousarray(X), raw)
        else:
            module.add_trees(*walk, np.ascontiguousarray(X, dtype=np.float64), raw)
            self._walked += X.shape[0]
        return raw

    def proba(self, X: np.ndarray) -> np.ndarray:
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"rows have {X.shape[1:]} features, the model {self.n_features}")
        return sigmoid(self.raw(X))

    # -- compiled forms ---------------------------------------------------------------
    def _prepared(self, module) -> tuple:
        """(the walk's arrays, QuickScorer's), each None when not usable; both made now."""
        return self._walk(module), self._qs(module)

    def _walk(self, module):
        """The checked arrays of `_fasttrees.add_trees` (None: not built, or it disagreed)."""
        if module is None:
            return None
        if self._compiled_walk is _UNSET:
            self._compiled_walk = self._check_walk(module, self._flatten())
        return self._compiled_walk

    def _qs(self, module):
        """The checked arrays of `_fasttrees.add_trees_qs` (None: not possible, or it disagreed)."""
        if self._compiled_qs is _UNSET:
            qs = self._flatten_qs() if self._walk(module) is not None else None
            self._compiled_qs = self._check_qs(module, qs)
        return self._compiled_qs

    def _flatten(self):
        """The trees for `_fasttrees.add_trees`: a leaf points to itself and holds its value
        where an inner node holds its threshold (None when features need more than 16 bits)."""
        if self.n_features >= 2 ** 15:
            return None
        nd = self.nodes
        leaf = nd["is_leaf"] == 1
        own = np.arange(len(leaf), dtype=np.int32)
        return (np.ascontiguousarray(np.where(leaf, nd["value"], nd["threshold"]), dtype=np.float64),
                np.ascontiguousarray(np.where(leaf, 0, nd["feature"]), dtype=np.int16),
                np.ascontiguousarray(np.where(leaf, own, nd["left"]), dtype=np.int32),
                np.ascontiguousarray(np.where(leaf, own, nd["right"]), dtype=np.int32),
                np.ascontiguousarray(nd["nan_left"], dtype=np.uint8), self.roots)

    def _flatten_qs(self):
        """The split nodes for `_fasttrees.add_trees_qs`: (feature offsets, thresholds rounded
        down to float32, tree ids, leaf masks, leaf values (trees, 32)), nodes sorted by
        (feature, threshold); None when a tree has more than 32 leaves or no tree splits."""
        if len(self.roots) >= 2 ** 16:      # tree ids are 16-bit
            return None
        nd = self.nodes
        n = len(nd["value"])
        ends = np.append(self.roots[1:], n).tolist()
        feats, thrs, trees, masks, leafvals = [], [], [], [], []
        for t, (lo, hi) in enumerate(zip(self.roots.tolist(), ends)):
            leaf = nd["is_leaf"][lo:hi] == 1
            if leaf.sum() > 32:
                return None
            # leaves numbered left to right; span[u] = the leaves under node u, as [lo, hi)
            span, values, stack = {}, [], [(lo, False)]
            while stack:                      # post-order, without recursion
                u, seen = stack.pop()
                if nd["is_leaf"][u]:
                    span[u] = (len(values), len(values) + 1)
                    values.append(nd["value"][u])
                elif not seen:
                    stack += [(u, True), (int(nd["right"][u]), False), (int(nd["left"][u]), False)]
                else:
                    a, mid = span[int(nd["left"][u])]
                    span[u] = (a, span[int(nd["right"][u])][1])
                    feats.append(int(nd["feature"][u]))
                    thrs.append(nd["threshold"][u])
                    trees.append(t)
                    # a row that goes right here cannot end in the left subtree
                    masks.append(~(((1 << mid) - 1) ^ ((1 << a) - 1)) & 0xFFFFFFFF)
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

    def _check_walk(self, module, walk):
        """``walk`` when its sums equal the reference's on pseudo-random rows (NaN among them), else None."""
        if walk is None:
            return None
        X = _Probe(0).normal(size=(PROBE_ROWS, self.n_features)) * 3
        X[::7, ::3] = np.nan
        raw = np.full(len(X), self.baseline)
        module.add_trees(*walk, X, raw)
        return walk if np.array_equal(raw, self.raw_reference(X)) else None

    def _check_qs(self, module, qs):
        """``qs`` when its sums equal the reference's on pseudo-random float32 rows of every
        scale, one of them exactly at thresholds; else None."""
        if qs is None:
            return None
        rng = _Probe(1)
        X = rng.normal(size=(PROBE_ROWS + 3, self.n_features)) * rng.choice([0.1, 1, 10, 1000], self.n_features)
        X = X.astype(np.float32)
        fstart, thr = qs[0], qs[1]
        has = fstart[1:] > fstart[:-1]
        X[5, has] = thr[fstart[:-1][has]]             # a row exactly at thresholds
        raw = np.full(len(X), self.baseline)
        module.add_trees_qs(*qs, X, raw)
        return qs if np.array_equal(raw, self.raw_reference(X)) else None
