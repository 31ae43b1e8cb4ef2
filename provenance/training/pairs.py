"""Train the pair classifier on ../shared/data/provenance.

Pairs and labels:

* wirebench-dev, wirebench-dev-hard (raw text, site templates left in): every LSH candidate pair,
  every pair of one wire story (derived), all pairs of unrelated pages of one site (they share a
  template: the classifier must learn that cleaned, template-stripped bodies of such pages are
  unrelated), and random pairs (unrelated).
* clough-short-answers: all pairs. Source and cut/light/heavy answers of one task are derived;
  a "non" answer (written independently on the same task) with anything of its task is
  *same event*; different tasks are unrelated. It is the only corpus with same-event pairs.

* the generated multilingual wire corpora (`multilingual.wire`, one per language): scored,
  never trained on. A model trained on them as well (each a quarter of an English corpus's
  weight) scored them no better left-one-language-out (derived F1 0.974-1.0) than the model
  trained on the English corpora alone does (0.973-1.0), and it learned their rewriter sites'
  retellings (names and quotations kept, little text) as derivation: a summit preview that
  shares the wire story's names but not its text came out derived (P 0.75; 0.22 without them).
  The features are the same in every language; the generated corpora show that they carry
  over.

Features come from the very functions `trace` uses (`engines.local_trace` scheduling the
`wire` steps), so training and use cannot drift. ``evaluate`` trains on the training corpora
but one and scores the held-out one, and scores each evaluation-only corpus with the model
trained on all training corpora.
"""
from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np

from ..engines.local_trace import align_pairs, clean_corpus, sign_corpus
from ..options import TraceOptions
from ..wire.candidates import candidates
from ..wire.pairs import DERIVED, FEATURES, LABELS, MONOTONE, SAME_EVENT, UNRELATED, PairModel
from .ensembles import export

WIRE_CORPORA = ("wirebench-dev", "wirebench-dev-hard")
CLOUGH = "clough-short-answers"
SEED = 0
#: The generated multilingual wire corpora the pair model learns from are built with this seed;
#: the benchmarks score corpora of seed 0 (other groupings, edits, stock phrases and templates).
MULTILINGUAL_SEED = 1
MULTILINGUAL_PREFIX = "multilingual-"


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def wire_pairs(folder: Path, rng: random.Random, workers: int = 1):
    docs = _read_jsonl(folder / "docs.jsonl")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["docs"]
    corpus = clean_corpus(docs, TraceOptions(), workers=workers)
    sign_corpus(corpus, workers)
    cand, _ = candidates(corpus.ids, corpus.sigs, corpus.name_sigs)
    n = corpus.n
    wire = [gold[i]["wire"] for i in corpus.ids]
    site = [d.get("site") for d in docs]
    chosen = {tuple(p) for p in cand.tolist()}
    by_wire: dict = {}
    by_site: dict = {}
    for k in range(n):
        if wire[k]:
            by_wire.setdefault(wire[k], []).append(k)
        by_site.setdefault(site[k], []).append(k)
    chosen |= {p for m in by_wire.values() for p in itertools.combinations(m, 2)}
    same_site = [p for m in by_site.values() for p in itertools.combinations(m, 2)
                 if not (wire[p[0]] and wire[p[0]] == wire[p[1]])]
    chosen |= set(rng.sample(same_site, min(len(same_site), 3000)))
    while len(chosen) < len(cand) + 6000 and len(chosen) < n * (n - 1) // 2:
        i, j = sorted(rng.sample(range(n), 2))
        chosen.add((i, j))
    pairs = np.array(sorted(chosen), dtype=np.int64)
    oriented, X, _ = align_pairs(corpus, pairs, workers)
    y = np.array([DERIVED if wire[i] and wire[i] == wire[j] else UNRELATED for i, j in oriented])
    return X, y


