"""The `provenance` command: `clean` on folders, files, JSONL and stdin, its output options,
bad input (one record with `error` each, exit status 0), worker processes, and `demo`.

Starting the command costs seconds (imports and model loading), so most checks read the
output of one shared run, `provenance clean <many inputs> --blocks -o out.jsonl`, whose
inputs cover every case; the other runs test what needs a run of its own.
"""
from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest

import provenance

from conftest import (HTML_FILES, OPTIONAL_FIELDS, RECORD_FIELDS, SEED_FILES, SEEDS, jsonl,
                      norm, run_cli, seed)

HEADLINE_004 = "Japan’s Ishiba Hosts South Korea’s Lee Ahead of Trump Summit"
TEMPLATE_004 = ["Saturday, August 23, 2025", "Share This Post", "শেয়ার করুন", "Author:",
                "Note For Readers"]


def check_record(rec: dict, extra=frozenset()) -> None:
    """Exactly the documented fields (plus blocks/warnings and carried-through fields)."""
    assert RECORD_FIELDS <= set(rec), rec.keys()
    assert set(rec) <= RECORD_FIELDS | OPTIONAL_FIELDS | set(extra), rec.keys()
    assert isinstance(rec["id"], str) and isinstance(rec["text"], str)
    assert rec["error"] is None or (isinstance(rec["error"], str) and rec["error"])
    if rec["error"]:
        assert rec["text"] == ""


# -- inputs --------------------------------------------------------------------------------

