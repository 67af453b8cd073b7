"""Column roles: what each column of a grid holds (amount of which role, a code, a name, text),
from its header words and its cells."""

from __future__ import annotations

from ..codes import code_system, split_code
from ..kinds import column_role
from ..money import is_amount
from .words import compact, is_total_label


def _column_plan(paths: list[list[str]], data: list[list[str]]) -> list[tuple[str, str]]:
    """For each column: (kind of column, output name). Kinds: amount, code, name, text, label."""
    plan: list[tuple[str, str]] = []
    last_code_system: str | None = None
    for i, path in enumerate(paths):
        cells = [r[i] for r in data if i < len(r) and r[i].strip()]
        role, is_value = column_role(path)
        amounts = [c for c in cells if is_amount(c)]
        non_total_text = [c for c in cells if not is_amount(c) and not is_total_label(c)]
        if role is not None and is_value and len(non_total_text) <= len(amounts):
            plan.append(("amount", role))  # an odd cell among amounts is a warning, not a text column
            continue
        if role is None and cells and len(amounts) == len(cells):
            plan.append(("amount", compact(path[-1]) if path else f"col{i}"))
            continue
        code_role = role in ("func", "gov_econ", "dept_econ", "econ", "code")
        # a bare "208" reads as an amount too: under a code header every cell counts
        candidates = [c for c in cells if not is_total_label(c)] if code_role else non_total_text
        systems = {code_system(split_code(c)[0]) for c in candidates} - {None}
        leaf = compact(path[-1]) if path else ""
        if code_role and "名称" in leaf and last_code_system:  # "功能分类科目名称": the names of the codes
            plan.append(("name", last_code_system))
            continue
        if code_role or (role is None and len(systems) == 1):
            system = role if role in ("func", "gov_econ", "dept_econ") else None
            if system is None:
                if len(systems) == 1:
                    system = systems.pop()
                elif any("功能" in p for p in path):
                    system = "func"
                elif any("经济" in p for p in path):
                    system = "econ"
                else:
                    system = "code"
            last_code_system = system
            plan.append(("code", system))
            continue
        if role == "name" and last_code_system:
            plan.append(("name", last_code_system))
            continue
        if role == "seq":
            plan.append(("text", "seq"))
            continue
        if role == "unit" and "名称" in leaf and plan and plan[-1] == ("code", "unit"):
            plan.append(("name", "unit"))  # 单位编码 | 单位名称 (西安公安 2026 p.23): the names of the codes
            continue
        if role in ("unit", "project_name"):
            plan.append(("code", "project" if role == "project_name" else "unit"))
            continue
        if role == "unit_name":
            plan.append(("name", "unit"))
            continue
        if role == "item" or (role is None and i == 0):
            plan.append(("label", "label"))
            continue
        name = compact(path[-1]) if path else f"text{i}"
        plan.append(("text", name or f"text{i}"))
    return plan
