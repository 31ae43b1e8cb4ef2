"""What a command is asked to do, as one object: `CleanOptions` for clean, `TraceOptions` for
trace. The CLI, the Python API and both engines take these; an engine that cannot honour a
setting says so (`provenance.engines.spark.refuse`) instead of ignoring it.

A leaf module: it imports only the other leaf definitions (limits, the record field map).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Optional

from .limits import (MAX_ALIGN_CHARS, MAX_BLOCKS, MAX_DEPTH, MAX_PAGE_BYTES, TEMPLATE_MIN_PAGES)
from .records import DEFAULT_FIELDS, FieldMap

SOURCES = (None, "html", "text")
FAVORS = (None, "precision", "recall")
FORMATS = ("jsonl", "parquet", "text", "markdown")


class OptionError(ValueError):
    """A setting out of range or contradicting another; the message names it."""


@dataclass(frozen=True)
class CleanOptions:
    """How pages are read and cleaned, and what a cleaned record holds.

    fields: which input fields hold the id, HTML, text and URL, and the size limit of one
    record; source: "html", "text" or None (decide per page); threshold: P(body) at or above
    which a block is body (None: the model's); max_page_bytes / max_depth / max_blocks: the
    page limits (README, "Limits"); blocks: include every block with its kind and P(body);
    format: how records are written ("jsonl", "parquet", "text", "markdown"); markdown: add
    the body as Markdown (``markdown`` field; implied by format "markdown"); comments: keep the
    reader comments under an article in the text (as trafilatura's include_comments); favor:
    "precision" (less text, less boilerplate), "recall" (more text) or None (balanced), as
    trafilatura's favor_precision / favor_recall (a shifted threshold, see
    `clean.FAVOR_SHIFT`; it cannot be combined with an explicit threshold)."""

    fields: FieldMap = DEFAULT_FIELDS
    source: Optional[str] = None
    threshold: Optional[float] = None
    max_page_bytes: int = MAX_PAGE_BYTES
    max_depth: int = MAX_DEPTH
    max_blocks: int = MAX_BLOCKS
    blocks: bool = False
    format: str = "jsonl"
    markdown: bool = False
    comments: bool = False
    favor: Optional[str] = None

    def __post_init__(self):
        if self.format == "markdown" and not self.markdown:
            object.__setattr__(self, "markdown", True)    # the view renders the field
        if self.source not in SOURCES:
            raise OptionError(f"source must be html, text or None, not {self.source!r}")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise OptionError(f"threshold must be within [0, 1], not {self.threshold}")
        for name in ("max_page_bytes", "max_depth", "max_blocks"):
            if getattr(self, name) < 1:
                raise OptionError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.fields.max_record_bytes < 1:
            raise OptionError(f"max_record_bytes must be at least 1, not {self.fields.max_record_bytes}")
        if self.format not in FORMATS:
            raise OptionError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.favor not in FAVORS:
            raise OptionError(f"favor must be precision, recall or None, not {self.favor!r}")
        if self.favor is not None and self.threshold is not None:
            raise OptionError("give a threshold or favor, not both")

    @property
    def text_kinds(self) -> tuple:
        """The block kinds a record's text is made of."""
        return ("body", "comment") if self.comments else ("body",)

    @classmethod
    def of(cls, options: "CleanOptions | None" = None, **settings) -> "CleanOptions":
        """``options`` with ``settings`` (field names) replaced, or the defaults with them."""
        options = options or cls()
        return replace(options, **settings) if settings else options


@dataclass(frozen=True)
class TraceOptions:
    """How a corpus is traced: ``clean`` (how each page is cleaned), template_min_pages (a
    line on this many pages of one site is template), max_align_chars (alignment reads at most
    this much of a body), pair_model (a pair model file, None: the bundled one), spool_dir
    (where bodies and records wait during the run, None: TMPDIR), dedupe_ids (a repeated id is
    renamed ``<id>#2`` with a warning in its record, instead of stopping the run with
    `records.DuplicateIdError`)."""

    clean: CleanOptions = field(default_factory=CleanOptions)
    template_min_pages: int = TEMPLATE_MIN_PAGES
    max_align_chars: int = MAX_ALIGN_CHARS
    pair_model: Optional[str] = None
    spool_dir: Optional[str] = None
    dedupe_ids: bool = False

    def __post_init__(self):
        if self.template_min_pages < 1:
            raise OptionError(f"template_min_pages must be at least 1, not {self.template_min_pages}")
        if self.max_align_chars < 1:
            raise OptionError(f"max_align_chars must be at least 1, not {self.max_align_chars}")

    @classmethod
    def of(cls, options: "TraceOptions | None" = None, **settings) -> "TraceOptions":
        """``options`` with ``settings`` replaced; settings that are `CleanOptions` fields go
        to ``clean``."""
        options = options or cls()
        clean_names = {f.name for f in fields(CleanOptions)}
        clean = {k: v for k, v in settings.items() if k in clean_names}
        rest = {k: (None if v is None else str(v)) if k == "pair_model" else v
                for k, v in settings.items() if k not in clean_names}
        if clean:
            rest["clean"] = CleanOptions.of(rest.get("clean", options.clean), **clean)
        return replace(options, **rest) if rest else options

    def clean_with_blocks(self) -> CleanOptions:
        """The clean options of trace's first step, which needs every block."""
        return replace(self.clean, blocks=True)
