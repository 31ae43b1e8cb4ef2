"""The cleaning step: page → segmented Document → P(body) per block → kinds and metadata.

`Cleaner` loads the two models once and is reused; `clean_many` classifies a batch of pages
with one model call per page kind, which is what makes plain text fast (a tree-ensemble
call costs about a millisecond whatever its size). Errors are per page: a page that cannot
be read comes back as a Document with `error` set, never as an exception. `clean_batch` is the
step both engines call on input records.
"""
from __future__ import annotations

import gc
import heapq
import re
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Union

from .boilerplate.kinds import assign_kinds_many
from .boilerplate.model import BoilerplateModel
from .boilerplate.pagetype import PageTypeModel
from .document import Document
from .language import identify_many
from .options import CleanOptions
from .records import InputRecord, from_object
from .schema import carry, clean_record, error_record, hostname
from .segment.html import SCRIPT_PAGE_CHARS, PageError, segment_html
from .segment.text import segment_text

Page = Union[str, bytes]
Cleaned = Document  # what `clean` returns: a Document whose body blocks are the article

#: Tags that only markup has. Searched in the first SNIFF_BYTES: pages often open with kilobytes
#: of <style> or <script> before any <html> or <body> (a 77 KB news page began with 4 KB of CSS).
_HTML_HINT = re.compile(
    r"<(?:!doctype|!--|html|head|body|div|p|article|section|header|nav|main|meta|title|link|style|"
    r"script|noscript|span|table|br|h[1-6]|ul|ol|li|img|a|form|iframe|svg)\b", re.I)
SNIFF_BYTES = 65536


def looks_like_html(page: Page) -> bool:
    """Whether a page of unknown kind is HTML: one of the markup-only tags near its start."""
    head = page[:SNIFF_BYTES]
    if isinstance(head, (bytes, bytearray)):
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            head = bytes(head).decode("utf-16", errors="replace")
        else:
            head = bytes(head).decode("latin-1")
    return bool(_HTML_HINT.search(head))


def _model_path(name: str) -> Path:
    return Path(str(resources.files("provenance.models").joinpath(f"{name}.npz")))


#: A page where no block reaches the threshold still gives its most article-like blocks when
#: the best one is at least this likely: blocks within FALLBACK_SHARE of the best are kept.
FALLBACK_MIN_P = 0.15
FALLBACK_SHARE = 0.7
#: ``favor`` (`CleanOptions.favor`) moves the model's P(body) cut-off by this much: "precision"
#: keeps only the blocks the model is surer of, "recall" also the doubted ones.
FAVOR_SHIFT = {"precision": 0.15, "recall": -0.15}


def page_threshold(p, threshold: float) -> float:
    """The cut-off for one page: the model's, unless it would leave the page empty."""
    best = float(p.max()) if len(p) else 0.0
    if best >= threshold or best < FALLBACK_MIN_P:
        return threshold
    return best * FALLBACK_SHARE


def explain_empty(doc: Document, threshold: float) -> str:
    """Why a document without error has no text: no text blocks, every block below the
    threshold (and the fallback), or every kept block template by its form; and whether the
    page looks rendered by its scripts (little server-rendered text, some <script> elements)."""
    chars = sum(len(b.text) for b in doc.blocks)
    scripts = int(doc.meta.get("scripts") or 0)
    if not doc.blocks:
        why = "no text: the page has no text blocks"
    else:
        best = max((b.p_body or 0.0) for b in doc.blocks)
        if best < threshold and best < FALLBACK_MIN_P:
            why = (f"no text: all {len(doc.blocks)} blocks are below the threshold {threshold:g} "
                   f"(best P(body) {best:.2f}, under the fallback's {FALLBACK_MIN_P:g})")
        else:
            why = (f"no text: the {len(doc.blocks)} blocks above the threshold are template by their form "
                   f"(dates, bylines, share labels, comments)")
    if doc.source == "html" and scripts and chars < SCRIPT_PAGE_CHARS:
        why += f"; script-rendered page ({scripts} script{'s' * (scripts != 1)}, {chars} characters of server-rendered text)"
    return why


