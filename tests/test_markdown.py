"""The Markdown view (`provenance.markdown`, `--format markdown`, `--markdown`): headings, lists,
tables (rows rebuilt from `Block.row`, filled identically by the C and the Python walk), block
quotes and code from the body blocks only; escapes; plain text unchanged."""
from __future__ import annotations

import json

import pytest

from provenance.document import Block, Document
from provenance.markdown import escape_paragraph, to_markdown
from provenance.segment.html import segment_html, walk_c, walk_python, WALK

from conftest import jsonl, run_cli, seed

PAGE = """<html><body><article><h1>Title here</h1><p>First paragraph of the story.</p>
<h2>Results</h2><ul><li>one item</li><li>two <b>items</b></li></ul>
<table><thead><tr><th>Team</th><th>Score | pts</th></tr></thead>
<tbody><tr><td>Reds</td><td>3</td></tr><tr><td>Blues<br>(home)</td><td>1</td></tr></tbody></table>
<blockquote><p>A quote line.</p><p>Second quote para.</p></blockquote>
<pre>x = 1
y = 2</pre><p>1. Not a list</p><p># not a heading</p><p>- nor this</p></article></body></html>"""

EXPECTED = """# Title here

First paragraph of the story.

## Results

- one item
- two items

| Team | Score \\| pts |
|---|---|
| Reds | 3 |
| Blues (home) | 1 |

> A quote line.
>
> Second quote para.

```
x = 1 y = 2
```

1\\. Not a list

\\# not a heading

\\- nor this"""


def all_body(html: str, walk=None) -> Document:
    doc = segment_html(html, walk_with=walk)
    for b in doc.blocks:
        b.kind = "body"
    return doc


@pytest.mark.parametrize("walk", ["python", "c"])
def test_page_with_a_table_and_a_list(walk):
    if walk == "c" and WALK.get() is None:
        pytest.skip("the C walk is not built")
    doc = all_body(PAGE, walk_python if walk == "python" else walk_c)
    assert to_markdown(doc) == EXPECTED


def test_both_walks_give_the_same_rows():
    if WALK.get() is None:
        pytest.skip("the C walk is not built")
    html = ("<table><tr><td>a<span>b<br>c</span></td><td>d</td></tr>"
            "<tr><th><div><p>e</p></div></th></tr></table><table><tr><td>f</td></tr></table><p>g</p>")
    c, py = segment_html(html, walk_with=walk_c), segment_html(html, walk_with=walk_python)
    assert c.blocks == py.blocks
    assert [b.text for b in c.blocks] == ["ab", "c", "d", "e", "f", "g"]
    rows = [b.row for b in c.blocks]
    assert rows[0] == rows[1] == rows[2] != rows[3] != rows[4] and rows[5] == 0 and 0 not in rows[:5]
    assert all(b.row in b.ancestors for b in c.blocks if b.row)


def test_only_body_blocks_are_rendered():
    doc = segment_html("<nav><ul><li>Home</li><li>World</li></ul></nav><h2>Head</h2><p>Body text.</p>"
                       "<footer><p>Share this</p></footer>")
    for b in doc.blocks:
        b.kind = "body" if b.text in ("Head", "Body text.") else "navigation"
    assert to_markdown(doc) == "## Head\n\nBody text."


def test_table_rows_of_unequal_width_and_a_row_without_header():
    doc = all_body("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>")
    assert to_markdown(doc) == "| a | b | c |\n|---|---|---|\n| d |  |  |"


def test_a_cell_holding_paragraphs_is_not_a_table():
    # layout tables: a <td> whose text sits in <p>/<div> is rendered as paragraphs
    doc = all_body("<table><tr><td><p>A whole article paragraph.</p><p>Another one.</p></td></tr></table>")
    assert to_markdown(doc) == "A whole article paragraph.\n\nAnother one."


def test_plain_text_is_unchanged():
    doc = Document(id="t", source="text", blocks=[Block("# a line", kind="body"), Block("- another", kind="body"),
                                                  Block("dropped", kind="share")])
    assert to_markdown(doc) == "# a line\n\n- another"
    assert to_markdown(Document(id="e", source="html")) == ""


@pytest.mark.parametrize("text, escaped", [
    ("#hashtag", "#hashtag"), ("# x", "\\# x"), ("12) step", "12\\) step"), ("2025 was", "2025 was"),
    ("--- rule", "\\--- rule"), ("+ plus", "\\+ plus"), ("> q", "\\> q"), ("| a", "\\| a"),
    ("```code", "\\```code"), ("plain", "plain"),
])
def test_escape_paragraph(text, escaped):
    assert escape_paragraph(text) == escaped


def test_cli_format_markdown_and_markdown_field(tmp_path):
    page = tmp_path / "page.html"
    body = " ".join(["The council met on Tuesday to discuss the harbour plan and its cost to residents."] * 4)
    page.write_text(f"<html><head><title>Harbour plan</title></head><body><nav><a href='/'>Home</a></nav>"
                    f"<article><h1>Harbour plan approved</h1><p>{body}</p><h2>What changes</h2>"
                    f"<ul><li>The ferry moves to the north pier next spring.</li>"
                    f"<li>Parking on the quay ends in March for good.</li></ul>"
                    f"<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2025</td><td>4 million</td></tr></table>"
                    f"<p>{body}</p></article></body></html>", encoding="utf-8")
    md = run_cli(["clean", page, "--format", "markdown"], cwd=tmp_path).stdout.decode()
    head, text = md.split("---\n\n", 1)
    assert head.startswith("---\nid: \"page.html\"\n") and "title:" in head
    assert "## What changes" in text and "- The ferry moves" in text and "| 2025 | 4 million |" in text
    (rec,) = jsonl(run_cli(["clean", page, "--markdown"], cwd=tmp_path).stdout)
    assert rec["markdown"] + "\n\n" == text
    assert "markdown" not in json.loads(run_cli(["clean", page], cwd=tmp_path).stdout)
    out = run_cli(["clean", page, "-o", tmp_path / "view.md"], cwd=tmp_path)   # the name says Markdown
    assert out.returncode == 0 and (tmp_path / "view.md").read_text(encoding="utf-8") == md


def test_cli_markdown_of_plain_text_and_of_an_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(seed("004").read_bytes())
    (tmp_path / "b.html").write_bytes(b"")
    out = run_cli(["clean", "a.txt", "b.html", "--format", "markdown"], cwd=tmp_path).stdout.decode()
    docs = out.split("---\nid: ")
    assert len(docs) == 3 and 'error: "' in docs[2]
