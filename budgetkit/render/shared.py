"""The site's shared font and stylesheet of older renders, removed once no page links them.

A site's pages link one font file and one stylesheet, each named by what it is made of
(``fonts/bk-core-<hash>.css``, ``style/report-<hash>.css``): a budgetkit with other characters in
its shared font, another face, or another stylesheet writes files of new names, and the pages it
renders link those. The old ones (a font file is 309 KB) are left behind: :func:`remove_stale`
removes them at the end of a render, once no page of the site links them, and only files
budgetkit wrote: a font file that begins with budgetkit's own first line, a stylesheet whose
content hashes to its name. A file of another name, or a user's file of such a name, stays.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..webfont import CORE_HEADER, FONT_DIR
from .export import STYLE_DIR

__all__ = ["remove_stale"]

_FONT = re.compile(r"bk-core-[0-9a-f]{12}\.css")
_STYLE = re.compile(r"report-([0-9a-f]{12})\.css")
_LINKED = re.compile(r'href="(?:\.\./)*((?:fonts/bk-core|style/report)-[0-9a-f]{12}\.css)"')


def _budgetkits(path: Path) -> bool:
    """Whether ``path`` is a shared file as budgetkit writes them (not a user's of that name)."""
    try:
        if path.parent.name == FONT_DIR:
            with open(path, "rb") as f:
                return bool(_FONT.fullmatch(path.name)) and f.read(len(CORE_HEADER.encode())) == CORE_HEADER.encode()
        m = _STYLE.fullmatch(path.name)
        return bool(m) and hashlib.sha1(path.read_bytes()).hexdigest()[:12] == m.group(1)
    except OSError:
        return False


def _head(page: Path) -> str:
    """A page's ``<head>`` (where it links the shared files), read no further than needed."""
    text = ""
    with open(page, encoding="utf-8", errors="replace") as f:
        while "</head>" not in text:
            block = f.read(16384)
            if not block:
                break
            text += block
    return text.split("</head>", 1)[0]


def remove_stale(out: str | Path, current: set[str]) -> list[Path]:
    """Remove the shared font files and stylesheets budgetkit wrote into ``out`` that are not
    ``current`` (paths from the site's root) and that no page of the site links (a page an
    older render left, such as one whose re-render failed, keeps its files); the files removed.
    Pages are read (their heads) only when there is such a file."""
    out = Path(out)
    stale = [p for folder, pattern in ((FONT_DIR, "bk-core-*.css"), (STYLE_DIR, "report-*.css"))
             for p in sorted((out / folder).glob(pattern))
             if f"{folder}/{p.name}" not in current and _budgetkits(p)]
    if not stale:
        return []
    linked = set()
    for page in out.rglob("*.html"):
        if ".budgetkit" not in page.relative_to(out).parts:
            linked.update(_LINKED.findall(_head(page)))
    removed = [p for p in stale if f"{p.parent.name}/{p.name}" not in linked]
    for p in removed:
        p.unlink(missing_ok=True)
    return removed
