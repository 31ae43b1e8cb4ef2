"""The HTML trace report: untrusted page strings are escaped everywhere, highlights land at the
right offsets, bad offsets never crash, and the page is self-contained and deterministic."""
from __future__ import annotations

import re

from provenance.report import highlight, render_report

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def record(id_, text, passages=(), **extra):
    """A record dict with every field the report reads; `extra` overrides the defaults."""
    rec = {"id": id_, "text": text, "title": None, "date": None, "author": None, "error": None,
           "wire_group": None, "derived_fraction": 0.0, "origin": False, "event_group": None,
           "passages": list(passages)}
    rec.update(extra)
    return rec


def passage(start, end, partner="b", exact=True):
    return {"start": start, "end": end, "partner": partner, "partner_start": 0,
            "partner_end": 0, "exact": exact}


def wire(id_, members, origin=None, text=""):
    """A wire group from ``(id, derived_fraction, origin)`` triples."""
    ms = [{"id": m, "derived_fraction": f, "origin": o} for m, f, o in members]
    return {"id": id_, "origin": origin or members[0][0], "members": ms, "text": text}


def one_group(*records_):
    """Groups putting all `records_` into one wire group (the first is the origin)."""
    members = [(r["id"], r["derived_fraction"], r["origin"]) for r in records_]
    return {"wire_groups": [wire("w1", members)], "event_groups": [], "stats": {}}


def marks(page):
    """Every ``<mark class=...>inner</mark>`` as ``(class, inner)`` pairs."""
    return re.findall(r'<mark class="(\w+)" title="[^"]*">(.*?)</mark>', page)


def hostile_page():
    bad = SCRIPT + IMG
    recs = [record(bad, f"before {SCRIPT} middle {IMG} after", [passage(7, 7 + len(SCRIPT), bad)],
                   title=bad, date=bad, origin=True, derived_fraction=0.5, wire_group=bad),
            record("e" + bad, "", error="failed: " + bad)]
    groups = {"wire_groups": [wire(bad, [(bad, 0.5, True)], origin=bad, text=bad)],
              "event_groups": [{"id": bad, "members": [bad, "e" + bad], "wire_groups": [bad]}],
              "stats": {bad: bad, "documents": 2}}
    return render_report(recs, groups, title=bad)


# -- escaping ---------------------------------------------------------------------------------

def test_hostile_strings_render_as_visible_text():
    page = hostile_page()
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # the error message, the title and the id all came through escaped
    assert "failed: &lt;script&gt;" in page
    assert f"<title>{'&lt;script&gt;alert(1)&lt;/script&gt;'}" in page
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img" in page


def test_quotes_in_attributes_are_escaped():
    partner = 'x" onmouseover="alert(1)'
    page = render_report([record("a", "abc DEF ghi", [passage(4, 7, partner)])],
                         one_group(record("a", "")))
    assert 'onmouseover="' not in page
    assert "x&quot; onmouseover=&quot;alert(1)" in page


def test_highlighted_slice_is_escaped_after_slicing():
    text = "a<b DEF"  # escaping first would shift offset 4 past "&lt;"
    assert highlight(text, [passage(4, 7)]).endswith(">DEF</mark>")
    assert highlight(text, [passage(0, 3)]).startswith('<mark class="exact"')
    assert "a&lt;b</mark>" in highlight(text, [passage(0, 3)])


def test_no_remote_resources_or_scripts():
    page = hostile_page() + render_report([], {})
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    assert not re.search(r'\b(?:src|href)="(?!#)', page)
    assert "@import" not in page and "url(" not in page


# -- highlighting -----------------------------------------------------------------------------

def test_highlight_at_the_right_offsets():
    rec = record("a", "abc DEF ghi", [passage(4, 7, "b", exact=True)], origin=True)
    page = render_report([rec], one_group(rec))
    assert 'abc <mark class="exact" title="exact copy shared with: b">DEF</mark> ghi' in page


