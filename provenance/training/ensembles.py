"""scikit-learn's HistGradientBoostingClassifier, fitted here and exported as arrays.

`export` turns a fitted binary classifier into the `provenance.ensemble.TreeEnsemble` the
runtime evaluates: the same trees (node thresholds, leaf values, children, NaN directions,
the baseline), so the runtime's P equals ``clf.predict_proba(X)[:, 1]`` bit for bit
(`tests/test_model.py` checks it).
"""
from __future__ import annotations

import numpy as np

from ..ensemble import TreeEnsemble


def export(clf) -> TreeEnsemble:
    """The trees of a fitted binary HistGradientBoostingClassifier (classes 0 and 1, numeric
    features only) as a `TreeEnsemble`."""
    if clf.n_trees_per_iteration_ != 1 or list(clf.classes_) != [0, 1]:
        raise ValueError("export takes a binary classifier of classes 0 and 1")
    parts = {k: [] for k in ("value", "threshold", "feature", "left", "right", "nan_left", "is_leaf")}
    roots, offset = [], 0
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("export does not take categorical splits")
        leaf = nodes["is_leaf"].astype(bool)
        roots.append(offset)
        parts["value"].append(nodes["value"])
        parts["threshold"].append(nodes["num_threshold"])
        parts["feature"].append(nodes["feature_idx"])
        parts["left"].append(np.where(leaf, 0, nodes["left"].astype(np.int64) + offset))
        parts["right"].append(np.where(leaf, 0, nodes["right"].astype(np.int64) + offset))
        parts["nan_left"].append(nodes["missing_go_to_left"])
        parts["is_leaf"].append(leaf)
        offset += len(nodes)
    baseline = float(np.asarray(clf._baseline_prediction).ravel()[0])
    return TreeEnsemble(baseline, {k: np.concatenate(v) for k, v in parts.items()},
                        np.asarray(roots), clf.n_features_in_)
