"""Plain-text segmentation: one block per non-empty line, paragraphs mode, and metadata
prefixes such as "date 2025-08-23 " cut from the first body line."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.document import Document
from provenance.segment.dates import find_date, is_date_line
from provenance.segment.text import cut_metadata_prefix, segment_text

from conftest import SEED_FILES, norm, seed

BODY_1 = "Japanese Prime Minister Shigeru Ishiba hosted South Korean President Lee Jae Myung in Tokyo."
BODY_2 = "The two leaders agreed to resume shuttle diplomacy and expand exchanges."
BODY_3 = "Both countries host significant US military presence in the region."


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def test_one_block_per_non_empty_line():
    text = f"{BODY_1}\n\n   \n{BODY_2}\r\n{BODY_3}\n\n\n"
    doc = segment_text(text, "t1", paragraphs=False)
    assert doc.id == "t1" and doc.source == "text" and doc.error is None
    assert texts(doc) == [BODY_1, BODY_2, BODY_3]
    assert [b.position for b in doc.blocks] == [0, 1, 2]
    assert all(b.tag == "" and b.path == "" and b.link_chars == 0 for b in doc.blocks)


def test_whitespace_inside_a_line_is_normalised():
    doc = segment_text("  Several \t spaced\u00a0 words  \n", paragraphs=False)
    assert texts(doc) == ["Several spaced words"]


def test_default_mode_on_single_spaced_text_is_one_block_per_line():
    text = f"{BODY_1}\n{BODY_2}\n{BODY_3}\n"
    assert texts(segment_text(text)) == [BODY_1, BODY_2, BODY_3]


def test_default_mode_on_blank_line_separated_text_is_one_block_per_line():
    text = f"{BODY_1}\n\n{BODY_2}\n\n{BODY_3}\n"
    assert texts(segment_text(text)) == [BODY_1, BODY_2, BODY_3]


def test_default_mode_keeps_long_lines_apart_even_in_groups():
    """Lines of a few hundred characters are whole paragraphs, not a hard-wrapped one: the
    segmenter must not glue them together (only *short* wrapped lines make paragraph mode),
    or a template line next to the body ("Share This Post") could never be removed."""
    long1 = BODY_1 + " " + BODY_2 + " " + BODY_3
    long2 = BODY_3 + " " + BODY_1 + " " + BODY_2
    text = f"Share This Post\n{long1}\n{long2}\n\n{long2}\n{long1}\n"
    assert texts(segment_text(text)) == ["Share This Post", long1, long2, long2, long1]


def test_paragraphs_mode_joins_wrapped_lines():
    text = ("The harbour reopened on Monday after\nthe storm closed it for a week.\n\n"
            "Fishing boats returned at dawn,\nand the market was busy again by noon.\n")
    doc = segment_text(text, paragraphs=True)
    assert texts(doc) == [
        "The harbour reopened on Monday after the storm closed it for a week.",
        "Fishing boats returned at dawn, and the market was busy again by noon.",
    ]
    assert len(segment_text(text, paragraphs=False).blocks) == 4


def test_default_mode_detects_hard_wrapped_text():
    """E-mail / Gutenberg style text: paragraphs wrapped at ~70 columns."""
    para = ("The harbour reopened on Monday after the storm that had closed it\n"
            "for a whole week, and the fishing boats that had sheltered in the\n"
            "bay came back to port at dawn, officials of the port authority said.\n")
    text = "\n".join([para, para, para])
    doc = segment_text(text)
    assert len(doc.blocks) == 3
    assert doc.blocks[0].text == norm(para)


def test_date_prefix_is_cut_and_reported():
    doc = segment_text(f" date 2025-08-23 {BODY_1}\n\n{BODY_2}\n")
    assert texts(doc) == [BODY_1, BODY_2]
    assert doc.date == "2025-08-23"
    assert doc.meta["prefixes"] == [{"key": "date", "value": "2025-08-23"}]


@pytest.mark.parametrize("prefix,value", [
    ("Published: 23 August 2025 - ", "23 August 2025"),
    ("Date: 2025-08-23 ", "2025-08-23"),
    ("posted on August 23, 2025 ", "August 23, 2025"),
])
def test_other_metadata_prefixes(prefix, value):
    doc = segment_text(prefix + BODY_1, paragraphs=False)
    assert texts(doc) == [BODY_1]
    assert doc.date == value


def test_bare_date_line_is_not_cut():
    doc = segment_text(f"date 2025-08-23\n{BODY_1}\n", paragraphs=False)
    assert texts(doc) == ["date 2025-08-23", BODY_1]
    assert doc.date is None
    doc = segment_text(f"date 2025-08-23\n\n{BODY_1}\n")
    assert texts(doc)[0] == "date 2025-08-23"


def test_date_prefix_needs_body_after_it():
    assert cut_metadata_prefix("date 2025-08-23") == ("date 2025-08-23", None, None)
    assert cut_metadata_prefix("date 2025-08-23 two words") == ("date 2025-08-23 two words", None, None)
    rest, key, value = cut_metadata_prefix(f"date 2025-08-23 {BODY_1}")
    assert (rest, key, value) == (BODY_1, "date", "2025-08-23")


def test_prefix_is_only_cut_near_the_start():
    lines = [f"Line {i} of the article says something." for i in range(8)]
    lines.append(f"date 2025-08-23 {BODY_1}")
    doc = segment_text("\n".join(lines), paragraphs=False)
    assert doc.blocks[-1].text == f"date 2025-08-23 {BODY_1}"
    assert doc.date is None


def test_a_sentence_starting_with_the_word_date_is_not_cut():
    line = "Data from the ministry shows exports rose sharply last year."
    assert cut_metadata_prefix(line) == (line, None, None)


def test_seed_003_prefix():
    doc = segment_text(seed("003").read_bytes(), "003")
    assert doc.date == "2025-08-23"
    assert doc.blocks[0].text.startswith("Japanese Prime Minister Shigeru Ishiba")
    assert all("date 2025-08-23" not in b.text for b in doc.blocks)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_lines_all_survive_segmentation(path):
    raw = path.read_text(encoding="utf-8")
    doc = segment_text(raw, path.name)
    joined = norm(" ".join(texts(doc)))
    for line in raw.splitlines():
        if line.strip():
            line = cut_metadata_prefix(line.strip())[0]
            assert norm(line) in joined


def test_bytes_input_and_invalid_utf8():
    doc = segment_text(b"Valid words here\n\xff\xfe broken \xc3 bytes\nMore valid words\n",
                       paragraphs=False)
    assert doc.blocks[0].text == "Valid words here"
    assert doc.blocks[2].text == "More valid words"
    assert "broken" in doc.blocks[1].text


def test_max_chars_truncates_with_warning():
    text = "\n".join(f"Line number {i} of a long text." for i in range(1000))
    doc = segment_text(text, max_chars=500)
    assert doc.warnings and "max_chars" in doc.warnings[0]
    assert sum(len(b.text) for b in doc.blocks) <= 500


def test_max_blocks_truncates_with_warning():
    text = "\n".join(f"Line number {i} of a long text." for i in range(100))
    doc = segment_text(text, paragraphs=False, max_blocks=10)
    assert len(doc.blocks) == 10
    assert doc.warnings and "max_blocks" in doc.warnings[0]


@pytest.mark.parametrize("line,expected", [
    ("Saturday, August 23, 2025", True),
    ("23.08.2025, 14:05 Uhr", True),
    ("2025-08-23", True),
    ("Published: 23 August 2025 | Updated 10:00", True),
    ("Tokyo, August 23, 2025 – Japanese Prime Minister Shigeru Ishiba welcomed", False),
    ("The summit is on August 25, 2025 in Washington, officials said on Friday.", False),
])
def test_date_lines(line, expected):
    assert is_date_line(line) is expected


def test_find_date():
    assert find_date("Saturday, August 23, 2025") == "Saturday, August 23, 2025"
    assert find_date("no date here") is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
       st.sampled_from([None, True, False]))
def test_any_text_segments(text, paragraphs):
    doc = segment_text(text, paragraphs=paragraphs)
    assert doc.error is None
    for i, b in enumerate(doc.blocks):
        assert b.position == i
        assert b.text and b.text == b.text.strip() and "\n" not in b.text
    if paragraphs is False:
        assert len(doc.blocks) <= len([x for x in text.replace("\r", "\n").split("\n") if x.strip()])


@pytest.mark.parametrize("line, value", [
    ("Sunday, January 5, 2025 In this fourth article of the series we look at DNS", "Sunday, January 5, 2025"),
    ("2025-01-05 The minister said the talks would resume next week", "2025-01-05"),
])
def test_bare_dateline_glued_to_first_sentence_is_cut(line, value):
    rest, key, got = cut_metadata_prefix(line)
    assert key == "date" and got == value and rest == line[len(value):].strip()


@pytest.mark.parametrize("line", [
    "May 5, 2025 was a day the village would remember for a long time",   # prose: no weekday
    "Monday, May 10, 2025 saw the first rain of the season in the valley",  # no capital after
])
def test_dates_opening_a_sentence_are_not_cut(line):
    assert cut_metadata_prefix(line) == (line, None, None)