def make_tree(root: Path) -> Path:
    """A folder with pages at several depths, a JSONL batch, and a file that is not a page."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.html").write_bytes(HTML_FILES[0].read_bytes())
    (root / "sub" / "b.txt").write_bytes(seed("004").read_bytes())
    (root / "sub" / "deeper" / "c.htm").write_bytes(HTML_FILES[1].read_bytes())
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not a page")
    return root


TREE_IDS = ["a.html", "sub/b.txt", "sub/deeper/c.htm"]


def make_jsonl(path: Path) -> Path:
    html = HTML_FILES[0].read_text(encoding="utf-8")
    text = seed("004").read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "page-1", "html": html, "url": "https://example.com/1", "lang": "en"}),
        json.dumps({"id": 7, "text": text, "source": {"site": "x"}}),
        '{"id": "broken", "html": "<p>unterminated',
        "",
        json.dumps([1, 2, 3]),
        json.dumps({"id": "neither", "url": "https://example.com/n"}),
        json.dumps({"id": "not-a-string", "text": 5}),
        json.dumps({"text": "Line one of an anonymous record, with enough words to be a line.\n"}),
        json.dumps("just a string"),
        json.dumps({"id": "empty-html", "html": ""}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def jsonl_ids(name: str) -> list[str]:
    return ["page-1", "7", f"{name}:3", f"{name}:5", "neither", "not-a-string", f"{name}:8",
            f"{name}:9", "empty-html"]


JSONL_ERRORS = [False, False, True, True, True, True, False, True, True]


def make_bad(root: Path) -> Path:
    rnd = random.Random(3)
    junk = bytearray(rnd.randrange(256) for _ in range(20_000))
    junk[100:140] = b"\x00" * 40
    root.mkdir()
    (root / "01-empty.html").write_bytes(b"")
    (root / "02-empty.txt").write_bytes(b"")
    (root / "03-junk.html").write_bytes(bytes(junk))
    (root / "04-junk.txt").write_bytes(bytes(junk))
    (root / "05-invalid-utf8.txt").write_bytes(
        seed("001").read_bytes().replace(b"Following", b"Follow\xff\xfe\xc3ing", 1))
    (root / "06-deep.html").write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"deep"
                                        + b"</div>" * 100_000 + b"</body></html>")
    (root / "07-good.html").write_bytes(HTML_FILES[2].read_bytes())
    (root / "08-whitespace.txt").write_bytes(b" \n\n \t\n")
    return root


BAD_IDS = ["01-empty.html", "02-empty.txt", "03-junk.html", "04-junk.txt", "05-invalid-utf8.txt",
           "06-deep.html", "07-good.html", "08-whitespace.txt"]
BAD_ERRORS = {"01-empty.html", "02-empty.txt", "03-junk.html", "04-junk.txt", "06-deep.html",
              "08-whitespace.txt"}


def make_many(path: Path) -> Path:
    """75 records (more than two batches of 32) with bad lines among them."""
    pages = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    htmls = [p.read_text(encoding="utf-8") for p in HTML_FILES]
    lines = []
    for i in range(75):
        if i % 11 == 5:
            lines.append('{"id": "bad-%d", ' % i)
        elif i % 3 == 0:
            lines.append(json.dumps({"id": f"h{i}", "html": htmls[i % len(htmls)], "n": i}))
        else:
            lines.append(json.dumps({"id": f"t{i}", "text": pages[i % len(pages)], "n": i}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def huge_page() -> bytes:
    """Over the default 20 MB limit: a huge inline script (as pages with an embedded app
    state have) after a first paragraph, and a paragraph after it that is cut off."""
    intro = b"<p>" + b"The harbour reopened after the storm and the boats came back. " * 5 + b"</p>"
    filler = b"var state = " + b"[1,2,3,4,5,6,7,8,9,10]," * (21_000_000 // 23) + b"0;"
    return (b"<html><head><title>Huge</title></head><body><article>" + intro + b"<script>"
            + filler + b"</script><p>Tail paragraph.</p></article></body></html>")


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """The working directory of the shared run, with every input in it."""
    cwd = tmp_path_factory.mktemp("cli")
    make_tree(cwd / "tree")
    make_jsonl(cwd / "in.jsonl")
    folder = cwd / "batch"
    folder.mkdir()
    make_jsonl(folder / "batch.jsonl")
    (folder / "page.txt").write_bytes(seed("001").read_bytes())
    make_bad(cwd / "bad")
    make_many(cwd / "many.jsonl")
    (cwd / "rel").mkdir()
    shutil.copy(seed("002"), cwd / "rel" / "two.txt")
    shutil.copy(HTML_FILES[0], cwd / "abs-page.html")
    text = seed("001").read_text(encoding="utf-8")
    body = "\n".join([json.dumps({"id": "bom-first", "text": text}),
                      json.dumps({"id": "bom-second", "text": text})]) + "\n"
    (cwd / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    data = bytearray(random.Random(5).randrange(256) for _ in range(5000))
    data[:8] = b"\x00\x01\x02\x03PK\x03\x04"
    (cwd / "blob.bin").write_bytes(bytes(data))
    (cwd / "huge.html").write_bytes(huge_page())
    return cwd


#: The shared run's inputs, in order, and the ids each gives.
def main_args(cwd: Path) -> list:
    return ["tree", SEEDS, "in.jsonl", "batch", "bad", "nonexistent.html", "rel/two.txt",
            cwd / "abs-page.html", "bom.jsonl", "blob.bin", "huge.html", "many.jsonl"]


@pytest.fixture(scope="module")
def main_run(work):
    proc = run_cli(["clean", *main_args(work), "--blocks", "-o", "out.jsonl"], cwd=work, check=False)
    return proc, jsonl((work / "out.jsonl").read_bytes())


@pytest.fixture(scope="module")
def groups(main_run):
    """The shared run's records, split by input."""
    recs = main_run[1]
    sizes = [("tree", 3), ("seeds", 5), ("jsonl", 9), ("batch", 10), ("bad", 8),
             ("nonexistent", 1), ("rel", 1), ("abs", 1), ("bom", 2), ("blob", 1), ("huge", 1),
             ("many", 75)]
    assert len(recs) == sum(n for _, n in sizes), [r["id"] for r in recs]
    out, i = {}, 0
    for name, n in sizes:
        out[name] = recs[i:i + n]
        i += n
    return out


