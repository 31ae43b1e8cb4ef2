"""Safe model files: numpy arrays and a JSON header in one ``.npz`` archive, nothing else.

Every model the tool ships (the two boilerplate classifiers, the pair classifier) is a set of
tree ensembles written as plain arrays by `provenance.training`. Loading uses
``numpy.load(allow_pickle=False)``, so a file can hold numbers and text only: no object is
ever unpickled, whatever the file says. A missing, truncated or foreign file, or one whose
arrays do not describe valid trees (checked by `provenance.ensemble`), is a
`ModelFileError` naming the file.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

META_KEY = "meta.json"


class ModelFileError(RuntimeError):
    """A model file that is missing, truncated, tampered with or of another format."""


def save_arrays(path: str | Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write ``arrays`` and the JSON-able ``meta`` to ``path`` (deterministic bytes: keys in
    sorted order, fixed zip timestamps)."""
    path = Path(path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(arrays[key]), allow_pickle=False)
        info = zipfile.ZipInfo(META_KEY, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, json.dumps(meta, sort_keys=True, indent=1))


def load_arrays(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """(arrays, meta) of a file written by `save_arrays`, or `ModelFileError`."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if META_KEY not in names:
                raise ModelFileError(f"model file {path} has no {META_KEY}: not a provenance model")
            meta = json.loads(z.read(META_KEY))
            arrays = {}
            for name in names:
                if name == META_KEY:
                    continue
                if not name.endswith(".npy"):
                    raise ModelFileError(f"model file {path} holds an unexpected member {name!r}")
                with z.open(name) as fh:
                    arrays[name[:-4]] = np.lib.format.read_array(fh, allow_pickle=False)
    except ModelFileError:
        raise
    except Exception as exc:  # not a zip, truncated, a pickled object array, bad JSON
        raise ModelFileError(f"cannot load model file {path}: {type(exc).__name__}: {exc}") from None
    if not isinstance(meta, dict):
        raise ModelFileError(f"model file {path}: its header is not a JSON object")
    return arrays, meta


def load_model_arrays(path: str | Path, fmt: str, version: int) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """`load_arrays` of a file that must say it is model format ``fmt``, version ``version``."""
    arrays, meta = load_arrays(path)
    if meta.get("format") != fmt or meta.get("version") != version:
        raise ModelFileError(f"model file {path} is {meta.get('format')} version {meta.get('version')}, "
                             f"expected {fmt} version {version}")
    return arrays, meta
