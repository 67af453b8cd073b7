"""Regenerate ``budgetkit/data/webfont_core.json``: the characters of the site's shared font.

    python benchmarks/font_core.py            # reads ../shared/corpus

Pages in a site link one shared font file (``fonts/bk-core-….css``, :mod:`budgetkit.webfont`)
holding the characters most pages print, and embed only the few they print beyond it. Those
characters: every Chinese character budgetkit itself writes (templates, its Python's strings,
the names in ``budgetkit/data``) and the ``TOP`` most frequent of the corpus's disclosures (the
tables' and narratives' words: 预算, 支出, 经费 …), each one the pages' base font has (GB2312 and
budgetkit's marks). Measured on the 37 corpus documents: with the top 1,000 a document prints a
median of 13 characters outside the core (0–209), a few KB embedded in its page.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TOP = 1000


def corpus_text(path: Path) -> str:
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return path.read_text(encoding="utf-8", errors="ignore")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from budgetkit.webfont import _gb2312

    base = _gb2312()
    wanted = lambda c: ord(c) > 127 and not c.isspace() and c in base  # noqa: E731
    own = set()
    package = ROOT / "budgetkit"
    for path in [*package.rglob("*.py"), *(package / "templates").rglob("*"), *(package / "data").glob("*.json")]:
        if path.is_file() and path.name != "webfont_core.json":
            own |= {c for c in path.read_text(encoding="utf-8") if wanted(c)}
    counts: collections.Counter = collections.Counter()
    files = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".pdf", ".txt"))
    if not files:
        raise SystemExit(f"no corpus at {CORPUS}")
    for path in files:
        counts.update(c for c in corpus_text(path) if wanted(c))
    top = [c for c, _ in counts.most_common(TOP)]
    chars = "".join(sorted(own | set(top)))
    target = package / "data" / "webfont_core.json"
    target.write_text(json.dumps({
        "about": f"the shared font's characters (budgetkit.webfont): budgetkit's own {len(own)} and the {TOP} "
                 f"most frequent of {len(files)} corpus documents; made by benchmarks/font_core.py",
        "chars": chars}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(chars)} characters → {target}")


if __name__ == "__main__":
    main()