def test_shared_run_goes_on_past_a_missing_input_and_exits_1(main_run):
    """A missing path among existing ones: its error record is written with all the others,
    the summary line comes, and a last line names it, with status 1."""
    proc, recs = main_run
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.strip() == b""  # -o: nothing on stdout
    assert b"Traceback" not in proc.stderr
    lines = proc.stderr.decode().strip().splitlines()
    assert f"{len(recs)} read" in lines[-2]
    assert lines[-1].startswith("Error: ") and "nonexistent.html" in lines[-1]


def test_every_record_has_the_documented_fields(groups):
    extras = {"jsonl": {"url", "lang", "source"}, "batch": {"url", "lang", "source"},
              "many": {"n"}}
    for name, recs in groups.items():
        for r in recs:
            check_record(r, extras.get(name, set()))


def test_folder_ids_are_relative_paths_recursive(groups):
    recs = groups["tree"]
    assert [r["id"] for r in recs] == TREE_IDS
    assert all(r["error"] is None and r["text"] for r in recs)
    assert recs[1]["title"] == HEADLINE_004
    for line in TEMPLATE_004:
        assert line not in recs[1]["text"]


def test_seed_fixtures_folder(groups):
    recs = groups["seeds"]
    assert [r["id"] for r in recs] == [p.name for p in SEED_FILES]
    by = {r["id"][:3]: r for r in recs}
    assert all(r["error"] is None for r in recs)
    assert by["004"]["title"] == HEADLINE_004
    for line in TEMPLATE_004:
        assert line not in by["004"]["text"]
    assert by["003"]["text"].startswith("Japanese Prime Minister")
    assert "date 2025-08-23" not in by["003"]["text"]
    assert by["003"]["date"] == "2025-08-23"


def test_single_files_relative_and_absolute(groups):
    (rel,), (ab,) = groups["rel"], groups["abs"]
    assert rel["id"] == "rel/two.txt" and ab["id"] == "abs-page.html"
    assert rel["error"] is None and ab["error"] is None
    assert norm(seed("002").read_text(encoding="utf-8").splitlines()[0]) in norm(rel["text"])
    # the same page read from a folder and as a single file gives the same record
    same = dict(groups["tree"][0], id="abs-page.html")
    assert ab == same


def test_jsonl_input(groups):
    recs = groups["jsonl"]
    assert [r["id"] for r in recs] == jsonl_ids("in.jsonl")
    assert [r["error"] is not None for r in recs] == JSONL_ERRORS
    # fields other than id/html/text are carried through
    assert recs[0]["url"] == "https://example.com/1" and recs[0]["lang"] == "en"
    assert recs[1]["source"] == {"site": "x"}
    assert recs[4]["url"] == "https://example.com/n"
    assert recs[1]["title"] == HEADLINE_004
    assert recs[0]["text"] and recs[6]["text"]
    assert "json" in recs[2]["error"].lower()
    assert "object" in recs[3]["error"]
    assert recs[0]["text"] == groups["tree"][0]["text"]


def test_jsonl_in_a_folder(groups):
    recs = groups["batch"]
    assert [r["id"] for r in recs] == jsonl_ids("batch.jsonl") + ["page.txt"]
    assert [r["error"] is not None for r in recs] == JSONL_ERRORS + [False]


def test_jsonl_with_utf8_bom(groups):
    """A JSONL file saved with a UTF-8 byte order mark (as some Windows tools write it)
    loses no record: the BOM is not part of the first line's JSON."""
    recs = groups["bom"]
    assert [r["id"] for r in recs] == ["bom-first", "bom-second"]
    assert recs[0]["error"] is None and recs[0]["text"] == recs[1]["text"]


def test_bad_files_give_error_records(groups):
    recs = groups["bad"] + groups["nonexistent"]
    by = {r["id"]: r for r in recs}
    assert list(by) == BAD_IDS + ["nonexistent.html"]
    for name in BAD_ERRORS | {"nonexistent.html"}:
        assert by[name]["error"], name
    assert "nesting depth" in by["06-deep.html"]["error"]
    assert by["07-good.html"]["error"] is None and by["07-good.html"]["text"]
    assert by["05-invalid-utf8.txt"]["error"] is None
    assert "standing alongside ishiba" in by["05-invalid-utf8.txt"]["text"].lower()