def test_exact_and_paraphrase_use_different_classes():
    rec = record("a", "abc DEF ghi", [passage(0, 3, "b", exact=False), passage(8, 11, "c")])
    assert marks(render_report([rec], one_group(rec))) == [("para", "abc"), ("exact", "ghi")]


def test_overlapping_passages_merge_into_one_mark():
    rec = record("a", "0123456789", [passage(2, 5, "b"), passage(4, 8, "c"), passage(3, 4, "b")])
    page = render_report([rec], one_group(rec))
    assert marks(page) == [("exact", "234567")]
    assert 'title="exact copy shared with: b, c"' in page
    # an overlap with a paraphrase is not claimed as exact copying
    mixed = highlight("0123456789", [passage(2, 5), passage(4, 8, exact=False)])
    assert mixed == '01<mark class="para" title="paraphrase shared with: b">234567</mark>89'


def test_out_of_range_and_empty_passages():
    rec = record("a", "short", [passage(-5, 2), passage(3, 999), passage(4, 4), passage(5, 1),
                                passage(50, 60), {"start": None, "end": "x", "partner": "b"}])
    page = render_report([rec], one_group(rec))
    assert marks(page) == [("exact", "sh"), ("exact", "rt")]
    assert highlight("", [passage(0, 10)]) == ""
    assert highlight("abc", [passage(1, 2, partner=None)]).count("<mark") == 1


# -- layout -----------------------------------------------------------------------------------

def test_members_ordered_origin_first_then_by_fraction():
    recs = [record("low", "x", derived_fraction=0.2), record("high", "y", derived_fraction=0.9),
            record("orig", "z", origin=True), record("mid", "w", derived_fraction=0.5)]
    groups = {"wire_groups": [wire("w1", [("low", 0.2, False), ("high", 0.9, False),
                                          ("orig", 0.0, True), ("mid", 0.5, False)],
                                   origin="orig", text="wire body")],
              "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    order = re.findall(r'<div class="meta"><b>(\w+)</b>', page)
    assert order == ["orig", "high", "mid", "low"]
    assert "derived: 90%" in page and 'style="width:90%"' in page
    assert 'class="cols cols-4"' in page
    assert "<details><summary>reconstructed wire text</summary>" in page
    assert "wire body" in page


def test_summary_events_and_errors():
    recs = [record("a", "t", wire_group="w1", origin=True), record("b", "u"),
            record("c", "", error="timeout")]
    groups = {"wire_groups": [wire("w1", [("a", 0.0, True)])],
              "event_groups": [{"id": "ev1", "members": ["a", "b"], "wire_groups": ["w1"]}],
              "stats": {"candidate_pairs": 17}}
    page = render_report(recs, groups)
    assert "<tr><th>documents</th><td>3</td></tr>" in page
    assert "<tr><th>errors</th><td>1</td></tr>" in page
    assert "<tr><th>candidate_pairs</th><td>17</td></tr>" in page
    assert '<li>a &mdash; wire group: <a href="#wg-0">w1</a></li>' in page
    assert "<li>b &mdash; wire group: <i>no wire group</i></li>" in page
    assert '<b>c</b>: <span class="err">timeout</span>' in page


def test_empty_inputs_render():
    for groups in ({}, {"wire_groups": [], "event_groups": [], "stats": {}}):
        page = render_report([], groups, title="empty")
        assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
        assert "<tr><th>documents</th><td>0</td></tr>" in page
        assert "<title>empty</title>" in page


def test_member_without_record_renders():
    groups = {"wire_groups": [wire("w1", [("ghost", 0.3, False)])], "event_groups": [],
              "stats": {}}
    assert "no record for this id" in render_report([], groups)


def test_deterministic():
    assert hostile_page() == hostile_page()
    rec = record("a", "abc DEF ghi", [passage(4, 7, "c"), passage(0, 3, "b", exact=False)])
    assert render_report([rec], one_group(rec)) == render_report([rec], one_group(rec))
