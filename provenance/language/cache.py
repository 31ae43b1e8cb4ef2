"""py3langid's shipped model as memory-mapped arrays: decompressed once into a per-user cache.

py3langid ships its model as `py3langid/data/model.npz.xz` and LZMA-decompresses all 68 MB of
it every time a process loads it, which takes most of a second. Here the first use in an
account decompresses it once into plain `.npy` files under the cache directory, and every later
process (and every forked worker) maps those files with `np.load(mmap_mode="r")`: loading is a
few file opens and a hash, and the pages are shared through the page cache by all the
processes that use them. Nothing is downloaded: the files are the installed package's model,
decompressed.

The cache directory is `$PROVENANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/provenance`, else
`~/.cache/provenance`. Its entry is a folder named by py3langid's version and the model file's
size and xxh3 hash (so environments with the same py3langid share one entry), holding one
`.npy` per array and `manifest.json` (the source file's hash, and each array's dtype, shape,
file size and xxh3 hash, with a checksum of the manifest itself). It is written into a temporary folder and renamed into place, so a
reader never sees half of one and two processes building it at once do not mix their files
(the second rename fails and that process reads the first one's). Every load checks the
manifest, the source hash and every array's size and hash; anything that does not match
(a truncated or edited file, a changed py3langid) is set aside and rebuilt, never used. When
the cache cannot be written (a read-only home, a full disk) the model is decompressed into
memory as py3langid does, and the process works the same, only its first use is slower.
Entries are never changed in place (a mapped file must not shrink under a process that reads
it); an entry of another py3langid version stays until the folder is deleted.

The arrays are py3langid's, unchanged, with two layout changes the compiled walk wants:
`nextmove` is always uint32 (py3langid stores uint16 when the state numbers fit; this model's
go up to 104,582, so a 16-bit table is not possible and 32 bits is already its size), and the
(n_features, n_classes) float16 table `ptc` is stored with its rows padded to a multiple of 16
columns so that every row starts on a 32-byte boundary; `Tables.nb_ptc` is the unpadded view,
the same values py3langid multiplies.
"""
from __future__ import annotations

import io
import json
import lzma
import os
import shutil
import struct
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xxhash

FORMAT = 1                 # bump when the cached layout changes
CACHE_ENV = "PROVENANCE_CACHE_DIR"
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "row", "out")
_PAD = 16                  # ptc rows padded to a multiple of this many columns


@dataclass(frozen=True)
class Tables:
    """The model's arrays. `ptc` is (n_features, padded) float16, `nb_ptc` its first
    `len(classes)` columns (py3langid's `nb_ptc`); `pc` float32 (py3langid's `nb_pc`);
    `nextmove` uint32 (distinct DFA rows of 256), `row` the row of each state, `out` the
    feature each state emits (-1: none). `source` says where they came from: "cache" (mapped
    from an existing cache entry), "built" (decompressed now and written to the cache, then
    mapped), or "memory" (decompressed into memory; the cache could not be written)."""
    ptc: np.ndarray
    pc: np.ndarray
    classes: list
    nextmove: np.ndarray
    row: np.ndarray
    out: np.ndarray
    ptc_maxabs: float      # max |ptc| and max |pc|: the compiled scoring's error bound uses them
    pc_maxabs: float
    source: str
    path: Path | None

    @property
    def nb_ptc(self) -> np.ndarray:
        return self.ptc[:, :len(self.classes)]


