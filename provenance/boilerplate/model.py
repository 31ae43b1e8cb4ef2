"""The two-pass block classifier, as the runtime uses it: P(body) for every block.

Pass 1: gradient-boosted trees over `BlockFeatures` give each block P(body). Its features
already look at the neighbours (two blocks each side, a 7-block word window) and, for HTML,
at the containers, so pass 1 alone already decodes much of the sequence.
Pass 2 (plain text only, see the model card): the same features plus `context_features` of
the pass-1 scores (neighbours, containers, body before/after) give the final P(body), the
decoding over the block sequence learned rather than hand-set.

The trees are `provenance.ensemble.TreeEnsemble`s read from a ``.npz`` model file
(`provenance.modelfile`: arrays and a JSON header, never a pickle); `provenance.training`
fits and writes them. Nothing here imports scikit-learn.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np

from ..ensemble import TreeEnsemble
from ..modelfile import ModelFileError, load_model_arrays, save_arrays
from .features import CONTEXT_NAMES, BlockFeatures, context_features

FORMAT = "provenance-boilerplate"
FORMAT_VERSION = 2
#: Rows per tree-evaluation chunk: a chunk whose features fit in the CPU cache is evaluated
#: faster than one big matrix streamed from memory per tree.
CHUNK_ROWS = 1024


class BoilerplateModel:
    """P(body) for every block of a list of Documents."""

    def __init__(self, pass1: TreeEnsemble, pass2: Optional[TreeEnsemble] = None, *, dom: bool = True,
                 threshold: float = 0.5, info: Optional[dict] = None):
        self.pass1, self.pass2 = pass1, pass2
        self.dom = dom
        self.threshold = threshold
        self.info = info or {}
        self.features = BlockFeatures(dom=dom)

    @property
    def passes(self) -> int:
        return 1 if self.pass2 is None else 2

    def predict_proba(self, docs, features_out: Optional[list] = None) -> np.ndarray:
        """Final P(body) per block (documents concatenated in order). ``features_out``: a list
        the block feature matrix is appended to (the plain-text page types are read off it)."""
        X = self.features.transform(docs)
        if features_out is not None:
            features_out.append(X)
        if len(X) == 0:
            return np.zeros(0)
        p1 = self._proba(self.pass1, X)
        if self.pass2 is None:
            return p1
        return self._proba(self.pass2, np.hstack([X, context_features(docs, p1)]))

    @staticmethod
    def _proba(ensemble: TreeEnsemble, X: np.ndarray) -> np.ndarray:
        if len(X) <= CHUNK_ROWS:
            return ensemble.proba(X)
        return np.concatenate([ensemble.proba(X[lo:lo + CHUNK_ROWS]) for lo in range(0, len(X), CHUNK_ROWS)])

    # -- files ------------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        arrays = self.pass1.to_arrays("pass1")
        if self.pass2 is not None:
            arrays.update(self.pass2.to_arrays("pass2"))
        save_arrays(path, arrays, {"format": FORMAT, "version": FORMAT_VERSION, "dom": self.dom,
                                   "passes": self.passes, "threshold": self.threshold,
                                   "n_features": len(self.features.get_feature_names_out()),
                                   "info": self.info})

    @classmethod
    def load(cls, path: str | Path) -> "BoilerplateModel":
        arrays, meta = load_model_arrays(path, FORMAT, FORMAT_VERSION)
        try:
            dom, passes, threshold = bool(meta["dom"]), int(meta["passes"]), float(meta["threshold"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"model file {path}: bad header ({exc})") from None
        n = len(BlockFeatures(dom=dom).get_feature_names_out())
        if meta.get("n_features") != n:
            raise ModelFileError(f"model file {path} was trained on {meta.get('n_features')} features, "
                                 f"this code computes {n}: rebuild it")
        pass1 = TreeEnsemble.from_arrays(arrays, "pass1", str(path))
        pass2 = TreeEnsemble.from_arrays(arrays, "pass2", str(path)) if passes == 2 else None
        expected = [n] + ([pass1.n_features + len(CONTEXT_NAMES)] if pass2 else [])
        if [e.n_features for e in (pass1, pass2) if e is not None] != expected:
            raise ModelFileError(f"model file {path}: its trees read another number of features")
        return cls(pass1, pass2, dom=dom, threshold=threshold, info=meta.get("info") or {})


__all__ = ["BoilerplateModel", "ModelFileError"]
