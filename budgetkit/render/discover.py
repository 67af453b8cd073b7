"""Which files under the inputs are documents to render."""

from __future__ import annotations

import os
from pathlib import Path

from ..cache import file_hash
from ..readers import SUPPORTED_SUFFIXES

__all__ = ["discover"]


def discover(inputs: list[str | Path], hashes: dict | None = None) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Documents under ``inputs`` (files as given, folders walked without following links),
    sorted and without duplicates; and the inputs that could not be used, with the reason.

    ``hashes``, when given, receives each document's content hash (``None`` for a file that is
    not hashed: a pipe, a link to nothing, one over the size limit; its reader will say why).
    """
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for item in map(Path, inputs):
        if item.is_file():
            found.append(item)
        elif item.is_dir():
            for root, dirs, files in os.walk(item, followlinks=False, onerror=lambda e: problems.append((Path(e.filename), e.strerror or str(e)))):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(root) / name
                    if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                        continue
                    found.append(path)  # links, pipes and loops are the reader's to refuse, by name
        elif not item.exists():
            problems.append((item, "no such file or folder"))
        else:
            problems.append((item, "not a regular file"))
    unique, seen = [], set()
    for path in found:
        key = _content_key(path)  # the same document under two names (a copy in data/) counts once
        if key is None or key not in seen:
            seen.add(key)
            unique.append(path)
            if hashes is not None:
                hashes[path] = key
    return unique, problems


def _content_key(path: Path) -> str | None:
    try:
        if not path.is_file() or path.stat().st_size > 200 * 2**20:
            return None  # not a regular file (never read a pipe), or too large: the reader will say why
        return file_hash(path)
    except OSError:
        return None  # unreadable: the reader will say why