def test_binary_file_given_explicitly(groups):
    (rec,) = groups["blob"]
    assert rec["id"] == "blob.bin" and rec["error"]


def test_huge_page_is_truncated_with_a_warning(groups):
    (rec,) = groups["huge"]
    assert rec["id"] == "huge.html" and rec["error"] is None
    assert rec["warnings"] and any("max_bytes" in w for w in rec["warnings"])
    texts = [b["text"] for b in rec["blocks"]]
    assert any(t.startswith("The harbour reopened") for t in texts)
    assert "Tail paragraph." not in texts
    assert not any("var state" in t for t in texts)


def test_blocks(groups):
    for name, recs in groups.items():
        for r in recs:
            if r["error"]:
                assert not r.get("blocks")
                continue
            assert r["blocks"], r["id"]
            for b in r["blocks"]:
                assert set(b) >= {"text", "kind", "p_body"}
                assert isinstance(b["text"], str) and b["text"]
                assert b["kind"] in provenance.KINDS
                assert 0.0 <= b["p_body"] <= 1.0
            body = [b["text"] for b in r["blocks"] if b["kind"] == "body"]
            assert r["text"] == "\n\n".join(body)
    kinds = {b["text"]: b["kind"] for b in groups["tree"][1]["blocks"]}
    assert kinds["Share This Post"] == "share"
    assert kinds[HEADLINE_004] == "title"


def test_output_is_utf8(work, main_run):
    out = (work / "out.jsonl").read_bytes()
    out.decode("utf-8")
    assert "শেয়ার করুন".encode() in out  # written as UTF-8, not \u-escaped


# -- runs of their own ---------------------------------------------------------------------

def test_workers_give_the_same_records_in_the_same_order(work, main_run, groups):
    many = groups["many"]
    assert [r["id"] for r in many][:3] == ["h0", "t1", "t2"]
    assert [r["n"] for r in many if "n" in r] == [i for i in range(75) if i % 11 != 5]
    assert sum(r["error"] is not None for r in many) == len([i for i in range(75) if i % 11 == 5])
    proc = run_cli(["clean", *main_args(work), "--blocks", "--workers", "2"], cwd=work, check=False)
    assert proc.returncode == 1
    assert jsonl(proc.stdout) == main_run[1]


def test_stdin_page(tmp_path):
    proc = run_cli(["clean", "-"], cwd=tmp_path, input=seed("004").read_bytes())
    (rec,) = jsonl(proc.stdout)
    check_record(rec)
    assert rec["id"] == "stdin" and rec["error"] is None
    assert rec["title"] == HEADLINE_004 and "Share This Post" not in rec["text"]
    assert "blocks" not in rec  # only with --blocks


def test_stdin_jsonl(tmp_path):
    data = make_jsonl(tmp_path / "x.jsonl").read_bytes()
    recs = jsonl(run_cli(["clean", "-"], cwd=tmp_path, input=data).stdout)
    assert [r["id"] for r in recs] == jsonl_ids("stdin")
    assert [r["error"] is not None for r in recs] == JSONL_ERRORS
    assert recs[0]["url"] == "https://example.com/1"


def test_format_text(tmp_path):
    make_tree(tmp_path / "tree")
    out = run_cli(["clean", "tree", "--format", "text"], cwd=tmp_path).stdout.decode()
    for rid in TREE_IDS:
        assert f"### {rid}" in out
    assert f"title: {HEADLINE_004}" in out
    assert "Tokyo, August 23, 2025" in out
    assert "Share This Post" not in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.splitlines()[0])


def test_source_option(tmp_path, groups):
    (tmp_path / "page.txt").write_bytes(HTML_FILES[0].read_bytes())
    (rec,) = jsonl(run_cli(["clean", "page.txt", "--source", "html"], cwd=tmp_path).stdout)
    assert rec["error"] is None
    assert rec["text"] == groups["tree"][0]["text"]  # the same as the page read as .html
    # --kind, the option's earlier name, still works
    (old,) = jsonl(run_cli(["clean", "page.txt", "--kind", "html"], cwd=tmp_path).stdout)
    assert old == rec


