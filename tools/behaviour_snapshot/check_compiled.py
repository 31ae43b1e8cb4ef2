"""Report where `provenance` (and its models/fixtures) is imported from, which compiled
extension modules are loaded (with their .so paths), and whether every compiled path is in
use (passed its probe against the pure-Python reference) after cleaning one HTML page and one
text page in-process. Works with both the BEFORE (425ebc7) and AFTER (b774ec1) layouts.
Exit status 1 when anything is imported from outside the expected tree or a compiled path
is not in use.

usage: PYTHONPATH=<tree> python check_compiled.py <tree>
"""
import gzip
import importlib
import importlib.resources as resources
import json
import os
import sys

tree = os.path.realpath(sys.argv[1])
ok = True
report = {}

import provenance  # noqa: E402

report["provenance"] = provenance.__file__
report["provenance.models"] = str(resources.files("provenance.models"))
report["provenance.fixtures"] = str(resources.files("provenance.fixtures"))
for k in ("provenance", "provenance.models", "provenance.fixtures"):
    if not os.path.realpath(report[k]).startswith(tree + os.sep):
        ok = False
report["PROVENANCE_PURE_PYTHON"] = os.environ.get("PROVENANCE_PURE_PYTHON")

from provenance import Cleaner  # noqa: E402

page = gzip.open(sorted(
    os.path.join(r, f) for r, _, fs in os.walk("/work/shared/data/boilerplate/wcxb-dev/html")
    for f in fs)[0]).read()
c = Cleaner()
d1 = c.clean(page, "probe.html", "html")
d2 = c.clean("A plain text page.\n\nShare this article\n\nIt has two paragraphs of text here.",
             "probe.txt", "text")

uses = {}
comp = importlib.import_module("provenance.compiled")
if hasattr(comp, "status"):                              # AFTER layout
    uses.update(comp.status())
    ens = []
    for name, m in (("html", c.html_model), ("text", c.text_model)):
        for p in ("pass1", "pass2"):
            e = getattr(m, p, None)
            if e is not None:
                if hasattr(e, "_compiled"):              # one (walk, qs) pair, made at first use
                    walk, qs = e._compiled if e._compiled is not None else (None, None)
                else:                                    # each made and checked on demand
                    trees = importlib.import_module("provenance.ensemble").TREES.get()
                    walk, qs = e._walk(trees), e._qs(trees) if trees is not None else None
                uses[f"_fasttrees:{name}.{p}.walk"] = walk is not None
                uses[f"_fasttrees:{name}.{p}.quickscorer"] = qs is not None
else:                                                    # BEFORE layout
    ts = importlib.import_module("provenance.boilerplate.textstats")
    cues = importlib.import_module("provenance.boilerplate.cues")
    feats = importlib.import_module("provenance.boilerplate.features")
    fp = importlib.import_module("provenance.boilerplate.fastpredict")
    st = importlib.import_module("provenance.segment.text")
    sh = importlib.import_module("provenance.segment.html")
    uses["boilerplate._fasttext:textstats.block_stats"] = ts.block_stats is ts.block_stats_c
    uses["boilerplate._fasttext:textstats.word_overlap_counts"] = \
        ts.word_overlap_counts is not ts.word_overlap_counts_python
    uses["boilerplate._fasttext:cues.cue_counts"] = cues._fasttext is not None
    uses["boilerplate._fasttext:cues.lower_join"] = cues._lower_join is not None
    uses["boilerplate._fasttext:features.region_counts"] = feats._fasttext is not None
    uses["boilerplate._fasttrees:fastpredict.add_trees"] = fp.add_trees is not None
    uses["segment._fastlines:text.split_lines"] = st._split_lines_c is not None
    uses["segment._fastwalk:html.walk"] = sh.walk is sh.walk_c
    uses["segment._fastwalk:html.depth_scan"] = sh._DEPTH_SCAN is not None
    for name, m in (("html", c.html_model), ("text", c.text_model)):
        for f in m._fast_cache.values():
            uses[f"_fasttrees:{name}.{id(f.clf) == id(getattr(m, 'pass1', None)) and 'pass1' or 'pass2'}.walk"] = f.flat is not None
            uses[f"_fasttrees:{name}.{id(f.clf) == id(getattr(m, 'pass1', None)) and 'pass1' or 'pass2'}.quickscorer"] = f.qs is not None

report["uses_compiled"] = uses
loaded = {n: getattr(m, "__file__", None) for n, m in sorted(sys.modules.items())
          if n.startswith("provenance") and str(getattr(m, "__file__", "")).endswith(".so")}
report["loaded_extension_modules"] = loaded
for f in loaded.values():
    if not os.path.realpath(f).startswith(tree + os.sep):
        ok = False
outside = sorted({os.path.realpath(m.__file__) for n, m in sys.modules.items()
                  if n.startswith("provenance") and getattr(m, "__file__", None)
                  and not os.path.realpath(m.__file__).startswith(tree + os.sep)})
report["provenance_modules_outside_tree"] = outside
if outside or not uses or not all(uses.values()) or not loaded:
    ok = False
report["ok"] = ok
print(json.dumps(report, indent=1))
sys.exit(0 if ok else 1)
