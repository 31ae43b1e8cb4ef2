"""Every limit of the README's "Limits" table, set from the command line: a record over a limit
is truncated with a `warnings` entry or refused with an `error`, never silently."""
from __future__ import annotations

import json

from conftest import HTML_FILES, SEED_FILES, jsonl, run_cli


def _page(tmp_path, name="page.html"):
    src = HTML_FILES[0]
    dst = tmp_path / name
    dst.write_bytes(src.read_bytes())
    return dst


def test_max_page_bytes_truncates_with_a_warning(tmp_path):
    page = _page(tmp_path)
    (rec,) = jsonl(run_cli(["clean", page, "--max-page-bytes", 4000, "-q"], cwd=tmp_path).stdout)
    assert rec["error"] is None
    assert any("max_bytes=4000" in w for w in rec["warnings"])
    (full,) = jsonl(run_cli(["clean", page, "-q"], cwd=tmp_path).stdout)
    assert "warnings" not in full and len(full["text"]) > len(rec["text"])


def test_max_blocks_drops_the_rest_with_a_warning(tmp_path):
    page = _page(tmp_path)
    (rec,) = jsonl(run_cli(["clean", page, "--max-blocks", 3, "--blocks", "-q"], cwd=tmp_path).stdout)
    assert len(rec["blocks"]) == 3
    assert any("max_blocks=3" in w for w in rec["warnings"])


def test_max_depth_refuses_the_page_and_the_run_goes_on(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 50 + "<p>Too deep for this run.</p>" + "</div>" * 50)
    _page(tmp_path)
    out = jsonl(run_cli(["clean", tmp_path, "--max-depth", 20, "-q"], cwd=tmp_path).stdout)
    by_id = {r["id"]: r for r in out}
    assert "max_depth=20" in by_id["deep.html"]["error"]
    assert by_id["page.html"]["error"] is None and by_id["page.html"]["text"]


def test_max_record_bytes_is_an_error_record(tmp_path):
    lines = [json.dumps({"id": "small", "text": "A short line of text."}),
             json.dumps({"id": "big", "text": "word " * 400})]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = jsonl(run_cli(["clean", src, "--max-record-bytes", 500, "-q"], cwd=tmp_path).stdout)
    assert len(out) == 2
    assert out[0]["error"] is None
    assert "larger than 500 bytes" in out[1]["error"]


def test_max_align_chars_is_reported_in_the_trace_record(tmp_path):
    recs = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    out = jsonl(run_cli(["trace", src, "--max-align-chars", 300, "-q", "--workers", 1],
                        cwd=tmp_path).stdout)
    assert len(out) == len(recs)
    long = [r for r in out if len(r["text"]) > 300]
    assert long and all(any("max_align_chars=300" in w for w in r["warnings"]) for r in long)
    for r in out:   # passages only inside the aligned prefix
        assert all(p["end"] <= 300 for p in r["passages"])


def test_limits_are_refused_when_not_positive(tmp_path):
    proc = run_cli(["clean", _page(tmp_path), "--max-depth", 0], cwd=tmp_path, check=False)
    assert proc.returncode == 2 and b"max-depth" in proc.stderr