def test_jsonl_with_lone_surrogates_does_not_crash(tmp_path):
    """JSON allows escaped lone surrogates ("\\ud800"); they cannot be written as UTF-8.
    The record must still come out (with the bad characters replaced or escaped), and the
    other records too, not a UnicodeEncodeError traceback."""
    lines = [
        '{"id": "bad\\ud800id", "text": "A line of body text that is long enough to keep.", "note": "x\\udc80y"}',
        json.dumps({"id": "ok", "text": seed("002").read_text(encoding="utf-8")}),
    ]
    (tmp_path / "sur.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli(["clean", "sur.jsonl"], cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    recs = jsonl(proc.stdout.decode("utf-8"))
    assert len(recs) == 2
    assert recs[1]["id"] == "ok" and recs[1]["error"] is None


def test_unwritable_output_is_a_clean_error(tmp_path):
    (tmp_path / "p.txt").write_bytes(seed("000").read_bytes())
    proc = run_cli(["clean", "p.txt", "-o", tmp_path / "no" / "such" / "out.jsonl"],
                   cwd=tmp_path, check=False)
    assert proc.returncode != 0
    assert b"Traceback" not in proc.stderr and b"out.jsonl" in proc.stderr


def test_clean_needs_a_path(tmp_path):
    proc = run_cli(["clean"], cwd=tmp_path, check=False)
    assert proc.returncode != 0 and b"Traceback" not in proc.stderr


def test_version(tmp_path):
    assert provenance.__version__.encode() in run_cli(["--version"], cwd=tmp_path).stdout


def test_demo(tmp_path):
    out = run_cli(["demo"], cwd=tmp_path).stdout.decode("utf-8")
    clean_part, trace_part = out.split("== trace: wire groups")
    bundled = [f"seeds/{p.name}" for p in SEED_FILES] + [f"html/{p.name}" for p in HTML_FILES]
    for name in bundled:
        assert f"== {name}" in clean_part, f"demo printed nothing for {name}"
    sections = clean_part.split("== ")[1:]
    assert len(sections) == len(bundled)
    for sec in sections:
        assert "error:" not in sec
        assert "kept " in sec and "begins: " in sec
    assert "Share This Post" in out  # listed as dropped
    assert HEADLINE_004 in out
    # the trace part: one wire group of the four wire seeds; 002 in the event group only
    wire, event = trace_part.split("== trace: event groups")
    assert wire.count("articles, origin seeds/") == 1
    assert sorted(n[:3] for n in re.findall(r"- seeds/(\d{3})_", wire)) == ["000", "001", "003", "004"]
    assert "not in a wire group: seeds/002_" in event
    assert "unrelated/wcxb-0153.txt" in event.split("unrelated (no group):")[1]


# -- Unix manners (issue #18) --------------------------------------------------------------

def _closed_early(args, cwd) -> tuple[int, bytes]:
    """Run the command, read 100 bytes of its stdout and close it (what `| head -c 100` does);
    (exit status, stderr)."""
    import os
    import subprocess

    from conftest import _cli_prefix

    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(_cli_prefix() + [str(a) for a in args], cwd=str(cwd), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert len(proc.stdout.read(100)) == 100
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=300), err


@pytest.mark.parametrize("args", [["clean"], ["clean", "--workers", "2"], ["trace"]],
                         ids=["clean", "clean-workers-2", "trace"])
def test_a_closed_stdout_ends_the_run_quietly_with_status_0(work, args):
    status, err = _closed_early([args[0], "many.jsonl", "many.jsonl", SEEDS, *args[1:], "--dedupe-ids"]
                                if args[0] == "trace" else [*args, "many.jsonl", "many.jsonl", SEEDS], work)
    assert status == 0, err
    assert b"Traceback" not in err and b"Error" not in err and b"Broken pipe" not in err


def usage_error(proc, *needles) -> str:
    """The one-line error of a usage error (status 2, click's hint, no traceback)."""
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "Try 'provenance" in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("Error: "), err
    for needle in needles:
        assert needle in last, last
    return last


def test_a_missing_input_alone_is_a_usage_error(tmp_path):
    usage_error(run_cli(["clean", "nope.html"], cwd=tmp_path, check=False), "no such file or folder", "nope.html")
    usage_error(run_cli(["trace", "nope.jsonl", "-o", "t.jsonl"], cwd=tmp_path, check=False), "nope.jsonl")
    assert not (tmp_path / "t.jsonl").exists()


def test_a_folder_with_nothing_to_read_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "a.pdf").write_bytes(b"%PDF")
    for folder in ("empty", "pdfs"):
        usage_error(run_cli(["clean", folder], cwd=tmp_path, check=False), folder, ".html .htm .txt .jsonl",
                    ".parquet .warc", ".gz or .zst")


