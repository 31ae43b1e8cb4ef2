"""Training of the page-type classifier (`provenance.boilerplate.pagetype`).

Labels: the ``page_type`` of every wcxb-dev page (seven types), and "article" for the
trafilatura-eval pages (news and blog articles), which count TRAF_WEIGHT each (they are many
and all of one type). Only the training domains (`split.is_validation` false) are fitted; the
validation domains measure accuracy. One binary HistGradientBoostingClassifier per type (this
type against the rest, exported as a `TreeEnsemble`), for HTML pages and for the same pages as
plain text. `out_of_fold` gives the training pages' P(type) from models that did not see their
domain: the block model is trained on those, so it learns from page types as wrong as they
will be on unseen sites.
"""
from __future__ import annotations

import numpy as np

from ..boilerplate.features import BlockFeatures
from ..boilerplate.pagetype import PageTypeModel, page_features, text_page_features
from ..document import PAGE_TYPES
from .ensembles import export

#: The weight of one trafilatura-eval page (all articles) against one wcxb-dev page.
TRAF_WEIGHT = 0.5
TREES = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=8, l2_regularization=1.0)
FOLDS = 4


def _hgb(seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=seed)


def plain_page_features(docs) -> np.ndarray:
    """`text_page_features` of plain-text Documents (their block features computed here)."""
    bf = BlockFeatures(dom=False)
    return text_page_features(docs, bf.transform(docs), bf.get_feature_names_out())


def class_weights(y: np.ndarray) -> np.ndarray:
    """Per-sample weights that soften the class imbalance (square root of the inverse class
    frequency, mean 1): the types other than article are a seventh of the pages each or less."""
    counts = np.bincount(y, minlength=len(PAGE_TYPES)).astype(np.float64)
    w = np.sqrt(counts.sum() / np.maximum(counts, 1) / len(PAGE_TYPES))[y]
    return w / w.mean()


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int = 0) -> list:
    """One exported binary ensemble per page type (type k against the rest)."""
    out = []
    for k in range(len(PAGE_TYPES)):
        yk = (y == k).astype(np.int64)
        if yk.min() == yk.max():      # a type absent from these pages: a constant model
            yk = yk.copy()
            yk[0] = 1 - yk[0]
        out.append(export(_hgb(seed + k).fit(X, yk, sample_weight=w)))
    return out


def proba(ensembles: list, X: np.ndarray) -> np.ndarray:
    p = np.column_stack([e.proba(X) for e in ensembles])
    return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)


def out_of_fold(X: np.ndarray, y: np.ndarray, w: np.ndarray, groups, seed: int = 0, folds: int = FOLDS) -> np.ndarray:
    """P(type) of every row from models fitted without its group (domain)."""
    from sklearn.model_selection import GroupKFold

    oof = np.zeros((len(y), len(PAGE_TYPES)))
    for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(X, y, np.asarray(groups))):
        oof[te] = proba(fit(X[tr], y[tr], w[tr], seed + 10 * (k + 1)), X[te])
    return oof


def train(train_docs, train_types, train_weights, groups, valid_docs, valid_types, text_of, seed: int = 0):
    """Fit the page-type model on `train_docs` (Documents, their type indices, sample weights
    and domains), measure it on `valid_docs`. `text_of(doc)`: the page as plain text.

    Returns (model, metrics, out-of-fold P(type) of the training docs, P(type) of the
    validation docs)."""
    from threadpoolctl import threadpool_limits

    # ~2,000 rows: one thread is as fast, and on a busy machine OpenMP's waiting threads are not
    with threadpool_limits(limits=1, user_api="openmp"):
        return _train(train_docs, train_types, train_weights, groups, valid_docs, valid_types, text_of, seed)


def _train(train_docs, train_types, train_weights, groups, valid_docs, valid_types, text_of, seed):
    y = np.asarray(train_types, dtype=np.int64)
    w = np.asarray(train_weights, dtype=np.float64) * class_weights(y)
    X = page_features(train_docs)
    Xt = plain_page_features([text_of(d) for d in train_docs])
    oof = out_of_fold(X, y, w, groups, seed)
    model = PageTypeModel(fit(X, y, w, seed), fit(Xt, y, w, seed + 50))
    vy = np.asarray(valid_types, dtype=np.int64)
    vp = model.predict_proba(valid_docs)
    vpt = model.predict_proba([text_of(d) for d in valid_docs])
    metrics = {"train_pages": len(y), "validation_pages": len(vy),
               "oof_accuracy": round(float((oof.argmax(1) == y).mean()), 4),
               "validation_accuracy_html": round(float((vp.argmax(1) == vy).mean()), 4) if len(vy) else None,
               "validation_accuracy_text": round(float((vpt.argmax(1) == vy).mean()), 4) if len(vy) else None,
               "validation_by_type": {t: round(float((vp.argmax(1)[vy == k] == k).mean()), 4)
                                      for k, t in enumerate(PAGE_TYPES) if (vy == k).any()}}
    model.info = {"trained_on": "wcxb-dev page_type labels and trafilatura-eval pages as articles "
                                "(non-validation domains)", "seed": seed, "validation": metrics}
    return model, metrics, oof, vp


__all__ = ["train", "fit", "out_of_fold", "class_weights"]
