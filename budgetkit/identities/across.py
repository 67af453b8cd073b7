"""Identities across tables: 收入 = 支出 in a summary, this year's totals in every table that states
them, the functional classes, 基本 / 项目 / 人员 / 公用 in the tables that carry them, projects, and
the same coded row printed in several tables."""

from __future__ import annotations

import re

from ..kinds import base_kind, column_role
from ..model import Disclosure, Table
from .core import (_NOT_ROW_TABLES, PAIRED, Cell, Identity, amount_text, _blank,
                   _cells, paired_row, _sum, _tolerance, total_flags, values, _where)
from .scopes import _Claim, _compare, _paired_claim, same_scope, scope_of, _total_claim
from .within import _carried_in, _carries, _lists_carry_in


def cross_identities(d: Disclosure) -> list[Identity]:
    """Identities between tables: the same quantity stated by several tables."""
    out: list[Identity] = []
    for kind in PAIRED:
        for t in d.tables_of(kind):
            ti, v = d.tables.index(t), values(t)
            pairs = [("总计", "总计", "总计")]
            if not t.kind.startswith("final_") and not _carries(t):
                # this year's income and spending balance only when nothing is carried in or out
                # (西南大学 2024: 本年收入 445,059.97, 本年支出 486,554.95, 上年结转 and 结余 between)
                pairs.append(("本年收入合计", "本年支出合计", "本年合计"))
            for inc_p, exp_p, what in pairs:
                i, e = paired_row(t, "income", inc_p, True), paired_row(t, "expenditure", exp_p, True)
                if i is None or e is None or v["total"][i] is None or v["total"][e] is None:
                    continue
                inc, exp, inc_label, exp_label = v["total"][i], v["total"][e], v["label"][i], v["label"][e]
                out.append(Identity("cross.income_equals_spending", "收入 = 支出", (Cell(ti, i, "total"),),
                                    (Cell(ti, e, "total"),), inc, exp, _tolerance(t.unit_used, 1),
                                    f"{_where(t)}{inc_label}为{amount_text(inc, t.unit_used)}，{exp_label}为{amount_text(exp, t.unit_used)}，"
                                    f"收支不平衡，相差{amount_text(abs(inc - exp), t.unit_used)}。", _where(t),
                                    f"{inc_label} / {exp_label}", None, (ti,), "left"))
    out += _compare(d, "cross.summary_tables", "本年支出", [
        _paired_claim(d, "income_expenditure_summary", "expenditure", r"^本年支出合计$", True),
        _total_claim(d, "expenditure_summary", "total")])
    carried_in = _carried_in(d.table("income_summary")) or _below_current_income(d)
    out += _compare(d, "cross.summary_tables", "本年收入", [
        _paired_claim(d, "income_expenditure_summary", "income", r"^本年收入合计$", True),
        None if carried_in else _total_claim(d, "income_summary", "total")])
    if carried_in:  # its 合计 holds what was carried in: the 收支总表's 收入总计 does too
        out += _compare(d, "cross.summary_tables", "收入总计", [
            _paired_claim(d, "income_expenditure_summary", "income", r"^(收入)?总计$", True),
            _total_claim(d, "income_summary", "total")])
    # this year's 一般公共预算 income is what the 一般公共预算支出表 spends only when nothing is
    # carried in or out (a 决算, or 上年结转 in the summary: income and spending differ by it)
    spent_as_received = d.kind != "决算" and not any(_carries(t) for t in d.tables_of("income_expenditure_summary"))
    out += _compare(d, "cross.summary_tables", "一般公共预算", [
        _paired_claim(d, "income_expenditure_summary", "income", r"一般公共预算", False, scope="general"),
        _total_claim(d, "income_summary", "general_budget"),
        _paired_claim(d, "fiscal_appropriation_summary", "income", r"一般公共预算", False, scope="general")
        if _lists_carry_in(d.table("fiscal_appropriation_summary")) == _lists_carry_in(d.table("income_expenditure_summary"))
        else None,
        _total_claim(d, "general_budget_expenditure", "total") if spent_as_received else None])
    out += _functions(d)
    out += _compare(d, "cross.basic_table", "基本支出", [
        _total_claim(d, "expenditure_summary", "basic"), _total_claim(d, "general_budget_expenditure", "basic"),
        _total_claim(d, "general_budget_basic_expenditure", "total")])
    for col, what in (("personnel", "人员经费"), ("operating", "公用经费")):
        out += _compare(d, "cross.basic_table", what, [
            _total_claim(d, "general_budget_basic_expenditure", col), _total_claim(d, "general_budget_expenditure", col)])
    out += _detail(d, "basic", "general_budget_basic_expenditure", "基本支出")
    out += _compare(d, "cross.project_table", "项目支出", [
        _total_claim(d, "expenditure_summary", "project"), _total_claim(d, "general_budget_expenditure", "project"),
        _total_claim(d, "project_expenditure", "total")])
    out += _projects(d)
    out += _performance_totals(d)
    out += _same_rows(d)
    return out


