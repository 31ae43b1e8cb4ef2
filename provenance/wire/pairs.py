"""Pair features and the pair classifier: derived from one source / same event only / unrelated.

Features are symmetric (min and max over the two directions), so a pair scores the same whatever
the input order. The classifier is two small gradient-boosted tree ensembles, trained by
`provenance.training.pairs` on ../shared/data/provenance and stored as arrays
(`provenance.modelfile`; evaluated by `provenance.ensemble`, without scikit-learn).
"""
from __future__ import annotations

from math import log1p
from pathlib import Path

import numpy as np

from ..ensemble import TreeEnsemble
from ..modelfile import ModelFileError, load_model_arrays, save_arrays
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


FORMAT = "provenance-pairs"
FORMAT_VERSION = 2


class PairModel:
    """P(unrelated), P(same event), P(derived) for aligned pairs.

    Two binary ensembles: *derived* vs not (monotone in the shared-text features, see
    MONOTONE), then, for what is not derived, *same event* vs unrelated (None when training had
    no same-event pairs: P = 0). P(same event) = (1 − P(derived)) · P(event | not derived).
    """

    def __init__(self, derived: TreeEnsemble, event: TreeEnsemble | None = None, meta: dict | None = None):
        self.derived = derived
        self.event = event
        self.meta = meta or {}

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities in LABELS order."""
        if len(X) == 0:
            return np.zeros((0, 3))
        X = np.asarray(X, dtype=float)
        pd = self.derived.proba(X)
        pe = (1.0 - pd) * (self.event.proba(X) if self.event is not None else np.zeros(len(X)))
        return np.stack([1.0 - pd - pe, pe, pd], axis=1)

    def save(self, path: str | Path) -> None:
        arrays = self.derived.to_arrays("derived")
        if self.event is not None:
            arrays.update(self.event.to_arrays("event"))
        save_arrays(path, arrays, {"format": FORMAT, "version": FORMAT_VERSION, "features": list(FEATURES),
                                   "event": self.event is not None, "meta": self.meta})

    @classmethod
    def load(cls, path: str | Path) -> "PairModel":
        arrays, header = load_model_arrays(path, FORMAT, FORMAT_VERSION)
        if header.get("features") != list(FEATURES):
            raise ModelFileError(f"pair model {path} was trained on other features: rebuild it")
        derived = TreeEnsemble.from_arrays(arrays, "derived", str(path))
        event = TreeEnsemble.from_arrays(arrays, "event", str(path)) if header.get("event") else None
        if any(e.n_features != len(FEATURES) for e in (derived, event) if e is not None):
            raise ModelFileError(f"pair model {path}: its trees read another number of features")
        return cls(derived, event, header.get("meta") or {})
