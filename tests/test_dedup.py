"""`provenance dedup`: one record per wire group (its origin, or --keep) and every record in no
group, exact duplicates folded first, each kept record naming what it stands for; site
templates and stock phrases never make two pages duplicates. The pure decisions
(`wire.dedup`) on hand-made members, then the command and the Python API on committed corpora."""
from __future__ import annotations

import json
import shutil

import pytest

import provenance
from provenance.wire.dedup import Member, body_digest, plan

from conftest import FIXTURES, SEED_FILES, jsonl, run_cli

UNRELATED = sorted((FIXTURES / "unrelated").glob("*.txt"))
WIRE_SEEDS = ["000", "001", "003", "004"]          # one wire story; 002 only covers the event
ORIGIN = "001"                                      # trace's origin of the four


# -- the decisions -------------------------------------------------------------------------

def m(i, pos, digest=None, group=None, origin=False, date=None, length=10):
    return Member(i, pos, digest, group, origin, date, length)


def test_body_digest_normalises_case_space_and_compatibility_forms():
    assert body_digest("The  Harbour\nreopened.") == body_digest("the harbour reopened.")
    assert body_digest("ﬁnal ＡＢＣ") == body_digest("final abc")
    assert body_digest("a") != body_digest("b")
    assert body_digest("") is None and body_digest("  \n ") is None and body_digest(None) is None


def test_plan_folds_exact_duplicates_and_wire_groups():
    members = [m("a", 0, "d1", "w1"), m("b", 1, "d2", "w1", origin=True), m("c", 2, "d3", "w1"),
               m("x", 3, "d4"), m("x2", 4, "d4"), m("y", 5, "d5")]
    p = plan(members)
    assert p.stands_for == {"b": ["a", "c"], "x": ["x2"]}
    assert p.dropped == {"a": "b", "c": "b", "x2": "x"}
    assert (p.exact_folded, p.wire_folded, p.wire_groups) == (1, 2, 1)
    assert p.kept("y") and p.duplicates("y") == []


def test_an_exact_copy_of_a_group_member_joins_its_group():
    members = [m("a", 0, "d1", "w1", origin=True), m("b", 1, "d2", "w1"), m("b-copy", 2, "d2")]
    p = plan(members)
    assert p.stands_for == {"a": ["b", "b-copy"]}
    assert (p.exact_folded, p.wire_folded) == (1, 1)


@pytest.mark.parametrize("keep, kept", [("origin", "b"), ("longest", "c"), ("earliest", "a")])
def test_keep_rules(keep, kept):
    members = [m("a", 0, "d1", "w", date="2025-01-01", length=5), m("b", 1, "d2", "w", origin=True,
               date="2025-01-02", length=7), m("c", 2, "d3", "w", date=None, length=9)]
    p = plan(members, keep)
    assert set(p.stands_for) == {kept} and len(p.dropped) == 2


def test_ties_go_to_the_origin_then_input_order_and_bad_rules_are_refused():
    members = [m("a", 0, "d1", "w", length=9), m("b", 1, "d2", "w", origin=True, length=9),
               m("c", 2, "d3", "w", length=3)]
    assert list(plan(members, "longest").stands_for) == ["b"]
    assert list(plan([m("p", 0, "d"), m("q", 1, "d")], "earliest").stands_for) == ["p"]
    with pytest.raises(ValueError, match="keep"):
        plan(members, "shortest")


def test_empty_bodies_are_nobodys_duplicates():
    assert plan([m("a", 0, None), m("b", 1, None)]).dropped == {}


