"""Tables built once from installed packages' data and kept in the instance
folder (``instance/cache``), so that later start-ups read them in a few
milliseconds. A damaged or unwritable cache only costs start-up time."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any
from typing import Callable
from typing import TypeVar

import app.engine

T = TypeVar("T")


def cached(cache_dir: str | Path | None, family: str, key: str, build: Callable[[], T]) -> T:
    """What ``build()`` returns, read from ``<cache_dir>/<family>-<key>.pickle``
    when an earlier start-up kept it there (older ``<family>-*`` files are
    removed when a new one is written)."""
    path = Path(cache_dir) / f"{family}-{key}.pickle" if cache_dir else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - a damaged file of any shape is rebuilt below
            pass
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"{family}-*.pickle"):
                old.unlink(missing_ok=True)
            # Workers starting together each write their own file, then one
            # atomic rename wins; a reader never sees half a file.
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass  # a read-only folder only costs start-up time
    return value


@functools.lru_cache(maxsize=None)
def source_hash(where: Path) -> str:
    """A hash of the Python source of a module file or of a package folder:
    a cache key that holds it is never matched by what older code built."""
    digest = hashlib.blake2b(digest_size=8)
    files = sorted(where.rglob("*.py")) if where.is_dir() else [where]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def engine_memo(cache_dir: str | Path | None) -> Callable[[str, str, Callable[[], Any]], Any]:
    """:func:`cached` for the tables the engine builds (``memo`` in
    app.engine.typos and app.engine.tables): each key also carries a hash of
    the engine's source files, so tables built by older code are never read
    back, however the code changed."""
    code = source_hash(Path(app.engine.__file__).parent)
    return lambda family, key, build: cached(cache_dir, family, f"{key}-{code}", build)