def clough_pairs(folder: Path, workers: int = 1):
    docs = _read_jsonl(folder / "docs.jsonl")
    clusters = json.loads((folder / "gold_clusters.json").read_text(encoding="utf-8"))
    corpus = clean_corpus(docs, TraceOptions(), workers=workers)
    sign_corpus(corpus, workers)
    n = corpus.n
    pairs = np.array(list(itertools.combinations(range(n), 2)), dtype=np.int64)
    oriented, X, _ = align_pairs(corpus, pairs, workers)
    task = {d["id"]: d["task"] for d in docs}

    def label(a: str, b: str) -> int:
        ca, cb = clusters[a], clusters[b]
        if ca == cb and not ca.startswith("single"):
            return DERIVED
        return SAME_EVENT if task[a] == task[b] else UNRELATED

    y = np.array([label(corpus.ids[i], corpus.ids[j]) for i, j in oriented])
    return X, y


def multilingual_pairs(data: Path, lang: str, rng: random.Random, workers: int = 1):
    """The pairs of a generated wire corpus of ``lang`` (`multilingual.wire`, seed
    MULTILINGUAL_SEED): every LSH or same-event candidate, every pair of one wire story
    (derived), every same-event article with its story's documents (same event), and random
    pairs (unrelated); unrelated documents share stock phrases of the language and site
    templates, so the classifier learns that such pairs are not derived."""
    from . import multilingual
    from .multilingual.wire import Generator

    multilingual.set_data_dir(data)
    g = Generator(lang, MULTILINGUAL_SEED)
    g.build()
    docs = [{k: d[k] for k in ("id", "text", "site", "url", "date", "title") if k in d} for d in g.docs]
    corpus = clean_corpus(docs, TraceOptions(), workers=workers)
    sign_corpus(corpus, workers)
    cand, _ = candidates(corpus.ids, corpus.sigs, corpus.name_sigs)
    gold = [g.gold[i] for i in corpus.ids]
    chosen = {tuple(p) for p in cand.tolist()}
    by_wire: dict = {}
    by_event: dict = {}
    for k, v in enumerate(gold):
        if v.get("wire"):
            by_wire.setdefault(v["wire"], []).append(k)
        if v.get("event"):
            by_event.setdefault(v["event"], []).append(k)
    chosen |= {p for m in by_wire.values() for p in itertools.combinations(m, 2)}
    chosen |= {p for m in by_event.values() for p in itertools.combinations(m, 2)}
    n = corpus.n
    while len(chosen) < len(cand) + 3000 and len(chosen) < n * (n - 1) // 2:
        i, j = sorted(rng.sample(range(n), 2))
        chosen.add((i, j))
    oriented, X, _ = align_pairs(corpus, np.array(sorted(chosen), dtype=np.int64), workers)

    def label(i: int, j: int) -> int:
        a, b = gold[i], gold[j]
        if a.get("wire") and a.get("wire") == b.get("wire"):
            return DERIVED
        return SAME_EVENT if a.get("event") and a.get("event") == b.get("event") else UNRELATED

    return X, np.array([label(i, j) for i, j in oriented])


def multilingual_languages() -> tuple[str, ...]:
    from .multilingual.ui import LANGS

    return tuple(LANGS)


def build_dataset(data: Path, workers: int = 1, multilingual: bool = True) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    root = Path(data) / "provenance"
    rng = random.Random(SEED)
    out = {name: wire_pairs(root / name, rng, workers) for name in WIRE_CORPORA}
    out[CLOUGH] = clough_pairs(root / CLOUGH, workers)
    if multilingual:
        for lang in multilingual_languages():
            out[MULTILINGUAL_PREFIX + lang] = multilingual_pairs(Path(data), lang, rng, workers)
    return out


def is_training_corpus(name: str) -> bool:
    """Whether the pair model learns from corpus ``name`` (the generated multilingual corpora
    are scored only; see the module docstring)."""
    return not name.startswith(MULTILINGUAL_PREFIX)


