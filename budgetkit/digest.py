"""One disclosure as a digest: the few figures the site's index and overview need, small enough
to keep one per unit on disk and read ten thousand of them in a second.

Why: the index, the overview and the corpus's data package used to be built from every
disclosure held at once (about 1.5 MB a unit in memory). A digest is made once, where the
disclosure is at hand anyway (the renderer's planning, :func:`digest`), written beside the cache
(``.budgetkit/digests/<data key>.json``), and the overview and the index read the digests one at
a time (:func:`read_digest`), keeping columns, counters and the few rows they show.

Amounts stay exact: integer fen; shares and scores are the analysis's Decimals as text.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import analysis, present
from .assemble import unit_key
from .atomic import write_text

__all__ = ["VERSION", "DIGESTS", "LISTING", "digest", "write_digest", "read_digest", "digest_path", "write_listing",
           "listing"]

VERSION = 2  # 2: findings counted by rule and by the severity each was found with
DIGESTS = ".budgetkit/digests"  # in the output folder, beside the cache
LISTING = ".budgetkit/listing.jsonl"  # the reports of the site, one a line: their digest's key and page


def _text(value) -> str | None:
    return None if value is None else str(value)


def digest(d, findings) -> dict:
    """What the index and the overview show of disclosure ``d`` audited as ``findings``."""
    s = analysis.structure(d)
    per = analysis.per_capita(d)
    score, _ = analysis.completeness(d)
    cards = {c["label"].removesuffix("决算"): c["fen"] for c in analysis.headline_extras(d)}
    functions = analysis.by_function(d, "类")
    rules: dict[str, dict[str, int]] = {}  # rule → {severity as found (or doubt): findings}
    for f in findings or []:
        kind = "doubt" if present.is_doubt(f) else f.severity
        counts = rules.setdefault(f.rule, {})
        counts[kind] = counts.get(kind, 0) + 1
    return {
        "v": VERSION, "unit": d.unit.name, "unit_code": d.unit.code, "region": d.region, "year": d.year,
        "kind": d.kind, "level": d.level, "group": unit_key(d.unit.name),
        "total": s["total"], "basic_share": _text(s["basic_share"]), "project_share": _text(s["project_share"]),
        "reserve_share": _text(s["reserve_share"]), "personnel_share": _text(s["personnel_share"]),
        "staff": per["staff_active"], "per_active": per["total_per_active"],
        "three_public": cards.get("“三公”经费"), "operating_costs": cards.get("机关运行经费"),
        "procurement": cards.get("政府采购"),
        "counts": present.finding_counts(findings), "score": _text(score),
        "functions": [[str(c), str(n), int(v)] for c, n, v in zip(functions["code"], functions["name"], functions["total"])
                      if v is not None and not present.is_blank(v)],
        "rules": rules,
    }


def digest_path(out: str | Path, key: str) -> Path:
    return Path(out) / DIGESTS / f"{key}.json"


def write_digest(out: str | Path, key: str, value: dict) -> Path:
    """``value`` as ``.budgetkit/digests/<key>.json`` in the output folder ``out`` (atomic)."""
    path = digest_path(out, key)
    write_text(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return path


def read_digest(out: str | Path, key: str) -> dict | None:
    """The digest written under ``key``, or ``None`` when there is none of this version."""
    try:
        value = json.loads(digest_path(out, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if value.get("v") == VERSION else None


def write_listing(out: str | Path, records) -> Path:
    """The site's reports, one JSON line each (``key``: the digest's, ``html``: the page), in the
    order the overview and the index show them."""
    path = Path(out) / LISTING
    write_text(path, "".join(json.dumps({"key": r["data_key"], "html": r["html"]}, ensure_ascii=False) + "\n"
                             for r in records))
    return path


def listing(out: str | Path):
    """Each ``(digest, html)`` of the site's listing, read one at a time (a report whose digest
    is missing is left out)."""
    with open(Path(out) / LISTING, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                entry = json.loads(line)
                found = read_digest(out, entry["key"])
                if found is not None:
                    yield found, entry["html"]
