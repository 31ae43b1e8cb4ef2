"""`provenance train`: rebuild the boilerplate models from ../shared/data/boilerplate.

Reproducible: fixed seeds, a domain-disjoint validation split (`split.py`), pages read in
manifest order. Two models are trained on the same pages:
- ``html``: DOM-aware blocks of the HTML pages;
- ``text``: the same pages rendered as plain text, one block per line (no DOM features),
  which is what already-extracted corpora look like.
Labels come from aligning each page's blocks with its gold text (`labels.py`), plus partial
labels of the trafilatura-eval pages of the training domains from their must-keep and
must-drop snippets (news and blogs, many in German: what wcxb-dev has little of).
"""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import numpy as np

from ..boilerplate.features import BlockFeatures, context_features
from ..boilerplate.model import BoilerplateModel
from ..document import Block, Document
from ..segment.html import PageError, segment_html
from .ensembles import export
from .labels import block_labels
from .split import domain_of, is_validation

#: Page types whose gold counts reader comments / forum posts as main content; an article
#: extractor must learn the opposite, so these pages are kept out of training.
EXCLUDED_PAGE_TYPES = ("forum",)
#: Snippet-labelled blocks are few (about 7 a page) but all news: they count this much more.
SNIPPET_WEIGHT = 3.0
#: Passes per model family, measured on the validation domains: on plain-text lines pass 2
#: adds ~+0.01 4-gram F1; on HTML blocks, whose pass 1 already sees the DOM regions, it lowered
#: held-out article F1, and so did an HMM smoothing, so the HTML model has one pass.
PASSES = {"html": 1, "text": 2}
#: The tree ensemble, the same for both model families.
TREES = dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=31)


def _hgb(seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**TREES, min_samples_leaf=40, l2_regularization=1.0,
                                          early_stopping=False, random_state=seed)


def fit_model(docs, y, groups, *, dom: bool, passes: int, seed: int = 0, sample_weight=None,
              folds: int = 3) -> BoilerplateModel:
    """Fit the block classifier. y: 1 body, 0 not, -1 unknown (the block is context for its
    neighbours only). Pass 2 is trained on out-of-fold pass-1 scores (folds grouped by
    ``groups``, the domains) so it learns how wrong pass 1 is on unseen sites."""
    from sklearn.model_selection import GroupKFold

    X = BlockFeatures(dom=dom).transform(docs)
    y = np.asarray(y)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    known = y >= 0
    pass1 = _hgb(seed).fit(X[known], y[known], sample_weight=w[known])
    pass2 = None
    if passes == 2:
        oof = np.zeros(len(y))
        for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(X, y, np.asarray(groups))):
            tr = tr[known[tr]]
            m = _hgb(seed + 1 + k).fit(X[tr], y[tr], sample_weight=w[tr])
            oof[te] = m.predict_proba(X[te])[:, 1]
        X2 = np.hstack([X, context_features(docs, oof)])
        pass2 = _hgb(seed + 100).fit(X2[known], y[known], sample_weight=w[known])
    return BoilerplateModel(export(pass1), None if pass2 is None else export(pass2), dom=dom)


def as_plain_text(doc: Document) -> Document:
    """The page as an already-extracted text corpus would hold it: one line per block."""
    return Document(id=doc.id, source="text",
                    blocks=[Block(text=b.text, position=i) for i, b in enumerate(doc.blocks)])


