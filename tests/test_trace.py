"""`trace` end to end on fixtures: the seeds' wire group and event group, unrelated articles,
site templates, determinism, and the `provenance trace` command with --groups and --report."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from provenance import trace
from provenance.wire.normalize import tokenize

from conftest import FIXTURES, HTML_FILES, SEED_FILES, jsonl, run_cli

UNRELATED = sorted((FIXTURES / "unrelated").glob("*.txt"))
WIRE = {"000", "001", "003", "004"}


def corpus() -> list[dict]:
    recs = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]
    recs += [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in UNRELATED]
    recs += [{"id": p.stem, "html": p.read_text(encoding="utf-8")} for p in HTML_FILES]
    return recs


@pytest.fixture(scope="module")
def result():
    return trace(corpus())


def by_id(res):
    return {r["id"]: r for r in res.records}


def test_seed_wire_group(result):
    recs = by_id(result)
    groups = {recs[s]["wire_group"] for s in WIRE}
    assert len(groups) == 1 and None not in groups
    (gid,) = groups
    members = {r["id"] for r in result.records if r["wire_group"] == gid}
    assert members == WIRE                       # 002 and the unrelated articles are not in it
    assert sum(recs[s]["origin"] for s in WIRE) == 1
    for s in WIRE:
        assert 0.2 < recs[s]["derived_fraction"] <= 1.0
        assert recs[s]["passages"]


def test_preview_is_same_event_not_derived(result):
    recs = by_id(result)
    assert recs["002"]["wire_group"] is None
    assert recs["002"]["derived_fraction"] == 0.0
    ev = recs["002"]["event_group"]
    assert ev is not None
    assert {s for s in WIRE if recs[s]["event_group"] == ev} == WIRE


def test_unrelated_join_nothing(result):
    for r in result.records:
        if r["id"][:3] not in WIRE | {"002"}:
            assert r["wire_group"] is None and r["event_group"] is None, r["id"]
            assert not r["origin"] and r["passages"] == []


def test_passage_offsets_point_at_shared_text(result):
    recs = by_id(result)
    checked = 0
    for s in WIRE:
        text = recs[s]["text"]
        for p in recs[s]["passages"]:
            partner = recs[p["partner"]]["text"]
            assert 0 <= p["start"] < p["end"] <= len(text)
            assert 0 <= p["partner_start"] < p["partner_end"] <= len(partner)
            if p["exact"]:
                # a passage starts and ends on a shared 4-gram and runs through small edits
                mine = tokenize(text[p["start"]:p["end"]]).words
                theirs = tokenize(partner[p["partner_start"]:p["partner_end"]]).words
                assert mine[:4] == theirs[:4] and mine[-4:] == theirs[-4:]
                assert sum(w in set(theirs) for w in mine) >= 0.75 * len(mine)
                checked += 1
    assert checked >= 20


def test_groups_document(result):
    (g,) = result.groups["wire_groups"]
    assert {m["id"] for m in g["members"]} == WIRE
    origin_text = by_id(result)[g["origin"]]["text"]
    parts = g["text"].split("\n\n")
    assert parts and all(p in origin_text for p in parts)
    (e,) = result.groups["event_groups"]
    assert set(e["members"]) == WIRE | {"002"} and e["wire_groups"] == [g["id"]]


def _canonical(res) -> str:
    return json.dumps(sorted(res.records, key=lambda r: r["id"]), sort_keys=True) + json.dumps(
        res.groups["wire_groups"], sort_keys=True) + json.dumps(res.groups["event_groups"], sort_keys=True)


def test_same_groups_whatever_the_order_or_workers(result):
    recs = corpus()
    random.Random(7).shuffle(recs)
    assert _canonical(trace(recs, workers=2)) == _canonical(result)


TEASERS = [
    "Officials in the coastal province announced on Tuesday that the new harbour bridge would "
    "open to traffic next spring after years of delays and rising costs.",
    "The regional orchestra will tour five cities this autumn, with a programme of works by "
    "young composers chosen in an open competition last winter.",
    "Farmers in the northern valleys say the late frost has cut this year's apple harvest by a "
    "third, pushing prices at local markets to a record high.",
    "A new study of river otters suggests the animals are returning to waterways that were "
    "heavily polluted only two decades ago, researchers said.",
]


def test_site_template_never_links_unrelated_pages():
    """Three unrelated articles of one site carry the same prose-like 'related stories'
    paragraphs; the boilerplate model keeps them (they read like news), site repetition must
    drop them, or they link the pages."""
    recs = []
    for p in UNRELATED:
        body = p.read_text(encoding="utf-8").strip().split("\n")
        recs.append({"id": p.stem, "site": "example.com", "text": "\n".join(body[:6] + TEASERS + body[6:])})
    res = trace(recs)
    assert all(r["wire_group"] is None for r in res.records)
    assert all(TEASERS[0] not in r["text"] for r in res.records)
    assert all(r.get("template_lines", 0) == len(TEASERS) for r in res.records)
    # the same corpus with site repetition switched off: the template survives and links pages
    off = trace(recs, template_min_pages=1000)
    assert any(r["wire_group"] is not None for r in off.records)


def test_bad_records_come_out_with_an_error():
    recs = corpus()[:5] + [{"id": "broken", "text": 42}, "not a dict", {"id": "empty", "text": ""}]
    res = trace(recs)
    assert len(res.records) == len(recs)
    out = by_id(res)
    assert out["broken"]["error"] and out["broken"]["wire_group"] is None
    assert out["record-6"]["error"]
    assert out["empty"]["wire_group"] is None


def test_trace_command(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in SEED_FILES + UNRELATED:
        (folder / p.name).write_bytes(p.read_bytes())
    # a copy of seed 000 with markup in its text: it joins the wire group, so the report shows it
    lines = SEED_FILES[0].read_text(encoding="utf-8").split("\n")
    lines.insert(3, "Officials said <script>alert(1)</script> and <img src=x onerror=alert(2)> "
                    "would appear in the statement released by both governments on Saturday.")
    (folder / "zz-hostile.txt").write_text("\n".join(lines), encoding="utf-8")
    out, groups, report = tmp_path / "out.jsonl", tmp_path / "groups.json", tmp_path / "r.html"
    run_cli(["trace", folder, "-o", out, "--groups", groups, "--report", report], cwd=tmp_path)
    recs = jsonl(out.read_bytes())
    assert len(recs) == len(SEED_FILES) + len(UNRELATED) + 1
    for r in recs:
        assert {"wire_group", "derived_fraction", "origin", "event_group", "passages", "text"} <= set(r)
    wire = {r["wire_group"] for r in recs if r["id"][:3] in WIRE or r["id"] == "zz-hostile.txt"}
    assert len(wire) == 1 and None not in wire
    g = json.loads(groups.read_text(encoding="utf-8"))
    assert [x["id"] for x in g["wire_groups"]] == list(wire)
    html = report.read_text(encoding="utf-8")
    hostile = [r for r in recs if r["id"] == "zz-hostile.txt"][0]
    assert "<script>alert(1)" in hostile["text"]          # kept as text by the cleaner
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    assert "onerror=alert(2)>" not in html


def test_same_output_bytes_across_processes_and_workers(tmp_path):
    """Different hash seeds (set/frozenset order) and worker counts give identical bytes."""
    import os
    import subprocess

    from conftest import _cli_prefix

    folder = tmp_path / "in"
    folder.mkdir()
    for p in SEED_FILES + UNRELATED:
        (folder / p.name).write_bytes(p.read_bytes())
    outs = []
    for seed, workers in (("1", "1"), ("2", "2")):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONIOENCODING="utf-8")
        env.pop("PYTHONPATH", None)
        out = tmp_path / f"o{seed}.jsonl"
        subprocess.run(_cli_prefix() + ["trace", str(folder), "-o", str(out), "--workers", workers, "-q"],
                       cwd=tmp_path, env=env, check=True, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and b'"wire_group": "w' in outs[0]


def test_bodies_and_records_are_spooled_to_disk_and_removed(tmp_path):
    """trace keeps bodies and records in a spool folder, not in memory; records read back
    lazily (twice gives the same), and the folder goes away with the result."""
    import gc

    from provenance.engines.local_trace import TracedRecords

    res = trace(corpus(), spool_dir=str(tmp_path))
    assert isinstance(res.records, TracedRecords) and not isinstance(res.records, list)
    (folder,) = list(tmp_path.iterdir())
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["records.pickle", "texts.bin"]       # the first-pass bodies are gone
    stored = (folder / "texts.bin").read_bytes().decode("utf-8")
    first, second = list(res.records), list(res.records)
    assert first == second and len(first) == len(res.records) == len(corpus())
    assert all(r["text"] in stored for r in first)
    assert by_id(res)["000"]["wire_group"] is not None
    del res, first, second
    gc.collect()
    assert list(tmp_path.iterdir()) == []