# -- the command ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The five seed articles, the unrelated texts, and an exact copy of seed 002 (reflowed and
    upper-cased: the same normalised body)."""
    root = tmp_path_factory.mktemp("dedup") / "in"
    root.mkdir()
    for p in SEED_FILES:
        shutil.copy(p, root / p.name)
    for p in UNRELATED:
        shutil.copy(p, root / p.name)
    two = next(p for p in SEED_FILES if p.name.startswith("002"))
    (root / "zz-copy-of-002.txt").write_text(two.read_text(encoding="utf-8").upper(), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run(corpus):
    out = corpus.parent       # outputs beside the input folder, not in it (it would be read next time)
    proc = run_cli(["dedup", corpus, "-o", "kept.jsonl", "--groups", "groups.json"], cwd=out)
    return proc, jsonl((out / "kept.jsonl").read_bytes()), json.loads((out / "groups.json").read_text())


def test_keeps_one_record_per_wire_group_and_every_unrelated_record(run):
    proc, kept, groups = run
    ids = [r["id"] for r in kept]
    assert ids == [p.name for p in SEED_FILES if p.name[:3] in (ORIGIN, "002")] + [p.name for p in UNRELATED]
    by = {r["id"][:3]: r for r in kept}
    assert by[ORIGIN]["origin"] is True
    assert sorted(d[:3] for d in by[ORIGIN]["duplicates"]) == [s for s in WIRE_SEEDS if s != ORIGIN]
    assert by["002"]["duplicates"] == ["zz-copy-of-002.txt"]
    assert all(r["duplicates"] == [] for r in kept if r["id"] in {p.name for p in UNRELATED})
    # every input is either kept or named by exactly one kept record
    named = [d for r in kept for d in r["duplicates"]]
    assert sorted(ids + named) == sorted([p.name for p in SEED_FILES + UNRELATED] + ["zz-copy-of-002.txt"])
    assert len(named) == len(set(named))
    wire = [g for g in groups["wire_groups"] if len(g["members"]) == 4]
    assert len(wire) == 1 and wire[0]["origin"] == by[ORIGIN]["id"]


def test_summary_line_counts(run):
    err = run[0].stderr.decode().strip().splitlines()[-1]
    assert err.startswith("provenance dedup: 9 read, 1 exact duplicates folded, ")
    assert "wire groups folded (3 records), 5 kept" in err


def test_keep_longest_and_parquet(corpus):
    run_cli(["dedup", corpus, "--keep", "longest", "-o", "kept.parquet", "-q"], cwd=corpus.parent)
    import pyarrow.parquet as pq

    table = pq.read_table(corpus.parent / "kept.parquet")
    assert "duplicates" in table.column_names and "markdown" not in table.column_names
    rows = table.to_pylist()
    wire = [r for r in rows if len(r["duplicates"]) == 3]
    assert len(wire) == 1 and len(rows) == 5
    traced = {r["id"]: r for r in jsonl(run_cli(["trace", corpus, "-q"], cwd=corpus.parent).stdout)}
    group = [r for r in traced.values() if r["wire_group"] == wire[0]["wire_group"]]
    assert wire[0]["id"] == max(group, key=lambda r: len(r["text"]))["id"]    # the longest body


def site_pages() -> list[dict]:
    """Unrelated articles of one site, each wrapped in the same site template lines and ending
    with the same stock phrases: nothing in common but the chrome."""
    chrome_top = ["Home | World | Business | Sport | Opinion", "Subscribe to our newsletter for the latest news"]
    chrome_end = ["The views expressed in this article are those of the author.",
                  "Share this article", "© 2025 Example Daily. All rights reserved."]
    bodies = [p.read_text(encoding="utf-8").strip() for p in UNRELATED]
    bodies.append(next(p for p in SEED_FILES if p.name.startswith("002")).read_text(encoding="utf-8").strip())
    return [{"id": f"page-{k}", "url": f"https://www.example-daily.com/story/{k}",
             "text": "\n".join(chrome_top + [b] + chrome_end)} for k, b in enumerate(bodies)]


def test_site_templates_and_stock_phrases_never_make_duplicates(tmp_path):
    path = tmp_path / "site.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in site_pages()), encoding="utf-8")
    kept = jsonl(run_cli(["dedup", path, "-q"], cwd=tmp_path).stdout)
    assert [r["id"] for r in kept] == [f"page-{k}" for k in range(len(UNRELATED) + 1)]
    assert all(r["duplicates"] == [] and r["wire_group"] is None for r in kept)
    for r in kept:                     # the chrome is gone: dropped by the cleaner or as template
        assert "Subscribe to our newsletter" not in r["text"] and "views expressed" not in r["text"]


def test_python_api_and_repeated_ids(tmp_path):
    recs = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]
    result = provenance.dedup(recs)
    assert [r["id"] for r in result.records] == [ORIGIN, "002"]
    assert result.stats["kept"] == 2 and result.stats["documents"] == 5
    assert result.plan.dropped == {s: ORIGIN for s in WIRE_SEEDS if s != ORIGIN}
    with pytest.raises(provenance.DuplicateIdError, match="'001'"):
        provenance.dedup(recs + [dict(recs[1])])
    again = provenance.dedup(recs + [dict(recs[1])], dedupe_ids=True)
    assert "001#2" in {d for r in again.records for d in r["duplicates"]}


def test_a_member_that_only_quotes_its_group_is_kept():
    from provenance.wire.dedup import MIN_DERIVED_FRACTION, member, plan

    group = {"wire_group": "w1", "error": None}
    recs = [dict(group, id="origin", text="The wire story. " * 20, origin=True, derived_fraction=0.9),
            dict(group, id="copy", text="The wire story, copied. " * 12, derived_fraction=0.8),
            dict(group, id="quotes", text="An article of its own. " * 40, derived_fraction=MIN_DERIVED_FRACTION / 2)]
    p = plan([member(r, k) for k, r in enumerate(recs)])
    assert p.dropped == {"copy": "origin"}
    assert p.duplicates("origin") == ["copy"] and p.kept("quotes")
