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
    assert ('abc <sup class="ref">b</sup><mark class="exact" title="exact copy shared with: b">'
            'DEF</mark> ghi') in page
    assert highlight(rec["text"], rec["passages"]) == (
        'abc <mark class="exact" title="exact copy shared with: b">DEF</mark> ghi')


def test_exact_and_paraphrase_use_different_classes():
    rec = record("a", "abc DEF ghi", [passage(0, 3, "b", exact=False), passage(8, 11, "c")])
    assert marks(render_report([rec], one_group(rec))) == [("para", "abc"), ("exact", "ghi")]


def test_overlapping_passages_merge_into_one_mark():
    rec = record("a", "0123456789", [passage(2, 5, "b"), passage(4, 8, "c"), passage(3, 4, "b")])
    page = render_report([rec], one_group(rec))
    assert marks(page) == [("exact", "234567")]
    assert 'title="exact copy shared with: b, c"' in page
    # exact wins per character: the overlap with a paraphrase stays exact, the rest is para
    mixed = highlight("0123456789", [passage(2, 5), passage(4, 8, exact=False)])
    assert mixed == ('01<mark class="exact" title="exact copy shared with: b">234</mark>'
                     '<mark class="para" title="paraphrase shared with: b">567</mark>89')


def test_out_of_range_and_empty_passages():
    rec = record("a", "short", [passage(-5, 2), passage(3, 999), passage(4, 4), passage(5, 1),
                                passage(50, 60), {"start": None, "end": "x", "partner": "b"}])
    page = render_report([rec], one_group(rec))
    assert marks(page) == [("exact", "sh"), ("exact", "rt")]
    assert highlight("", [passage(0, 10)]) == ""
    assert highlight("abc", [passage(1, 2, partner=None)]).count("<mark") == 1


def test_paraphrase_overlapping_exact_does_not_turn_it_into_paraphrase():
    text = "p" * 10 + "E" * 20 + "q" * 10
    rec = record("a", text, [passage(0, 40, "b", exact=False), passage(10, 30, "b"),
                             passage(15, 20, "c", exact=False), passage(12, 18, "c", exact=False)])
    assert marks(render_report([rec], one_group(rec))) == [
        ("para", "p" * 10), ("exact", "E" * 20), ("para", "q" * 10)]
    # the exact span names its exact partner only; a paraphrase inside it changes nothing
    assert 'title="exact copy shared with: b">' + "E" * 20 in highlight(text, rec["passages"])
    # the order of the passages does not matter
    assert highlight(text, rec["passages"][::-1]) == highlight(text, rec["passages"])


SHARED = ("The city council voted on Tuesday to approve a new budget for the harbour district, "
          "ending months of debate. The plan sets aside funds for a sea wall, two new ferry piers "
          "and the repair of the old fish market. Council members said the work would begin next "
          "spring and take about three years to finish. Residents who spoke at the meeting "
          "welcomed the decision but asked for regular updates on costs.")


def test_verbatim_copy_of_a_real_trace_is_marked_exact():
    import provenance

    docs = [{"id": "a", "text": "By a staff reporter.\n\n" + SHARED + "\n\nThe mayor did not attend.",
             "site": "one.example", "url": "https://one.example/a"},
            {"id": "b", "text": "Local news in brief.\n\n" + SHARED, "url": "https://two.example/b"}]
    result = provenance.trace(docs)
    assert len(result.groups["wire_groups"]) == 1
    page = render_report(result.records, result.groups)    # the lazy TracedRecords itself
    sentence = "The plan sets aside funds for a sea wall, two new ferry piers and the repair"
    found = marks(page)
    assert any(sentence in inner for kind, inner in found if kind == "exact")
    assert not any(sentence in inner for kind, inner in found if kind == "para")
    assert page.count(sentence) == 3                 # both members' texts and the wire text
    assert "one.example" in page and "two.example" in page   # site, else the URL's host


