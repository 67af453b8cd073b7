"""Stable, safe file names for reports: ``<region>/<unit>-<year>-<kind>.html``.

Names keep Chinese characters (they are what a reader looks for) but nothing that could leave
the output folder or upset a file system or a URL: no separators, no "..", no control
characters, at most 80 characters a part.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["safe_part", "report_stem", "unique_stems", "href"]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|#%&{}$!\'`=+@^~\[\];,]+')


def safe_part(text: str | None, fallback: str = "未命名") -> str:
    """One path component from arbitrary document text."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", "_", text).strip("._ ")
    text = re.sub(r"\.{2,}", ".", text)
    return (text[:80].strip("._ ") or fallback)


def report_stem(region: str | None, unit: str | None, year: int | None, kind: str | None) -> str:
    """The report's path without suffix, relative to the output folder."""
    name = "-".join(p for p in (safe_part(unit), str(year) if year else None, safe_part(kind, "") or None) if p)
    return f"{safe_part(region, '其他地区')}/{name}"


def unique_stems(stems: list[str]) -> list[str]:
    """The same stems with "-2", "-3" … added where two documents would share one."""
    seen: dict[str, int] = {}
    out = []
    for stem in stems:
        key = stem.casefold()
        seen[key] = seen.get(key, 0) + 1
        out.append(stem if seen[key] == 1 else f"{stem}-{seen[key]}")
    return out


def href(relative: str) -> str:
    """A relative link for ``relative`` (percent-encoded, so it works from disk and any host)."""
    return quote(relative, safe="/")
