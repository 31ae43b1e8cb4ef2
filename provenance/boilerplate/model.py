"""The two-pass block classifier and its safe on-disk format.

Pass 1: gradient-boosted trees over `BlockFeatures` give each block P(body). Its features
already look at the neighbours (two blocks each side, a 7-block word window) and, for HTML,
at the containers, so pass 1 alone already decodes much of the sequence.
Pass 2: the same features plus `context_features` of the pass-1 scores (neighbours,
containers, body before/after) give the final P(body): the decoding over the block sequence,
learned rather than hand-set, because body is mostly but not always contiguous. Pass 2 is
trained on out-of-fold pass-1 scores (grouped by domain) so it learns how wrong pass 1 is on
unseen sites, not on its own training pages.

`passes` is fixed per model family from held-out measurements (models/MODEL_CARD.md): on
plain-text lines pass 2 adds ~+0.01 4-gram F1; on HTML blocks, whose pass 1 already sees the
DOM regions, it lowered held-out article F1 (.952 → .942), and so did a two-state HMM
forward-backward smoothing (→ .943), so the HTML model ships with one pass.

Models are stored with skops (no pickle): loading accepts only scikit-learn's own types
plus the one tree-node type HistGradientBoosting needs, and any other type, a truncated
file or a file of another format is refused with an error naming the file.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from ..modelfile import TRUSTED_TYPES, ModelFileError, load_trusted  # noqa: F401 (re-exported)
from .fastpredict import FastTrees
from .features import BlockFeatures, context_features

FORMAT_VERSION = 1
#: Rows per tree-evaluation chunk. Every tree walks every row, so a chunk whose features fit in
#: the CPU cache is evaluated far faster than one big matrix streamed from memory per tree: on
#: 100 pages at once (25k blocks), one matrix took 20 ms/page with these single-threaded trees
#: and 26 ms/page with scikit-learn's threaded predict, against 12.6 ms/page page by page and
#: 10.4 ms/page in chunks of 1,024 rows (256: 13.9, 512: 11.1, 2,048: 10.9, 4,096: 12.7).
CHUNK_ROWS = 1024


#: The tree ensemble, the same for both model families. A smaller text model (80 trees of
#: 15 leaves) scored within 0.001 held-out article 4-gram F1 at a third of the prediction
#: time, but dropped the closing prose line of a seed article (P 0.38), a position bias the
#: larger ensemble does not have.
TREES = dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=31)


def _hgb(seed: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        **TREES, min_samples_leaf=40, l2_regularization=1.0, early_stopping=False,
        random_state=seed)


class BoilerplateModel:
    """P(body) for every block of a list of Documents."""

    def __init__(self, dom: bool = True, threshold: float = 0.5, seed: int = 0, passes: int = 2):
        self.dom = dom
        self.passes = passes
        self.threshold = threshold
        self.seed = seed
        self.features = BlockFeatures(dom=dom)
        self.pass1: HistGradientBoostingClassifier | None = None
        self.pass2: HistGradientBoostingClassifier | None = None
        self._fast_cache: dict[int, FastTrees] = {}   # single-threaded evaluators, by estimator
        self.info: dict = {}

    # -- training ---------------------------------------------------------------------
    def fit(self, docs, y, groups, sample_weight=None, folds: int = 3):
        """y: 1 body, 0 not, -1 unknown (the block is context for its neighbours only)."""
        X = self.features.transform(docs)
        y = np.asarray(y)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
        known = y >= 0
        self.pass1 = _hgb(self.seed).fit(X[known], y[known], sample_weight=w[known])
        if self.passes == 2:
            oof = np.zeros(len(y))
            for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(X, y, np.asarray(groups))):
                tr = tr[known[tr]]
                m = _hgb(self.seed + 1 + k).fit(X[tr], y[tr], sample_weight=w[tr])
                oof[te] = m.predict_proba(X[te])[:, 1]
            X2 = np.hstack([X, context_features(docs, oof)])
            self.pass2 = _hgb(self.seed + 100).fit(X2[known], y[known], sample_weight=w[known])
        return self

    # -- inference --------------------------------------------------------------------
    def predict_proba(self, docs) -> np.ndarray:
        """Final P(body) per block (documents concatenated in order)."""
        X = self.features.transform(docs)
        if len(X) == 0:
            return np.zeros(0)
        p1 = self._proba(self.pass1, X)
        if self.pass2 is None:
            return p1
        X2 = np.hstack([X, context_features(docs, p1)])
        return self._proba(self.pass2, X2)

    def _proba(self, clf, X: np.ndarray) -> np.ndarray:
        """P(body) on this thread (see fastpredict), in cache-sized chunks of rows; the same
        probabilities as scikit-learn's predict_proba."""
        fast = self._fast(clf)
        if len(X) <= CHUNK_ROWS:
            return fast.proba(X)
        return np.concatenate([fast.proba(X[lo:lo + CHUNK_ROWS]) for lo in range(0, len(X), CHUNK_ROWS)])

    def _fast(self, clf) -> FastTrees:
        """The single-threaded evaluator of `clf` (see fastpredict), built on first use."""
        fast = self._fast_cache.get(id(clf))
        if fast is None or fast.clf is not clf:  # first use, or the model was refitted
            fast = self._fast_cache[id(clf)] = FastTrees(clf)
        return fast

    # -- persistence ------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        import skops.io as sio

        payload = {"pass1": self.pass1, "pass2": self.pass2,
                   "meta": json.dumps({"format": FORMAT_VERSION, "dom": self.dom, "passes": self.passes,
                                       "threshold": self.threshold, "seed": self.seed,
                                       "n_features": int(len(self.features.get_feature_names_out())),
                                       "info": self.info})}
        sio.dump(payload, str(path))

    @classmethod
    def load(cls, path: str | Path) -> "BoilerplateModel":
        payload = load_trusted(path)
        try:
            meta = json.loads(payload["meta"])
        except Exception as exc:  # bad json, wrong format
            raise ModelFileError(f"cannot load model file {path}: {type(exc).__name__}: {exc}") from None
        if meta.get("format") != FORMAT_VERSION:
            raise ModelFileError(f"model file {path} has format {meta.get('format')}, expected {FORMAT_VERSION}")
        model = cls(dom=meta["dom"], threshold=meta["threshold"], seed=meta["seed"],
                    passes=meta.get("passes", 2))
        if meta["n_features"] != len(model.features.get_feature_names_out()):
            raise ModelFileError(f"model file {path} was trained on {meta['n_features']} features, "
                                 f"this code computes {len(model.features.get_feature_names_out())}: rebuild it")
        model.pass1, model.pass2, model.info = payload["pass1"], payload["pass2"], meta.get("info", {})
        return model
