"""Hostile content: entity expansion, external entities and DTDs, URLs in pages and records,
and compression bombs.

HTML is parsed by Lexbor (selectolax), an HTML5 parser: it has no DTD processing, so internal
entity definitions are inert text and external entities are never resolved. These tests prove
it from the outside: with an audit hook recording every file opened and every network call of
a real `provenance clean`/`trace` run over hostile inputs.
"""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import jsonl, run_cli

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<html><body><article><p>The summit opened on Monday with a statement from the ministers of the
region, who agreed to meet again in the spring. &lol9;</p></article></body></html>
"""


def _xxe(canary: Path) -> str:
    url = canary.as_uri()
    return f"""<?xml version="1.0"?>
<!DOCTYPE page [ <!ENTITY xxe SYSTEM "{url}"> <!ENTITY % remote SYSTEM "{url}"> %remote; ]>
<html xmlns:xi="http://www.w3.org/2001/XInclude"><head>
<link rel="stylesheet" href="{url}"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<script src="http://127.0.0.1:9/x.js"></script><base href="http://127.0.0.1:9/">
</head><body><article>
<p>Officials said on Tuesday that the agreement would take effect next year. &xxe;</p>
<xi:include href="{url}" parse="text"/>
<iframe src="{url}"></iframe><img src="http://127.0.0.1:9/pixel.gif" onerror="alert(1)">
<object data="{url}"></object><svg><image href="{url}"/></svg>
<p>The ministers will meet again in Geneva to sign the final text of the accord.</p>
</article></body></html>
"""


def test_billion_laughs_is_not_expanded(tmp_path):
    page = tmp_path / "lol.html"
    page.write_text(BILLION_LAUGHS)
    (rec,) = jsonl(run_cli(["clean", page, "-q"], cwd=tmp_path).stdout)
    assert rec["error"] is None
    assert "summit opened" in rec["text"]
    assert "lollol" not in rec["text"] and len(rec["text"]) < 2000


def test_external_entities_are_never_resolved(tmp_path):
    canary = tmp_path / "secret.txt"
    canary.write_text("CANARY-SECRET-41d8")
    page = tmp_path / "in" / "xxe.html"
    page.parent.mkdir()
    page.write_text(_xxe(canary))
    (rec,) = jsonl(run_cli(["clean", page.parent, "-q", "--blocks"], cwd=tmp_path).stdout)
    # the page is read (whatever the model makes of its two short paragraphs) and no entity,
    # include or linked resource is fetched into it
    read = " ".join(b["text"] for b in rec["blocks"])
    assert rec["error"] is None and "agreement would take effect" in read and "Geneva" in read
    assert "CANARY" not in json.dumps(rec)


AUDIT = r"""
import json, os, sys
events, watched = [], sys.argv[1]
def hook(event, args):
    if event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.")) or event in (
            "subprocess.Popen", "os.system", "webbrowser.open"):
        events.append([event, repr(args)[:200]])
    elif event == "open" and args and isinstance(args[0], (str, bytes)) and watched in str(args[0]):
        events.append([event, str(args[0])])
sys.addaudithook(hook)
from provenance.cli import main
try:
    main(sys.argv[2:], standalone_mode=False)
finally:
    with open(os.environ["AUDIT_OUT"], "w") as fh:
        json.dump(events, fh)
"""


@pytest.mark.parametrize("command", ["clean", "trace"])
def test_no_network_and_no_file_it_was_not_given(tmp_path, command):
    """A real run over pages and records that point at a local secret file and at URLs: no
    socket is created, no URL opened, no process started, and the secret file never opened."""
    canary = tmp_path / "canary-dir" / "secret.txt"
    canary.parent.mkdir()
    canary.write_text("CANARY-SECRET-41d8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "xxe.html").write_text(_xxe(canary))
    (inputs / "lol.html").write_text(BILLION_LAUGHS)
    recs = [{"id": "u1", "url": canary.as_uri(), "text": "See " + canary.as_uri() + " and http://127.0.0.1:9/"},
            {"id": "u2", "url": "http://127.0.0.1:9/article", "html": _xxe(canary)},
            {"id": "u3", "url": str(canary), "text": f"file={canary}"}]
    (inputs / "records.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    script = tmp_path / "audit.py"
    script.write_text(AUDIT)
    out = tmp_path / "audit.json"
    env = dict(os.environ, AUDIT_OUT=str(out), PYTHONSAFEPATH="1")
    env.pop("PYTHONPATH", None)
    args = [command, str(inputs), "-o", str(tmp_path / "out.jsonl"), "-q", "--workers", "1"]
    proc = subprocess.run([sys.executable, str(script), str(canary.parent)] + args, cwd=tmp_path, env=env,
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert json.loads(out.read_text()) == []
    written = (tmp_path / "out.jsonl").read_text()
    assert len(jsonl(written)) == 5 and "CANARY" not in written


def _zero_bomb(path: Path, size: int, prefix: bytes = b"", suffix: bytes = b"", codec: str = "gzip") -> None:
    """A compressed file that inflates to ``size`` bytes (mostly zeros) without building it in
    memory here."""
    chunk = b"\0" * (1 << 20)
    if codec == "gzip":
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        compress, finish = comp.compress, comp.flush
    else:
        import pyzstd

        comp = pyzstd.ZstdCompressor(3)
        compress, finish = comp.compress, comp.flush
    with open(path, "wb") as fh:
        fh.write(compress(prefix))
        for _ in range(size // len(chunk)):
            fh.write(compress(chunk))
        fh.write(compress(suffix))
        fh.write(finish())


READ_ALL = r"""
import json, resource, sys
from provenance.io.readers import read_inputs
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
recs = [(r.id, r.error) for r in read_inputs(sys.argv[1:])]
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
print(json.dumps({"recs": recs, "grew_mb": grew}))
"""


def test_compression_bombs_cost_bounded_memory_and_are_errors(tmp_path):
    """Four files that each inflate to 1 GiB: reading them all costs memory bounded by the
    50 MB record limit (not by what the files inflate to), and each bomb is an error record."""
    size = 1 << 30
    _zero_bomb(tmp_path / "page.html.gz", size, b"<html><body><p>")
    _zero_bomb(tmp_path / "lines.jsonl.gz", size, b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "')
    _zero_bomb(tmp_path / "lines.jsonl.zst", size, b'{"id": "c", "text": "', codec="zstd")
    warc_head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
                 b"WARC-Target-URI: http://example.com/\r\nContent-Length: " + str(size + 45).encode() +
                 b"\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    _zero_bomb(tmp_path / "bomb.warc.gz", size, warc_head, b"\r\n\r\n")
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 4 << 20
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, "-c", READ_ALL] + sorted(str(p) for p in tmp_path.iterdir()),
                          cwd=tmp_path, env=env, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    res = json.loads(proc.stdout)
    errors = {rid: err for rid, err in res["recs"] if err}
    assert {rid for rid, _ in res["recs"]} >= {"page.html.gz", "a", "lines.jsonl.gz:2", "lines.jsonl.zst:1"}
    assert "a" not in errors                                     # the record before the bomb is kept
    assert "page.html.gz" in errors and "lines.jsonl.gz:2" in errors and "lines.jsonl.zst:1" in errors
    assert any("bomb.warc.gz" in rid or "urn:uuid:1" in rid for rid in errors)
    # 4 GiB inflated in all; reading them grows the process by about one 50 MB record buffer
    assert res["grew_mb"] < 150, res["grew_mb"]
