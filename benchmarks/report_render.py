#!/usr/bin/env python3
"""Render the HTML trace report in headless Chromium: a PNG of its top and a PDF (page count).

Why: the report is read in a browser and sometimes printed; its size, how many spans it marks
as exact copy vs paraphrase, and how many pages it prints to are the numbers users complained
about (841 printed pages for wirebench-dev, verbatim copies shown as paraphrase). This traces
a corpus, writes its report, renders it and prints those numbers.

Corpora: wirebench-dev (``$PROVENANCE_SHARED/data/provenance/wirebench-dev/docs.jsonl``, default
``<repo>/../shared``), or with ``--seeds`` the bundled demo pages (the five seed articles of one
story, three unrelated articles and three HTML pages: what ``provenance demo`` traces), small
enough for ``docs/report.png``.

Outputs: ``out/report/<name>.html``, ``.png`` (the top: summary, index, first group) and ``.pdf``.
Needs Chromium (``apt-get install chromium``; or ``$CHROMIUM`` naming the binary); without it
the report is still written and the rendering is skipped with a message.

Usage: python benchmarks/report_render.py [--seeds] [--workers N] [--png PATH]
                                          [--window WxH]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scoring import REPO_ROOT, import_repo_module, shared_dir

OUT = Path(__file__).resolve().parent / "out" / "report"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def chromium() -> str | None:
    """The Chromium (or Chrome) binary: $CHROMIUM, else the first one on PATH."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"]) or os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def run_chromium(binary: str, args: list[str], page: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                       check=True, timeout=600, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pdf_pages(pdf: Path) -> int:
    """Pages of a PDF: pdfinfo when installed, else its ``/Type /Page`` objects (Chromium writes
    them uncompressed)."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", out, re.M)
        if m:
            return int(m.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf.read_bytes()))


def corpus(seeds: bool) -> tuple[str, list[dict]]:
    if seeds:
        return "seeds", import_repo_module("provenance.demo").trace_pages()
    path = shared_dir() / "data" / "provenance" / "wirebench-dev" / "docs.jsonl"
    if not path.is_file():
        sys.exit(f"no {path}: set PROVENANCE_SHARED to the shared data folder (or use --seeds)")
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    return "wirebench-dev", [{k: d[k] for k in ("id", "text", "site", "url", "date") if k in d}
                             for d in docs]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", action="store_true", help="the bundled demo pages, not wirebench-dev")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--png", type=Path, default=None, help="also copy the screenshot here")
    ap.add_argument("--window", default=None,
                    help="screenshot size WxH (default 1400x3000; --seeds 1280x1300)")
    args = ap.parse_args()
    provenance = import_repo_module("provenance")
    render_report = import_repo_module("provenance.report").render_report
    name, docs = corpus(args.seeds)
    t = time.perf_counter()
    result = provenance.trace(docs, workers=args.workers)
    trace_s = time.perf_counter() - t
    t = time.perf_counter()
    page = render_report(result.records, result.groups)
    render_s = time.perf_counter() - t
    OUT.mkdir(parents=True, exist_ok=True)
    html_path = OUT / f"{name}.html"
    html_path.write_text(page, encoding="utf-8")
    exact, para = page.count('<mark class="exact" title='), page.count('<mark class="para" title=')
    wires, events = len(result.groups["wire_groups"]), len(result.groups["event_groups"])
    print(f"{name}: {len(docs)} documents, {wires} wire group{'s' * (wires != 1)}, {events} event "
          f"group{'s' * (events != 1)} (trace {trace_s:.1f}s, report {render_s:.2f}s)")
    print(f"marks: {exact:,} exact, {para:,} paraphrase")
    print(f"report: {html_path.relative_to(REPO_ROOT)}, {len(page.encode('utf-8')):,} bytes")
    binary = chromium()
    if binary is None:
        print("chromium not found (apt-get install -y chromium, or set CHROMIUM): "
              "rendering to PNG and PDF skipped")
        return
    window = args.window or ("1280x1300" if args.seeds else "1400x3000")
    png, pdf = OUT / f"{name}.png", OUT / f"{name}.pdf"
    run_chromium(binary, [f"--screenshot={png}", f"--window-size={window.replace('x', ',')}"],
                 html_path)
    run_chromium(binary, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], html_path)
    print(f"screenshot: {png.relative_to(REPO_ROOT)} ({window}, {png.stat().st_size:,} bytes)")
    print(f"printed: {pdf_pages(pdf)} pages ({pdf.relative_to(REPO_ROOT)}, "
          f"{pdf.stat().st_size:,} bytes)")
    if args.png:
        args.png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, args.png)
        print(f"copied to {args.png}")


if __name__ == "__main__":
    main()
