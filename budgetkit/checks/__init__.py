"""The audit: a catalogue of rules (see ``RULES``) run on a :class:`Disclosure`.

Families: ``table.*`` / ``row.*`` / ``three_public.*`` (inside a table), ``cross.*`` (across
tables), ``narrative.*`` (text against tables), ``plausibility.*``, ``completeness.*``.
The tolerance policy is in :mod:`budgetkit.checks.tolerance`.
"""

from __future__ import annotations

from ..model import SEVERITIES, Disclosure, Finding
from . import completeness, cross, narrative, plausibility, tables  # noqa: F401  (register the rules)
from .registry import RULES, Rule

__all__ = ["run_checks", "RULES", "Rule", "count_by_severity"]


def run_checks(d: Disclosure, rules: list[str] | None = None) -> list[Finding]:
    """All findings for ``d``, errors first. A rule that fails reports itself instead of raising."""
    findings: list[Finding] = []
    seen = set()
    for rule_id, r in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        try:
            produced = r.run(d)
        except Exception as exc:  # a rule bug must not hide the other findings
            produced = [Finding("audit.rule_failed", "warning", f"规则 {rule_id} 未能运行：{type(exc).__name__}: {exc}")]
        for f in produced:
            key = (f.rule, f.message)
            if key not in seen:
                seen.add(key)
                findings.append(f)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order.get(f.severity, 9))


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
