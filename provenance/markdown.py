"""The article body of a cleaned `Document` as Markdown: `to_markdown`.

Only the blocks ``text`` is made of are rendered (``Document.text_kinds``: the body blocks,
and the comment blocks with ``--comments``), so the Markdown holds exactly what ``text`` holds, with the structure the HTML gave it: each block's nearest block tag
(``Block.tag``), its structural ancestors (``Block.flags``) and its table row
(``Block.row``, with ``Block.ancestors`` telling the cells of a row apart) say what it is:

- ``h1``-``h6`` → ``#`` … ``######`` headings;
- ``li`` → ``- item`` (one line per item, consecutive items one list);
- ``td``/``th`` of one ``<tr>`` → one table row ``| a | b |``; consecutive rows one table,
  its first row the header (GitHub-flavoured Markdown needs one), cells of one ``<td>`` joined;
- inside a ``<blockquote>`` → ``> quoted`` (consecutive blocks one quote);
- ``pre`` → a fenced code block (consecutive ``pre`` blocks one fence);
- anything else → a paragraph, its leading Markdown characters escaped (a paragraph that
  starts with ``# `` or ``1. `` is not a heading or a list).

Block texts have their whitespace collapsed by the segmenter, so code keeps its text but not
its line breaks. Plain-text documents (no tags) give their paragraphs unchanged: what looks
like Markdown in them was written so. A pure function of the Document (no I/O): the engines
call it through `schema.clean_record`, so both write the same ``markdown`` field.
"""
from __future__ import annotations

import re
from typing import Iterable

from .document import SOFT_HYPHEN, Block, Document
from .lexicon.flags import FLAG_BIT

_QUOTE = FLAG_BIT["blockquote"]
_HEADINGS = {f"h{n}": "#" * n for n in range(1, 7)}
_CELLS = ("td", "th")

#: A paragraph start that Markdown would read as structure: a heading, a quote, a list item,
#: a thematic break, a fence, a table row.
_LEADING = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s)|\d{1,9}(?=[.)](?:\s|$))|[-*_]{3,}|`{3,}|~{3,}|\|)")


def escape_paragraph(text: str) -> str:
    """``text`` with a backslash before a leading character Markdown would read as a heading,
    quote, list item, rule, fence or table row (``1. `` → ``1\\. ``)."""
    m = _LEADING.match(text)
    if not m:
        return text
    lead = m.group(1)
    if lead[0].isdigit():                       # "1. x" → "1\. x"
        return lead + "\\" + text[len(lead):]
    return "\\" + text


def escape_cell(text: str) -> str:
    """A table cell's text: ``|`` escaped, so it does not end the cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _cell_of(block: Block) -> int:
    """The id of the ``<td>``/``<th>`` (or other child of the row) holding ``block``: the
    ancestor just inside its row; the block's own position when the row is not among the
    kept ancestors (nested deeper than `segment.html.KEEP_ANCESTORS`)."""
    anc = block.ancestors
    try:
        k = anc.index(block.row)
    except ValueError:
        return -1 - block.position
    return anc[k - 1] if k > 0 else -1 - block.position


def _kind(block: Block) -> str:
    if block.row and block.tag in _CELLS:
        return "cell"
    if block.tag == "pre":
        return "pre"
    if block.tag in _HEADINGS:
        return "heading"
    if block.tag == "li":
        return "li"
    return "p"


def _table(blocks: list[Block]) -> str:
    rows: list[list[list[str]]] = []          # rows → cells → texts
    header_flags: list[bool] = []
    last_row = last_cell = None
    for b in blocks:
        cell = _cell_of(b)
        if b.row != last_row:
            rows.append([])
            header_flags.append(False)
            last_row, last_cell = b.row, None
        if cell != last_cell:
            rows[-1].append([])
            last_cell = cell
        rows[-1][-1].append(b.text)
        header_flags[-1] = header_flags[-1] or b.tag == "th"
    width = max(len(r) for r in rows)
    lines = []
    for i, r in enumerate(rows):
        cells = [escape_cell(" ".join(texts)) for texts in r] + [""] * (width - len(r))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def _render(kind: str, blocks: list[Block]) -> str:
    if kind == "cell":
        return _table(blocks)
    if kind == "pre":
        body = "\n".join(b.text for b in blocks)
        fence = "```"
        while fence in body:
            fence += "`"
        return f"{fence}\n{body}\n{fence}"
    if kind == "li":
        return "\n".join(f"- {b.text}" for b in blocks)
    if kind == "heading":
        return "\n\n".join(f"{_HEADINGS[b.tag]} {b.text}" for b in blocks)
    return "\n\n".join(escape_paragraph(b.text) for b in blocks)


def _runs(blocks: Iterable[Block]):
    """(kind, quoted, blocks) of each run of consecutive body blocks of one kind (a new table
    starts only after a non-cell block)."""
    run: list[Block] = []
    key = None
    for b in blocks:
        k = (_kind(b), bool(b.flags & _QUOTE))
        if run and k != key:
            yield key[0], key[1], run
            run = []
        key = k
        run.append(b)
    if run:
        yield key[0], key[1], run


def to_markdown(doc: Document) -> str:
    """The body of ``doc`` as Markdown ("" when it has none; see the module docstring)."""
    kinds = doc.text_kinds
    body = [b for b in doc.blocks if b.kind in kinds]
    if not body:
        return ""
    if doc.source != "html":
        out = "\n\n".join(b.text for b in body)
    else:
        parts = []
        for kind, quoted, run in _runs(body):
            part = _render(kind, run)
            if quoted:
                part = "\n".join("> " + line if line else ">" for line in part.split("\n"))
            parts.append(part)
        out = "\n\n".join(parts)
    return out.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in out else out