def _weights(parts: dict) -> np.ndarray:
    """Each corpus weighs the same in total; within a corpus, classes are balanced."""
    ws = []
    for X, y in parts.values():
        w = np.ones(len(y))
        for c in np.unique(y):
            w[y == c] = len(y) / (len(np.unique(y)) * (y == c).sum())
        ws.append(w / w.sum())
    return np.concatenate(ws) * sum(len(y) for _, y in parts.values())


def estimator(seed: int = SEED, monotone: bool = False):
    """The classifier of each of the pair model's two questions."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    cst = [1 if f in MONOTONE else 0 for f in FEATURES] if monotone else None
    return HistGradientBoostingClassifier(max_iter=150, max_leaf_nodes=15, learning_rate=0.08,
                                          l2_regularization=1.0, min_samples_leaf=20,
                                          monotonic_cst=cst, random_state=seed)


def fit_model(X: np.ndarray, y: np.ndarray, sample_weight=None, seed: int = SEED) -> PairModel:
    """*derived* vs not (monotone in the shared-text features), then, for what is not derived,
    *same event* vs unrelated (no model when there are no same-event examples: P = 0)."""
    X = np.asarray(X, dtype=float)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    derived = estimator(seed, monotone=True).fit(X, (y == DERIVED).astype(int), sample_weight=w)
    rest = y != DERIVED
    ev = (y[rest] == SAME_EVENT).astype(int)
    event = (estimator(seed).fit(X[rest], ev, sample_weight=w[rest]) if len(np.unique(ev)) == 2 else None)
    return PairModel(export(derived), None if event is None else export(event))


def fit(parts: dict) -> PairModel:
    """The pair model of the training corpora among ``parts``."""
    parts = {k: v for k, v in parts.items() if is_training_corpus(k)}
    X = np.concatenate([p[0] for p in parts.values()])
    y = np.concatenate([p[1] for p in parts.values()])
    return fit_model(X, y, sample_weight=_weights(parts), seed=SEED)


def evaluate(parts: dict) -> dict:
    """Pair-level scores of every corpus, held out: a training corpus by the model of the
    other training corpora (leave one out), an evaluation-only one (generated multilingual) by
    the model of all of them."""
    out = {}
    full = fit(parts)
    for held in parts:
        model = fit({k: v for k, v in parts.items() if k != held}) if is_training_corpus(held) else full
        X, y = parts[held]
        p = model.predict_proba(X)
        pred_d = p[:, DERIVED] >= 0.5
        tp = int((pred_d & (y == DERIVED)).sum())
        prec = tp / max(1, pred_d.sum())
        rec = tp / max(1, (y == DERIVED).sum())
        out[held] = {"trained_on": is_training_corpus(held), "pairs": int(len(y)), "derived_precision": round(prec, 4),
                     "derived_recall": round(rec, 4),
                     "derived_f1": round(2 * prec * rec / max(1e-9, prec + rec), 4)}
    return out


def fit_without(data: Path, held_out: str, out: Path, workers: int = 1) -> Path:
    """A pair model trained on every corpus but ``held_out`` (for honest benchmarks)."""
    parts = build_dataset(data, workers)
    fit({k: v for k, v in parts.items() if k != held_out}).save(out)
    return Path(out)


def train(data: Path, out_dir: Path, workers: int = 1) -> dict:
    parts = build_dataset(data, workers)
    metrics = {"leave_one_corpus_out": evaluate(parts),
               "pairs": {k: {LABELS[c]: int((v[1] == c).sum()) for c in (0, 1, 2)}
                         for k, v in parts.items()},
               "features": list(FEATURES)}
    model = fit(parts)
    model.meta = {"metrics": metrics, "seed": SEED}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(out_dir / "pairs.npz")
    (out_dir / "pairs-metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    from .pairs_card import write as write_card

    write_card(metrics, out_dir)
    return metrics


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(json.dumps(train(Path(sys.argv[1]), Path(sys.argv[2])), indent=2))
