"""Readers: one module per input format, each turning a file into a :class:`RawDocument`."""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
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


#: the largest file budgetkit reads, by format: a disclosure's text is a few hundred KB, its PDF
#: a few MB; anything far larger is not one document (and would take minutes to find out)
MAX_BYTES = {".txt": 10 * 2**20, ".text": 10 * 2**20}
MAX_BYTES_OTHER = 100 * 2**20


def read_raw(path: str | Path) -> RawDocument:
    """The raw document behind ``path``, by the file's format.

    Every failure is a :class:`ReadError` naming the file and the cause; nothing else escapes.
    """
    path = Path(path)
    try:
        info = path.stat()  # follows links: a loop or a dangling link fails here
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(path, "a loop of symbolic links") from exc
        if path.is_symlink():
            raise ReadError(path, "a symbolic link to nothing") from exc
        raise ReadError(path, "no such file" if exc.errno == errno.ENOENT else (exc.strerror or str(exc))) from exc
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "is a folder, not a document")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "not a regular file (a pipe, socket or device)")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(path, f"unsupported file type {path.suffix or '(none)'!r}; budgetkit reads {', '.join(SUPPORTED_SUFFIXES)}")
    limit = MAX_BYTES.get(path.suffix.lower(), MAX_BYTES_OTHER)
    if info.st_size > limit:
        raise ReadError(path, f"{info.st_size / 2**20:.1f} MB is larger than budgetkit's limit of {limit // 2**20} MB "
                              f"for one {path.suffix.lower()} disclosure")
    if not os.access(path, os.R_OK):
        raise ReadError(path, "permission denied")
    try:
        raw = reader(path)
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(path, "the file nests too deeply to read") from exc
    except MemoryError as exc:
        raise ReadError(path, "the file needs more memory than this machine has") from exc
    except Exception as exc:  # a reader's bug must not become a traceback in a batch
        raise ReadError(path, f"could not be read ({type(exc).__name__}: {exc})") from exc
    for table in raw.tables:  # absolute: the report (run elsewhere) finds the file to crop and link
        table.file = str(path.resolve())
    raw.printed = [dataclasses.replace(row, file=str(path.resolve())) for row in raw.printed]
    return raw
