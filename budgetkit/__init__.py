"""budgetkit: Chinese government budget disclosures (部门预算 / 决算公开) as exact, audited data.

>>> import budgetkit
>>> d = budgetkit.read("data/beijing-xicheng-2023-social-insurance-fund-center.txt")
>>> d.table("expenditure_summary").total("basic")   # fen
5221245106
>>> corpus = budgetkit.load(["data"])   # every disclosure under data/ as pandas frames
>>> corpus.units.loc[0, "basic_share"]
Decimal('76.39')
"""

from .assemble import read, read_many
from .errors import AmountError, BudgetkitError, ReadError
from .model import Disclosure, Fact, Section, Table, Unit
from .totals import key_totals
from .workbench import CorpusFrames, load

__all__ = [
    "read",
    "read_many",
    "load",
    "CorpusFrames",
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