def _functions(d: Disclosure) -> list[Identity]:
    """The general-budget table's 类 (summed from its deepest rows) against the summaries' rows."""
    t6 = d.table("general_budget_expenditure")
    if t6 is None or t6.empty or "func_class" not in t6.frame or "total" not in t6.frame:
        return []
    ti6 = d.tables.index(t6)
    items = t6.items.dropna(subset=["func_class"])
    items = items[items["func_code"].str.len() == items["func_code"].str.len().max()]
    out = []
    for code, group in items.groupby("func_class"):
        names = group["func_class_name"].dropna()
        name = names.iloc[0] if len(names) else None
        if not isinstance(name, str) or not name:
            continue
        claims = [_Claim(ti6, tuple(_cells(ti6, group, "total")), f"“{code} {name}”各项之和", scope_of(t6))]
        for kind in PAIRED:
            t = d.table(kind)
            if t is None or "side" not in t.frame:
                continue
            i = paired_row(t, "expenditure", rf"^([一二三四五六七八九十]+、)?{re.escape(name)}$", False)
            if i is not None and not _blank(t.frame.at[i, "total"]):
                ti = d.tables.index(t)
                claims.append(_Claim(ti, (Cell(ti, i, "total"),), f"“{t.frame.at[i, 'label']}”", scope_of(t)))
        for claim in claims[1:]:
            out += _compare(d, "cross.functions", f"{name}（{code}）", [claims[0], claim])
    return out


def _detail(d: Disclosure, column: str, other_kind: str, what: str) -> list[Identity]:
    """Per (功能, 经济) line: the summary table's column against the detail table's total."""
    t3, t7 = d.table("expenditure_summary"), d.table(other_kind)
    if t3 is None or t7 is None or column not in t3.frame or "total" not in t7.frame:
        return []
    keys = [k for k in ("func_code", "dept_econ_code") if k in t3.frame and k in t7.frame]
    if len(keys) < 2:
        return []
    if not same_scope(d, scope_of(t3), scope_of(t7)):
        return []
    ti3, ti7 = d.tables.index(t3), d.tables.index(t7)
    ga, gb = _item_groups(t3, keys, column), _item_groups(t7, keys, "total")
    v3, v7 = values(t3), values(t7)
    sa = sum(v3[column][i] for rows in ga.values() for i in rows)
    sb = sum(v7["total"][i] for rows in gb.values() for i in rows)
    if sa and sb and 9_000 <= max(sa, sb) / max(1, min(sa, sb)) <= 11_000:
        return []  # the whole table is off by 10^4: one unit slip, reported on the totals
    out = []
    for key in sorted(set(ga) | set(gb)):
        ca = tuple(Cell(ti3, i, column) for i in ga.get(key, ()))
        cb = tuple(Cell(ti7, i, "total") for i in gb.get(key, ()))
        va, vb = _sum(t3, ca), _sum(t7, cb)
        where = " / ".join(key)
        tol = max(_tolerance(t3.unit_used, 1), _tolerance(t7.unit_used, 1))
        out.append(Identity("cross.basic_table", f"{what}明细在各表中一致", ca, cb, va, vb,
                            tol if (ca and cb) else -1,
                            f"{what}明细不一致：{_where(t3)}“{where}”为{amount_text(va, t3.unit_used) if ca else '无此行'}，"
                            f"{_where(t7)}为{amount_text(vb, t7.unit_used) if cb else '无此行'}。", _where(t7), where, None, (ti3, ti7), "left"))
    return out


