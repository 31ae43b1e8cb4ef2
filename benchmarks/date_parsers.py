"""Which date parser: provenance's fast path, python-dateutil, dateparser, htmldate, measured.

Three measurements for each candidate, the ones that chose `provenance.metadata.dates`:
1. import time (a fresh interpreter, best of 3): what `provenance clean` would pay at start;
2. strings: accuracy on the multilingual forms of tests/test_metadata.py (expected ISO days
   written by hand) and the time per call;
3. pages: date accuracy on the hand-labelled dev articles (benchmarks/metadata_gold/dev.jsonl)
   with the candidate plugged into provenance's metadata step (same evidence order, only the
   string → ISO day step changes), and the parse time per page on those pages and on the
   wirebench-dev plain texts; htmldate instead reads each whole page itself (`find_date`, as
   trafilatura calls it), so its time per page is its whole cost.

Usage: python benchmarks/date_parsers.py   (writes benchmarks/out/date_parsers.md)
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from scoring import import_repo_module, shared_dir  # noqa: E402

OUT = HERE / "out"


def import_seconds(stmt: str) -> float:
    code = f"import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(3)]
    return min(runs)


def make_candidates():
    from provenance.metadata import dates as fast

    def ours(text, dmy=None, fallback=True):
        return fast.parse_date(text, dmy, fallback=False)

    def ours_dateutil(text, dmy=None, fallback=True):
        return fast.parse_date(text, dmy, fallback=fallback)

    import datetime

    from dateutil import parser as du

    def dateutil_only(text, dmy=None, fallback=True):
        try:
            a = du.parse(text, fuzzy=True, dayfirst=dmy is not False, default=datetime.datetime(1904, 1, 1))
            b = du.parse(text, fuzzy=True, dayfirst=dmy is not False, default=datetime.datetime(1908, 2, 2))
        except (ValueError, OverflowError, TypeError):
            return None
        return a.strftime("%Y-%m-%d") if a.date() == b.date() else None

    import dateparser

    def dateparser_only(text, dmy=None, fallback=True):
        settings = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY" if dmy is False else "DMY",
                    "RETURN_TIME_AS_PERIOD": False}
        try:
            d = dateparser.parse(text[:120], settings=settings)
        except Exception:               # dateparser raises several types on odd input
            return None
        return d.strftime("%Y-%m-%d") if d else None

    def ours_dateparser(text, dmy=None, fallback=True):
        return fast.parse_date(text, dmy, fallback=False) or (dateparser_only(text, dmy) if fallback else None)

    return {"provenance fast path": ours, "fast path + dateutil (chosen)": ours_dateutil,
            "fast path + dateparser": ours_dateparser, "dateutil alone": dateutil_only,
            "dateparser alone": dateparser_only}


def main() -> None:
    imports = {
        "provenance.metadata.dates (the module alone)":
            "import importlib.util as u; p = u.spec_from_file_location('d', %r); "
            "u.module_from_spec(p).__loader__.exec_module(u.module_from_spec(p))"
            % str(HERE.parent / "provenance" / "metadata" / "dates.py"),
        "python-dateutil": "from dateutil import parser",
        "dateparser": "import dateparser",
        "htmldate": "import htmldate",
        "(provenance package, for scale)": "import provenance",
    }
    imp = {k: import_seconds(v) for k, v in imports.items()}

    from test_metadata import DATES  # the multilingual forms and their ISO days

    cands = make_candidates()
    strings = {}
    for name, fn in cands.items():
        for s, _ in DATES:                   # warm-up (dateparser loads its language data lazily)
            fn(s)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            ok = sum(fn(s) == iso for s, iso in DATES)
            best = min(best, time.perf_counter() - t0)
        strings[name] = (ok / len(DATES), best / len(DATES) * 1e6)

    provenance = import_repo_module("provenance")
    meta_pkg = import_repo_module("provenance.metadata")
    gold = [json.loads(line) for line in open(HERE / "metadata_gold" / "dev.jsonl", encoding="utf-8")]
    base = shared_dir() / "data" / "boilerplate" / "wcxb-dev" / "html"
    pages = [(g["id"], gzip.open(base / f"{g['id']}.html.gz").read()) for g in gold]
    texts = [json.loads(line) for line in open(shared_dir() / "data" / "provenance" / "wirebench-dev" / "docs.jsonl")]
    cleaner = provenance.Cleaner()
    segmented = [cleaner.segment(h, i, "html") for i, h in pages]
    cleaner.classify(segmented)
    text_docs = cleaner.classify([cleaner.segment(r["text"], r["id"], "text") for r in texts])
    page_rows = {}
    original = meta_pkg.parse_date
    for name, fn in cands.items():
        spent = [0.0]

        def timed(*a, _fn=fn, **k):
            t0 = time.perf_counter()
            try:
                return _fn(*a, **k)
            finally:
                spent[0] += time.perf_counter() - t0

        meta_pkg.parse_date = timed
        for d in text_docs[:50]:             # warm-up
            meta_pkg.fill_metadata(d, 0, None)
        spent[0] = 0.0
        try:
            right = 0
            for g, d in zip(gold, segmented):
                d.date = None
                first_body = next((i for i, b in enumerate(d.blocks) if b.kind == "body"), len(d.blocks))
                d.title = d.author = None
                meta_pkg.fill_metadata(d, first_body, None)
                right += (d.date or None) == (g["date"] or None)
            html_ms = spent[0] / len(segmented) * 1e3
            spent[0] = 0.0
            for d, r in zip(text_docs, texts):
                d.date = next((p["value"] for p in d.meta.get("prefixes", ()) if not p["key"].startswith("updated")), None)
                first_body = next((i for i, b in enumerate(d.blocks) if b.kind == "body"), len(d.blocks))
                meta_pkg.fill_metadata(d, first_body, None)
            text_ms = spent[0] / len(text_docs) * 1e3
        finally:
            meta_pkg.parse_date = original
        page_rows[name] = (right / len(gold), html_ms, text_ms)

    import htmldate
    t0 = time.perf_counter()
    right = 0
    for g, (pid, html) in zip(gold, pages):
        right += htmldate.find_date(html, original_date=True, outputformat="%Y-%m-%d") == (g["date"] or None)
    page_rows["htmldate.find_date (whole page)"] = (right / len(gold), (time.perf_counter() - t0) / len(gold) * 1e3, None)

    lines = ["| candidate | multilingual forms (of %d) | µs/string | dev date accuracy (%d pages) | parse ms/page HTML | parse ms/page plain text |"
             % (len(DATES), len(gold)), "|---|---|---|---|---|---|"]
    for name in list(cands) + ["htmldate.find_date (whole page)"]:
        acc, us = strings.get(name, (None, None))
        pacc, hms, tms = page_rows[name]
        lines.append(f"| {name} | {'–' if acc is None else f'{acc:.3f}'} | {'–' if us is None else f'{us:.0f}'} | "
                     f"{pacc:.3f} | {hms:.3f} | {'–' if tms is None else f'{tms:.4f}'} |")
    lines += ["", "| import | seconds (fresh interpreter, best of 3) |", "|---|---|"]
    lines += [f"| {k} | {v:.3f} |" for k, v in imp.items()]
    md = "\n".join(lines)
    print(md)
    OUT.mkdir(exist_ok=True)
    (OUT / "date_parsers.md").write_text("Date parsers (benchmarks/date_parsers.py)\n\n" + md + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
