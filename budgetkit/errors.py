"""budgetkit's own exceptions: every failure a user can cause is one of these."""

from __future__ import annotations

__all__ = ["BudgetkitError", "ReadError", "AmountError"]


class BudgetkitError(Exception):
    """Base class of every error budgetkit raises on purpose."""


class ReadError(BudgetkitError):
    """A document could not be read.

    The message names the file, and where it applies the table, and says what is wrong.
    """

    def __init__(self, path, reason: str, table: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.table = table
        where = f"{self.path}" + (f", {table}" if table else "")
        super().__init__(f"{where}: {reason}")


class AmountError(BudgetkitError, ValueError):
    """A cell or a phrase that should hold an amount does not."""