def _item_groups(t: Table, keys: list[str], column: str | None = None) -> dict[tuple, list[int]]:
    """The table's items (not its totals), stating ``column`` if one is given, by their ``keys``
    (each a text; an item missing one is in no group), in the table's order."""
    v = values(t)
    totals = total_flags(t)
    groups: dict[tuple, list[int]] = {}
    for i, total in enumerate(totals):
        key = tuple(v[k][i] for k in keys)
        if not total and (column is None or v[column][i] is not None) and all(isinstance(part, str) for part in key):
            groups.setdefault(key, []).append(i)
    return groups


def _projects(d: Disclosure) -> list[Identity]:
    """A project's amount in the 项目支出表 and in each table that lists projects with their
    performance targets (a 绩效目标表, or a list of 重点项目 with 预算数 and 绩效目标 printed in the
    text: 珠海 2026 pp.32-34, whose names are its rows' labels), by the project's name."""
    t4 = d.table("project_expenditure")
    if t4 is None or t4.empty or "project_name" not in t4.frame or "total" not in t4.frame:
        return []
    ti4 = d.tables.index(t4)
    ga = _item_groups(t4, ["project_name"], "total")
    out = []
    for t13 in d.tables_of("project_performance"):
        name_col = "project_name" if "project_name" in t13.frame else "label"
        if t13.empty or name_col not in t13.frame or "total" not in t13.frame:
            continue
        ti13 = d.tables.index(t13)
        gb = _item_groups(t13, [name_col], "total")
        for key in sorted(ga):
            if key not in gb:
                continue
            name = key[0]
            ca = tuple(Cell(ti4, i, "total") for i in ga[key])
            cb = tuple(Cell(ti13, i, "total") for i in gb[key])
            va, vb = _sum(t4, ca), _sum(t13, cb)
            if va is None or vb is None:
                continue
            tol = max(_tolerance(t4.unit_used, 1), _tolerance(t13.unit_used, 1))
            out.append(Identity("cross.project_table", "项目金额在项目表与绩效目标表中一致", ca, cb, va, vb, tol,
                                f"项目“{name}”：{_where(t4)}为{amount_text(va, t4.unit_used)}，{_where(t13)}项目总额为{amount_text(vb, t13.unit_used)}。",
                                _where(t13), name, None, (ti4, ti13), "left"))
    return out


def _below_current_income(d: Disclosure) -> bool:
    """Whether the 收入总表's 合计 holds a source the 收支总表 lists below its 本年收入合计 (烟台 2026
    p.9: 上级补助收入 205.89 between 本年收入合计 315,235.83 and 收入总计 315,441.72; its 收入总表 p.10 has
    a 上级补助收入 column in its 合计 of 315,441.72): then that 合计 is the summary's 收入总计."""
    summary, income = d.table("income_expenditure_summary"), d.table("income_summary")
    if summary is None or income is None or summary.empty or income.empty or "side" not in summary.frame:
        return False
    v, w = values(summary), values(income)
    total = income.total_row("total")
    if total is None:
        return False
    rows = [i for i, s in enumerate(v["side"]) if s == "income"]
    labels = [v["label"][i] if isinstance(v["label"][i], str) else "" for i in rows]
    start = next((k for k, label in enumerate(labels) if re.fullmatch(r"本年收入合计", label)), None)
    if start is None:
        return False
    for k in range(start + 1, len(rows)):
        label = re.sub(r"^[一二三四五六七八九十]+、", "", labels[k])
        if re.search(r"总计", label):
            break
        role, _ = column_role([label])
        if v["total"][rows[k]] and role in income.amount_columns and role != "total" and w[role][total]:
            return True
    return False


def _performance_runs(d: Disclosure) -> list[list[tuple[int, Table]]]:
    """The 绩效目标表 as printed: consecutive tables of one title (长沙 2025 pp.23-50, one a page)."""
    runs: list[list[tuple[int, Table]]] = []
    for ti, t in enumerate(d.tables):
        if base_kind(t.kind) != "project_performance" or t.empty or "project_name" not in t.frame or "total" not in t.frame:
            continue
        if runs and runs[-1][-1][0] == ti - 1 and runs[-1][-1][1].title == t.title:
            runs[-1].append((ti, t))
        else:
            runs.append([(ti, t)])
    return runs


