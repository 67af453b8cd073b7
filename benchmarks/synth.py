"""Synthetic disclosures in the seed's text layout, for benchmarks only (never written to data/).

Each document is the Beijing seed with its unit renamed "【合成样例0007】扮中心" (a character of its
own, :func:`_own_character`) and every amount in its tables, and every 元 / 万元 / 亿元 figure of
its narrative, multiplied by a whole number: sums, shares and year-on-year identities hold
exactly as in the seed, the amounts differ.
"""

from __future__ import annotations

import argparse
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "beijing-xicheng-2023-social-insurance-fund-center.txt"
SEED_UNIT = "北京市西城区社会保险基金管理中心"
_CELL = re.compile(r"^\t(\d{1,3}(?:,\d{3})+\.\d{2}|\d{3,}\.\d{2})$", re.M)
_MONEY = re.compile(r"(\d+(?:\.\d+)?)(亿元|万元|元)")


def synthetic(number: int, text: str | None = None) -> str:
    text = text if text is not None else SEED.read_text(encoding="utf-8")
    factor = 1 + number % 9

    def cell(m):
        value = Decimal(m.group(1).replace(",", "")) * factor
        return f"\t{value:,.2f}" if "," in m.group(1) else f"\t{value:.2f}"

    def money(m):
        value = Decimal(m.group(1)) * factor
        return f"{value}{m.group(2)}"


    head, sep, tables = text.partition("\n表一")
    # the figures the narrative derives from the tables: recomputed from the exact scaled
    # totals (scaling a rounded figure would scale its rounding error too)
    fixed = {}
    for current, exact, prev, change, prev_unit in _DERIVED:
        now = (Decimal(exact) * factor / 10000).quantize(Decimal("0.01"))
        before = Decimal(prev) * factor
        fixed[f"{current}万元"] = f"{now}万元"
        fixed[f"{prev}{prev_unit}"] = f"{before}{prev_unit}"
        fixed[f"{change}万元"] = f"{(Decimal(exact) * factor / 10000 - before).quantize(Decimal('0.01'))}万元"
    pattern = re.compile("|".join(re.escape(k) for k in sorted(fixed, key=len, reverse=True)) + r"|" + _MONEY.pattern)
    head = pattern.sub(lambda m: fixed.get(m.group(0)) or money(m), head)
    return (head + sep + _CELL.sub(cell, tables)).replace(SEED_UNIT, f"北京市西城区【合成样例{number:04d}】{_own_character(number, text)}中心")


def _own_character(number: int, text: str) -> str:
    """A character of the unit's own in its name, found nowhere in the seed: as with real units,
    no two pages then use the same characters, so each page's embedded font is subset for it
    (the same characters on every page made that look free, taken from a cache). It is one the
    pages' base font has (``webfont._gb2312``), as a real unit's name almost always is."""
    unused = _unused(text)
    return unused[(number * 7919) % len(unused)]


@lru_cache(maxsize=1)
def _unused(text: str) -> list[str]:
    from budgetkit.webfont import _gb2312

    present = set(text)
    return sorted(c for c in _gb2312() if "\u4e00" <= c <= "\u9fa5" and c not in present)


# (current 万元 as written, exact yuan in the tables, last year as written, change as written, unit of last year)
_DERIVED = [
    ("6835.38", "68353777.63", "6537.95", "297.43", "万元"),
    ("5221.25", "52212451.06", "4954.22", "267.02", "元"),  # the seed's own unit slip, kept
    ("1614.13", "16141326.57", "1583.73", "30.40", "万元"),
]


def generate(n: int, folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if folder.resolve() == (ROOT / "data").resolve() or (ROOT / "data") in folder.resolve().parents:
        raise SystemExit("synthetic documents never go into data/")
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(1, n + 1):
        path = folder / f"synthetic-{i:04d}.txt"
        path.write_text(synthetic(i, text), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    print(f"{len(generate(args.n, args.folder))} synthetic disclosures in {args.folder}")
