"""A font with simplified-Chinese glyphs for every chart, registered on first use.

The font is Noto Sans CJK SC (SIL Open Font License 1.1) from the ``noto-cjk-sans-otc``
package, a declared dependency: nothing is installed by hand and no proprietary font (SimHei,
Microsoft YaHei) is involved. The package ships the Noto Sans CJK collection; matplotlib reads
its SC face directly from the .ttc.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["CJK_FAMILY", "font_path", "use_cjk_font", "missing_glyphs"]

CJK_FAMILY = "Noto Sans CJK SC"


def font_path() -> Path:
    """The font collection file shipped by ``noto-cjk-sans-otc``."""
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


@lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default family; returns its name."""
    import matplotlib
    from matplotlib import font_manager

    path = font_path()
    if not any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    if not any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):  # pragma: no cover
        raise RuntimeError(f"{path} has no face named {CJK_FAMILY!r}")
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK face's minus sign, not U+2212 boxes
    return CJK_FAMILY


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` the registered CJK face cannot draw."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    use_cjk_font()
    entry = next(f for f in font_manager.fontManager.ttflist if f.name == CJK_FAMILY)
    face = FT2Font(entry.fname, face_index=getattr(entry, "index", 0))
    return {c for c in set(text) if not c.isspace() and face.get_char_index(ord(c)) == 0}
