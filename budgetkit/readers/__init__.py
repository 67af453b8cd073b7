"""Readers: one module per input format, each turning a file into a :class:`RawDocument`."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .raw import RawDocument, RawTable
from .docx import read_docx
from .pdf import read_pdf
from .sheets import read_xls, read_xlsx
from .text import read_text

__all__ = ["read_raw", "RawDocument", "RawTable", "SUPPORTED_SUFFIXES"]

_READERS = {".txt": read_text, ".text": read_text, ".pdf": read_pdf, ".docx": read_docx, ".xlsx": read_xlsx,
            ".xls": read_xls}
SUPPORTED_SUFFIXES = tuple(_READERS)


def read_raw(path: str | Path) -> RawDocument:
    """The raw document behind ``path``, by the file's format."""
    path = Path(path)
    if path.is_dir():
        raise ReadError(path, "is a folder, not a document")
    if not path.exists():
        raise ReadError(path, "no such file")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(path, f"unsupported file type {path.suffix or '(none)'!r}; budgetkit reads {', '.join(SUPPORTED_SUFFIXES)}")
    return reader(path)