def cache_dir() -> Path:
    """Where the decompressed model is kept (see the module docstring)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "provenance"


def source_model() -> tuple[Path, str]:
    """(py3langid's shipped model file, py3langid's version)."""
    import py3langid
    from py3langid import langid
    return Path(langid.MODEL_DIR) / langid.MODEL_FILE, str(py3langid.__version__)


def _entry_name(version: str, size: int, src_hash: str) -> str:
    return f"langid-py3langid{version}-{size}-{src_hash}-f{FORMAT}"


def _hash(buffer) -> str:
    return xxhash.xxh3_64_hexdigest(buffer)


def _manifest_checksum(body: dict) -> str:
    return _hash(json.dumps(body, sort_keys=True).encode())


def _npz_members(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed npz (what `np.savez` writes) held in `data`, as read-only
    views of it (np.load would copy each member out of the zip and check its CRC; the xz
    stream they come from has its own check)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                raise ValueError(f"unexpected npz member {info.filename}")
            # local file header: 30 bytes, then the name and the extra field
            name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + name_len + extra_len
            member = io.BytesIO(data[start:start + 4096])
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
            else:
                raise ValueError(f"npy format {version}")
            if dtype.hasobject or fortran:
                raise ValueError(f"unexpected npz member {info.filename}")
            count = int(np.prod(shape, dtype=np.int64))
            if member.tell() + count * dtype.itemsize > info.file_size:
                raise ValueError(f"truncated npz member {info.filename}")
            arr = np.frombuffer(data, dtype=dtype, count=count, offset=start + member.tell())
            out[info.filename[:-4]] = arr.reshape(shape)
    return out


def decompress(src: Path, compressed: bytes | None = None) -> dict[str, np.ndarray]:
    """py3langid's model file (its bytes, when already read) → the cached arrays (what
    `modelio.load_model` reads, in the layout described in the module docstring), in memory."""
    raw = lzma.decompress(src.read_bytes() if compressed is None else compressed)
    try:
        data = _npz_members(raw)
    except (ValueError, zipfile.BadZipFile, struct.error):   # not as np.savez writes it: let numpy read it
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            data = {name: npz[name] for name in npz.files}
    missing = {"ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat"}.difference(data)
    if missing:
        raise ValueError(f"{src}: unexpected py3langid model layout, missing {sorted(missing)}")
    ptc = data["ptc"]
    pc = np.asarray(data["pc"], dtype=np.float32)
    n_cls = len(pc)
    if ptc.dtype != np.float16 or ptc.ndim != 2 or ptc.shape[1] != n_cls:
        raise ValueError(f"{src}: ptc is {ptc.dtype} {ptc.shape}, expected float16 (n, {n_cls})")
    padded = np.zeros((ptc.shape[0], -(-n_cls // _PAD) * _PAD), dtype=np.float16)
    padded[:, :n_cls] = ptc
    return {"ptc": padded, "pc": pc, "classes": np.asarray(data["classes"]).astype("U"),
            "nextmove": np.asarray(data["nextmove"], dtype=np.uint32),
            "row": np.asarray(data["nextmove_row"]), "out": np.asarray(data["out_feat"], dtype=np.int32)}


def _maxabs(a: np.ndarray) -> float:
    """max |a| (finite values; float16 through its bit patterns, which order like the numbers)."""
    if a.dtype == np.float16:
        bits = int((a.view(np.uint16) & np.uint16(0x7FFF)).max(initial=0))
        if bits >= 0x7C00:
            raise ValueError("ptc has an infinite or NaN value")
        return float(np.array(bits, dtype=np.uint16).view(np.float16))
    m = float(np.abs(a).max(initial=0))
    if not np.isfinite(m):
        raise ValueError("pc has an infinite or NaN value")
    return m


def _stats(arrays: dict) -> dict:
    return {"ptc_maxabs": _maxabs(arrays["ptc"]), "pc_maxabs": _maxabs(arrays["pc"])}


def _tables(arrays: dict, stats: dict, source: str, path: Path | None) -> Tables:
    return Tables(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), arrays["nextmove"],
                  arrays["row"], arrays["out"], stats["ptc_maxabs"], stats["pc_maxabs"], source, path)


def _read_entry(entry: Path, src_hash: str) -> Tables:
    """The arrays of a cache entry, mapped, after checking them against its manifest; raises
    ValueError (or OSError) when anything does not match."""
    manifest = json.loads((entry / "manifest.json").read_text())
    body = manifest["body"]
    if manifest["checksum"] != _manifest_checksum(body):
        raise ValueError("manifest checksum")
    if body["format"] != FORMAT or body["source_xxh3"] != src_hash:
        raise ValueError("another model or layout")
    arrays = {}
    for name in _ARRAYS:
        meta = body["arrays"][name]
        path = entry / f"{name}.npy"
        if path.stat().st_size != meta["file_size"]:
            raise ValueError(f"{name}.npy size")
        arr = np.load(path, mmap_mode="r", allow_pickle=False)
        if str(arr.dtype) != meta["dtype"] or list(arr.shape) != meta["shape"] or not arr.flags.c_contiguous:
            raise ValueError(f"{name}.npy dtype or shape")
        if _hash(memoryview(arr).cast("B")) != meta["xxh3"]:
            raise ValueError(f"{name}.npy hash")
        arrays[name] = arr
    return _tables(arrays, body["stats"], "cache", entry)


def _write_entry(root: Path, entry: Path, arrays: dict, stats: dict, src_hash: str) -> None:
    """Write a cache entry into a temporary folder beside it and rename it into place."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", suffix=".tmp", dir=root))
    try:
        meta = {}
        for name in _ARRAYS:
            arr = np.ascontiguousarray(arrays[name])
            np.save(tmp / f"{name}.npy", arr, allow_pickle=False)
            meta[name] = {"dtype": str(arr.dtype), "shape": list(arr.shape),
                          "file_size": (tmp / f"{name}.npy").stat().st_size,
                          "xxh3": _hash(memoryview(arr).cast("B"))}
        body = {"format": FORMAT, "source_xxh3": src_hash, "arrays": meta, "stats": stats}
        (tmp / "manifest.json").write_text(json.dumps({"body": body, "checksum": _manifest_checksum(body)}))
        os.chmod(tmp, 0o755)
        os.rename(tmp, entry)        # fails when another process put one there first
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _set_aside(entry: Path) -> None:
    """Move a bad entry out of the way (processes that mapped its files keep them) and delete it."""
    trash = entry.with_name(f".{entry.name}.bad-{uuid.uuid4().hex}")
    try:
        os.rename(entry, trash)
    except FileNotFoundError:
        return                        # another process did it
    shutil.rmtree(trash, ignore_errors=True)


def load_tables() -> Tables:
    """The model's arrays: mapped from the cache, built into it first when it is missing or
    does not check, or decompressed into memory when the cache cannot be written."""
    src, version = source_model()
    raw = src.read_bytes()
    src_hash = _hash(raw)
    root = cache_dir()
    entry = root / _entry_name(version, len(raw), src_hash)
    if entry.exists():
        try:
            return _read_entry(entry, src_hash)
        except Exception:             # anything that does not read and check as written: rebuild
            _set_aside(entry)
    arrays = decompress(src, raw)
    stats = _stats(arrays)
    try:
        _write_entry(root, entry, arrays, stats, src_hash)
    except OSError:
        if not entry.exists():        # not writable: use the arrays in memory
            return _tables(arrays, stats, "memory", None)
    try:                              # ours, or the one another process renamed first
        tables = _read_entry(entry, src_hash)
    except Exception:
        return _tables(arrays, stats, "memory", None)
    return Tables(*[getattr(tables, f) for f in ("ptc", "pc", "classes", "nextmove", "row", "out",
                                                 "ptc_maxabs", "pc_maxabs")], "built", entry)


def load_in_memory() -> Tables:
    """The model's arrays decompressed into memory, without the cache (for measurements)."""
    src, _ = source_model()
    arrays = decompress(src)
    return _tables(arrays, _stats(arrays), "memory", None)