def test_partner_labels_name_the_member_of_each_span():
    text = "AAAA bbbb CCCC dddd EEEE"
    recs = [record("o", text, [passage(0, 4, "m1"), passage(10, 14, "m2", exact=False),
                               passage(20, 24, "m2")], origin=True),
            record("m1", "AAAA", [passage(0, 4, "o")], derived_fraction=0.9),
            record("m2", "CCCC EEEE", [passage(0, 4, "o", exact=False)], derived_fraction=0.5)]
    groups = {"wire_groups": [wire("wab12", [("o", 0.1, True), ("m1", 0.9, False),
                                             ("m2", 0.5, False)])], "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    # members are numbered origin first, then by fraction; labels link to the member's card
    for n in (1, 2, 3):
        assert f'id="wab12-m{n}"' in page
    assert '<sup class="ref"><a href="#wab12-m2">2</a></sup><mark class="exact"' in page
    assert '<sup class="ref"><a href="#wab12-m3">3</a></sup><mark class="para"' in page
    # a label is repeated only when the partner changes: the second span of m2 has none
    assert 'dddd <mark class="exact" title="exact copy shared with: m2">EEEE</mark>' in page
    assert '<sup class="ref"><a href="#wab12-m1">1</a></sup><mark class="exact"' in page


def test_many_partners_are_capped_in_the_label_but_all_in_the_tooltip():
    ids = [f"m{i}" for i in range(7)]
    rec = record("o", "shared", [passage(0, 6, m) for m in ids], origin=True)
    groups = {"wire_groups": [wire("w9", [("o", 0.0, True)] + [(m, 0.5, False) for m in ids])],
              "event_groups": [], "stats": {}}
    page = render_report([rec] + [record(m, "x") for m in ids], groups)
    label = re.search(r'<sup class="ref">((?:(?!</sup>).)*)</sup><mark class="exact"', page).group(1)
    assert re.sub(r"<[^>]+>", "", label) == "2,3,4,5,+3"
    assert 'title="exact copy shared with: m0, m1, m2, m3, m4, m5, m6"' in page


def test_only_http_urls_become_links():
    bad = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<script>alert(1)</script>", "https://x.example/\" onclick=\"alert(1)",
           "vbscript:msgbox(1)", "//evil.example/x"]
    recs = [record(f"d{i}", "t", url=u) for i, u in enumerate(bad)]
    recs.append(record("ok", "t", url="https://news.example/a?b=1&c=2"))
    groups = {"wire_groups": [wire("w1", [(r["id"], 0.5, i == 0) for i, r in enumerate(recs)])],
              "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert [h for h in hrefs if not h.startswith("#")] == ["https://news.example/a?b=1&amp;c=2"]
    assert '<a class="url" href="https://news.example/a?b=1&amp;c=2" rel="noreferrer">' in page
    assert "javascript:alert(1)" in page                     # shown, as inert text
    assert "<script" not in page.lower() and 'onclick="' not in page
    assert not re.search(r"<a [^>]*href=\"\s*(?:java|vb)script", page, re.I)


def test_index_links_every_group_sorted_by_size():
    recs = [record(m, f"text of {m}") for m in ("a", "b", "c", "d", "e", "f", "g")]
    bad = SCRIPT + IMG
    groups = {"wire_groups": [wire("w0b", [("a", 0.5, True), ("b", 0.5, False)]),
                              wire("w0a", [("c", 0.5, True), ("d", 0.5, False)]),
                              wire(bad, [("e", 0.5, True), ("f", 0.5, False), ("g", 0.5, False)]),
                              wire("w0b", [("x", 0.5, True)])],          # a duplicate id
              "event_groups": [{"id": "e1", "members": ["a", "c", "z"], "wire_groups": ["w0a", "w0b"]}],
              "stats": {}}
    page = render_report(recs, groups)
    index = page[page.index('<nav id="index">'):page.index("</nav>")]
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    hrefs = re.findall(r'href="#([^"]+)"', index)
    assert hrefs and all(h in ids for h in hrefs)
    table = index[:index.index("Event groups")]
    anchors = re.findall(r'href="#([^"]+)"', table)
    assert len(anchors) == len(set(anchors)) == len(groups["wire_groups"])
    # largest first, ties by id; a hostile or repeated id never reaches an anchor
    assert anchors == ["w-1", "w0a", "w0b", "w-4"]
    assert re.findall(r'<details class="wire" id="([^"]+)"', page) == anchors
    # the event group lists its stories, linked, and its solo member
    events = index[index.index("Event groups"):]
    assert 'href="#w0a"' in events and 'href="#w0b"' in events and "<b>z</b>" in events


def test_headline_sites_and_date_span_in_the_index():
    recs = [record("a", "Body of the first story. " * 10, title="Harbour budget approved",
                   site="one.example", date="2025-08-23", origin=True),
            record("b", "x", url="https://www.two.example/x", date="Saturday, August 30, 2025"),
            record("c", "The second story begins here and goes on for quite a while longer "
                   "than eighty characters, surely.", title="Home | News", date="nonsense"),
            record("d", "y", title="Home | News"),
            record("e", "Third story.", title="Home | News"), record("f", "z")]
    groups = {"wire_groups": [wire("w1", [("a", 0.0, True), ("b", 0.9, False)]),
                              wire("w2", [("c", 0.0, True), ("d", 0.5, False)]),
                              wire("w3", [("e", 0.0, True), ("f", 0.5, False)])],
              "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    index = page[page.index('<nav id="index">'):page.index("</nav>")]
    assert ">Harbour budget approved</a>" in index
    assert "one.example, www.two.example" in index
    assert "2025-08-23 – 2025-08-30" in index
    # a title shared by several stories is the site's, not the story's: the text stands in
    assert ">The second story begins here and goes on for quite a while longer than eighty…</a>" in index
    assert "Home | News</a>" not in index
    assert "undated" in index


def test_svg_timeline_per_group_escaped_and_self_contained():
    bad = SCRIPT + IMG
    recs = [record("a", "t", site=bad, date="2025-01-02", origin=True),
            record("b", "t", date="2025-03-04"), record("c", "t"), record("d", "t", origin=True)]
    groups = {"wire_groups": [wire("w1", [("a", 0.0, True), ("b", 0.9, False), ("c", 0.2, False)]),
                              wire("w2", [("d", 0.0, True)])], "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    svgs = re.findall(r"<svg class=\"timeline\".*?</svg>", page, re.S)
    assert len(svgs) == 2
    first = svgs[0]
    assert "&lt;script&gt;" in first and "<script" not in first
    assert first.count('class="arr"') == 2            # origin -> each other member
    assert 'class="orig"' in first and "undated" in first and "2025-01-02" in first
    assert "url(" not in page and "xlink" not in page and "<image" not in page


def test_parse_date_formats():
    from datetime import date

    from provenance.report_svg import parse_date

    assert parse_date("2025-08-23") == date(2025, 8, 23)
    assert parse_date("2025-08-23T14:05:00Z") == date(2025, 8, 23)
    assert parse_date("Saturday, August 23, 2025") == date(2025, 8, 23)
    assert parse_date("Oct 2, 2026 8:58 PM") == date(2026, 10, 2)
    assert parse_date("19 Dec, 2025") == date(2025, 12, 19)
    assert parse_date("Fri, 19th Dec 2025") == date(2025, 12, 19)
    assert parse_date("25/02/2024") == date(2024, 2, 25)
    assert parse_date("23.08.2025, 14:05 Uhr") == date(2025, 8, 23)
    for junk in (None, "", "soon", "2025-13-45", 20250823, "99/99/9999"):
        assert parse_date(junk) is None


def test_sections_collapsible_largest_open_and_print_css():
    recs = [record(f"d{i}", "t") for i in range(10)]
    groups = {"wire_groups": [wire(f"w{i}", [(f"d{i}", 0.5, True), (f"d{i + 5}", 0.5, False)])
                              for i in range(5)], "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    opened = re.findall(r'<details class="wire" id="(\w+)"( open)?>', page)
    assert [o for _, o in opened] == [" open"] * 3 + [""] * 2
    assert "@media print" in page


def test_summary_events_and_errors():
    recs = [record("a", "t", wire_group="w1", origin=True), record("b", "u"),
            record("c", "", error="timeout")]
    groups = {"wire_groups": [wire("w1", [("a", 0.0, True)])],
              "event_groups": [{"id": "ev1", "members": ["a", "b"], "wire_groups": ["w1"]}],
              "stats": {"candidate_pairs": 17, "lsh_pairs": 1234, "clean_s": 4.308}}
    page = render_report(recs, groups)
    assert ("3 documents; 1 of them in 1 wire group (stories copied or paraphrased between "
            "documents); 1 event group; 1 error.") in page
    # the raw counters come last, collapsed, under readable names
    run = page[page.index('<details class="run">'):]
    assert page.index('<details class="run">') > page.index('<details class="wire"')
    assert "<th>candidate pairs aligned</th><td class=\"n\">17</td>" in run
    assert "<th>candidate pairs from MinHash LSH</th><td class=\"n\">1,234</td>" in run
    assert "<th>cleaning</th><td class=\"n\">4.3 s</td>" in run
    assert "lsh_pairs" not in page
    assert '<a href="#w1">' in page and "<b>b</b>" in page       # event: story and solo member
    assert '<b>c</b>: <span class="err">timeout</span>' in page


def test_members_ordered_origin_first_then_by_fraction():
    recs = [record("low", "x", derived_fraction=0.2), record("high", "y", derived_fraction=0.9),
            record("orig", "z", origin=True), record("mid", "w", derived_fraction=0.5)]
    groups = {"wire_groups": [wire("w1", [("low", 0.2, False), ("high", 0.9, False),
                                          ("orig", 0.0, True), ("mid", 0.5, False)],
                                   origin="orig", text="wire body")],
              "event_groups": [], "stats": {}}
    page = render_report(recs, groups)
    order = re.findall(r'<div class="meta"><span class="num">(\d)</span> <b>(\w+)</b>', page)
    assert order == [("1", "orig"), ("2", "high"), ("3", "mid"), ("4", "low")]
    assert "derived: 90%" in page and 'style="width:90%"' in page
    assert "<details><summary>reconstructed wire text</summary>" in page
    assert "wire body" in page


def test_only_grouped_texts_and_records_read_once():
    class Records:
        """Like TracedRecords: re-reads on every iteration; counts them."""
        passes = 0

        def __iter__(self):
            Records.passes += 1
            yield record("a", "grouped text", origin=True)
            yield record("b", "solo text of an event member", title="Solo title")
            yield record("c", "ungrouped text")

    groups = {"wire_groups": [wire("w1", [("a", 0.0, True)])],
              "event_groups": [{"id": "e1", "members": ["a", "b"], "wire_groups": ["w1"]}],
              "stats": {}}
    page = render_report(Records(), groups)
    assert Records.passes == 1
    assert "grouped text" in page and "Solo title" in page
    assert "ungrouped text" not in page and "solo text of an event member" not in page
    assert "3 documents" in page


def test_empty_inputs_render():
    for groups in ({}, {"wire_groups": [], "event_groups": [], "stats": {}}, None):
        page = render_report([], groups, title="empty")
        assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
        assert "no documents" in page
        assert "<title>empty</title>" in page
    assert "no documents" in render_report(None, {})


def test_member_without_record_renders():
    groups = {"wire_groups": [wire("w1", [("ghost", 0.3, False)])], "event_groups": [],
              "stats": {}}
    assert "no record for this id" in render_report([], groups)


def test_deterministic():
    assert hostile_page() == hostile_page()
    rec = record("a", "abc DEF ghi", [passage(4, 7, "c"), passage(0, 3, "b", exact=False)])
    assert render_report([rec], one_group(rec)) == render_report([rec], one_group(rec))
