"""Verify a candidate pair: align the two bodies, describe the pair, decide it (a pure step).

`prepared` readies one document (tokens, units, tf-idf weights over the corpus's document
frequencies); `evidence` aligns two prepared documents and returns the pair's features and
shared passages; `decide` turns a batch of evidence into `PairResult`s with the pair model.
Both engines verify every candidate with these three calls.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from .align import PackedPassages, Prepared, align, prepare, set_weights
from .groups import PairResult
from .pairs import DERIVED, SAME_EVENT, UNRELATED, PairModel, names_say_same_event, pair_features


def prepared(doc_id: str, text: str, date: Optional[str], df: dict, n_docs: int, max_chars: int) -> Prepared:
    """A document ready for alignment: its first ``max_chars`` characters, weighted."""
    p = prepare(doc_id, text[:max_chars], date)
    set_weights([p], df, n_docs)
    return p


def evidence(A: Prepared, B: Prepared, df: dict, n_docs: int, estimate: float) -> tuple[list[float], PackedPassages]:
    """(pair features, shared passages) of two prepared documents; ``estimate`` is their
    signatures' agreement."""
    al = align(A, B, df, n_docs)
    return pair_features(A, B, al, estimate), PackedPassages(al.passages)


def decide(model: PairModel, ends: list[tuple[str, str]], X: np.ndarray, passages: list) -> list[PairResult]:
    """The pair model's verdicts on a batch: one `PairResult` per (a, b) of ``ends``."""
    proba = model.predict_proba(X)
    return [PairResult(a, b, float(p[UNRELATED]), float(p[SAME_EVENT]), float(p[DERIVED]), ps,
                       names_say_same_event(x))
            for (a, b), x, p, ps in zip(ends, X, proba, passages)]
