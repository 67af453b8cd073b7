"""Content hashes and a cache of parsed disclosures, so that each document is parsed once.

A key is the SHA-256 of budgetkit's own code (package and notebooks) and of the files' bytes:
change a document, the notebook or budgetkit, and the key changes; timestamps play no part.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

from .atomic import write_bytes

__all__ = ["file_hash", "code_hash", "key_of", "DisclosureCache"]

_PACKAGE = Path(__file__).resolve().parent
_NOTEBOOKS = _PACKAGE.parent / "notebooks"


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of budgetkit's source, templates and shipped notebooks."""
    digest = hashlib.sha256()
    files = [p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".j2", ".css", ".json") and "__pycache__" not in p.parts]
    files += sorted(_NOTEBOOKS.glob("*.ipynb")) if _NOTEBOOKS.exists() else []
    for path in sorted(files):
        digest.update(str(path.relative_to(_PACKAGE.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key_of(hashes: list[str], *extra: str) -> str:
    """The cache / render key of a disclosure made of files with these content hashes."""
    return hashlib.sha256("\n".join([code_hash(), *sorted(hashes), *extra]).encode()).hexdigest()


class DisclosureCache:
    """Parsed disclosures and their findings as pickles in a folder, by key."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pkl"

    def get(self, key: str):
        try:
            with open(self._path(key), "rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def has(self, key: str) -> bool:
        """Whether a value is kept under ``key`` (without loading it)."""
        return self._path(key).is_file()

    def put(self, key: str, value) -> None:
        write_bytes(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
