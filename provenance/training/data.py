"""The labelled pages the boilerplate models learn from, read from the shared data folder.

- wcxb-dev (English web pages of 7 types, gold main text): block labels from an in-order
  alignment of the page's blocks with the gold (`labels.block_labels`);
- trafilatura-eval (news and blogs, many German): partial labels from its must-keep and
  must-drop snippets (`snippet_labels`);
- generated multilingual news pages (`multilingual.pages`: real bodies of 12 languages in site
  templates written in each language, HTML and plain text): labels from the gold body, as for
  wcxb-dev.
Every page's language is identified as the cleaner identifies it (`clean.language_sample`),
because the features read the page language's stopwords. Pages are read in a fixed order, so
the same data gives the same training set.
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..clean import language_sample
from ..document import Block, Document
from ..language import identify_many
from ..segment.html import PageError, segment_html
from ..segment.text import segment_text
from .labels import block_labels
from .split import domain_of

#: Generated pages used per language and format (of the train part; the validation part is
#: disjoint by site, template phrasing and article).
MULTILINGUAL_PAGES = 150
MULTILINGUAL_SEED = 0


@dataclass
class Labelled:
    rec: dict            # id, domain, page_type, gold (when there is one), lang (generated pages)
    doc: Document
    y: np.ndarray        # 1 body, 0 not, -1 unknown (context only)
    dataset: str


def with_languages(pages: list[Labelled]) -> list[Labelled]:
    """Each page's ``doc.lang``, as `Cleaner.classify` identifies it."""
    for p, lang in zip(pages, identify_many([language_sample(p.doc) for p in pages])):
        p.doc.lang = lang
    return pages


def as_plain_text(doc: Document) -> Document:
    """The page as an already-extracted text corpus would hold it: one line per block."""
    return Document(id=doc.id, source="text", lang=doc.lang,
                    blocks=[Block(text=b.text, position=i) for i, b in enumerate(doc.blocks)])


def _manifest_pages(data_dir: Path, dataset: str, label) -> list[Labelled]:
    """Each readable page of a dataset's manifest with label(record, doc), in manifest order;
    pages whose label is None or has no known block are skipped."""
    root = Path(data_dir) / "boilerplate" / dataset
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
                out.append(Labelled(rec, doc, y, dataset))
    return with_languages(out)


def gold_pages(data_dir: Path, dataset: str = "wcxb-dev") -> list[Labelled]:
    """The pages of a dataset with gold text, labelled by alignment."""
    return _manifest_pages(data_dir, dataset, lambda rec, doc: None if rec.get("gold") is None
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


def snippet_pages(data_dir: Path, dataset: str = "trafilatura-eval") -> list[Labelled]:
    """The pages with with_/without snippets, partially labelled."""
    return _manifest_pages(data_dir, dataset, lambda rec, doc: snippet_labels(
        doc, rec.get("with_"), rec.get("without")))


def multilingual_pages(data_dir: Path, split: str, per_language: int | None = MULTILINGUAL_PAGES,
                       seed: int = MULTILINGUAL_SEED) -> dict[str, list[Labelled]]:
    """{"html": pages, "text": pages} of the generated multilingual pages of ``split``
    ("train" or "validation"), the first ``per_language`` of each language and format in
    generation order (None: all). Each record carries the page's gold, ``lang`` and its
    ``template_lines``; its domain is its language and site."""
    from . import multilingual
    from .multilingual import pages as generator

    multilingual.set_data_dir(data_dir)
    out: dict[str, list[Labelled]] = {"html": [], "text": []}
    taken: dict[tuple, int] = {}
    for page in generator.generate(seed=seed):
        key = (page["lang"], page["format"])
        if page["split"] != split or (per_language is not None and taken.get(key, 0) >= per_language):
            continue
        taken[key] = taken.get(key, 0) + 1
        if page["format"] == "html":
            try:
                doc = segment_html(page["content"], page["id"])
            except PageError:
                continue
        else:
            doc = segment_text(page["content"], page["id"])
        if not doc.blocks:
            continue
        rec = {"id": page["id"], "domain": f"{page['lang']}.{page['site']}", "page_type": "article",
               "gold": page["gold"], "lang": page["lang"], "template_lines": page["template_lines"]}
        out[page["format"]].append(Labelled(rec, doc, block_labels(doc, page["gold"]), "multilingual"))
    return {fmt: with_languages(pages) for fmt, pages in out.items()}


def domains(pages: list[Labelled]) -> list[str]:
    return [domain_of(p.rec) for p in pages]


def extracted_crops(pages: list[Labelled]) -> list[Labelled]:
    """Plain-text pages as an already-extracted corpus holds them: the page cut at its body.

    Users feed text that an extractor (or a scraper's own selector) already cut to the article,
    so its first or last line is often a body line; the full scraped pages alone teach the text
    model that the last line of a page is footer. Each page with full labels (no unknown block)
    gives one crop, by a hash of its id: both ends cut at the first and last body block, only
    the head cut, or only the tail cut. Boilerplate inside the body span (a share bar between
    paragraphs, a reader note) stays, labelled as it was. Pages whose crop equals the page
    give none. Crops keep the page's record (domain, so folds stay disjoint) and language."""
    import zlib

    out = []
    for p in pages:
        body = np.flatnonzero(p.y == 1)
        if len(body) < 2 or (p.y < 0).any():
            continue
        way = zlib.crc32(str(p.rec.get("id", p.doc.id)).encode("utf-8")) % 3
        lo = int(body[0]) if way in (0, 1) else 0
        hi = int(body[-1]) + 1 if way in (0, 2) else len(p.y)
        if lo == 0 and hi == len(p.y):
            continue
        blocks = [Block(text=b.text, position=i) for i, b in enumerate(p.doc.blocks[lo:hi])]
        doc = Document(id=f"{p.doc.id}#extracted", source="text", lang=p.doc.lang, blocks=blocks)
        out.append(Labelled(p.rec, doc, p.y[lo:hi].copy(), p.dataset))
    return out
