"""budgetkit: Chinese government budget disclosures (部门预算 / 决算公开) as exact, audited data.

>>> import budgetkit
>>> d = budgetkit.read("data/beijing-xicheng-2023-social-insurance-fund-center.txt")
>>> d.table("expenditure_summary").total("basic")   # fen
5221245106
"""

from .assemble import read, read_many
from .errors import AmountError, BudgetkitError, ReadError
from .model import Disclosure, Fact, Section, Table, Unit
from .totals import key_totals

__all__ = [
    "read",
    "read_many",
    "key_totals",
    "Disclosure",
    "Table",
    "Fact",
    "Section",
    "Unit",
    "BudgetkitError",
    "ReadError",
    "AmountError",
]

__version__ = "0.1.0"