def _labelled_pages(data_dir: Path, dataset: str, label) -> list:
    """(record, html Document, label(record, doc)) for each readable page of a dataset's
    manifest, in manifest order; pages whose label is None or has no known block are skipped."""
    root = data_dir / "boilerplate" / dataset
    out = []
    with open(root / "manifest.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            try:
                doc = segment_html(gzip.open(root / rec["html"]).read(), str(rec["id"]))
            except PageError:
                continue
            y = label(rec, doc) if doc.blocks else None
            if y is not None and (y >= 0).any():
                out.append((rec, doc, y))
    return out


def load_pages(data_dir: Path, dataset: str = "wcxb-dev"):
    """(record, html Document, labels) for each gold page of a dataset, manifest order."""
    return _labelled_pages(data_dir, dataset, lambda rec, doc: None if rec.get("gold") is None
                           else block_labels(doc, rec["gold"]))


def snippet_labels(doc: Document, with_: list[str], without: list[str]) -> np.ndarray:
    """Partial labels from snippet lists (trafilatura-eval has no full gold text): 1 for a
    block inside or holding a must-keep snippet, 0 for one inside or holding a must-drop
    snippet, -1 (unknown, used as context only) for every other block."""
    norm = [" ".join(t.split()) for t in with_ or []], [" ".join(t.split()) for t in without or []]
    y = np.full(len(doc.blocks), -1, dtype=np.int8)
    for i, b in enumerate(doc.blocks):
        t = b.text
        hits = [any((len(t) >= 15 and t in sn) or (len(sn) >= 15 and sn in t) for sn in group)
                for group in norm]
        if hits[0] != hits[1]:
            y[i] = 1 if hits[0] else 0
    return y


def load_snippet_pages(data_dir: Path, dataset: str = "trafilatura-eval"):
    """(record, html Document, partial labels) for pages with with_/without snippets."""
    return _labelled_pages(data_dir, dataset, lambda rec, doc: snippet_labels(
        doc, rec.get("with_"), rec.get("without")))


def _weights(docs) -> np.ndarray:
    words = np.array([len(b.text.split()) for d in docs for b in d.blocks], dtype=np.float64)
    return np.sqrt(np.clip(words, 1, 400))


def block_f1(y_true: np.ndarray, p: np.ndarray, threshold: float) -> dict:
    pred = p >= threshold
    tp = float(np.sum(pred & (y_true == 1)))
    prec = tp / max(pred.sum(), 1)
    rec = tp / max((y_true == 1).sum(), 1)
    return {"precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4)}


def train(data_dir: str | Path, out_dir: str | Path, seed: int = 0, log=print) -> dict:
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    t0 = time.time()
    pages = load_pages(data_dir)
    log(f"segmented and labelled {len(pages)} pages in {time.time() - t0:.0f}s")
    train_p = [p for p in pages if not is_validation(p[0]) and p[0].get("page_type") not in EXCLUDED_PAGE_TYPES]
    valid_p = [p for p in pages if is_validation(p[0])]
    snippet_p = [p for p in load_snippet_pages(data_dir) if not is_validation(p[0])]
    log(f"{len(snippet_p)} trafilatura-eval pages (training domains) with snippet labels")
    metrics: dict = {"train_pages": len(train_p), "validation_pages": len(valid_p),
                     "snippet_pages": len(snippet_p),
                     "snippet_blocks": int(sum((p[2] >= 0).sum() for p in snippet_p)),
                     "train_domains": len({domain_of(p[0]) for p in train_p}),
                     "validation_domains": len({domain_of(p[0]) for p in valid_p})}
    for kind in ("html", "text"):
        conv = (lambda d: d) if kind == "html" else as_plain_text
        both = train_p + snippet_p
        docs = [conv(p[1]) for p in both]
        y = np.concatenate([p[2] for p in both])
        groups = np.concatenate([[domain_of(p[0])] * len(p[1].blocks) for p in both])
        weights = _weights(docs)
        n_gold = sum(len(p[1].blocks) for p in train_p)
        weights[n_gold:] *= SNIPPET_WEIGHT
        t1 = time.time()
        model = fit_model(docs, y, groups, dom=(kind == "html"), passes=PASSES[kind], seed=seed,
                          sample_weight=weights)
        log(f"{kind}: trained on {int((y >= 0).sum())} labelled blocks in {time.time() - t1:.0f}s")
        vdocs = [conv(p[1]) for p in valid_p]
        vy = np.concatenate([p[2] for p in valid_p])
        vp = model.predict_proba(vdocs)
        m = {"blocks": block_f1(vy, vp, model.threshold)}
        m["pages"] = _page_scores(valid_p, vdocs, vp, model.threshold)
        model.info = {"trained_on": "wcxb-dev (non-validation domains, no forum pages) + "
                                    "trafilatura-eval snippet labels (non-validation domains)", "passes": PASSES[kind],
                      "seed": seed, "validation": m}
        metrics[kind] = m
        log(f"{kind}: validation {json.dumps(m)}")
        out_dir.mkdir(parents=True, exist_ok=True)
        model.save(out_dir / f"boilerplate-{kind}.npz")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    from .boilerplate_card import write as write_card

    write_card(metrics, out_dir)
    return metrics


def _page_scores(valid_p, vdocs, vp, threshold) -> dict:
    """Token F1 of the kept blocks against gold, per page type (WCXB's word F1)."""
    from collections import Counter, defaultdict
    import re

    tok = re.compile(r"\w+")
    by_type: dict[str, list[float]] = defaultdict(list)
    start = 0
    for (rec, _doc, _y), d in zip(valid_p, vdocs):
        n = len(d.blocks)
        kept = " ".join(b.text for b, p in zip(d.blocks, vp[start:start + n]) if p >= threshold)
        start += n
        a, g = Counter(tok.findall(kept.lower())), Counter(tok.findall(rec["gold"].lower()))
        ov = sum((a & g).values())
        f = 2 * ov / max(sum(a.values()) + sum(g.values()), 1)
        by_type[rec.get("page_type") or "all"].append(f)
        by_type["all"].append(f)
    return {k: round(float(np.mean(v)), 4) for k, v in sorted(by_type.items())}