class Cleaner:
    """Configured once, reused for many pages.

    ``options`` (a `CleanOptions`), or its fields as keywords: ``source`` ("html", "text" or
    None: decide per page, HTML when it has HTML tags), ``threshold`` (P(body) at or above
    which a block is body; None: the model's, 0.5, or favor's), ``favor``, ``comments``,
    ``max_page_bytes``, ``max_depth``, ``max_blocks``. ``html_model``/``text_model``/
    ``pagetype_model``: other model files."""

    def __init__(self, options: Optional[CleanOptions] = None, *, html_model: str | Path | None = None,
                 text_model: str | Path | None = None, pagetype_model: str | Path | None = None, **settings):
        self.options = CleanOptions.of(options, **settings)
        self.html_model = BoilerplateModel.load(html_model or _model_path("boilerplate-html"))
        self.text_model = BoilerplateModel.load(text_model or _model_path("boilerplate-text"))
        self.pagetype_model = PageTypeModel.load(pagetype_model or _model_path("pagetype"))

    @property
    def threshold(self) -> Optional[float]:
        return self.options.threshold

    def threshold_of(self, model: BoilerplateModel) -> float:
        """The P(body) cut-off: the options' threshold, else favor's, else the model's."""
        o = self.options
        if o.threshold is not None:
            return o.threshold
        if o.favor is not None:
            return min(max(model.threshold + FAVOR_SHIFT[o.favor], 0.0), 1.0)
        return model.threshold

    def segment(self, page: Page, id: str = "", source: Optional[str] = None,
                url: Optional[str] = None) -> Document:
        """Segment without classifying; errors are returned in the Document. ``url``: the
        page's URL when the input gives one; it goes to the Document's ``meta`` as ``url`` and
        ``hostname`` (`schema.hostname`), and the page-type classifier reads its path (without
        it: the page's own og:url or canonical link)."""
        doc = self._segment(page, id, source)
        if url:
            doc.meta["url"] = url
            host = hostname(url)
            if host:
                doc.meta["hostname"] = host
        return doc

    def _segment(self, page: Page, id: str = "", source: Optional[str] = None) -> Document:
        o = self.options
        source = o.source or source           # a source set in the options is forced
        try:
            if page is None:
                raise PageError("no page content")
            if not isinstance(page, (str, bytes, bytearray)):
                raise PageError(f"page content must be str or bytes, not {type(page).__name__}")
            if source is None:
                source = "html" if looks_like_html(page) else "text"
            if source == "html":
                return segment_html(page, id, max_bytes=o.max_page_bytes, max_depth=o.max_depth,
                                    max_blocks=o.max_blocks)
            if not page.strip():
                raise PageError("empty page")
            if isinstance(page, (bytes, bytearray)) and b"\x00" in page[:4096]:
                raise PageError("not text: binary content")
            return segment_text(page, id, max_chars=o.max_page_bytes, max_blocks=o.max_blocks)
        except PageError as exc:
            return Document(id=id, source=source or "unknown", error=str(exc))
        except (RecursionError, MemoryError, ValueError, UnicodeError) as exc:
            return Document(id=id, source=source or "unknown", error=f"{type(exc).__name__}: {exc}")

    def classify(self, docs: list[Document]) -> list[Document]:
        """Fill the language, page type, P(body), kinds and metadata of segmented documents, in
        place; a document that comes out without text gets a warning saying why (`explain_empty`)."""
        live = [d for d in docs if d.error is None]
        # the language first: the block features count each page's words against its own
        # language's stopwords
        spoken = [d for d in live if d.blocks]
        for d, lang in zip(spoken, identify_many([language_sample(d) for d in spoken])):
            d.lang = lang
        # HTML pages' types next: the HTML block model reads them; plain-text pages' types
        # are read off the plain-text block model's features (it does not need them)
        self.pagetype_model.classify([d for d in live if d.source != "text"])
        thresholds_of = {}
        for source, model in (("html", self.html_model), ("text", self.text_model)):
            group = [d for d in live if d.source == source and d.blocks]
            threshold = thresholds_of[source] = self.threshold_of(model)
            if source == "text":
                features: list = []
                probs = model.predict_proba(group, features) if group else None
                self.pagetype_model.classify(group, features[0] if features else None)
                self.pagetype_model.classify([d for d in live if d.source == "text" and not d.blocks])
            if not group:
                continue
            if source == "html":
                probs = model.predict_proba(group)
            start, thresholds = 0, []
            for d in group:
                n = len(d.blocks)
                p = probs[start:start + n]
                start += n
                for b, pb in zip(d.blocks, p.tolist()):
                    b.p_body = pb
                thresholds.append(page_threshold(p, threshold))
            assign_kinds_many(group, thresholds, self.options.comments)
        for d in live:
            if not d.blocks or not any(b.kind in d.text_kinds for b in d.blocks):
                d.warnings.append(explain_empty(d, thresholds_of.get(d.source, 0.5)))
        return docs

    def clean(self, page: Page, id: str = "", source: Optional[str] = None,
              url: Optional[str] = None) -> Document:
        """Clean one page. ``url``: where the page comes from (see `segment`)."""
        with cycle_collector_paused():
            return self.classify([self.segment(page, id, source, url)])[0]

    def clean_many(self, pages: Iterable, source: Optional[str] = None) -> list[Document]:
        """Clean a batch, one Document per item, in order. Items are pages (str or bytes),
        ``(id, page)`` pairs, ``(id, page, source)`` or ``(id, page, source, url)`` tuples, or
        the dicts `provenance.trace` takes: ``{"id": …, "html": …}`` or ``{"id": …, "text": …}``
        (a ``text`` page is read as plain text, an ``html`` one as HTML), with an optional
        ``url``. A dict without ``id`` gets its position; one with neither page field comes
        back with an ``error``."""
        docs = []
        with cycle_collector_paused():
            for i, item in enumerate(pages):
                if isinstance(item, tuple):
                    pid, page, *rest = item
                    docs.append(self.segment(page, str(pid), (rest[0] if rest else None) or source,
                                             rest[1] if len(rest) > 1 else None))
                elif isinstance(item, dict):
                    rec = from_object(item, str(i))
                    if rec.error is not None:
                        docs.append(Document(id=rec.id, source="unknown", error=rec.error))
                    else:
                        docs.append(self.segment(rec.content, rec.id, rec.source or source, rec.url))
                else:
                    docs.append(self.segment(item, str(i), source))
            return self.classify(docs)


