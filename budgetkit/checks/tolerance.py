"""The tolerance policy, written down once.

* Amounts in 元 must match to the fen: tolerance 0.
* A figure rounded to a unit (万元 tables, narrative "5221.25万元", "76.39%") stands for an
  interval: half of its last written digit either way. A sum of rounded parts may miss the
  rounded whole by the rounding of its parts and of the whole, never more:
  ``|Σ parts − whole| ≤ Σ half-digits``.
* An amount read exactly from a 元 table has no rounding; compared with a rounded narrative
  figure, only the narrative figure's half-digit counts.
"""

from __future__ import annotations

from decimal import Decimal

from ..money import CURRENCY_UNITS

__all__ = ["half_digit_fen", "rounding_fen", "half_digit_pct", "table_tolerance_fen", "within", "decimals_of"]


def decimals_of(value: Decimal) -> int:
    """How many decimals a figure was written with: 5221.25 → 2, 79.2 → 1, 180 → 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_digit_fen(value: Decimal, unit: str) -> Decimal:
    """Half of the last written digit of ``value`` in ``unit``, in fen (0.005万元 → 5000 fen)."""
    return Decimal("0.5") * Decimal(10) ** -decimals_of(value) * CURRENCY_UNITS[unit] * 100


def rounding_fen(*figures) -> Decimal:
    """How far written figures (facts: ``value`` and ``unit``) may miss an identity between them:
    the sum of their half-digits, in fen."""
    return sum((half_digit_fen(f.value, f.unit) for f in figures), Decimal(0))


def half_digit_pct(stated: Decimal) -> Decimal:
    """Half of the last written digit of a percentage, in points ("76.39%" → 0.005), and a hair
    more for the division."""
    return Decimal("0.5") * Decimal(10) ** -decimals_of(stated) + Decimal("0.0001")


def table_tolerance_fen(unit: str, parts: int) -> int:
    """How far a total in a table of ``unit`` may miss the sum of ``parts`` rounded cells.

    元 tables: 0. 万元 tables (cells to 0.01万元): half a digit for each part and the total.
    """
    if unit == "元":
        return 0
    return int(Decimal("0.005") * CURRENCY_UNITS[unit] * 100 * (parts + 1))


def within(a: Decimal | int, b: Decimal | int, tolerance: Decimal | int) -> bool:
    return abs(Decimal(a) - Decimal(b)) <= Decimal(tolerance)
