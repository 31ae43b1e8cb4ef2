"""The pair model's card (models/PAIR_MODEL_CARD.md), written by `provenance.training.pairs`."""
from __future__ import annotations

from pathlib import Path

from ..wire.pairs import FEATURES


def render(metrics: dict) -> str:
    rows = metrics["leave_one_corpus_out"].items()
    loco = "\n".join(
        f"| {corpus} | {m['pairs']:,} | {m['derived_precision']:.3f} | {m['derived_recall']:.3f} | {m['derived_f1']:.3f} |"
        for corpus, m in rows if m.get("trained_on", True))
    unseen = "\n".join(
        f"| {corpus.split('-', 1)[1]} | {m['pairs']:,} | {m['derived_precision']:.3f} | {m['derived_recall']:.3f} | {m['derived_f1']:.3f} |"
        for corpus, m in rows if not m.get("trained_on", True))
    counts = "\n".join(
        f"| {corpus} | {c['derived']:,} | {c['same-event']:,} | {c['unrelated']:,} |"
        for corpus, c in metrics["pairs"].items())
    return f"""# Pair model card (`pairs.npz`)

Decides, for a candidate pair of cleaned article bodies, whether one **derives** from the same
source as the other, covers the **same event** only, or is **unrelated**. Used by
`provenance trace` after MinHash/LSH candidates and alignment.

## Data
`../shared/data/provenance` (read its README):
- wirebench-dev, wirebench-dev-hard: synthetic wire-reuse corpora built from real article texts
  (60 wire stories each, republished by 2–7 sites with edits, paraphrase and "rewriter" retellings;
  every page inside its site's template). Raw text with templates left in, cleaned exactly as
  `trace` cleans it. Pairs: every LSH candidate, every same-wire pair (derived), up to 3,000
  pairs of unrelated pages of one site (they share a template), random pairs (unrelated).
- clough-short-answers (Clough & Stevenson 2011, copy from a public MIT-licensed repository; no
  licence is stated for the corpus itself): all pairs. Source and cut/light/heavy answers of one
  task are derived; an independent ("non") answer with anything of its task is same-event.

- the generated multilingual wire corpora (`provenance/training/multilingual/wire.py`, seed 1,
  from the real news bodies of ../shared/data/multilingual in 12 languages; their licences are
  in that folder's README, several non-commercial or unstated): **scored, not trained on** (see
  `provenance/training/pairs.py` for why).

| corpus | derived | same event | unrelated |
|---|---|---|---|
{counts}

Each training corpus weighs the same; classes are balanced within a corpus.

## Features ({len(FEATURES)}, symmetric in the two documents)
{", ".join(f"`{f}`" for f in FEATURES)}.
Coverage is the share of a body's characters inside aligned passages (exact: seeded on shared
normalised word 4-grams, extended through small edits; paraphrase: sentences whose IDF-weighted
content words are ≥ 60% contained in one sentence of the other).

## Model
Two scikit-learn HistGradientBoostingClassifiers (150 iterations, 15 leaves, seed 0): derived vs not,
constrained to be monotone in the shared-text features (`pairs.MONOTONE`), then same event vs
unrelated for the rest. Stored as arrays (`.npz`, loaded without unpickling anything) and
evaluated without scikit-learn (`provenance/ensemble.py`), with the same probabilities.
Same-event evidence is completed by a names rule (`pairs.NAME_EVENT_*`): the classifier's only
same-event examples are technical essays without names.

## Validation: leave one corpus out (pair level, P(derived) ≥ 0.5)
| held-out corpus | pairs | precision | recall | F1 |
|---|---|---|---|---|
{loco}

## Other languages: the generated multilingual corpora, never trained on
Pair level, P(derived) ≥ 0.5, the model trained on the three corpora above.

| language | pairs | precision | recall | F1 |
|---|---|---|---|---|
{unseen}

Group-level scores (pairwise F1, ARI, Spearman on Clough) with models that never saw the corpus
are printed by `benchmarks/wire_quality.py` and shown in the README.

## Limits
Two of the three training corpora are synthetic and all three are English; same-event training
pairs come from one small essay corpus. The multilingual corpora are generated from real news
bodies with scripted edits: they show that the features carry over to other scripts, not how
real outlets in those languages rewrite wire copy.

## Rebuild
```bash
provenance train --only pairs --data ../shared/data --out models   # ~6 minutes (the multilingual corpora are built too), seed 0
```
"""


def write(metrics: dict, out_dir: Path) -> None:
    (Path(out_dir) / "PAIR_MODEL_CARD.md").write_text(render(metrics), encoding="utf-8")