#: The page's language is read from its longest blocks (most likely its body, not a template
#: that may be in the site's UI language), at most this many of them.
LANGUAGE_SAMPLE_BLOCKS = 3


def language_sample(doc: Document) -> str:
    """The text a page's language is identified from: its longest blocks, longest first."""
    blocks = doc.blocks
    if len(blocks) <= LANGUAGE_SAMPLE_BLOCKS:
        return " ".join(b.text for b in sorted(blocks, key=lambda b: -len(b.text)))
    # = sorted(range(n), key=lambda i: -len(blocks[i].text))[:k]: nlargest keeps ties in order
    lens = [len(b.text) for b in blocks]
    top = heapq.nlargest(LANGUAGE_SAMPLE_BLOCKS, range(len(blocks)), key=lens.__getitem__)
    return " ".join(blocks[i].text for i in top)


def clean_batch(cleaner: Cleaner, batch: list[InputRecord], blocks: bool = False,
                markdown: bool = False) -> list[dict]:
    """The step both engines call: input records → output records, one each, in order (the
    input's own fields carried, see `schema.carry`; ``markdown``: each with its body as
    Markdown)."""
    docs = iter(cleaner.clean_many([(rec.id, rec.content, rec.source, rec.url)
                                    for rec in batch if rec.error is None]))
    out = []
    for rec in batch:
        if rec.error is not None:
            r = error_record(rec.id, rec.error, rec.url, markdown)
        else:
            r = clean_record(next(docs), blocks, rec.url, markdown)
            r["id"] = rec.id
        out.append(carry(r, rec.extra))
    return out


@contextmanager
def cycle_collector_paused():
    """CPython's cycle collector paused for the duration, then restored as it was.

    Cleaning allocates many small container objects (a Block and an ancestor tuple per block)
    and makes no reference cycles, so the collector finds nothing, yet its allocation-count
    trigger makes it traverse every live block of a batch again and again: ~10% of
    `clean_many`'s time on 200 pages. Reference counting still frees everything as usual. A
    caller who disabled the collector keeps it disabled."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_default: Optional[Cleaner] = None


def default_cleaner() -> Cleaner:
    global _default
    if _default is None:
        _default = Cleaner()
    return _default


def clean(page: Page, id: str = "", source: Optional[str] = None, url: Optional[str] = None) -> Document:
    """Clean one page (HTML or plain text) with the bundled models (``url``: see `Cleaner.segment`)."""
    return default_cleaner().clean(page, id, source, url)


__all__ = ["Cleaner", "Cleaned", "clean", "clean_batch", "looks_like_html"]
