"""Faults: kill -9 at random moments during `clean` and `trace`, a full disk, an unwritable output.

What must hold: the output written so far is valid JSONL up to its last complete record;
`--resume` completes the job with every record exactly once; trace's -o is absent or complete;
a killed trace's spool folder is removed by the next run; disk errors are one line and exit ≠ 0.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from provenance.engines.spool import PREFIX

from conftest import SEED_FILES, _cli_prefix, jsonl, run_cli


def _corpus(tmp_path: Path, n: int) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    path = tmp_path / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i:04d}", "text": texts[i % len(texts)], "k": i}) + "\n")
    return path


def _env() -> dict:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPATH", None)
    return env


def _kill_when(args, cwd, ready, jitter: float) -> int:
    """Start the CLI; SIGKILL it ``jitter`` seconds after ``ready(proc)`` first holds (a point
    of progress, not a wall-clock delay a fast machine would outrun). Its exit code."""
    proc = subprocess.Popen(_cli_prefix() + [str(a) for a in args], cwd=cwd, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    while proc.poll() is None and time.time() < deadline:
        if ready(proc):
            time.sleep(jitter)
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    return proc.returncode


def _kill_when_grown(args, cwd, out: Path, grow: int, jitter: float) -> int:
    """Kill once ``out`` has grown by ``grow`` bytes: a random moment mid-write."""
    before = out.stat().st_size if out.exists() else 0
    return _kill_when(args, cwd, lambda _: out.exists() and out.stat().st_size >= before + grow, jitter)


def _kill_when_spooling(args, cwd, spool: Path, jitter: float) -> int:
    """Kill `trace` once its spool folder appears (it is reading and cleaning then)."""
    return _kill_when(args, cwd, lambda proc: spool.is_dir() and any(
        p.name.startswith(f"{PREFIX}{proc.pid}-") for p in spool.iterdir()), jitter)


def _survivors(marker: str) -> list[int]:
    """Processes (Linux /proc) whose command line mentions ``marker``: orphaned workers."""
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if marker in cmd:
                found.append(int(entry.name))
    return found


def _complete_prefix(raw: bytes) -> list[dict]:
    """Every complete line must be a JSON object; only a last, unterminated line may be cut."""
    lines = raw.split(b"\n")
    tail = lines.pop()             # b"" when the file ends with a newline
    recs = [json.loads(line) for line in lines]
    assert all(isinstance(r, dict) for r in recs)
    if tail:
        with pytest.raises(ValueError):
            json.loads(tail)       # a cut record, not a complete one missing its newline
    return recs


def test_clean_killed_at_random_moments_then_resumed(tmp_path):
    n = 3000
    _corpus(tmp_path, n)
    ref = run_cli(["clean", "corpus.jsonl", "--workers", "1", "-q"], cwd=tmp_path).stdout
    out = tmp_path / "out.jsonl"
    rng = random.Random(5)
    killed = 0
    for attempt in range(5):
        args = ["clean", "corpus.jsonl", "-o", out, "--workers", str(1 + attempt % 2), "-q"]
        code = _kill_when_grown(args + (["--resume"] if out.exists() else []), tmp_path, out,
                                rng.randrange(50_000, 1_000_000), rng.uniform(0.0, 0.2))
        killed += code == -signal.SIGKILL
        if out.exists():
            recs = _complete_prefix(out.read_bytes())
            assert [r["id"] for r in recs] == [f"d{i:04d}" for i in range(len(recs))]
    assert killed >= 2
    deadline = time.time() + 10                    # workers die with their parent (no orphans)
    while _survivors(str(out)) and time.time() < deadline:
        time.sleep(0.2)
    assert _survivors(str(out)) == []
    run_cli(["clean", "corpus.jsonl", "-o", out, "--workers", "2", "-q", "--resume"], cwd=tmp_path)
    assert out.read_bytes() == ref                 # every record exactly once, same bytes


def test_trace_killed_at_random_moments_then_resumed(tmp_path):
    _corpus(tmp_path, 80)
    out, spool = tmp_path / "t.jsonl", tmp_path / "spool"
    rng = random.Random(7)
    args = ["trace", "corpus.jsonl", "-o", out, "--workers", "1", "-q", "--spool-dir", spool]
    killed = 0
    for _ in range(3):
        code = _kill_when_spooling(args, tmp_path, spool, rng.uniform(0.0, 0.7))
        if code == -signal.SIGKILL:
            killed += 1
            assert not out.exists()                # all or nothing
        else:
            break
    assert killed >= 1
    orphans = [p for p in spool.iterdir() if p.name.startswith(PREFIX)]
    assert orphans                                 # SIGKILL leaves its spool behind…
    run_cli(args + ["--resume"], cwd=tmp_path)
    assert not any(p.exists() for p in orphans)    # …and the next run removes it
    assert list(spool.iterdir()) == []             # its own spool went away at exit too
    recs = jsonl(out.read_bytes())
    assert [r["id"] for r in recs] == [f"d{i:04d}" for i in range(80)]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", ["clean", "trace"])
def test_full_disk_is_a_one_line_error(tmp_path, command):
    """/dev/full fails every write with ENOSPC. It is reached through a symlink in tmp_path, so
    that a regression that renames a temporary file over -o replaces the link, not the device."""
    _corpus(tmp_path, 40)
    full = tmp_path / "full.jsonl"
    full.symlink_to("/dev/full")
    proc = run_cli([command, "corpus.jsonl", "-o", full, "--workers", "1"], cwd=tmp_path, check=False)
    assert full.is_symlink()                       # written through, not replaced
    err = proc.stderr.decode().strip().splitlines()
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr.decode()
    assert err and "No space left on device" in err[-1] and err[-1].startswith("Error:")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_one_line_error(tmp_path):
    _corpus(tmp_path, 3)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        proc = run_cli(["clean", "corpus.jsonl", "-o", ro / "out.jsonl"], cwd=tmp_path, check=False)
    finally:
        ro.chmod(0o700)
    err = proc.stderr.decode().strip()
    assert proc.returncode != 0 and "cannot write" in err and len(err.splitlines()) == 1


def test_stdout_closed_early_is_not_a_traceback(tmp_path):
    """`provenance clean … | head -1`: the reader goes away; no traceback, no hang."""
    _corpus(tmp_path, 200)
    p1 = subprocess.Popen(_cli_prefix() + ["clean", "corpus.jsonl", "--workers", "1", "-q"], cwd=tmp_path,
                          env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p1.stdout.readline()
    p1.stdout.close()
    err = p1.stderr.read().decode()
    p1.wait(timeout=120)
    assert json.loads(first)["id"] == "d0000"
    assert "Traceback" not in err
