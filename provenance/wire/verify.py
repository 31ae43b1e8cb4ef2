"""Verify a candidate pair: align the two bodies, describe the pair, decide it (a pure step).

`prepared` readies one document (tokens, units, tf-idf weights over the corpus's vocabulary);
`evidence` aligns two prepared documents and returns the pair's features and shared passages;
`decide` turns a batch of evidence into `PairResult`s with the pair model. Both engines verify
every candidate with these three calls.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..lexicon.stopwords import function_words
from .align import PackedPassages, Prepared, align, prepare, set_weights
from .groups import PairResult
from .pairs import DERIVED, SAME_EVENT, UNRELATED, PairModel, names_say_same_event, pair_features
from .vocabulary import Vocabulary


def prepared(doc_id: str, text: str, date: Optional[str], lang: Optional[str], vocabulary: Vocabulary,
             max_chars: int) -> Prepared:
    """A document ready for alignment: its first ``max_chars`` characters, weighted."""
    p = prepare(doc_id, text[:max_chars], date, function_words(lang), vocabulary)
    set_weights([p], vocabulary)
    return p


def evidence(A: Prepared, B: Prepared, vocabulary: Vocabulary, estimate: float) -> tuple[list[float], PackedPassages]:
    """(pair features, shared passages) of two prepared documents; ``estimate`` is their
    signatures' agreement."""
    al = align(A, B, vocabulary)
    return pair_features(A, B, al, estimate), PackedPassages(al.passages)


def decide(model: PairModel, ends: list[tuple[str, str]], X: np.ndarray, passages: list) -> list[PairResult]:
    """The pair model's verdicts on a batch: one `PairResult` per (a, b) of ``ends``."""
    proba = model.predict_proba(X)
    return [PairResult(a, b, float(p[UNRELATED]), float(p[SAME_EVENT]), float(p[DERIVED]), ps,
                       names_say_same_event(x))
            for (a, b), x, p, ps in zip(ends, X, proba, passages)]