def test_an_empty_folder_among_inputs_is_named_at_the_end(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "p.txt").write_bytes(seed("000").read_bytes())
    proc = run_cli(["clean", "p.txt", "empty"], cwd=tmp_path, check=False)
    assert proc.returncode == 1 and len(jsonl(proc.stdout)) == 1
    assert "no file to read in empty" in proc.stderr.decode().strip().splitlines()[-1]


@pytest.mark.parametrize("args, needles", [
    (["--format", "text", "-o", "x.parquet"], ["--format text", "x.parquet"]),
    (["--format", "parquet", "-o", "x.jsonl"], ["--format parquet", "x.jsonl"]),
    (["--format", "jsonl", "-o", "x.md"], ["--format jsonl", "x.md"]),
    (["--resume"], ["--resume needs -o"]),
    (["--resume", "-o", "x.parquet"], ["--resume needs JSONL", "Parquet"]),
    (["--resume", "-o", "x.txt"], ["--resume needs JSONL"]),
    (["--blocks", "--format", "markdown"], ["--blocks", "markdown"]),
    (["-o", "x.jsonl.gz"], ["compressed output"]),
    (["--format", "parquet"], ["Parquet output needs a file"]),
    (["--threshold", "1.5"], ["--threshold", "1.5"]),
    (["--workers", "-1"], ["--workers"]),
    (["--max-depth", "0"], ["--max-depth"]),
    (["--master", "local[2]"], ["--master needs --engine spark"]),
    (["--engine", "spark", "--resume", "-o", "out"], ["--resume is not supported"]),
    (["-o", "p.txt"], ["is also an input"]),
], ids=lambda v: " ".join(v) if isinstance(v, list) and v and v[0].startswith("-") else None)
def test_bad_clean_flags_are_one_line_usage_errors(tmp_path, args, needles):
    (tmp_path / "p.txt").write_bytes(seed("000").read_bytes())
    before = sorted(p.name for p in tmp_path.iterdir())
    usage_error(run_cli(["clean", "p.txt", *args], cwd=tmp_path, check=False), *needles)
    assert sorted(p.name for p in tmp_path.iterdir()) == before          # nothing written
    assert (tmp_path / "p.txt").read_bytes() == seed("000").read_bytes()


@pytest.mark.parametrize("command, args, needles", [
    ("trace", ["--resume"], ["--resume needs -o"]),
    ("trace", ["-o", "x.md"], ["x.md", "Markdown"]),
    ("trace", ["--format", "markdown"], ["--format"]),
    ("trace", ["--engine", "spark", "--dedupe-ids", "-o", "out"], ["--dedupe-ids is not supported"]),
    ("dedup", ["--keep", "shortest"], ["--keep"]),
    ("dedup", ["--format", "parquet", "-o", "x.txt"], ["--format parquet", "x.txt"]),
])
def test_bad_trace_and_dedup_flags_are_one_line_usage_errors(tmp_path, command, args, needles):
    (tmp_path / "p.txt").write_bytes(seed("000").read_bytes())
    usage_error(run_cli([command, "p.txt", *args], cwd=tmp_path, check=False), *needles)