def _performance_totals(d: Disclosure) -> list[Identity]:
    """A 绩效目标表's 合计 = Σ its projects' 资金总额, over the pages the table runs on: a project
    whose rows go on over a page break prints its name and amount again at the top of the next
    page and is counted once. Where units head their projects (a row with 单位编码, name and amount,
    no goal), 合计 = Σ the units' rows too. Only where the table prints a 合计 row with an amount."""
    out = []
    for run in _performance_runs(d):
        ti0, first = run[0]
        v0 = values(first)
        heads = [i for i, (total, label) in enumerate(zip(total_flags(first), v0["label"]))
                 if total and v0["total"][i] is not None and isinstance(label, str) and re.fullmatch(r"[合总]计", label)]
        if not heads:
            continue
        projects, units, last = [], [], None
        for ti, t in run:
            v, flags = values(t), total_flags(t)
            rows = [i for i in range(len(t.frame)) if not flags[i] and v["total"][i] is not None
                    and isinstance(v["project_name"][i], str)]
            for n, i in enumerate(rows):
                if n == 0 and ti != ti0 and (v["project_name"][i], v["total"][i]) == last:
                    continue  # the same project, its rows going on over the page break
                projects.append(Cell(ti, i, "total"))
            if rows:
                last = (v["project_name"][rows[-1]], v["total"][rows[-1]])
            units += [Cell(ti, i, "total") for i in range(len(t.frame)) if flags[i] and v["total"][i] is not None
                      and isinstance(v.get("unit_name", [None] * len(t.frame))[i], str)]
        head, unit = heads[0], first.unit_used
        whole = v0["total"][head]
        for parts, what in ((projects, "个项目的资金总额"), (units, "个单位行")):
            if not parts:
                continue
            got = sum(_sum(d.tables[ti], [c for c in parts if c.table == ti]) or 0 for ti in {c.table for c in parts})
            out.append(Identity("performance.total", f"合计行 = 各{what[1:]}之和", (Cell(ti0, head, "total"),), tuple(parts),
                                whole, got, _tolerance(unit, len(parts)),
                                f"{_where(first)}合计行为{amount_text(whole, unit)}，但{len(parts)}{what}之和为"
                                f"{amount_text(got, unit)}，相差{amount_text(abs(got - whole), unit)}。",
                                _where(first), v0["label"][head], "total", tuple(ti for ti, _ in run)))
    return out


def _same_rows(d: Disclosure) -> list[Identity]:
    """A functional or economic line printed in several tables with the same column (the 合计
    of 2080505 in the 支出总表 and in the 一般公共预算支出表): the same amount. These corroborate a
    reading; a difference is reported by the rules above when it matters (a table may hold one
    fund only), so these identities serve verification and are never findings on their own."""
    seen: dict[tuple, list[Cell]] = {}
    for ti, t in enumerate(d.tables):
        if t.empty or base_kind(t.kind) in _NOT_ROW_TABLES:
            continue
        v = values(t)
        cols = [c for c in t.amount_columns if c in ("total", "basic", "project", "personnel", "operating")]
        for code_col in ("func_code", "dept_econ_code", "gov_econ_code"):
            if code_col not in v:
                continue
            for i, (code, is_total) in enumerate(zip(v[code_col], v["is_total"])):
                if not isinstance(code, str) or is_total:
                    continue
                for col in cols:
                    if v[col][i] is not None:
                        seen.setdefault((code_col, code, col), []).append(Cell(ti, i, col))
    out = []
    for (code_col, code, col), cells in seen.items():
        by_table = {}
        for c in cells:
            by_table.setdefault(c.table, c)  # one per table
        cells = list(by_table.values())
        for a, b in zip(cells, cells[1:]):
            ta, tb = d.tables[a.table], d.tables[b.table]
            if not same_scope(d, scope_of(ta), scope_of(tb)):
                continue
            va, vb = values(ta)[col][a.row], values(tb)[col][b.row]
            tol = max(_tolerance(ta.unit_used, 1), _tolerance(tb.unit_used, 1))
            out.append(Identity("verify.same_row", f"{code}在各表中金额相同", (a,), (b,), va, vb, tol,
                                "", _where(tb), code, col, (a.table, b.table)))
    return out
