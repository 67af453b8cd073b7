"""The audit: a catalogue of rules (see ``RULES``) run on a :class:`Disclosure`.

Families: ``table.*`` / ``row.*`` / ``three_public.*`` (inside a table), ``cross.*`` (across
tables), ``narrative.*`` (text against tables), ``plausibility.*``, ``completeness.*``.
The tolerance policy is in :mod:`budgetkit.checks.tolerance`.
"""

from __future__ import annotations

from ..model import SEVERITIES, Disclosure, Finding
from . import completeness, consistency, counts, cross, goals, item_names, narrative, organisation, overall, plausibility, procurement, reading, tables, wording  # noqa: F401  (register the rules)
from .registry import RULES, Rule

__all__ = ["run_checks", "RULES", "Rule", "count_by_severity", "by_cause", "INTERNAL", "rule_failures"]


def run_checks(d: Disclosure, rules: list[str] | None = None) -> list[Finding]:
    """All findings for ``d``, errors first. A rule that fails reports itself instead of raising."""
    findings: list[Finding] = []
    seen = set()
    for rule_id, r in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        try:
            produced = r.run(d)
        except Exception as exc:  # a rule bug must not hide the other findings, nor pass for one of them
            produced = [Finding("audit.rule_failed", INTERNAL,
                                f"budgetkit 自身的错误：审核规则 {rule_id} 未能运行（{type(exc).__name__}: {exc}），"
                                f"本文件这一项未经核对。", cause=rule_id)]
        for f in produced:
            key = (f.rule, f.message)
            if key not in seen:
                seen.add(key)
                findings.append(f)
    findings = by_cause(findings)
    order = {s: i for i, s in enumerate(SEVERITIES + (INTERNAL,))}
    return sorted(findings, key=lambda f: order.get(f.severity, 9))


#: the severity of budgetkit's own failures (a rule that raised): never counted as the document's
INTERNAL = "internal"


def rule_failures(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == INTERNAL]


# which finding of one root cause speaks for it: the one that names a row, then a level, then a total
_SPEAKS_FIRST = ("row.", "three_public.", "table.function_levels", "table.economic_levels", "table.total_row", "cross.")


def _groups(f: Finding) -> bool:
    """Arithmetic findings of the tables share causes; each sentence of the narrative is its own."""
    return bool(f.gap and f.evidence) and (f.cause or f.rule).startswith(_SPEAKS_FIRST)


def by_cause(findings: list[Finding]) -> list[Finding]:
    """One root cause, one finding: the identity findings that share a gap (a 1-元 slip echoed in
    every table that repeats the row, and in the totals above it) become the finding that names
    the row, listing the other places in ``places``."""
    def rank(f: Finding) -> int:
        return next((k for k, prefix in enumerate(_SPEAKS_FIRST) if (f.cause or f.rule).startswith(prefix)), 9)

    out: list[Finding] = []
    heads: dict[tuple, Finding] = {}
    grouped = sorted((f for f in findings if _groups(f)), key=rank)
    for f in grouped:
        key = (f.severity, f.rule == "reading.doubtful", f.gap)
        head = heads.get(key)
        if head is None:
            heads[key] = f
            continue
        head.places.append(f.where)
        head.evidence.extend(f.evidence[:1])
    for f in findings:
        if _groups(f):
            if heads.get((f.severity, f.rule == "reading.doubtful", f.gap)) is not f:
                continue
            if f.places:
                f.message = f"{f.message}同一差额另见于{len(f.places)}处：{'；'.join(f.places)}。"
        out.append(f)
    return out


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
