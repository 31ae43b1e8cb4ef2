"""The `provenance` console script (provenance.cli:main), plus a record of where every loaded
provenance module came from.

usage: python cli_guard.py TREE MODULES_JSON provenance-arguments...

At exit it writes MODULES_JSON: {"outside": [...], "extensions": {...}, "models": ...} and
exits 3 instead of the command's status when any provenance module, compiled extension or
the model folder lies outside TREE.
"""
import atexit
import json
import os
import sys

tree, modules_json = os.path.realpath(sys.argv[1]), sys.argv[2]
sys.argv = ["provenance"] + sys.argv[3:]


def _inside(path):
    return os.path.realpath(path).startswith(tree + os.sep)


def _report():
    import importlib.resources as resources
    mods = {n: m.__file__ for n, m in list(sys.modules.items())
            if (n == "provenance" or n.startswith("provenance.")) and getattr(m, "__file__", None)}
    models = str(resources.files("provenance.models"))
    outside = sorted(f for f in mods.values() if not _inside(f))
    if not _inside(models):
        outside.append(models)
    with open(modules_json, "w") as fh:
        json.dump({"tree": tree, "models": models, "outside": outside,
                   "extensions": {n: f for n, f in sorted(mods.items()) if f.endswith(".so")},
                   "n_modules": len(mods)}, fh, indent=1)
    if outside:
        sys.stderr.write(f"cli_guard: modules outside {tree}: {outside}\n")
        os._exit(3)


atexit.register(_report)
from provenance.cli import main  # noqa: E402

sys.exit(main())
