"""A disclosure at a glance: the dict behind ``budgetkit summary --json`` and its text form."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from .model import Disclosure
from .money import fen_to_yuan, format_amount
from .totals import KEY_TOTAL_LABELS, key_totals

__all__ = ["summary_dict", "summary_text", "dumps"]


def summary_dict(d: Disclosure, findings: list | None = None) -> dict:
    """Unit, year, kind, key totals (yuan, two decimals), tables and facts as plain data."""
    totals = key_totals(d)
    out = {
        "file": d.path,
        "unit": d.unit.name,
        "unit_code": d.unit.code,
        "parent": d.unit.parent_name,
        "parent_code": d.unit.parent_code,
        "year": d.year,
        "kind": d.kind,
        "totals": {name: fen_to_yuan(t.fen) for name, t in totals.items()},
        "tables": [t.summary() for t in d.tables],
        "facts": [
            {"name": f.name, "value": f.value, "unit": f.unit, "source": f.source,
             **({"label": f.label} if f.label else {}), **({"year": f.year} if f.year else {})}
            for f in d.facts
        ],
    }
    if findings is not None:
        out["findings"] = [f.as_dict() for f in findings]
    return out


_DECIMAL_MARK = "\x00dec:"


def _prepare(obj):
    if isinstance(obj, Decimal):
        return f"{_DECIMAL_MARK}{obj}"
    if isinstance(obj, dict):
        return {k: _prepare(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_prepare(v) for v in obj]
    return obj


def dumps(obj, indent: int | None = 2) -> str:
    """JSON with every ``Decimal`` written as the exact number it is (``68353777.63``)."""
    text = json.dumps(_prepare(obj), ensure_ascii=False, indent=indent)
    return re.sub(r'"\\u0000dec:(-?[0-9.]+)"', r"\1", text)


def summary_text(d: Disclosure, findings: list | None = None) -> str:
    """A readable summary: unit, totals in 万元 and 元, tables, facts."""
    totals = key_totals(d)
    lines = [
        f"{d.unit.name or '(unit unknown)'}  {d.year or ''}年{d.kind or ''}"
        + (f"  [{d.unit.code}]" if d.unit.code else ""),
    ]
    if d.unit.parent_name:
        lines.append(f"上级部门: {d.unit.parent_name}" + (f" [{d.unit.parent_code}]" if d.unit.parent_code else ""))
    lines.append(f"文件: {d.path}")
    lines.append("")
    carried = any(totals[n].fen for n in ("carryover_begin", "carryover_end"))
    this_year = totals["expenditure_current"].fen  # shares of 本年支出 (= 支出总计 without carry-over)
    for name, t in totals.items():
        if name in ("income_current", "expenditure_current", "carryover_begin", "carryover_end") and not carried:
            continue  # a budget without carry-over: the same figures as the totals
        label = KEY_TOTAL_LABELS[name]
        if t.fen is None:
            lines.append(f"  {label:<6}  —")
        else:
            share = ""
            if name in ("basic", "project") and this_year:
                share = f"  {Decimal(t.fen) / this_year * 100:.2f}%"
            lines.append(f"  {label:<6}{format_amount(t.fen, '万元'):>14} 万元  ({format_amount(t.fen, '元')} 元){share}")
    lines.append("")
    lines.append(f"表格 {len(d.tables)} 张:")
    for t in d.tables:
        state = "空表" if t.empty else f"{len(t.items)} 行"
        unit = t.currency_unit or f"未注明(按{t.assumed_unit})"
        lines.append(f"  表{t.number or '?'}  {t.title}  [{t.kind}]  单位: {unit}  {state}")
    lines.append("")
    lines.append(f"文字中的数据 {len(d.facts)} 项:")
    for f in d.facts:
        value = "是" if f.value is True else f"{f.value}{f.unit or ''}"
        extra = f" ({f.label})" if f.label else ""
        lines.append(f"  {f.name}{extra}: {value}")
    if findings is not None:
        lines.append("")
        lines.append(f"审核发现 {len(findings)} 项")
    return "\n".join(lines)
