"""Rules on the words of projects' 绩效目标: a goal copied from a sibling project, still naming the
sibling's body instead of its own."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Disclosure, Finding
from .common import page_of, table_evidence
from .registry import rule

#: a table's column of goals, headed by its own words ("绩效目标", "年度绩效目标", "项目目标")
_GOAL_COLUMN = re.compile(r"目标$")


def project_goals(d: Disclosure) -> list[tuple[str, str, object, int | None]]:
    """Each project's goal as printed: ``(project name, goal, table, page)``, from every table that
    lists projects beside a column of goals (珠海 2026 表12 pp.22-29 and its 重点项目 list pp.32-34)."""
    out = []
    for t in d.tables:
        f = t.frame
        goals = [c for c in f.columns if isinstance(c, str) and _GOAL_COLUMN.search(c) and c not in t.amount_columns]
        names = "project_name" if "project_name" in f else "label" if "label" in f else None
        if not goals or names is None:
            continue
        for _, r in f[~f["is_total"].astype(bool)].iterrows() if "is_total" in f else f.iterrows():
            name, goal = r[names], r[goals[0]]
            if isinstance(name, str) and isinstance(goal, str) and len(goal) >= 10:
                out.append((name.strip(), re.sub(r"\s+", "", goal), t, page_of(r)))
    return out


def own_words(name: str, other: str) -> tuple[str, str]:
    """What tells two projects' names apart: each name without the words they begin and end with
    alike ("2026年春节慰问金-珠海边检总站" / "…-拱北海关" → "珠海边检总站", "拱北海关")."""
    start = 0
    while start < min(len(name), len(other)) and name[start] == other[start]:
        start += 1
    end = 0
    while end < min(len(name), len(other)) - start and name[-1 - end] == other[-1 - end]:
        end += 1
    return name[start:len(name) - end].strip("-－—（）()· "), other[start:len(other) - end].strip("-－—（）()· ")


@rule("performance.copied_goal", "warning", "两个项目的绩效目标一字不差，且写的是另一个项目的对象、没有写本项目的对象："
      "多为照抄；例：“春节慰问金-珠海边检总站”的目标写“体现对拱北海关一线工作人员的关怀”")
def copied_goal(d: Disclosure):
    """The goal of ``P`` is word for word the goal of ``Q``, and it names what is ``Q``'s own in
    ``Q``'s name (a body, a place) and not what is ``P``'s own: P's goal was copied from Q's and not
    made its own (珠海 2026 p.22, 表12: "2026年春节慰问金-珠海边检总站" under the goal of
    "…-拱北海关", "体现对拱北海关一线工作人员的关怀与激励"). Both goals word for word and the other
    body named are the corroboration: a shared template that names neither is no finding."""
    goals = project_goals(d)
    reported = set()
    for name, goal, t, page in goals:
        for other, other_goal, _, _ in goals:
            if other == name or other_goal != goal or (name, other) in reported:
                continue
            mine, theirs = own_words(name, other)
            if len(mine) < 2 or len(theirs) < 2 or mine in goal or theirs not in goal:
                continue
            reported.add((name, other))
            yield Finding("performance.copied_goal", "warning",
                          f"{t.where}项目“{name}”的绩效目标与“{other}”的一字不差，写的是“{theirs}”，没有写“{mine}”："
                          f"可能照抄了另一个项目的目标。",
                          table=t.where, row=name, expected=mine, actual=theirs,
                          evidence=table_evidence(d, t, page, row=name))


#: after an indicator's name in a goal: a few words ("不低于", "达到", "不少于") and the figure
_FIGURE_AFTER = re.compile(r"^[^，,；;。、\d]{0,8}?(\d+(?:\.\d+)?)\s*(%|％)?")


def goal_figures(goal: str, indicators: list[tuple[str, str, str | None]]) -> list[tuple[str, str, str, str]]:
    """The indicators whose name the goal prints with a figure of another value:
    ``(name, as the goal says it, the goal's figure, the indicator's value)``. ``indicators`` are
    ``(name, value, unit)`` rows; a name the goal does not print word for word, a figure in
    another unit (a % against a count), or a value that is no number, is passed over."""
    out = []
    text = re.sub(r"\s+", "", goal)
    for name, value, unit in indicators:
        name = re.sub(r"\s+", "", name) if isinstance(name, str) else ""
        value = value if isinstance(value, str) else ""
        unit = unit if isinstance(unit, str) else ""
        if len(name) < 4 or name not in text or not re.fullmatch(r"\d+(?:\.\d+)?", value.strip()):
            continue
        at = text.index(name) + len(name)
        m = _FIGURE_AFTER.match(text[at:])
        if not m or bool(m.group(2)) != (unit.strip() in ("%", "％")):
            continue
        if Decimal(m.group(1)) != Decimal(value.strip()):
            said = text[text.index(name):at + m.end()]
            out.append((name, said, m.group(1), value.strip()))
    return out


@rule("performance.goal_vs_indicator", "warning", "绩效目标文字中写到的指标数值与同一张表的指标值一致；例：目标写“满意度不低于80%”，"
      "指标表中该指标为≥90%")
def goal_vs_indicator(d: Disclosure):
    """A project's 当年绩效目标 names an indicator of its own table word for word with a figure, and
    the indicator's row prints another value (重庆 2026 表十一 p.31: "移民对后期扶持政策实施满意度不低于
    80%", the row 移民对后期扶持政策实施满意度 ≥ 90 %). Both are printed on the same form."""
    for t in d.tables_of("project_performance"):
        f = t.frame
        if not {"project_name", "goal", "indicator", "target"} <= set(f.columns):
            continue
        for (name, goal), rows in f.groupby(["project_name", "goal"], sort=False, dropna=True):
            indicators = list(zip(rows["indicator"], rows["target"], rows.get("target_unit", [None] * len(rows))))
            for indicator, said, figure, value in goal_figures(goal, indicators):
                named = rows[rows["indicator"].map(lambda x: isinstance(x, str) and re.sub(r"\s+", "", x) == indicator)]
                op = named["operator"].iat[0] if "operator" in named and len(named) else None
                page = rows["page"].iat[0] if "page" in rows else None
                yield Finding("performance.goal_vs_indicator", "warning",
                              f"{t.where}项目“{name}”的绩效目标写“{said}”，同表指标“{indicator}”的指标值却为"
                              f"{op or ''}{value}{'%' if said.endswith(('%', '％')) else ''}。",
                              table=t.where, row=name, expected=value, actual=figure,
                              evidence=table_evidence(d, t, page_of(page), row=name))
