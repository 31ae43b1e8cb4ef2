"""Pair features and the pair classifier: derived from one source / same event only / unrelated.

Features are symmetric (min and max over the two directions), so a pair scores the same whatever
the input order. The classifier is two small scikit-learn HistGradientBoosting models trained by
`provenance.wire.train` on ../shared/data/provenance and stored with skops (no pickle).
"""
from __future__ import annotations

from math import log1p
from pathlib import Path

import numpy as np

from ..modelfile import ModelFileError, load_trusted
from .align import Aligned, Prepared, jaccard, tfidf_cosine

UNRELATED, SAME_EVENT, DERIVED = 0, 1, 2
LABELS = ("unrelated", "same-event", "derived")
FEATURES = (
    "exact_cov_min", "exact_cov_max", "cov_min", "cov_max", "unit_min", "unit_max",
    "log_longest", "log_n_exact", "log_shared_quotes", "quote_share",
    "number_jaccard", "log_shared_numbers", "name_jaccard", "log_shared_names",
    "tfidf_cosine", "minhash_jaccard", "log_min_chars", "length_ratio",
)


def pair_features(A: Prepared, B: Prepared, al: Aligned, minhash_j: float) -> list[float]:
    sq = len(A.quotes & B.quotes)
    nq = min(len(A.quotes), len(B.quotes))
    return [
        min(al.exact_cov), max(al.exact_cov), min(al.cov), max(al.cov),
        min(al.unit_share), max(al.unit_share),
        log1p(al.longest), log1p(al.n_exact), log1p(sq), sq / nq if nq else 0.0,
        jaccard(A.numbers, B.numbers), log1p(len(A.numbers & B.numbers)),
        jaccard(A.names, B.names), log1p(len(A.names & B.names)),
        tfidf_cosine(A, B), float(minhash_j),
        log1p(min(A.chars, B.chars)), min(A.chars, B.chars) / max(A.chars, B.chars, 1),
    ]


# Same-event evidence beside the classifier. Its only same-event training pairs (Clough's
# independent answers) are technical texts without names, so it cannot learn what news about
# one event shares: its people, places and organisations. A pair is same-event when their name
# sets overlap more than in any unrelated pair of the training corpora (wirebench unrelated
# pairs: name Jaccard at most 0.25, and ≥ 5 shared names in under 0.1%).
NAME_EVENT_JACCARD = 0.3
NAME_EVENT_SHARED = 5


def names_say_same_event(x) -> bool:
    """Same-event evidence from a pair's feature row (see NAME_EVENT_*)."""
    return (x[FEATURES.index("name_jaccard")] >= NAME_EVENT_JACCARD
            and x[FEATURES.index("log_shared_names")] >= log1p(NAME_EVENT_SHARED))


#: Features along which more shared text can never make derivation *less* likely. The
#: derived model is constrained to be monotone in them: without it, a pair unlike any training
#: pair (news about one event, sharing names but little text) landed on arbitrary sides of the
#: boundary from one retraining to the next.
MONOTONE = ("exact_cov_min", "exact_cov_max", "cov_min", "cov_max", "unit_min", "unit_max",
            "log_longest", "log_n_exact", "log_shared_quotes", "quote_share", "minhash_jaccard")


class PairModel:
    """P(unrelated), P(same event), P(derived) for aligned pairs.

    Two binary models: *derived* vs not (monotone in the shared-text features, see MONOTONE),
    then, for what is not derived, *same event* vs unrelated. P(same event) = (1 − P(derived))
    · P(event | not derived).
    """

    def __init__(self, derived=None, event=None, meta: dict | None = None):
        self.derived = derived
        self.event = event
        self.meta = meta or {}

    @staticmethod
    def estimator(seed: int = 0, monotone: bool = False):
        from sklearn.ensemble import HistGradientBoostingClassifier

        cst = [1 if f in MONOTONE else 0 for f in FEATURES] if monotone else None
        return HistGradientBoostingClassifier(max_iter=150, max_leaf_nodes=15, learning_rate=0.08,
                                              l2_regularization=1.0, min_samples_leaf=20,
                                              monotonic_cst=cst, random_state=seed)

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight=None, seed: int = 0) -> "PairModel":
        X = np.asarray(X, dtype=float)
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
        self.derived = self.estimator(seed, monotone=True).fit(X, (y == DERIVED).astype(int), sample_weight=w)
        rest = y != DERIVED
        ev = (y[rest] == SAME_EVENT).astype(int)
        # without same-event examples (a corpus held out) there is nothing to learn: P = 0
        self.event = (self.estimator(seed).fit(X[rest], ev, sample_weight=w[rest])
                      if len(np.unique(ev)) == 2 else None)
        return self

    @staticmethod
    def _positive(clf, X: np.ndarray) -> np.ndarray:
        if clf is None:
            return np.zeros(len(X))
        p = clf.predict_proba(X)
        classes = list(clf.classes_)
        return p[:, classes.index(1)] if 1 in classes else np.zeros(len(X))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities in LABELS order."""
        if len(X) == 0:
            return np.zeros((0, 3))
        X = np.asarray(X, dtype=float)
        pd = self._positive(self.derived, X)
        pe = (1.0 - pd) * self._positive(self.event, X)
        return np.stack([1.0 - pd - pe, pe, pd], axis=1)

    def save(self, path: str | Path) -> None:
        import skops.io as sio

        sio.dump({"derived": self.derived, "event": self.event, "meta": self.meta,
                  "features": list(FEATURES)}, str(path))

    @classmethod
    def load(cls, path: str | Path) -> "PairModel":
        payload = load_trusted(path)
        if not isinstance(payload, dict) or payload.get("features") != list(FEATURES):
            raise ModelFileError(f"pair model {path} was trained on other features: rebuild it")
        return cls(payload["derived"], payload["event"], payload.get("meta", {}))
