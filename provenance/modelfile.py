"""Safe model files: skops archives that load only trusted scikit-learn types.

Both model families (boilerplate, pairs) are stored with skops, never pickle. Loading refuses a
file holding any type beyond scikit-learn's own and HistGradientBoosting's tree-node type, and
turns a missing, truncated or tampered file into a `ModelFileError` naming the file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

TRUSTED_TYPES = ["sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor"]


class ModelFileError(RuntimeError):
    """A model file that is missing, truncated, tampered with or of another format."""


def load_trusted(path: str | Path, trusted: list[str] = TRUSTED_TYPES) -> Any:
    """The object stored in a skops file, or `ModelFileError`."""
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    try:
        untrusted = sio.get_untrusted_types(file=str(path))
        extra = sorted(set(untrusted) - set(trusted))
        if extra:
            raise ModelFileError(f"model file {path} holds untrusted types {extra}: refused")
        return sio.load(str(path), trusted=trusted)
    except ModelFileError:
        raise
    except Exception as exc:  # truncated zip, not a skops file, wrong content
        raise ModelFileError(f"cannot load model file {path}: {type(exc).__name__}: {exc}") from None
