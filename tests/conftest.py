"""Shared paths and fixtures for the provenance test suite.

Tests import the *installed* package (run plain `pytest` from the repository root), read
only the small committed inputs under ``fixtures/``, and write only under ``tmp_path``.
"""
from __future__ import annotations

import json
import os

# scikit-learn's tree ensembles predict with OpenMP threads; on a small, busy machine their
# spin-waiting makes each tiny predict call take up to seconds. One thread keeps the suite
# fast (set before anything imports scikit-learn; inherited by the CLI subprocesses).
os.environ.setdefault("OMP_NUM_THREADS", "1")
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run the same examples on every run (CI must not pass or fail by luck);
# `HYPOTHESIS_PROFILE=explore pytest` draws new ones, and benchmarks/fuzz.py runs far longer.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SEEDS = FIXTURES / "seeds"
HTML = FIXTURES / "html"

SEED_FILES = sorted(SEEDS.glob("*.txt"))
HTML_FILES = sorted(HTML.glob("*.html"))

#: Every record field the CLI always writes.
RECORD_FIELDS = {"id", "text", "title", "date", "author", "page_type", "url", "hostname", "sitename", "lang",
                 "error"}
#: Fields a record may add (on request / when limits were hit).
OPTIONAL_FIELDS = {"blocks", "warnings"}


def seed(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. "004")."""
    (path,) = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return path


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "‘": "'", "’": "'", "\u00a0": " "})


def norm(s: str) -> str:
    """Collapse whitespace and unify quote marks, so a line can be looked up in
    paragraph-joined text (and a benchmark snippet with straight quotes in a page that
    uses curly ones)."""
    return " ".join(s.translate(_QUOTES).split())


def html_expected() -> dict:
    return json.loads((HTML / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cleaner():
    """One Cleaner (bundled models) for the whole session."""
    import provenance

    return provenance.Cleaner()


# -- the command line ---------------------------------------------------------------------

def _cli_prefix() -> list[str]:
    """The installed `provenance` console script (next to this interpreter, or on PATH);
    else `python -m provenance.cli`. Always run with a cwd outside the repository so that
    the installed package, not the source folder, is imported."""
    script = Path(sys.executable).with_name("provenance")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("provenance")
    if found:
        return [found]
    return [sys.executable, "-m", "provenance.cli"]


def run_cli(args, *, cwd, input: bytes | None = None, check: bool = True,
            timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(_cli_prefix() + [str(a) for a in args], cwd=str(cwd), input=input,
                          capture_output=True, env=env, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"provenance {' '.join(map(str, args))} exited {proc.returncode}\n"
            f"stderr:\n{proc.stderr.decode('utf-8', 'replace')[-3000:]}")
    return proc


def jsonl(data: bytes | str) -> list[dict]:
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    return [json.loads(line) for line in data.splitlines() if line.strip()]


@pytest.fixture
def cli():
    return run_cli
