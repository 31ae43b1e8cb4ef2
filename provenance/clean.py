"""The cleaning step: page → segmented Document → P(body) per block → kinds and metadata.

`Cleaner` loads the two models once and is reused; `clean_many` classifies a batch of pages
with one model call per page kind, which is what makes plain text fast (a tree-ensemble
call costs about a millisecond whatever its size). Errors are per page: a page that cannot
be read comes back as a Document with `error` set, never as an exception. `clean_batch` is the
step both engines call on input records.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Union

from .boilerplate.kinds import assign_kinds_many
from .boilerplate.model import BoilerplateModel
from .document import Document
from .language import identify_many
from .options import CleanOptions
from .records import InputRecord, from_object
from .schema import carry, clean_record, error_record, hostname
from .segment.html import PageError, segment_html
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
    return Path(str(resources.files("provenance.models").joinpath(f"boilerplate-{name}.npz")))


#: A page where no block reaches the threshold still gives its most article-like blocks when
#: the best one is at least this likely: blocks within FALLBACK_SHARE of the best are kept.
FALLBACK_MIN_P = 0.15
FALLBACK_SHARE = 0.7


def page_threshold(p, threshold: float) -> float:
    """The cut-off for one page: the model's, unless it would leave the page empty."""
    best = float(p.max()) if len(p) else 0.0
    if best >= threshold or best < FALLBACK_MIN_P:
        return threshold
    return best * FALLBACK_SHARE


class Cleaner:
    """Configured once, reused for many pages.

    ``options`` (a `CleanOptions`), or its fields as keywords: ``source`` ("html", "text" or
    None: decide per page, HTML when it has HTML tags), ``threshold`` (P(body) at or above
    which a block is body; None: the model's, 0.5), ``max_page_bytes``, ``max_depth``,
    ``max_blocks``. ``html_model``/``text_model``: other model files."""

    def __init__(self, options: Optional[CleanOptions] = None, *, html_model: str | Path | None = None,
                 text_model: str | Path | None = None, **settings):
        self.options = CleanOptions.of(options, **settings)
        self.html_model = BoilerplateModel.load(html_model or _model_path("html"))
        self.text_model = BoilerplateModel.load(text_model or _model_path("text"))

    @property
    def threshold(self) -> Optional[float]:
        return self.options.threshold

    def segment(self, page: Page, id: str = "", source: Optional[str] = None) -> Document:
        """Segment without classifying; errors are returned in the Document."""
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
        """Fill the language, P(body), kinds and metadata of segmented documents, in place."""
        live = [d for d in docs if d.error is None and d.blocks]
        for d, lang in zip(live, identify_many([language_sample(d) for d in live])):
            d.lang = lang
        for source, model in (("html", self.html_model), ("text", self.text_model)):
            group = [d for d in live if d.source == source]
            if not group:
                continue
            probs = model.predict_proba(group)
            threshold = model.threshold if self.threshold is None else self.threshold
            start, thresholds = 0, []
            for d in group:
                n = len(d.blocks)
                p = probs[start:start + n]
                start += n
                for b, pb in zip(d.blocks, p.tolist()):
                    b.p_body = pb
                thresholds.append(page_threshold(p, threshold))
            assign_kinds_many(group, thresholds)
        return docs

    def clean(self, page: Page, id: str = "", source: Optional[str] = None, *,
              url: Optional[str] = None) -> Document:
        """Clean one page. ``url``: where the page comes from; it goes to the Document's
        ``meta`` as ``url`` and ``hostname`` (`schema.hostname`)."""
        with cycle_collector_paused():
            return self.classify([_with_url(self.segment(page, id, source), url)])[0]

    def clean_many(self, pages: Iterable, source: Optional[str] = None) -> list[Document]:
        """Clean a batch, one Document per item, in order. Items are pages (str or bytes),
        ``(id, page)`` pairs, ``(id, page, source)`` triples, or the dicts `provenance.trace`
        takes: ``{"id": …, "html": …}`` or ``{"id": …, "text": …}`` (a ``text`` page is read
        as plain text, an ``html`` one as HTML), with an optional ``url``. A dict without
        ``id`` gets its position; one with neither page field comes back with an ``error``."""
        docs = []
        with cycle_collector_paused():
            for i, item in enumerate(pages):
                if isinstance(item, tuple):
                    pid, page, *rest = item
                    docs.append(self.segment(page, str(pid), rest[0] if rest else source))
                elif isinstance(item, dict):
                    rec = from_object(item, str(i))
                    if rec.error is not None:
                        docs.append(Document(id=rec.id, source="unknown", error=rec.error))
                    else:
                        docs.append(_with_url(self.segment(rec.content, rec.id, rec.source or source), rec.url))
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
    top = sorted(range(len(blocks)), key=lambda i: -len(blocks[i].text))[:LANGUAGE_SAMPLE_BLOCKS]
    return " ".join(blocks[i].text for i in top)


def _with_url(doc: Document, url: Optional[str]) -> Document:
    """``doc`` with the page's URL and its hostname in ``meta`` (when a URL is given)."""
    if url:
        doc.meta["url"] = url
        host = hostname(url)
        if host:
            doc.meta["hostname"] = host
    return doc


def clean_batch(cleaner: Cleaner, batch: list[InputRecord], blocks: bool = False,
                markdown: bool = False) -> list[dict]:
    """The step both engines call: input records → output records, one each, in order (the
    input's own fields carried, see `schema.carry`; ``markdown``: each with its body as
    Markdown)."""
    docs = iter(cleaner.clean_many([(rec.id, rec.content, rec.source) for rec in batch if rec.error is None]))
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


def clean(page: Page, id: str = "", source: Optional[str] = None, *, url: Optional[str] = None) -> Document:
    """Clean one page (HTML or plain text) with the bundled models (``url``: see `Cleaner.clean`)."""
    return default_cleaner().clean(page, id, source, url=url)


__all__ = ["Cleaner", "Cleaned", "clean", "clean_batch", "looks_like_html"]
