"""The catalogue of audit rules: each has a stable id, a severity and a one-line description."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Disclosure, Finding

__all__ = ["Rule", "RULES", "rule"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # the usual severity; a rule may report a finding at another one
    description: str
    check: Callable[[Disclosure], Iterable[Finding]]
    family: str

    def run(self, d: Disclosure) -> list[Finding]:
        return list(self.check(d))


RULES: dict[str, Rule] = {}


def rule(id: str, severity: str, description: str):
    """Register a check function under ``id``."""

    def register(fn):
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        RULES[id] = Rule(id=id, severity=severity, description=description, check=fn, family=id.split(".")[0])
        return fn

    return register
