"""Pair features and the pair classifier: derived from one source / same event only / unrelated.

Features are symmetric (min and max over the two directions), so a pair scores the same whatever
the input order. The classifier is a small scikit-learn HistGradientBoosting model trained by
`provenance.wire.train` on ../shared/data/provenance and stored with skops (no pickle).
"""
from __future__ import annotations

from math import log1p
from pathlib import Path

import numpy as np

from ..boilerplate.model import ModelFileError
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


TRUSTED_TYPES = [
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn._loss.link.Interval", "sklearn._loss.link.MultinomialLogit",
    "sklearn._loss.loss.HalfMultinomialLoss",
]


class PairModel:
    """P(unrelated), P(same event), P(derived) for aligned pairs."""

    def __init__(self, clf=None, meta: dict | None = None):
        self.clf = clf
        self.meta = meta or {}

    @staticmethod
    def estimator(seed: int = 0):
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=150, max_leaf_nodes=15, learning_rate=0.08,
                                              l2_regularization=1.0, min_samples_leaf=20,
                                              random_state=seed)

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight=None, seed: int = 0) -> "PairModel":
        self.clf = self.estimator(seed).fit(X, y, sample_weight=sample_weight)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities in LABELS order."""
        if len(X) == 0:
            return np.zeros((0, 3))
        p = self.clf.predict_proba(np.asarray(X, dtype=float))
        out = np.zeros((len(X), 3))
        out[:, self.clf.classes_.astype(int)] = p
        return out

    def save(self, path: str | Path) -> None:
        import skops.io as sio

        sio.dump({"clf": self.clf, "meta": self.meta, "features": list(FEATURES)}, str(path))

    @classmethod
    def load(cls, path: str | Path) -> "PairModel":
        import skops.io as sio

        if not Path(path).is_file():
            raise ModelFileError(f"pair model file not found: {path}")
        try:
            untrusted = sio.get_untrusted_types(file=str(path))
            extra = sorted(set(untrusted) - set(TRUSTED_TYPES))
            if extra:
                raise ModelFileError(f"model file {path} holds untrusted types {extra}: refused")
            payload = sio.load(str(path), trusted=TRUSTED_TYPES)
        except ModelFileError:
            raise
        except Exception as exc:  # truncated, tampered, not a skops file
            raise ModelFileError(f"cannot load pair model {path}: {exc}") from exc
        if payload.get("features") != list(FEATURES):
            raise ModelFileError(f"pair model {path} was trained on other features: rebuild it")
        return cls(payload["clf"], payload.get("meta", {}))
