"""Readers and writers: compressed files, JSONL (.gz/.zst), Parquet in and out, WARC (made here),
field mapping and carried-through fields, stdin/stdout, bad compressed input, order with
--workers 2, and --resume after a real kill -9."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from provenance.io.compression import bounded_lines
from provenance.io.readers import read_inputs
from provenance.records import FieldMap
from provenance.io.writers import ParquetWriter, resume_point

from conftest import HTML_FILES, SEED_FILES, _cli_prefix, jsonl, run_cli

SEED = SEED_FILES[0].read_text(encoding="utf-8")
RECS = [{"doc": "a1", "body": SEED, "link": "https://x.example/a", "lang": "en"},
        {"doc": "a2", "body": SEED[:600], "link": "https://y.example/b", "lang": "de", "n": 3}]
MAP = FieldMap(id="doc", text="body", url="link")


def _jsonl_bytes(recs) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in recs)


def warc_record(url: str, html: bytes, rid: str, ctype: str = "text/html; charset=utf-8",
                wtype: str = "response") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(html)}\r\n\r\n").encode() + html
    head = (f"WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-08-23T00:00:00Z\r\n"
            f"Content-Type: application/http; msgtype={wtype}\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def ids_and_extra(recs):
    return [(r.id, r.error, {k: v for k, v in r.extra.items()}) for r in recs]


@pytest.mark.parametrize("name, pack", [
    ("in.jsonl", lambda b: b),
    ("in.jsonl.gz", gzip.compress),
    ("in.jsonl.zst", lambda b: __import__("pyzstd").compress(b)),
])
def test_jsonl_plain_and_compressed_with_field_mapping(tmp_path, name, pack):
    (tmp_path / name).write_bytes(pack(_jsonl_bytes(RECS)))
    recs = list(read_inputs([str(tmp_path / name)], MAP))
    assert [(r.id, r.source, r.url) for r in recs] == [("a1", "text", "https://x.example/a"),
                                                     ("a2", "text", "https://y.example/b")]
    assert recs[0].content == SEED
    assert recs[1].extra == {"link": "https://y.example/b", "lang": "de", "n": 3}


def test_compressed_pages_in_a_folder(tmp_path):
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(HTML_FILES[0].read_bytes()))
    (tmp_path / "b.txt.zst").write_bytes(__import__("pyzstd").compress(SEED.encode()))
    (tmp_path / "c.bin.gz").write_bytes(gzip.compress(b"not a page"))   # unknown format: skipped
    recs = list(read_inputs([str(tmp_path)]))
    assert [(r.id, r.source, r.error) for r in recs] == [("a.html.gz", "html", None), ("b.txt.zst", "text", None)]
    assert recs[0].content == HTML_FILES[0].read_bytes() and recs[1].content == SEED.encode()


def test_truncated_and_corrupt_compressed_inputs_are_error_records(tmp_path):
    (tmp_path / "t.jsonl.gz").write_bytes(gzip.compress(_jsonl_bytes(RECS * 50))[:400])
    (tmp_path / "z.txt.zst").write_bytes(b"\x28\xb5\x2f\xfd garbage")
    (tmp_path / "g.html.gz").write_bytes(b"\x1f\x8b\x08\x00 garbage")
    recs = list(read_inputs([str(tmp_path)]))
    errors = [r for r in recs if r.error]
    assert {r.id for r in errors} == {"t.jsonl.gz", "z.txt.zst", "g.html.gz"}
    assert all("cannot read" in r.error for r in errors)


def test_runaway_line_costs_bounded_memory():
    import io

    data = b'{"id": "a", "text": "x"}\n' + b"y" * 5000 + b"\n" + b'{"id": "b", "text": "z"}\n'
    lines = list(bounded_lines(io.BytesIO(data), 1000))
    assert lines[1] is None and len(lines) == 3 and lines[2].startswith(b'{"id": "b"')


def test_wrong_field_types_and_non_objects(tmp_path):
    lines = [b'{"id": "a", "text": 42}', b'[1, 2]', b'"just a string"', b'{"id": "b", "html": null, "text": null}']
    (tmp_path / "w.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    recs = list(read_inputs([str(tmp_path / "w.jsonl")]))
    assert len(recs) == 4 and all(r.error for r in recs)
    assert "'text' is int" in recs[0].error and "not an object" in recs[1].error


def test_parquet_round_trip(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(RECS, schema=pa.schema(
        [("doc", pa.string()), ("body", pa.string()), ("link", pa.string()), ("lang", pa.string()),
         ("n", pa.int64())])), tmp_path / "in.parquet")
    run_cli(["clean", "in.parquet", "--id-field", "doc", "--text-field", "body", "--url-field", "link",
             "-o", "out.parquet", "--workers", "1", "-q"], cwd=tmp_path)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert rows[1]["lang"] == "de" and rows[1]["n"] == 3 and rows[0]["n"] is None
    assert rows[0]["text"] and rows[0]["text"].split("\n\n")[0] in SEED
    assert rows[0]["error"] is None


def test_parquet_writer_spills_late_fields_to_extra(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    w = ParquetWriter(tmp_path / "o.parquet", batch=2)
    w.write({"id": "1", "text": "a", "k": 1})
    w.write({"id": "2", "text": "b", "k": 2})
    w.write({"id": "3", "text": "c", "k": "not an int", "late": [1, 2]})
    w.close()
    rows = pq.read_table(tmp_path / "o.parquet").to_pylist()
    assert [r["k"] for r in rows] == [1, 2, None]
    assert json.loads(rows[2]["_extra"]) == {"k": "not an int", "late": [1, 2]}


def test_warc_html_responses(tmp_path):
    html = HTML_FILES[0].read_bytes()
    data = (warc_record("https://a.example/1", html, "1111")
            + warc_record("https://a.example/img", b"\x89PNG....", "2222", ctype="image/png")
            + warc_record("https://a.example/2", html, "3333", wtype="request"))
    (tmp_path / "crawl.warc").write_bytes(data)
    (tmp_path / "crawl2.warc.gz").write_bytes(gzip.compress(warc_record("https://b.example/x", html, "4444")))
    recs = list(read_inputs([str(tmp_path)]))
    assert [(r.id, r.url, r.source) for r in recs] == [
        ("<urn:uuid:1111>", "https://a.example/1", "html"), ("<urn:uuid:4444>", "https://b.example/x", "html")]
    assert recs[0].content == html
    # read as the CLI reads it, counting its bytes for the progress bar (FastWARC 2 asks the
    # stream its position: a counting stream that could not say made it panic)
    counted = []
    recs = list(read_inputs([str(tmp_path)], on_read=counted.append))
    assert [r.id for r in recs] == ["<urn:uuid:1111>", "<urn:uuid:4444>"] and not any(r.error for r in recs)
    assert sum(counted) == sum(p.stat().st_size for p in tmp_path.iterdir())


def test_stdin_jsonl_to_stdout(tmp_path):
    out = run_cli(["clean", "-", "--id-field", "doc", "--text-field", "body", "--workers", "1", "-q"],
                  cwd=tmp_path, input=_jsonl_bytes(RECS)).stdout
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["a1", "a2"] and recs[1]["lang"] == "de" and recs[1]["n"] == 3


def _corpus(tmp_path: Path, n: int) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    recs = [{"id": f"d{i:04d}", "text": texts[i % len(texts)], "k": i} for i in range(n)]
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(_jsonl_bytes(recs))
    return path


def test_order_is_stable_with_two_workers(tmp_path):
    _corpus(tmp_path, 120)
    one = run_cli(["clean", "corpus.jsonl", "--workers", "1", "-q"], cwd=tmp_path).stdout
    two = run_cli(["clean", "corpus.jsonl", "--workers", "2", "-q"], cwd=tmp_path).stdout
    assert one == two
    assert [r["id"] for r in jsonl(one)] == [f"d{i:04d}" for i in range(120)]


def test_resume_after_kill_9(tmp_path):
    """Kill a real run mid-way (several times), resume, and get every record exactly once."""
    n = 900
    _corpus(tmp_path, n)
    ref = jsonl(run_cli(["clean", "corpus.jsonl", "--workers", "1", "-q"], cwd=tmp_path).stdout)
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPATH", None)
    kills = 0
    for attempt in range(3):
        args = ["clean", "corpus.jsonl", "-o", str(out), "--workers", "1", "-q"] + (["--resume"] if attempt else [])
        proc = subprocess.Popen(_cli_prefix() + args, cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = out.stat().st_size if out.exists() else 0
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            if out.exists() and out.stat().st_size > before + 20_000:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.05)
        proc.wait()
    assert kills >= 1
    done, _ = resume_point(out)
    assert done < n
    run_cli(["clean", "corpus.jsonl", "-o", str(out), "--workers", "1", "-q", "--resume"], cwd=tmp_path)
    got = jsonl(out.read_bytes())
    assert [r["id"] for r in got] == [r["id"] for r in ref]
    assert got == ref


def test_resume_refuses_another_inputs_output(tmp_path):
    _corpus(tmp_path, 5)
    (tmp_path / "out.jsonl").write_text(json.dumps({"id": "zzz"}) + "\n", encoding="utf-8")
    proc = run_cli(["clean", "corpus.jsonl", "-o", "out.jsonl", "--resume", "-q"], cwd=tmp_path, check=False)
    assert proc.returncode != 0
    err = proc.stderr.decode()
    assert "does not match" in err and "Traceback" not in err


def test_unwritable_output_is_one_line_error(tmp_path):
    _corpus(tmp_path, 2)
    proc = run_cli(["clean", "corpus.jsonl", "-o", str(tmp_path / "no" / "such" / "dir.jsonl")],
                   cwd=tmp_path, check=False)
    assert proc.returncode != 0
    err = proc.stderr.decode().strip()
    assert "cannot write" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_trace_output_is_all_or_nothing_and_resume(tmp_path):
    """trace writes -o only when finished: killed before its input ended, no -o; --resume then
    completes it. (The input is stdin, half written and left open, so the run cannot finish
    before the kill however fast the machine is.)"""
    _corpus(tmp_path, 60)
    out = tmp_path / "t.jsonl"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(_cli_prefix() + ["trace", "-", "-o", str(out), "--workers", "1", "-q"],
                            cwd=tmp_path, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    lines = (tmp_path / "corpus.jsonl").read_bytes().splitlines(keepends=True)
    proc.stdin.write(b"".join(lines[:30]))
    proc.stdin.flush()
    time.sleep(1.0)                  # let it read and clean what it has
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdin.close()
    assert not out.exists()
    run_cli(["trace", "corpus.jsonl", "-o", str(out), "--workers", "1", "-q", "--resume"], cwd=tmp_path)
    first = out.read_bytes()
    recs = jsonl(first)
    assert [r["id"] for r in recs] == [f"d{i:04d}" for i in range(60)]
    proc = run_cli(["trace", "corpus.jsonl", "-o", str(out), "--resume"], cwd=tmp_path)
    assert b"nothing to do" in proc.stderr and out.read_bytes() == first
