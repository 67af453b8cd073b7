"""Analysis of one disclosure: spending structure, by function, by economic class, projects and
their targets, year on year, per capita, and a completeness score.

Everything here returns plain data (dicts, DataFrames of integer fen and Decimal shares);
charts and report blocks are built on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from .codes import deepest_codes, DEPT_ECONOMIC_CLASSES, FUNCTION_CLASSES, function_names, GOV_ECONOMIC_CLASSES
from .kinds import KIND_LABELS, REQUIRED_KINDS
from .model import Disclosure
from .money import CURRENCY_UNITS, format_wan, yuan_to_fen
from .totals import by_use, key_totals, total_label

__all__ = [
    "share",
    "structure",
    "structure_sentences",
    "by_function",
    "by_economic_class",
    "projects",
    "year_on_year",
    "per_capita",
    "completeness",
    "CompletenessItem",
]


def share(part: int | None, whole: int | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, two decimals, rounded half up."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def structure(d: Disclosure) -> dict:
    """Basic vs project (and Jiangsu's reserve), personnel vs operating, with shares."""
    k = {name: t.fen for name, t in key_totals(d).items()}
    # the parts add up to this year's spending (本年支出合计), not to the 总计 that adds 结转下年
    # (西南大学 2024: 486,554.95 of 582,276.35) or a 决算's 年末结转和结余
    total = k["expenditure_current"] or k["expenditure"] or k["income"]
    if total is None and k["basic"] is not None and k["project"] is not None:
        total = k["basic"] + k["project"]
    reserve = None
    t = d.table("expenditure_summary")
    if t is not None and "reserve" in t.frame:
        reserve = t.total("reserve")
    if reserve is None:
        reserve = by_use(d, "reserve")
    basic_total = k["basic"]
    derived = False
    if k["personnel"] is None and k["operating"] is None:
        k["personnel"], k["operating"] = _personnel_by_class(d)
        derived = k["personnel"] is not None
    return {
        "personnel_derived": derived,
        "total": total,
        "basic": k["basic"],
        "project": k["project"],
        "reserve": reserve,
        "personnel": k["personnel"],
        "operating": k["operating"],
        "basic_share": share(k["basic"], total),
        "project_share": share(k["project"], total),
        "reserve_share": share(reserve, total),
        "personnel_share": share(k["personnel"], basic_total),
        "operating_share": share(k["operating"], basic_total),
    }


def _personnel_by_class(d: Disclosure) -> tuple[int | None, int | None]:
    """Personnel (301 工资福利 + 303 对个人和家庭的补助) and operating (the rest) costs from the basic
    expenditure table's economic classes, for documents that give no such columns (Jiangsu)."""
    t = d.table("general_budget_basic_expenditure")
    if t is None or "dept_econ_code" not in t.frame or not t.amount_columns:
        return None, None
    items = deepest_codes(_with_total(t).dropna(subset=["dept_econ_code", "total"]))
    if items.empty:
        return None, None
    personnel = items["dept_econ_code"].str[:3].isin(["301", "303"])
    return int(items.loc[personnel, "total"].sum()), int(items.loc[~personnel, "total"].sum())


def structure_sentences(d: Disclosure) -> list[str]:
    """The structure as sentences written from the data, the way a disclosure would."""
    s = structure(d)
    out = []
    if s["total"] is not None:
        # the headline card's words: a 决算's 本年支出合计 ("2024年本年…" would say the year twice)
        said = "本年支出合计" if d.kind == "决算" else f"{d.year or ''}年支出预算合计"
        out.append(f"{said}{format_wan(s['total'])}万元。")
    parts = []
    for key, name in (("basic", "基本支出"), ("project", "项目支出"), ("reserve", "单位预留机动经费")):
        if s[key] is not None:
            parts.append(f"{name}{format_wan(s[key])}万元，占{s[key + '_share']}%")
    if parts:
        out.append("；".join(parts) + "。")
    if s["personnel"] is not None and s["operating"] is not None:
        how = "（按经济分类301、303类计算）" if s["personnel_derived"] else ""
        out.append(
            f"基本支出中，人员经费{format_wan(s['personnel'])}万元，占基本支出的{s['personnel_share']}%；"
            f"公用经费{format_wan(s['operating'])}万元，占{s['operating_share']}%{how}。"
        )
    return out


def _with_total(t) -> pd.DataFrame:
    """A table's items with a ``total`` column (a table without one: its first amount column)."""
    items = t.items
    if "total" not in items and t.amount_columns:
        items = items.assign(total=items[t.amount_columns[0]])
    return items


def _group_sums(items: pd.DataFrame, keys: list[str], cols: tuple[str, ...]) -> tuple[list[str], dict]:
    """The groups of ``items`` by ``keys`` (one per row), in sorted order, and each column's sum
    per group, missing amounts skipped (``None`` for a column ``items`` lacks): what
    ``items.groupby(keys)`` and a sum per group gave, without a frame per group."""
    order = sorted(set(keys))
    sums: dict = {}
    for col in cols:
        if col not in items:
            sums[col] = None
            continue
        by_key = dict.fromkeys(order, 0)
        for k, v in zip(keys, items[col].tolist()):
            if v is not None and v is not pd.NA and v == v:
                by_key[k] += int(v)
        sums[col] = by_key
    return order, sums


def _function_items(d: Disclosure) -> pd.DataFrame | None:
    candidates = [d.table("general_budget_expenditure"), d.table("expenditure_summary")]
    candidates += [t for t in d.tables if t.kind == "unknown" or t.kind.endswith("fiscal_appropriation_summary")]
    for t in candidates:
        if t is not None and "func_code" in t.frame and not t.items.empty and t.amount_columns:
            items = _with_total(t).dropna(subset=["func_code"])
            if not items.empty:
                deepest = items["func_code"].str.len().max()
                return items[items["func_code"].str.len() == deepest]
    return None


def by_function(d: Disclosure, level: str = "类") -> pd.DataFrame:
    """Spending by functional class (类 3 digits, 款 5, 项 7): code, name, total (fen), share."""
    items = _function_items(d)
    columns = ["code", "name", "total", "basic", "project", "share"]
    if items is None:
        return pd.DataFrame(columns=columns)
    width = {"类": 3, "款": 5, "项": 7}[level]
    names = function_names(d.tables)
    codes, sums = _group_sums(items, [c[:width] for c in items["func_code"].tolist()], ("total", "basic", "project"))
    out = pd.DataFrame({
        "code": codes,
        **{col: [None if sums[col] is None else sums[col][c] for c in codes] for col in ("total", "basic", "project")},
    })
    out["name"] = [names.get(c) or FUNCTION_CLASSES.get(c) or c for c in out["code"]]
    whole = int(out["total"].sum())
    out["share"] = [share(v, whole) for v in out["total"]]
    return out[columns].sort_values("total", ascending=False).reset_index(drop=True)


def by_economic_class(d: Disclosure, level: str = "类") -> pd.DataFrame:
    """Spending by department economic class (类 3 digits, 款 5): code, name, basic, project, total, share."""
    columns = ["code", "name", "total", "basic", "project", "share"]
    source = next((t for t in (d.table("expenditure_summary"), d.table("general_budget_basic_expenditure"))
                   if t is not None and "dept_econ_code" in t.frame and t.amount_columns), None)
    if source is None:
        return pd.DataFrame(columns=columns)
    items = _with_total(source).dropna(subset=["dept_econ_code"])
    items = deepest_codes(items)  # a table listing 类 and 款 rows: count each amount once
    width = 3 if level == "类" else 5
    names = dict(zip(items["dept_econ_code"], items.get("dept_econ_name", pd.Series(index=items.index, dtype=object))))
    codes, sums = _group_sums(items, [c[:width] for c in items["dept_econ_code"].tolist()], ("total", "basic", "project"))
    basic = sums["basic"] if sums["basic"] is not None else sums["total"]
    out = pd.DataFrame({
        "code": codes,
        "total": [None if sums["total"] is None else sums["total"][c] for c in codes],
        "basic": [None if basic is None else basic[c] for c in codes],
        "project": [(sums["project"][c] if sums["project"] is not None else None) or 0 for c in codes],
    })
    out["name"] = [names.get(c) or DEPT_ECONOMIC_CLASSES.get(c) or GOV_ECONOMIC_CLASSES.get(c) or c for c in out["code"]]
    whole = int(out["total"].sum())
    out["share"] = [share(v, whole) for v in out["total"]]
    return out[columns].sort_values("total", ascending=False).reset_index(drop=True)


def projects(d: Disclosure) -> pd.DataFrame:
    """Projects with amount (fen), share of project spending, codes, and their performance targets."""
    columns = ["name", "total", "share", "func_code", "func_name", "dept_econ_name", "goal", "targets"]
    t = d.table("project_expenditure")
    forms = [p for p in d.tables_of("project_performance") if "project_name" in p.frame and not p.items.empty]
    perf = forms[0] if len(forms) == 1 else None
    if len(forms) > 1:  # a form per project (项目绩效自评表, 长沙's 绩效目标表): their rows as one table's
        perf = replace(forms[0], frame=pd.concat([p.frame for p in forms], ignore_index=True))
    rows = []
    if t is not None and "project_name" in t.frame and not t.items.empty:
        for r in t.items.to_dict("records"):  # plain dicts: iterrows built a Series per row
            rows.append({"name": r["project_name"], "total": None if pd.isna(r["total"]) else int(r["total"]),
                         "func_code": r.get("func_code"), "func_name": r.get("func_name"),
                         "dept_econ_name": r.get("dept_econ_name")})
    elif perf is not None and "project_name" in perf.frame and not perf.items.empty:
        for name, g in perf.items.groupby("project_name", sort=False):
            if "total" in g:  # a 绩效目标表: the project's 资金总额 on its first row
                amount = int(g["total"].dropna().sum())
            else:  # a 项目绩效自评表: its 年度资金总额 row's 全年执行数 (the rows below are its parts)
                spent = g["actual"].dropna() if "actual" in g else g.iloc[:0, :0]
                amount = int(spent.iloc[0]) if len(spent) else None
            rows.append({"name": name, "total": amount, "func_code": None, "func_name": None, "dept_econ_name": None})
    out = pd.DataFrame(rows, columns=[c for c in columns if c not in ("share", "goal", "targets")])
    whole = int(out["total"].dropna().sum()) if len(out) else 0
    out["share"] = [share(v, whole) for v in out["total"]]
    goals, targets = {}, {}
    if perf is not None and "project_name" in perf.frame and not perf.items.empty:
        # each project's first stated goal and its targets, in the order printed: one pass over
        # the rows (a frame per project, as groupby gave, cost a tenth of a report's kernel time)
        for r in perf.items.to_dict("records"):
            name = r["project_name"]
            if name is None or pd.isna(name):
                continue
            targets.setdefault(name, [])
            if goals.get(name) is None:
                goals[name] = None if pd.isna(r.get("goal")) else r.get("goal")
            if isinstance(r.get("indicator"), str):
                parts = [r.get(k) for k in ("operator", "target", "target_unit")]
                targets[name].append(f"{r['indicator']} {''.join(p for p in parts if isinstance(p, str))}".strip())
    out["goal"] = [goals.get(n) for n in out["name"]]
    out["targets"] = [targets.get(n, []) for n in out["name"]]
    return out[columns].sort_values("total", ascending=False, na_position="last").reset_index(drop=True)


#: the items compared with last year; the key totals among them are named by
#: :func:`~budgetkit.totals.total_label`, in the disclosure's words
_YOY = ("income", "expenditure", "basic", "project", "three_public", "operating_costs")
_YOY_LABELS = {"three_public": "“三公”经费", "operating_costs": "机构运行经费"}


def _yoy_items(d: Disclosure) -> list[tuple[str, str]]:
    """The year-on-year items with their labels in the disclosure's own words."""
    return [(name, total_label(name, d.kind) or _YOY_LABELS[name]) for name in _YOY]


def _fact_fen(value: Decimal, unit: str) -> int:
    """A figure of the narrative, ``value`` in currency ``unit``, in fen (rounded half up)."""
    return yuan_to_fen(value * CURRENCY_UNITS[unit])


def year_on_year(d: Disclosure, previous: Disclosure | None = None) -> pd.DataFrame:
    """This year against last year. When the same unit's previous disclosure is at hand (the
    corpus holds it), last year is read from its tables and the narrative's own figure for last
    year, where it gives one, is shown beside it (``stated_prev``); else last year is the
    narrative's.

    This year's figure comes from the tables where they state it, else the narrative. Last
    year's figure is read in the unit the text wrote; when that unit cannot be right (the stated
    change only fits another unit, e.g. "4954.22元" for 4954.22万元) the fitting unit is used and
    ``note`` says so.
    """
    tables = {k: t.fen for k, t in key_totals(d).items()}
    if previous is not None:
        return _year_on_year_from_tables(d, previous, tables)
    rows = []
    for name, label in _yoy_items(d):
        prev = next((f for f in d.facts_named(f"{name}_prev") if f.unit in CURRENCY_UNITS), None)
        now_fact = next((f for f in d.facts_named(name) if f.unit in CURRENCY_UNITS), None)
        now = tables.get(name) if tables.get(name) is not None else (
            _fact_fen(now_fact.value, now_fact.unit) if now_fact else None)
        change = next((f for f in d.facts_named(f"{name}_change") if f.unit in CURRENCY_UNITS), None)
        if prev is None:
            if change is None or now is None:
                continue
            # "比2024年预算减少2,389.52万元": last year is this year minus the stated change
            delta = _fact_fen(change.value, change.unit)
            rows.append({"item": label, "now": now, "prev": now - delta, "change": delta,
                         "change_pct": share(delta, now - delta), "stated_change": delta,
                         "note": "上年数由文字所述增减额推算"})
            continue
        prev_fen, note = _fact_fen(prev.value, prev.unit), None
        if now is not None and change is not None:
            expected_prev = now - _fact_fen(change.value, change.unit)
            for unit in CURRENCY_UNITS:
                candidate = _fact_fen(prev.value, unit)
                if unit != prev.unit and abs(candidate - expected_prev) < abs(prev_fen - expected_prev) / 100:
                    prev_fen, note = candidate, f"原文写作{prev.value}{prev.unit}，按{unit}计"
        rows.append({
            "item": label, "now": now, "prev": prev_fen,
            "change": None if now is None else now - prev_fen,
            "change_pct": share(now - prev_fen, prev_fen) if now is not None else None,
            "stated_change": None if change is None else _fact_fen(change.value, change.unit),
            "note": note,
        })
    return pd.DataFrame(rows, columns=["item", "now", "prev", "change", "change_pct", "stated_change", "note"])


def _year_on_year_from_tables(d: Disclosure, previous: Disclosure, tables: dict) -> pd.DataFrame:
    before = {k: t.fen for k, t in key_totals(previous).items()}
    rows = []
    for name, label in _yoy_items(d):
        if name in ("three_public", "operating_costs"):
            now, prev = _stated_total(d, name), _stated_total(previous, name)
        else:
            now, prev = tables.get(name), before.get(name)
        if now is None or prev is None:
            continue
        stated = next((f for f in d.facts_named(f"{name}_prev") if f.unit in CURRENCY_UNITS), None)
        change = next((f for f in d.facts_named(f"{name}_change") if f.unit in CURRENCY_UNITS), None)
        stated_prev = _fact_fen(stated.value, stated.unit) if stated else (
            now - _fact_fen(change.value, change.unit) if change else None)
        note = None
        if stated_prev is not None and abs(stated_prev - prev) > 50 * 100:
            note = f"文字所述上年数与{previous.year}年文件的表格不同"
        rows.append({"item": label, "now": now, "prev": prev, "change": now - prev, "change_pct": share(now - prev, prev),
                     "stated_change": None if change is None else _fact_fen(change.value, change.unit),
                     "stated_prev": stated_prev, "note": note or f"上年数取自{previous.year}年文件的表格"})
    return pd.DataFrame(rows, columns=["item", "now", "prev", "change", "change_pct", "stated_change", "stated_prev", "note"])


def _stated_total(d: Disclosure, name: str) -> int | None:
    """“三公”经费 or 机关运行经费 as the tables state them (决算: what was spent)."""
    if name == "three_public":
        found = _three_public_total(d)
        return None if found is None else int(found[0].frame.at[found[1]["total"], "total"])
    return next((t.total("total") for t in d.tables_of("operating_costs") if t.total("total") is not None), None)


def _three_public_total(d: Disclosure) -> tuple | None:
    """The first “三公” table that states its total, with its rows (``three_public_cells``); a
    table that states none (a 目录 taken for one) is passed over."""
    from .identities import three_public_cells

    for t in d.tables_of("three_public"):
        rows = three_public_cells(t)
        i = rows.get("total")
        if i is not None and "total" in t.frame and not pd.isna(t.frame.at[i, "total"]):
            return t, rows
    return None


def per_capita(d: Disclosure) -> dict:
    """Spending per member of staff (在职) and per person paid for (在职 + 退休), in fen."""
    active = d.fact("staff_active")
    retired = d.fact("staff_retired")
    authorized = d.fact("staff_authorized")
    s = structure(d)
    out = {"staff_active": int(active.value) if active else None,
           "staff_retired": int(retired.value) if retired else None,
           "staff_authorized": int(authorized.value) if authorized else None}
    n = out["staff_active"]
    for key in ("total", "basic", "personnel", "operating"):
        out[f"{key}_per_active"] = None if not n or s[key] is None else round(s[key] / n)
    people = (out["staff_active"] or 0) + (out["staff_retired"] or 0)
    out["personnel_per_person"] = None if not people or s["personnel"] is None else round(s["personnel"] / people)
    return out


@dataclass(frozen=True)
class CompletenessItem:
    group: str
    item: str
    present: bool
    note: str = ""


_TOPICS = [
    ("人员编制与在职、退休人数", lambda d: d.fact("staff_active") is not None),
    ("收支总额及与上年比较", lambda d: any(f.subject in ("income_total", "income_current", "expenditure_total",
                                                     "expenditure_current") and f.kind == "amount" for f in d.facts)
     and any(f.kind == "change" for f in d.facts)),
    ("基本支出、项目支出及占比", lambda d: d.fact("basic_share") is not None and d.fact("project_share") is not None),
    ("增减变化原因", lambda d: "原因" in d.narrative),
    ("“三公”经费说明", lambda d: "三公" in d.narrative),
    ("机关（机构）运行经费", lambda d: d.fact("operating_costs") is not None),
    ("政府采购预算", lambda d: d.fact("procurement") is not None or d.fact("no_procurement") is not None),
    ("政府采购按货物、工程、服务分列", lambda d: d.section("政府采购") is not None
     and all(w in d.section("政府采购").text for w in ("货物", "工程", "服务"))),
    ("国有资产占用", lambda d: d.fact("assets_original") is not None or d.fact("assets_net") is not None
     or any(f.subject in ("assets_vehicles", "assets_equipment", "assets_original_value") for f in d.facts)),
    ("绩效目标与评价", lambda d: d.section("绩效") is not None),
    ("名词解释", lambda d: d.section("解释") is not None),
]
_EXTRA_KINDS = ("project_expenditure", "government_purchase_services", "project_performance", "overall_performance")


def completeness(d: Disclosure) -> tuple[Decimal, list[CompletenessItem]]:
    """A transparency score (0-100) from what the disclosure contains, item by item: the tables
    its kind requires (a 决算's nine, a 预算's nine and the budget's own), the detail of its codes,
    the topics of its text. It counts only what the document lacks: when budgetkit could not
    recognise some of its tables, a table it does not find is not counted against it.

    Computed once per disclosure and kept on it (pickled with it: the render's index, its
    downloads, the report and the overview each asked again, 5 ms a time), like its key totals;
    verification drops it with them when it replaces a table."""
    score, items = d.derived("_completeness", _completeness)
    return score, list(items)


def _completeness(d: Disclosure) -> tuple[Decimal, list[CompletenessItem]]:
    items: list[CompletenessItem] = []
    unknown = [t for t in d.tables if t.kind == "unknown" and not t.empty]
    wanted = REQUIRED_KINDS if d.kind == "决算" else (*REQUIRED_KINDS, *_EXTRA_KINDS)
    for kind in wanted:
        t = d.table(kind)
        note = "" if t is None else ("空表" if t.empty else "")
        label = KIND_LABELS[f"final_{kind}" if d.kind == "决算" else kind]
        if t is None and unknown:  # perhaps one of the tables budgetkit could not name: not the document's fault
            items.append(CompletenessItem("表格", label, None, f"未找到；另有{len(unknown)}张表未能识别，不计分"))
            continue
        items.append(CompletenessItem("表格", label, t is not None, note))
    unstated = [t for t in d.tables if t.currency_unit is None and t.amount_columns]
    items.append(CompletenessItem("表格", "每张表注明金额单位", not unstated,
                                  "未注明：" + "、".join(f"表{t.number}" if t.number else f"「{t.title}」" for t in unstated)
                                  if unstated else ""))
    func = _function_items(d)
    items.append(CompletenessItem("科目", "功能分类细化到“项”",
                                  bool(func is not None and func["func_code"].str.len().max() >= 7)))
    econ = [t for t in d.tables if "dept_econ_code" in t.frame or "gov_econ_code" in t.frame]
    items.append(CompletenessItem("科目", "经济分类细化到“款”", bool(any(
        t.frame[c].dropna().str.len().max() >= 5 for t in econ for c in ("dept_econ_code", "gov_econ_code")
        if c in t.frame and t.frame[c].notna().any()))))
    for label, test in _TOPICS:
        items.append(CompletenessItem("文字说明", label, bool(test(d))))
    counted = [i for i in items if i.present is not None]
    score = (Decimal(sum(bool(i.present) for i in counted)) * 100 / max(1, len(counted))).quantize(Decimal("0.1"))
    return score, items


def headline_extras(d: Disclosure) -> list[dict]:
    """Headline cards beyond the totals: “三公”经费 (with its parts), 机关运行经费 and 政府采购,
    from the tables where they state them, else from the narrative; each with its source."""
    from .present import status_note, wan

    cards = []
    found = _three_public_total(d)
    if found is not None:
        t, rows = found
        parts = [f"{name}{wan(t.frame.at[rows[key], 'total'])}"
                 for key, name in (("abroad", "出国"), ("reception", "接待"), ("vehicles", "公务用车"))
                 if key in rows and not pd.isna(t.frame.at[rows[key], "total"])]
        page = t.frame.at[rows["total"], "page"] if "page" in t.frame else None
        cards.append({"label": "“三公”经费" + ("决算" if t.kind.startswith("final_") else ""),
                      "fen": int(t.frame.at[rows["total"], "total"]), "note": "，".join(parts) or None,
                      "status": status_note(t.cell(rows["total"], "total")),
                      "source": f"「{t.title}」" + (f"第{int(page)}页" if page is not None and not pd.isna(page) else "")})
    for subject, label in (("operating_costs", "机关运行经费"), ("procurement", "政府采购")):
        if subject == "operating_costs":
            table = next((t for t in d.tables_of(subject) if not t.empty and t.total("total") is not None), None)
            if table is not None:
                cards.append({"label": label, "fen": table.total("total"), "note": None, "status": None,
                              "source": f"「{table.title}」"})
                continue
        fact = next((f for f in d.facts if f.subject == subject and f.kind == "amount" and f.unit in CURRENCY_UNITS
                     and f.basis != "上年" and not isinstance(f.value, bool)), None)
        if fact is not None:
            cards.append({"label": label, "fen": _fact_fen(fact.value, fact.unit), "note": None,
                          "status": None, "source": "文字说明" + (f"第{fact.page}页" if fact.page else "")})
    return cards


def budget_vs_final(d: Disclosure) -> pd.DataFrame:
    """决算: each item's 年初预算 and 决算 as the narrative states them ("年初预算为X万元，支出决算为Y万元，
    完成年初预算的Z%"), the rate recomputed beside the stated one, and the 三公 table's 预算数 and
    决算数. Columns: item, budget, final (fen), rate, stated_rate (%), page, source."""
    rows = []
    if d.kind != "决算":
        return pd.DataFrame(rows)
    facts = [f for f in d.facts if not isinstance(f.value, bool)]
    for i, f in enumerate(facts):
        if f.kind != "amount" or f.basis not in ("年初预算", "调整预算", "全年预算") or f.unit not in CURRENCY_UNITS:
            continue
        final = next((g for g in facts[i + 1:i + 4] if g.kind == "amount" and g.basis == "决算"
                      and g.subject == f.subject and g.unit in CURRENCY_UNITS), None)
        if final is None:
            continue
        budget_fen, final_fen = _fact_fen(f.value, f.unit), _fact_fen(final.value, final.unit)
        stated = next((g.value for g in facts[i + 1:i + 5] if g.kind == "completion_rate" and g.source in (f.source, final.source)), None)
        item = f.label if f.subject in ("function_item", "project_item") and f.label else \
            _SUBJECT_NAMES.get(f.subject) or f.label or "其他事项"
        rows.append({"item": item, "basis": f.basis, "budget": budget_fen, "final": final_fen,
                     "rate": share(final_fen, budget_fen), "stated_rate": stated, "page": final.page, "source": final.source})
    for t in d.tables_of("three_public"):
        if not t.kind.startswith("final_") or "label" not in t.frame or "total" not in t.frame:
            continue  # a 三公 table laid out as a grid of its own columns has no 预算数 / 决算数 rows
        by_label = {str(l): v for l, v in zip(t.frame["label"], t.frame["total"])}
        for label, value in by_label.items():
            if "（预算数）" not in label:
                continue
            name = label.replace("（预算数）", "")
            spent = by_label.get(f"{name}（决算数）")
            if pd.isna(value) and (spent is None or pd.isna(spent)):
                continue
            b = None if pd.isna(value) else int(value)
            f_ = None if spent is None or pd.isna(spent) else int(spent)
            rows.append({"item": f"“三公”经费：{name}", "basis": "预算数", "budget": b, "final": f_,
                         "rate": share(f_, b), "stated_rate": None, "page": None, "source": t.title})
    return pd.DataFrame(rows)


_SUBJECT_NAMES = {"general_budget": "一般公共预算财政拨款支出", "three_public": "“三公”经费", "basic": "基本支出",
                  "project": "项目支出", "operating_costs": "机关运行经费", "expenditure_current": "本年支出合计",
                  "fiscal_expenditure": "财政拨款支出"}
