"""`provenance train`: rebuild the boilerplate models from ../shared/data.

Reproducible: fixed seeds, domain-disjoint validation (`split.py`), pages read in a fixed order
(`data.py`). Three models:
- ``pagetype``: the page's type (`training.pagetype`), from wcxb-dev's labels (training
  domains) and trafilatura-eval's pages as articles; every training page's P(type) is its
  out-of-fold one, so the block models learn from the page types `clean` will see;
- ``html``: DOM-aware blocks of HTML pages, with the page's P(type): wcxb-dev (training
  domains, every page type), trafilatura-eval's snippet-labelled pages (training domains),
  generated multilingual HTML pages (train part);
- ``text``: plain text, one block per line, what already-extracted corpora look like: the
  same English pages rendered as lines (no forum pages), and generated multilingual plain-text
  pages.
`train` writes the models, ``metrics.json`` and the model card; ``metrics.json`` records a
digest of the training sets (block texts, labels, languages, weights, fold groups, feature
names; the page types' labels) and of the model files, and `check` rebuilds the training sets
(features included; the page types from the committed page-type model instead of refitted ones)
and compares: it proves, without refitting, that the committed models come from this code and
this data.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from ..boilerplate.features import BlockFeatures, context_features
from ..boilerplate.model import BoilerplateModel
from ..document import PAGE_TYPES
from .data import (Labelled, as_plain_text, domains, extracted_crops, gold_pages, multilingual_pages,
                   snippet_pages)
from .ensembles import export
from .split import domain_of, is_validation

#: Page types kept out of each model family's training. The HTML model reads the page's
#: P(type) (`pagetype`): the posts of a forum page are its content (its gold says so) and the
#: comments under an article are not, and it learns both from the page type. The plain-text
#: model does not see the page type, so forum pages, whose gold counts reader posts as main
#: content, stay out of it.
EXCLUDED_PAGE_TYPES = {"html": (), "text": ("forum",)}
#: Snippet-labelled blocks are few (about 7 a page) but all news: they count this much more.
SNIPPET_WEIGHT = 3.0
#: The already-extracted crops of the plain-text pages (`data.extracted_crops`) count this much:
#: at full weight they taught the model that a page's first and last lines may be anything,
#: and a short page's navigation and copyright lines came out as body.
CROP_WEIGHT = 0.3
#: Passes per model family, measured on the validation domains: on plain-text lines pass 2
#: adds ~+0.01 4-gram F1; on HTML blocks, whose pass 1 already sees the DOM regions, it lowered
#: held-out article F1, and so did an HMM smoothing, so the HTML model has one pass.
PASSES = {"html": 1, "text": 2}
#: The tree ensemble, the same for both model families.
TREES = dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=31)
KINDS = ("html", "text")
#: P(body) cut-off stored in each model family's file (what `clean` uses by default). The HTML
#: model, trained on every page type with the page's P(type), is cut at 0.4: on the held-out
#: wcxb-dev and trafilatura-eval pages 0.4 gave higher precision *and* recall than the previous
#: model at 0.5 (chosen there, so those figures are fitted to it).
THRESHOLDS = {"html": 0.4, "text": 0.5}


def _hgb(seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(**TREES, min_samples_leaf=40, l2_regularization=1.0,
                                          early_stopping=False, random_state=seed)


def fit_model(docs, X, y, groups, *, dom: bool, passes: int, seed: int = 0, sample_weight=None,
              folds: int = 3) -> BoilerplateModel:
    """Fit the block classifier on features X of ``docs``. y: 1 body, 0 not, -1 unknown (the
    block is context for its neighbours only). Pass 2 is trained on out-of-fold pass-1 scores
    (folds grouped by ``groups``, the domains) so it learns how wrong pass 1 is on unseen sites."""
    from sklearn.model_selection import GroupKFold

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
    return BoilerplateModel(export(pass1), None if pass2 is None else export(pass2), dom=dom,
                            threshold=THRESHOLDS["html" if dom else "text"])


def _weights(docs) -> np.ndarray:
    words = np.array([len(b.text.split()) for d in docs for b in d.blocks], dtype=np.float64)
    return np.sqrt(np.clip(words, 1, 400))


def page_types(train_p: list[Labelled], snippet_p: list[Labelled], valid_p: list[Labelled],
               other_docs: list, seed: int = 0, committed=None):
    """Train the page-type model (`training.pagetype`) on the training pages (wcxb-dev with
    their ``page_type``, trafilatura-eval as articles) and set every page's `page_type_p`: the
    training pages' out of fold, the validation pages' and ``other_docs``' (the generated
    multilingual pages, not trained on) from the model. (model, metrics, labels digest).

    ``committed`` (a loaded `PageTypeModel`, for `check`): nothing is fitted (the 42
    ensembles of the out-of-fold and final models were most of `check`'s time); every page's
    P(type) comes from that model instead. The block features then read those P(type)
    instead of the out-of-fold ones, which does not matter to `check`: the digest records the
    training sets (texts, labels, weights, groups, feature names), not the feature values."""
    from .pagetype import TRAF_WEIGHT, train as train_types

    both = train_p + snippet_p
    docs = [p.doc for p in both]
    types = [PAGE_TYPES.index(p.rec["page_type"]) for p in train_p] + [PAGE_TYPES.index("article")] * len(snippet_p)
    weights = [1.0] * len(train_p) + [TRAF_WEIGHT] * len(snippet_p)
    vdocs = [p.doc for p in valid_p]
    vtypes = [PAGE_TYPES.index(p.rec["page_type"]) for p in valid_p]
    groups = [domain_of(p.rec) for p in both]
    if committed is None:
        model, metrics, oof, vp = train_types(docs, types, weights, groups, vdocs, vtypes, as_plain_text, seed)
        rows = np.vstack([oof, vp])
    else:
        model, metrics = committed, {}
        rows = model.predict_proba(docs + vdocs)
    for d, row in zip(docs + vdocs, rows.tolist()):
        d.page_type_p = tuple(row)
        d.page_type = PAGE_TYPES[int(np.argmax(row))]
    if other_docs:
        model.classify(other_docs)
        seen = Counter(d.page_type for d in other_docs)
        metrics["multilingual_taken_for"] = {t: round(seen[t] / len(other_docs), 4) for t in sorted(seen)}
    h = hashlib.sha256(json.dumps([[d.id for d in docs], types, weights, groups]).encode("utf-8", "surrogatepass"))
    return model, metrics, {"pages": len(docs), "sha256": h.hexdigest()}


def training_data(data_dir: Path, log=print, seed: int = 0, committed_types=None) -> dict:
    """Everything `train` and `check` need: the page-type model (trained here: the HTML block
    features read each page's P(type); `check` passes the committed one as
    ``committed_types``, see `page_types`), and per block-model family the training pages,
    their feature matrix, labels, fold groups and weights, and the validation pages."""
    t0 = time.time()
    wcxb = gold_pages(data_dir)
    snippets = [p for p in snippet_pages(data_dir) if not is_validation(p.rec)]
    ml_train = multilingual_pages(data_dir, "train")
    ml_valid = multilingual_pages(data_dir, "validation", per_language=None)
    log(f"read {len(wcxb)} wcxb-dev, {len(snippets)} trafilatura-eval (training domains), "
        f"{len(ml_train['html']) + len(ml_train['text'])} generated multilingual pages in {time.time() - t0:.0f}s")
    train_all = [p for p in wcxb if not is_validation(p.rec)]
    valid_p = [p for p in wcxb if is_validation(p.rec)]
    t1 = time.time()
    ml_html = [p.doc for p in ml_train["html"] + ml_valid["html"]]
    type_model, type_metrics, type_digest = page_types(train_all, snippets, valid_p, ml_html, seed, committed_types)
    log(f"page types: {json.dumps(type_metrics)} ({time.time() - t1:.0f}s)")
    out = {"pagetype": type_model, "pagetype_metrics": type_metrics, "pagetype_digest": type_digest,
           "counts": {"train_pages": len(train_all), "validation_pages": len(valid_p),
                      "snippet_pages": len(snippets),
                      "snippet_blocks": int(sum((p.y >= 0).sum() for p in snippets)),
                      "train_domains": len(set(domains(train_all))), "validation_domains": len(set(domains(valid_p))),
                      "multilingual_train_pages": {k: len(v) for k, v in ml_train.items()},
                      "multilingual_validation_pages": {k: len(v) for k, v in ml_valid.items()}}}
    for kind in KINDS:
        train_p = [p for p in train_all if p.rec.get("page_type") not in EXCLUDED_PAGE_TYPES[kind]]
        english = train_p + snippets
        conv = (lambda d: d) if kind == "html" else as_plain_text
        # plain text also comes already extracted: the same pages cut at their body
        crops = extracted_crops(train_p + ml_train[kind]) if kind == "text" else []
        pages = english + ml_train[kind] + crops
        docs = [conv(p.doc) for p in english] + [p.doc for p in ml_train[kind]] + [p.doc for p in crops]
        weights = _weights(docs)
        n_gold = sum(len(p.doc.blocks) for p in train_p)
        n_english = sum(len(p.doc.blocks) for p in english)
        weights[n_gold:n_english] *= SNIPPET_WEIGHT
        if crops:
            weights[len(weights) - sum(len(p.doc.blocks) for p in crops):] *= CROP_WEIGHT
        out[kind] = {
            "docs": docs, "X": BlockFeatures(dom=(kind == "html")).transform(docs),
            "y": np.concatenate([p.y for p in pages]), "weights": weights,
            "groups": np.concatenate([[domain_of(p.rec)] * len(p.doc.blocks) for p in pages]),
            "valid": [(p, conv(p.doc)) for p in valid_p], "valid_ml": [(p, p.doc) for p in ml_valid[kind]],
            "valid_extracted": ([] if kind == "html" else
                                [(p, p.doc) for p in extracted_crops(valid_p + ml_valid[kind])])}
        out["counts"].setdefault("extracted_crop_pages", {})[kind] = len(crops)
    return out


def digest(data: dict) -> dict:
    """sha256 of each family's training set as the labelling derived it: every block's text
    and label, each page's language, the fold groups, the weights and the feature names (not
    the feature values: numpy's vectorised math may round differently on another CPU); and of
    the page-type model's pages, labels, weights and groups."""
    out = {"pagetype": data["pagetype_digest"]}
    for kind in KINDS:
        d = data[kind]
        h = hashlib.sha256()
        for a in (d["y"].astype(np.int8), d["weights"].astype(np.float64)):
            h.update(np.ascontiguousarray(a).tobytes())
        for doc in d["docs"]:
            h.update(f"\x01{doc.id}\x02{doc.lang}\x02{doc.source}".encode("utf-8", "surrogatepass"))
            for b in doc.blocks:
                h.update(b"\x03" + b.text.encode("utf-8", "surrogatepass"))
        h.update("\n".join(map(str, d["groups"])).encode("utf-8", "surrogatepass"))
        h.update("\n".join(BlockFeatures(dom=(kind == "html")).get_feature_names_out()).encode())
        out[kind] = {"rows": int(len(d["y"])), "features": int(d["X"].shape[1]), "sha256": h.hexdigest()}
    return out


MODEL_FILES = tuple(f"boilerplate-{k}.npz" for k in KINDS) + ("pagetype.npz",)


def file_digests(out_dir: Path) -> dict:
    return {name: hashlib.sha256((Path(out_dir) / name).read_bytes()).hexdigest() for name in MODEL_FILES}


def block_f1(y_true: np.ndarray, p: np.ndarray, threshold: float) -> dict:
    pred = p >= threshold
    tp = float(np.sum(pred & (y_true == 1)))
    prec = tp / max(pred.sum(), 1)
    rec = tp / max((y_true == 1).sum(), 1)
    return {"precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 4)}


_TOKEN = re.compile(r"\w+")


def _token_f1(kept: str, gold: str) -> float:
    a, g = Counter(_TOKEN.findall(kept.lower())), Counter(_TOKEN.findall(gold.lower()))
    ov = sum((a & g).values())
    return 2 * ov / max(sum(a.values()) + sum(g.values()), 1)


def _page_scores(pairs: list[tuple[Labelled, object]], vp: np.ndarray, threshold: float, by: str) -> dict:
    """Token F1 of the kept blocks against gold, per ``by`` (page_type or lang) and overall."""
    groups: dict[str, list[float]] = defaultdict(list)
    start = 0
    for page, d in pairs:
        n = len(d.blocks)
        kept = " ".join(b.text for b, p in zip(d.blocks, vp[start:start + n]) if p >= threshold)
        start += n
        f = _token_f1(kept, page.rec["gold"])
        if page.rec.get(by):
            groups[page.rec[by]].append(f)
        groups["all"].append(f)
    return {k: round(float(np.mean(v)), 4) for k, v in sorted(groups.items())}


def train(data_dir: str | Path, out_dir: str | Path, seed: int = 0, log=print) -> dict:
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    data = training_data(data_dir, log, seed)
    metrics: dict = dict(data["counts"])
    metrics["pagetype"] = data["pagetype_metrics"]
    out_dir.mkdir(parents=True, exist_ok=True)
    data["pagetype"].save(out_dir / "pagetype.npz")
    for kind in KINDS:
        d = data[kind]
        t1 = time.time()
        model = fit_model(d["docs"], d["X"], d["y"], d["groups"], dom=(kind == "html"), passes=PASSES[kind],
                          seed=seed, sample_weight=d["weights"])
        log(f"{kind}: trained on {int((d['y'] >= 0).sum())} labelled blocks in {time.time() - t1:.0f}s")
        m = {}
        for name, pairs, by in (("pages", d["valid"], "page_type"), ("multilingual", d["valid_ml"], "lang"),
                                ("extracted", d["valid_extracted"], "lang")):
            if not pairs:
                continue
            vp = model.predict_proba([doc for _, doc in pairs])
            if name == "pages":
                m["blocks"] = block_f1(np.concatenate([p.y for p, _ in pairs]), vp, model.threshold)
            m[name] = _page_scores(pairs, vp, model.threshold, by)
        excluded = "".join(f", no {t} pages" for t in EXCLUDED_PAGE_TYPES[kind])
        model.info = {"trained_on": f"wcxb-dev (non-validation domains{excluded}), trafilatura-eval "
                                    "snippet labels (non-validation domains), generated multilingual pages "
                                    "(train part)" + (", the same pages cut at their body (already-extracted "
                                                      "text)" if kind == "text" else ""), "passes": PASSES[kind], "seed": seed, "validation": m}
        metrics[kind] = m
        log(f"{kind}: validation {json.dumps(m)}")
        out_dir.mkdir(parents=True, exist_ok=True)
        model.save(out_dir / f"boilerplate-{kind}.npz")
    metrics["digest"] = {"training": digest(data), "files": file_digests(out_dir)}
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    from .boilerplate_card import write as write_card

    write_card(metrics, out_dir)
    return metrics


def check(data_dir: str | Path, models_dir: str | Path, log=print) -> list[str]:
    """What differs between the committed models' record (``metrics.json``'s digest) and
    this code on this data: the training matrices and the model files. Empty: they agree."""
    recorded = json.loads((Path(models_dir) / "metrics.json").read_text(encoding="utf-8")).get("digest")
    # (the feature matrices are computed too: a feature that fails on some page fails here)
    if not recorded:
        return [f"{models_dir}/metrics.json has no digest: retrain with `provenance train`"]
    problems = []
    for name, sha in file_digests(Path(models_dir)).items():
        if recorded["files"].get(name) != sha:
            problems.append(f"{name} is not the file `provenance train` wrote (sha256 differs)")
    from ..boilerplate.pagetype import PageTypeModel

    now = digest(training_data(Path(data_dir), log,
                               committed_types=PageTypeModel.load(Path(models_dir) / "pagetype.npz")))
    for kind in KINDS + ("pagetype",):
        if now[kind] != recorded["training"].get(kind):
            problems.append(f"the {kind} model's training data differ from the ones it was trained on "
                            f"(recorded {recorded['training'].get(kind)}, now {now[kind]}): retrain")
    return problems
