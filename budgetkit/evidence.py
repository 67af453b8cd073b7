"""Evidence: what a reader needs to see the printed numbers behind a finding or a figure.

* :func:`crop` — a small image cut from the printed page around the cells (or the sentence) a
  finding cites, rendered with pypdfium2 (which pdfplumber already uses) and embedded as PNG
  data, so a report page shows the printed figures without opening the PDF;
* :class:`Pages` — the same for a whole report: each source PDF opened once, each cited page's
  lines read once;
* :func:`source_name` / :func:`source_href` — where the source file is copied in the site
  (``sources/``) and the link to one of its pages (``#page=N``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

__all__ = ["crop", "source_name", "site_path", "source_href", "find_text_box", "Pages", "SOURCES"]

SOURCES = "sources"  # the site's folder of source files
SCALE = 2.0  # pixels per PDF point in crops (sharp on a phone, small as palette PNG)
MARGIN = 6.0  # points around the cited cells


def source_name(path: str | Path) -> str:
    """The file name a source document gets in the site: its own name, kept apart from another
    file of the same name by a short hash of its path."""
    path = Path(path)
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", path.stem)[:60]
    return f"{stem}-{digest}{path.suffix.lower()}"


def site_path(path: str | Path, depth: int = 0) -> str:
    """Where the site keeps its copy of the source ``path``, from a file ``depth`` folders below
    the site's root (``sources/<source_name>``)."""
    return "../" * depth + f"{SOURCES}/{source_name(path)}"


def source_href(path: str | Path, page: int | None = None, depth: int = 1) -> str:
    """The link from a report ``depth`` folders below the site's root to ``path`` (and its page)."""
    from urllib.parse import quote

    link = quote(site_path(path, depth))
    return f"{link}#page={page}" if page else link


class Pages:
    """The printed pages of one report's sources, for its evidence: each PDF opened once (pdfium
    draws the crops; pdfplumber, given pdfium's page objects as the reader is, finds a sentence's
    line) and each page's lines rebuilt once, however many findings cite it. Use it as a context
    manager, or :meth:`close` it."""

    def __init__(self):
        self._pdfium: dict[str, object] = {}
        self._plumber: dict[str, object] = {}
        self._lines: dict[tuple[str, int], tuple[list, float]] = {}

    def __enter__(self) -> "Pages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for doc in (*self._plumber.values(), *self._pdfium.values()):
            doc.close()
        self._pdfium.clear()
        self._plumber.clear()
        self._lines.clear()

    def _document(self, path: str):
        if path not in self._pdfium:
            from .readers.pdf_objects import open_pdfium

            self._pdfium[path] = open_pdfium(path)
        return self._pdfium[path]

    def _page_lines(self, path: str, page: int) -> tuple[list, float]:
        """The page's lines as the reader reads them (its objects from pdfium where pdfium gives
        them whole, text outside the page left out), each with its text without spaces."""
        key = (path, page)
        if key not in self._lines:
            import pdfplumber

            from .readers.pdf import _give_objects, visible
            from .readers.pdf_table import clean_line, text_lines

            if path not in self._plumber:
                self._plumber[path] = pdfplumber.open(path)
            p = self._plumber[path].pages[page - 1]
            try:
                fast = self._document(path)
            except Exception:  # pdfium refuses some files pdfminer repairs: pdfminer reads the page
                fast = None
            _give_objects(p, fast, page - 1)
            p = visible(p)
            lines = [(re.sub(r"\s+", "", clean_line(line["text"])), line) for line in text_lines(p.chars)]
            self._lines[key] = (lines, p.width)
        return self._lines[key]

    def crop(self, path: str | Path | None, page: int | None, boxes: list) -> str | None:
        """See :func:`crop`."""
        if not path or not page or not str(path).lower().endswith(".pdf"):
            return None
        boxes = [b for b in boxes if b and len(b) == 4]
        if not boxes:
            return None
        try:
            p = self._document(str(path))[page - 1]
        except Exception:  # not a page pdfium can open: no evidence, as for any page not drawn
            return None
        try:
            w, h = p.get_size()
            x0 = max(0.0, min(b[0] for b in boxes) - MARGIN)
            top = max(0.0, min(b[1] for b in boxes) - MARGIN)
            x1 = min(w, max(b[2] for b in boxes) + MARGIN)
            bottom = min(h, max(b[3] for b in boxes) + MARGIN)
            if bottom - top > 220:  # rows far apart: the first cited row and its neighbours
                bottom = min(h, top + 220)
            image = p.render(scale=SCALE, crop=(x0, h - bottom, w - x1, top)).to_pil()
            image = image.convert("L").quantize(colors=16)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
        except Exception:  # evidence is a help to the reader; a page that cannot be drawn has none
            return None
        finally:
            p.close()

    def find_text_box(self, path: str | Path | None, page: int | None, text: str) -> tuple | None:
        """See :func:`find_text_box`."""
        if not path or not page or not text or not str(path).lower().endswith(".pdf"):
            return None
        try:
            lines, width = self._page_lines(str(path), page)
        except Exception:
            return None
        compact = re.sub(r"\s+", "", text)
        joined = "".join(t for t, _ in lines)
        for size in (24, 14, 8):
            at = joined.find(compact[:size])
            if at < 0:
                continue
            pos = 0
            for t, line in lines:  # the line the sentence starts on, and the next two
                if pos + len(t) > at:
                    return (max(0, line["x0"] - 30), line["top"] - 4, width - 40, line["bottom"] + 40)
                pos += len(t)
        return None


def crop(path: str | Path | None, page: int | None, boxes: list) -> str | None:
    """A ``data:image/png`` URI of the printed page around ``boxes`` (x0, top, x1, bottom in PDF
    points, as budgetkit records them), or ``None`` when there is nothing to show (not a PDF, no
    page, no box). (A report crops through one :class:`Pages`, opening each file once.)"""
    with Pages() as pages:
        return pages.crop(path, page, boxes)


def find_text_box(path: str | Path | None, page: int | None, text: str) -> tuple | None:
    """The box of a sentence on a PDF page (found by its opening words in the page's lines, the
    lines budgetkit reads), to crop a narrative finding around it."""
    with Pages() as pages:
        return pages.find_text_box(path, page, text)