def test_the_output_format_follows_the_output_name(tmp_path):
    (tmp_path / "p.txt").write_bytes(seed("004").read_bytes())
    run_cli(["clean", "p.txt", "-o", "out.txt", "-q"], cwd=tmp_path)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").startswith("### p.txt\n")
    run_cli(["clean", "p.txt", "-o", "out.parquet", "-q"], cwd=tmp_path)
    import pyarrow.parquet as pq

    names = pq.read_schema(tmp_path / "out.parquet").names
    from provenance.schema import CLEAN_FIELDS
    assert names[:len(CLEAN_FIELDS)] == list(CLEAN_FIELDS)
    from provenance.schema import TRACE_FIELDS
    assert not set(TRACE_FIELDS) & set(names)          # clean's Parquet has no trace column
    run_cli(["clean", "p.txt", "-o", "out.anything", "--format", "text", "-q"], cwd=tmp_path)
    assert (tmp_path / "out.anything").read_text(encoding="utf-8").startswith("### p.txt\n")


def test_text_view_shows_the_blocks(tmp_path):
    (tmp_path / "p.txt").write_bytes(seed("004").read_bytes())
    out = run_cli(["clean", "p.txt", "--format", "text", "--blocks"], cwd=tmp_path).stdout.decode()
    assert "\nblocks:\n" in out
    assert re.search(r"\n  \[share 0\.\d\d\] Share This Post\n", out)
    assert re.search(r"\n  \[body [01]\.\d\d\] ", out)


def test_every_trace_record_has_template_lines(tmp_path):
    recs = jsonl(run_cli(["trace", SEEDS, FIXTURES_UNRELATED, "-q"], cwd=tmp_path).stdout)
    assert recs and all(isinstance(r["template_lines"], int) for r in recs)
    assert len({tuple(r) for r in recs}) == 1       # the same fields in the same order in every record


FIXTURES_UNRELATED = SEEDS.parent / "unrelated"


def test_repeated_ids_in_trace_are_an_error_or_renamed(tmp_path):
    a = json.dumps({"id": "same", "text": seed("000").read_text(encoding="utf-8")})
    b = json.dumps({"id": "same", "text": seed("001").read_text(encoding="utf-8")})
    (tmp_path / "a.jsonl").write_text(a + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "other", "text": "x"}) + "\n" + b + "\n", encoding="utf-8")
    proc = run_cli(["trace", "a.jsonl", "b.jsonl", "-o", "t.jsonl"], cwd=tmp_path, check=False)
    last = proc.stderr.decode().strip().splitlines()[-1]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr.decode()
    assert "'same'" in last and "a.jsonl line 1" in last and "b.jsonl line 2" in last and "--dedupe-ids" in last
    assert not (tmp_path / "t.jsonl").exists()
    recs = jsonl(run_cli(["trace", "a.jsonl", "b.jsonl", "--dedupe-ids"], cwd=tmp_path).stdout)
    assert [r["id"] for r in recs] == ["same", "other", "same#2"]
    assert any("renamed 'same#2'" in w and "a.jsonl line 1" in w for w in recs[2]["warnings"])
    assert recs[0]["wire_group"] is not None and recs[0]["wire_group"] == recs[2]["wire_group"]


def test_repeated_ids_in_the_python_trace_raise():
    recs = [{"id": "x", "text": seed("000").read_text(encoding="utf-8")}, {"id": "y", "text": "y"},
            {"id": "x", "text": seed("001").read_text(encoding="utf-8")}]
    with pytest.raises(provenance.DuplicateIdError) as exc:
        provenance.trace(recs)
    assert exc.value.id == "x" and "input record #1" in str(exc.value) and "input record #3" in str(exc.value)
    assert [r["id"] for r in provenance.trace(recs, dedupe_ids=True).records] == ["x", "y", "x#2"]


