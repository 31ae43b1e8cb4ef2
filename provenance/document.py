"""The one data model every step reads and writes: a `Document` made of `Block`s.

Segmenters create Documents, the boilerplate model fills in each block's `p_body` and `kind`,
and `provenance.schema` turns the result into records. Nothing else carries page state between
steps. A leaf module: it imports nothing of the package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

#: U+00AD, a hyphenation hint a browser shows only when it breaks a line there. It is removed
#: from a document's text: \w+ tokenisers (every benchmark's scorer among them) split words at
#: it, and gold texts, copied from rendered pages, almost never have it (13 of the 15 wcxb-dev
#: pages whose HTML has soft hyphens have none in their gold). Block texts keep it: they are
#: what the models were trained on.
SOFT_HYPHEN = "\xad"

#: Block kinds. "body" blocks make the article text; the others are kept for evidence
#: (``--blocks``) and title/date/byline also fill the document's metadata.
KINDS = (
    "body", "title", "date", "byline", "share", "note", "navigation",
    "related", "comment", "foreign-script", "other",
)
#: Page types (those of the WCXB benchmark): what a page is decides what its content is (the
#: posts of a forum thread, the reader comments under an article that are not the article).
PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")


@dataclass(slots=True)
class Block:
    """One paragraph-level unit of a page: a block element's text, or one line of plain text.

    ``tag``/``path``/``attrs``/``ancestors`` are empty for plain text. ``ancestors`` holds
    small integer ids of the nearest enclosing elements (nearest first) so that region
    features can aggregate text per container without keeping the DOM alive; ``row`` is the
    id (among the same ids) of the table row the block sits in, so that the Markdown view
    (`provenance.markdown`) can put the cells of one row on one line.
    """

    text: str
    position: int = 0
    tag: str = ""
    path: str = ""
    attrs: str = ""
    link_chars: int = 0
    depth: int = 0
    ancestors: tuple = ()
    flags: int = 0          # bitmask of enclosing structural tags (segment.html.ANCESTOR_FLAGS)
    near_cues: int = 0      # bitmask of class/id cue categories on the nearest ancestors
    far_cues: int = 0       # same, over the whole ancestry
    kind: Optional[str] = "other"   # None only while the kind rules decide (boilerplate.kinds)
    p_body: Optional[float] = None
    row: int = 0            # id of the nearest enclosing <tr> (0: none), to rebuild table rows


@dataclass(repr=False)
class Document:
    """A page after segmentation (and, once classified, after cleaning)."""

    id: str
    blocks: list[Block] = field(default_factory=list)
    source: str = "html"               # "html" or "text"
    title: Optional[str] = None
    date: Optional[str] = None
    author: Optional[str] = None
    lang: Optional[str] = None         # ISO 639-1 code of the page's language ("und": unknown)
    meta: dict[str, Any] = field(default_factory=dict)   # page-level hints (html <title>, meta tags)
    error: Optional[str] = None
    warnings: list[str] = field(default_factory=list)    # limits hit, empty results: never silent
    page_type: Optional[str] = None    # one of PAGE_TYPES, once classified
    page_type_p: tuple = ()            # P(type) in PAGE_TYPES order, once classified
    text_kinds: tuple = ("body",)      # the kinds of the blocks `text` is made of ("comment" too: --comments)

    @property
    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "body"]

    @property
    def text(self) -> str:
        """The article body: body blocks (and comment blocks when `text_kinds` says so),
        paragraphs separated by blank lines, without soft hyphens (see SOFT_HYPHEN)."""
        kinds = self.text_kinds
        if kinds == ("body",):
            text = "\n\n".join(b.text for b in self.blocks if b.kind == "body")
        else:
            text = "\n\n".join(b.text for b in self.blocks if b.kind in kinds)
        return text.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in text else text

    def __repr__(self) -> str:
        body = sum(1 for b in self.blocks if b.kind == "body")
        title = self.title if self.title is None or len(self.title) <= 60 else self.title[:57] + "..."
        return (f"Document(id={self.id!r}, source={self.source!r}, blocks={len(self.blocks)}, "
                f"body_blocks={body}, title={title!r}, date={self.date!r}, page_type={self.page_type!r}, "
                f"error={self.error!r})")
