"""Write models/MODEL_CARD.md from the metrics of the training run that built the models,
so the card can never disagree with the files beside it."""
from __future__ import annotations

from pathlib import Path

from ..boilerplate.features import CONTEXT_NAMES, BlockFeatures
from ..boilerplate.pagetype import page_feature_names
from .boilerplate import THRESHOLDS as thresholds, TREES


def render(metrics: dict) -> str:
    html_names = BlockFeatures(dom=True).get_feature_names_out()
    text_names = BlockFeatures(dom=False).get_feature_names_out()

    def scores(kind: str) -> str:
        m = metrics[kind]
        pages = ", ".join(f"{k} {v:.3f}" for k, v in m["pages"].items())
        b = m["blocks"]
        return (f"- block-level body P/R/F1: {b['precision']:.3f} / {b['recall']:.3f} / {b['f1']:.3f}\n"
                f"- page token F1 (WCXB word F1) by page type: {pages}")

    def languages(kind: str) -> str:
        m = metrics[kind].get("multilingual", {})
        return ", ".join(f"{k} {v:.3f}" for k, v in m.items()) or "(not measured in this run)"

    def extracted(kind: str) -> str:
        m = metrics[kind].get("extracted")
        if not m:
            return ""
        return ("\n- the same validation pages already extracted (cut at their body, see Data), page token "
                "F1: " + ", ".join(f"{k} {v:.3f}" for k, v in m.items()))

    def types() -> str:
        m = metrics.get("pagetype")
        if not m:
            return "- (not trained in this run)"
        by = ", ".join(f"{k} {v:.2f}" for k, v in m["validation_by_type"].items())
        return (f"- validation accuracy (held-out domains): HTML {m['validation_accuracy_html']:.3f}, "
                f"plain text {m['validation_accuracy_text']:.3f}; HTML by type: {by}")

    ml_train = sum(metrics.get("multilingual_train_pages", {}).values())
    crops = metrics.get("extracted_crop_pages", {}).get("text", 0)
    return f"""# Model card: provenance boilerplate classifiers

Two models, `boilerplate-html.npz` (blocks of HTML pages, DOM features) and
`boilerplate-text.npz` (lines of plain-text pages, no DOM), each giving P(body) per block.

## Data
- `wcxb-dev` (Web Content eXtraction Benchmark 2026, development split; CC-BY-4.0): pages with gold
  main text, of 7 page types. Block labels come from an in-order token alignment of each page's blocks
  with its gold text (`provenance/training/labels.py`): a block is body when at least half of its
  tokens align inside runs of 3+ tokens. With these labels as predictions the validation articles
  score 0.988 4-gram F1, so labelling costs little.
- Domain-disjoint split (`provenance/training/split.py`, a stable hash of the domain, one in five
  held out): {metrics['train_pages']} training pages from {metrics['train_domains']} domains,
  {metrics['validation_pages']} validation pages from {metrics['validation_domains']} other domains.
- The HTML model is trained on every page type and reads the page-type classifier's P(type)
  (below), so it learns that a forum's posts are its content and the comments under an article are
  not (the kind rules drop comment blocks on article, listing and collection pages). The plain-text
  model does not see the page type and is trained without the forum pages, whose gold counts reader
  posts as main content.
- The plain-text model is trained on the same pages rendered as text, one block per line.
- Generated multilingual pages (`provenance/training/multilingual/pages.py`, seed 0): the real news
  bodies of `../shared/data/multilingual/news.jsonl` (12 languages: ar, bn, de, es, fa, fr, hi, id,
  ja, ru, sw, ur) inside site templates written in each language (navigation, share bars, bylines,
  datelines in the language's calendars, related links, cookie and newsletter prompts, copyright
  lines), as HTML and as plain text; labels from the inserted body. Training uses
  {ml_train} pages of the train part; validation is the other part, disjoint by site, template
  phrasing and article. The bodies' licences differ by language (from the data's README):
  ar SaudiNewsNet and de 10kGNAD **CC BY-NC-SA 4.0 (non-commercial)**; ja livedoor news corpus
  **CC BY-ND 2.1 JP** (not edited: only inserted whole); es CC BY 4.0; fa Apache-2.0 (repository
  licence, articles (c) Fars News Agency); fr and sw MasakhaNEWS AFL-3.0 (articles (c) BBC); bn CC0 1.0
  (as declared; articles owned by the papers); hi, id, ru, ur **no licence stated**. The models
  are trained on them for research; check these terms before shipping the models commercially.
- Already-extracted plain text: the plain-text model also learns from the same training pages cut
  at their body ({crops} crops: both ends cut at the first and last body line, or only the head,
  or only the tail; boilerplate inside the body span stays, labelled), because a corpus already cut
  to the article by another extractor ends with a body line, where a scraped page ends with a footer.
- trafilatura-eval (Apache-2.0; news and blogs, many in German) has only must-keep / must-drop
  snippets: blocks holding or inside a snippet get that label, other blocks are unlabelled context.
  Only its pages from the training domains are used; its held-out fifth (same domain hash) is where
  it is evaluated against the anchors.

## Model
scikit-learn `HistGradientBoostingClassifier` ({TREES['max_iter']} trees of {TREES['max_leaf_nodes']}
leaves, learning rate {TREES['learning_rate']}, for both families; fixed seeds),
trained with sample weights sqrt(words) so long blocks count more, as they do in text-level scores.
trafilatura-eval snippet-labelled blocks ({metrics.get('snippet_blocks', 0)} blocks of
{metrics.get('snippet_pages', 0)} pages of the training domains) are weighted x3.
HTML: one pass over {len(html_names)} block features (text statistics of the block and two neighbours
each side, position, multilingual cue words, script against the page's script, tag, structural
ancestors, class/id cue tokens, region/container features). Plain text: {len(text_names)} features
(no DOM), then a second pass adding {len(CONTEXT_NAMES)} features of the neighbourhood of first-pass
scores, trained on out-of-fold (domain-grouped) first-pass scores. On HTML a second pass and an HMM
smoothing were both measured and lowered held-out article F1, so the HTML model has one pass.

Stored as arrays (`.npz`: the trees' thresholds, leaf values, children and NaN directions, and a
JSON header), loaded with `numpy.load(allow_pickle=False)`: nothing is unpickled, and arrays that
do not describe valid trees are refused with an error naming the file. The runtime evaluates the
trees without scikit-learn (`provenance/ensemble.py`), with the same probabilities.

## Validation metrics (held-out domains)
Thresholds on P(body): HTML {thresholds['html']}, plain text {thresholds['text']} (the HTML one was
chosen on the validation pages, so the HTML figures are fitted to it).

HTML model:
{scores('html')}
- generated multilingual validation pages, page token F1 by language: {languages('html')}

Plain-text model:
{scores('text')}
- generated multilingual validation pages, page token F1 by language: {languages('text')}{extracted('text')}

Page-type classifier (`pagetype.npz`; one ensemble per type, one against the rest, for HTML
({len(page_feature_names())} page features) and for plain text (page means of the plain-text block
features, metadata and URL); trained on wcxb-dev's `page_type` labels and the
trafilatura-eval pages as articles, training domains only; the block model is trained on out-of-fold
P(type) of its pages):
{types()}

Comparisons with trafilatura, readability-lxml, Resiliparse and jusText on the same pages are in the
README (printed by `benchmarks/clean_quality.py` and `benchmarks/text_quality.py`).

## Limits
Trained on one development set of 1,200 pages; collection, listing and product pages are hard for
every tool. Reader comments are dropped on article pages (`--comments` keeps them); forum posts are
the content of a forum page.

## Rebuild
```bash
provenance train --data ../shared/data --out models     # ~10 minutes on 2 cores, seed 0
provenance train --only boilerplate ...                 # these two models only
```

The pair model of `provenance trace` (`pairs.npz`) has its own card: `PAIR_MODEL_CARD.md`.
"""


def write(metrics: dict, out_dir: Path) -> None:
    (Path(out_dir) / "MODEL_CARD.md").write_text(render(metrics), encoding="utf-8")