def test_help_does_not_import_numpy_or_the_models(tmp_path):
    import subprocess
    import sys

    code = "import sys, provenance.cli; print(sorted(m for m in ('numpy', 'provenance.clean') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "[]"
    assert b"dedup" in run_cli(["--help"], cwd=tmp_path).stdout


# -- progress ------------------------------------------------------------------------------

def test_input_plan_knows_the_total_without_reading(tmp_path, monkeypatch):
    from provenance.io.readers import plan_inputs

    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path / "tree")
    plan = plan_inputs(["tree", "nope"])
    assert plan.records_known == 4 and plan.missing == ["nope"] and plan.pages_only   # 3 pages + 1 error
    data = make_jsonl(tmp_path / "x.jsonl")
    plan = plan_inputs([str(data), "tree"])
    assert plan.records_known is None
    assert plan.total_bytes == data.stat().st_size + sum(f.stat().st_size for _, f, _ in plan.listing[1:])
    assert plan_inputs(["-", "tree"]).records_known is None


@pytest.mark.parametrize("name", ["x.jsonl", "x.jsonl.gz", "x.jsonl.zst", "x.parquet", "p.html.gz"])
def test_bytes_read_add_up_to_the_file_size(tmp_path, name):
    import gzip

    import pyzstd

    from provenance.io.readers import read_inputs

    data = make_jsonl(tmp_path / "plain.jsonl").read_bytes()
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(data if "jsonl" in name else HTML_FILES[0].read_bytes()))
    elif name.endswith(".zst"):
        path.write_bytes(pyzstd.compress(data))
    elif name.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist([{"id": f"r{k}", "text": "some text"} for k in range(600)]), path)
    else:
        path.write_bytes(data)
    seen = []
    recs = list(read_inputs([str(path)], on_read=seen.append))
    assert recs and sum(seen) == path.stat().st_size


class _Terminal:
    """A stderr that says it is a terminal, keeping what is written."""

    def __init__(self):
        import io

        self.buffer = io.StringIO()

    def isatty(self):
        return True

    def write(self, s):
        return self.buffer.write(s)

    def flush(self):
        pass


def test_progress_bar_shows_a_total_and_names_stages(monkeypatch):
    import sys

    from provenance.io.output import Progress

    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    bar = Progress("clean", quiet=False, total=3, start=False)
    bar.start()
    for rec in ({"error": None}, {"error": "x"}, {"error": None}):
        bar.update(rec)
    assert "1 errors" in bar.summary() and "3/3" in term.buffer.getvalue()
    term2 = _Terminal()
    monkeypatch.setattr(sys, "stderr", term2)
    bar = Progress("trace", quiet=False, total=2048, unit="B", stage="clean")
    bar.read(1024)
    bar.update({"error": None})
    bar.stage("alignment", 10)
    bar.advance(10)
    bar.close()
    out = term2.buffer.getvalue()
    assert "trace: clean" in out and "2.00k" in out.replace("kB", "k").replace("KB", "k") or "2.0k" in out
    assert "trace: alignment" in out and "10/10" in out
    assert Progress("x", quiet=True, total=1).bar is None


def test_trace_reports_its_stages():
    calls = []

    class Stages:
        def stage(self, name, total=None):
            calls.append((name, total))

        def advance(self, n=1):
            calls.append(("+", n))

    recs = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]
    provenance.trace(recs, stages=Stages())
    names = [c[0] for c in calls if c[0] != "+"]
    assert names == ["signatures", "candidates", "alignment", "groups"]
    assert ("signatures", 10) in calls and ("+", 5) in calls      # two passes over the five documents


def test_the_bar_on_a_terminal(tmp_path):
    """A real run with stderr on a pseudo-terminal: the trace bar names its stages."""
    import os
    import pty
    import subprocess

    from conftest import _cli_prefix

    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))   # rows, columns
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(_cli_prefix() + ["trace", str(SEEDS), "-o", "t.jsonl"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=300) == 0
    os.close(master)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert "trace: clean" in out and "5/5" in out
    assert "trace: writing" in out and "provenance trace: 5 read" in out
