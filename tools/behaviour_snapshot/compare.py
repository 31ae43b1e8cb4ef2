"""Compare the outputs of two snapshot runs.

usage: python compare.py OUT_BEFORE OUT_AFTER RESULT_JSON [--ignore-field NAME ...]

For every file in either folder: sha256 of each side, record count (JSON lines: non-empty
lines; a .json file: entries of its top-level list/dict, or of a "groups" list; other files:
lines), identical yes/no. For JSON-lines files that differ, the records are matched by
position and by id and the first differences are printed field by field. --ignore-field
drops a top-level field of JSONL records before comparing records; --timing-key NAME
(repeatable) names a wall-clock timing: for files that differ, it is dropped from a .json
file's top-level "stats" object and from JSONL records, and its cell
`<tr><th>NAME</th><td>..</td></tr>` is masked in an .html file, and the file is reported
identical_ignoring_timings yes/no. Nothing is ignored by default.
Exit status 0 when every file is byte-identical or identical ignoring the timings.
"""
import hashlib
import json
import os
import re
import sys


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def records(path):
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    return None


def count(path):
    if path.endswith(".jsonl"):
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict) and "wire_groups" in data:   # trace --groups: groups
            return len(data["wire_groups"]) + len(data.get("event_groups", []))
        return len(data)
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def short(v, n=300):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + f"... ({len(s)} chars)"


def diff_records(a, b, ignore, limit=8):
    out = []
    strip = (lambda r: {k: v for k, v in r.items() if k not in ignore}) if ignore else (lambda r: r)
    n_diff = 0
    for i in range(max(len(a), len(b))):
        ra = strip(a[i]) if i < len(a) else None
        rb = strip(b[i]) if i < len(b) else None
        if ra == rb:
            continue
        n_diff += 1
        if len(out) >= limit:
            continue
        if ra is None or rb is None:
            out.append(f"  record {i}: only in {'after' if ra is None else 'before'}: {short(ra or rb)}")
            continue
        rid = ra.get("id", i) if isinstance(ra, dict) else i
        for k in sorted(set(ra) | set(rb), key=str):
            if ra.get(k, "<absent>") != rb.get(k, "<absent>"):
                out.append(f"  record {i} id={rid!r} field {k!r}:\n"
                           f"    before: {short(ra.get(k, '<absent>'))}\n"
                           f"    after:  {short(rb.get(k, '<absent>'))}")
    return n_diff, out


def masked(path, timing):
    """The file's content with the named timing values removed (see the docstring)."""
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict) and isinstance(data.get("stats"), dict):
            data["stats"] = {k: v for k, v in data["stats"].items() if k not in timing}
        return data
    if path.endswith(".jsonl"):
        return [{k: v for k, v in r.items() if k not in timing} for r in records(path)]
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        text = fh.read()
    for k in timing:
        text = re.sub(r"(<tr><th>" + re.escape(k) + r"</th><td>)[^<]*(</td></tr>)", r"\1#\2", text)
    if timing:
        # the report's run details name the stages in words ("cleaning") and give their
        # seconds as "12.3 s" (provenance.report._stat_value): every such value is a timing
        text = re.sub(r'(<tr><th>[^<]*</th><td(?: class="n")?>)[\d,]+\.\d s(</td></tr>)', r"\1#\2", text)
    return text


def main():
    before, after, result_path = sys.argv[1:4]
    ignore, timing = set(), []
    args = sys.argv[4:]
    while args:
        if args[0] == "--ignore-field":
            ignore.add(args[1])
            args = args[2:]
        elif args[0] == "--timing-key":
            timing.append(args[1])
            args = args[2:]
        else:
            sys.exit(f"unknown argument {args[0]}")
    names = sorted(set(os.listdir(before)) | set(os.listdir(after)))
    rows, all_same = [], True
    for name in names:
        pa, pb = os.path.join(before, name), os.path.join(after, name)
        row = {"output": name}
        for side, p in (("before", pa), ("after", pb)):
            row[f"sha256_{side}"] = sha256(p) if os.path.isfile(p) else None
            row[f"records_{side}"] = count(p) if os.path.isfile(p) else None
        row["identical"] = row["sha256_before"] is not None and row["sha256_before"] == row["sha256_after"]
        if not row["identical"] and os.path.isfile(pa) and os.path.isfile(pb) and timing:
            row["identical_ignoring_timings"] = masked(pa, timing) == masked(pb, timing)
            print(f"== {name}: identical ignoring timings {timing}: {row['identical_ignoring_timings']}")
        if not row["identical"] and os.path.isfile(pa) and os.path.isfile(pb):
            ra, rb = records(pa), records(pb)
            if ra is not None:
                n, lines = diff_records(ra, rb, ignore)
                row["records_differing"] = n
                row["identical_ignoring_fields"] = n == 0 if ignore else None
                print(f"== {name}: {n} records differ" + (f" (ignoring {sorted(ignore)})" if ignore else ""))
                print("\n".join(lines))
            else:
                print(f"== {name}: files differ (not JSON lines; see diff)")
        all_same &= row["identical"] or bool(row.get("identical_ignoring_timings"))
        rows.append(row)
    with open(result_path, "w") as fh:
        json.dump({"ignored_fields": sorted(ignore), "timing_keys": timing, "outputs": rows}, fh, indent=1)
    w = max(len(r["output"]) for r in rows)
    print(f"{'output':<{w}}  records_before  records_after  identical  identical_ignoring_timings")
    for r in rows:
        it = r.get("identical_ignoring_timings")
        print(f"{r['output']:<{w}}  {str(r['records_before']):>14}  {str(r['records_after']):>13}  "
              f"{'yes' if r['identical'] else 'no':>9}  {'-' if it is None else ('yes' if it else 'no')}")
    sys.exit(0 if all_same else 1)


if __name__ == "__main__":
    main()
