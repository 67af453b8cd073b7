"""Evidence: what a reader needs to see the printed numbers behind a finding or a figure.

* :func:`crop` — a small image cut from the printed page around the cells (or the sentence) a
  finding cites, rendered with pypdfium2 (which pdfplumber already uses) and embedded as PNG
  data, so a report page shows the printed figures without opening the PDF;
* :func:`source_name` / :func:`source_href` — where the source file is copied in the site
  (``sources/``) and the link to one of its pages (``#page=N``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["crop", "source_name", "source_href", "find_text_box", "SOURCES"]

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


def source_href(path: str | Path, page: int | None = None, depth: int = 1) -> str:
    """The link from a report ``depth`` folders below the site's root to ``path`` (and its page)."""
    from urllib.parse import quote

    link = "../" * depth + f"{SOURCES}/{quote(source_name(path))}"
    return f"{link}#page={page}" if page else link


@lru_cache(maxsize=8)
def _document(path: str):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(path)


def crop(path: str | Path | None, page: int | None, boxes: list, width_pt: float | None = None) -> str | None:
    """A ``data:image/png`` URI of the printed page around ``boxes`` (x0, top, x1, bottom in PDF
    points, as budgetkit records them), or ``None`` when there is nothing to show (not a PDF, no
    page, no box)."""
    if not path or not page or not str(path).lower().endswith(".pdf"):
        return None
    boxes = [b for b in boxes if b and len(b) == 4]
    if not boxes:
        return None
    try:
        doc = _document(str(path))
        p = doc[page - 1]
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


def find_text_box(path: str | Path | None, page: int | None, text: str) -> tuple | None:
    """The box of a sentence on a PDF page (found by its opening words in the page's lines, the
    lines budgetkit reads), to crop a narrative finding around it."""
    if not path or not page or not text or not str(path).lower().endswith(".pdf"):
        return None
    try:
        import pdfplumber

        from .readers.pdf_table import clean_line, text_lines

        compact = re.sub(r"\s+", "", text)
        with pdfplumber.open(str(path), pages=[page]) as pdf:
            p = pdf.pages[0]
            lines = [(re.sub(r"\s+", "", clean_line(line["text"])), line) for line in text_lines(p.chars)]
            joined = "".join(t for t, _ in lines)
            for size in (24, 14, 8):
                at = joined.find(compact[:size])
                if at < 0:
                    continue
                pos = 0
                for t, line in lines:  # the line the sentence starts on, and the next two
                    if pos + len(t) > at:
                        return (max(0, line["x0"] - 30), line["top"] - 4, p.width - 40, line["bottom"] + 40)
                    pos += len(t)
            return None
    except Exception:
        return None
