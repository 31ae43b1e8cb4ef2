"""The acceptance test of the issue: the five seed articles cleaned as plain text.

004 loses every template line (dateline, share labels, the Bengali share label, the empty
byline, the reader note) and its headline becomes the title; 003 loses its "date …"
prefix; every body paragraph of all five is kept.
"""
from __future__ import annotations

import pytest

import provenance
from provenance.segment.text import cut_metadata_prefix

from conftest import SEED_FILES, norm, seed

HEADLINE_004 = "Japan’s Ishiba Hosts South Korea’s Lee Ahead of Trump Summit"
TEMPLATE_004 = [
    "Saturday, August 23, 2025",
    "Share This Post",
    "শেয়ার করুন",
    "Author:",
    "Note For Readers:",
    "The CEO handles all legal and staff issues.",
]


@pytest.fixture(scope="module")
def docs(cleaner):
    pages = [(p.name[:3], p.read_bytes(), "text") for p in SEED_FILES]
    return {d.id: d for d in cleaner.clean_many(pages)}


def body_lines(prefix: str) -> list[str]:
    """The lines of a seed that are article body."""
    lines = [line.strip() for line in seed(prefix).read_text(encoding="utf-8").splitlines()
             if line.strip()]
    if prefix == "003":
        lines[0] = cut_metadata_prefix(lines[0])[0]
    if prefix == "004":
        first = next(i for i, l in enumerate(lines) if l.startswith("Tokyo, August 23, 2025"))
        last = next(i for i, l in enumerate(lines) if l.startswith("The leaders discussed"))
        lines = lines[first:last + 1]
    return lines


def test_five_seeds():
    assert [p.name[:3] for p in SEED_FILES] == ["000", "001", "002", "003", "004"]


def test_seeds_clean_without_error(docs):
    for d in docs.values():
        assert d.error is None
        assert d.source == "text"
        assert d.text.strip()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_body_line_is_kept(docs, prefix):
    text = norm(docs[prefix].text)
    missing = [line[:80] for line in body_lines(prefix) if norm(line) not in text]
    assert not missing, f"{prefix}: body lines dropped: {missing}"


@pytest.mark.parametrize("line", TEMPLATE_004)
def test_004_template_lines_are_gone(docs, line):
    assert line not in docs["004"].text


def test_004_text_is_exactly_the_body(docs):
    assert docs["004"].text.startswith("Tokyo, August 23, 2025 – Japanese Prime Minister")
    assert docs["004"].text.rstrip().endswith("a point Trump has repeatedly pressed.")


def test_004_title(docs):
    assert docs["004"].title == HEADLINE_004
    assert HEADLINE_004 not in docs["004"].text


def test_004_metadata(docs):
    d = docs["004"]
    assert d.date == "2025-08-23"    # "Saturday, August 23, 2025" as an ISO 8601 day
    assert d.author is None  # "Author:" is an empty byline: no author


def test_004_kinds(docs):
    kinds = {b.text: b.kind for b in docs["004"].blocks}
    assert kinds["Share This Post"] == "share"
    assert kinds["Saturday, August 23, 2025"] == "date"
    assert kinds["Author:"] == "byline"
    assert kinds[HEADLINE_004] == "title"
    note = next(t for t in kinds if t.startswith("Note For Readers"))
    assert kinds[note] == "note"
    assert kinds["শেয়ার করুন"] in ("share", "foreign-script")
    assert all(k in provenance.KINDS for k in kinds.values())


def test_003_prefix_is_cut(docs):
    d = docs["003"]
    assert "date 2025-08-23" not in d.text
    assert d.text.startswith("Japanese Prime Minister")
    assert d.date == "2025-08-23"


def test_body_blocks_have_probabilities(docs):
    for d in docs.values():
        for b in d.blocks:
            assert b.p_body is not None and 0.0 <= b.p_body <= 1.0
            assert b.kind in provenance.KINDS


def test_seed_004_via_top_level_clean():
    d = provenance.clean(seed("004").read_text(encoding="utf-8"), "004", source="text")
    assert isinstance(d, provenance.Document)
    assert d.title == HEADLINE_004
    assert "Share This Post" not in d.text and "Tokyo, August 23, 2025" in d.text


def test_seed_004_single_spaced(cleaner):
    """The same page with its blank lines removed (a common scrape format) is cleaned the
    same way: template lines go, the body stays."""
    raw = seed("004").read_text(encoding="utf-8")
    single = "\n".join(line for line in raw.splitlines() if line.strip())
    d = cleaner.clean(single, "004-single", source="text")
    for line in TEMPLATE_004:
        assert line not in d.text
    for line in body_lines("004"):
        assert norm(line) in norm(d.text)


def test_body_paragraph_starting_with_copyright_is_kept(cleaner):
    """Only a copyright *notice* is template; an article sentence that starts with the word
    "Copyright" is body (e.g. a story about copyright law)."""
    lines = body_lines("003")
    sentence = ("Copyright holders say the new rules on training data do not go far enough "
                "to protect their work, and they plan to appeal.")
    page = "\n\n".join(lines[:4] + [sentence] + lines[4:]) + "\n"
    d = cleaner.clean(page, "copyright", source="text")
    kinds = {b.text: b.kind for b in d.blocks}
    assert kinds[sentence] == "body"
    assert sentence in d.text
    notice = cleaner.clean(page + "\n© 2025 Example News. All rights reserved.\n", "c2", source="text")
    assert "All rights reserved" not in notice.text
