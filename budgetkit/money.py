"""Exact amounts: parsing document text into Decimal / integer fen, currency units, display.

Stored amounts are integer fen (1 元 = 100 fen) or ``Decimal``; binary floats only ever appear
when a number is formatted for display.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP

from .errors import AmountError

__all__ = [
    "CURRENCY_UNITS",
    "parse_amount",
    "is_amount",
    "to_fen",
    "fen_to_yuan",
    "yuan_to_fen",
    "fen_in_unit",
    "format_wan",
    "format_yuan",
    "format_amount",
    "parse_currency_unit",
]

#: how many yuan one of each currency unit is
CURRENCY_UNITS: dict[str, int] = {"元": 1, "万元": 10_000, "亿元": 100_000_000}

_BLANKS = {"", "-", "－", "—", "——", "–", "/", "／"}
_NUMBER = re.compile(
    r"""^(?P<sign>[-−﹣－+]?)
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
        (?P<frac>\.\d+)?$""",
    re.X,
)
_PAREN = re.compile(r"^[(（](?P<inner>.+)[)）]$")


_FULL_WIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}


def _normalise(text: str) -> str:
    text = text.strip().replace("，", ",").replace("．", ".").replace(" ", "").replace("\u3000", "")
    return text.translate(_FULL_WIDTH_DIGITS)  # full-width digits → ASCII


def parse_amount(text: str | None) -> Decimal | None:
    """The amount a cell holds, as written (no unit applied).

    Blank and dash cells are ``None`` (nothing), distinct from ``Decimal(0)``. Accounting
    parentheses mean a negative amount. Anything else raises :class:`AmountError`.

    >>> parse_amount("68,353,777.63")
    Decimal('68353777.63')
    >>> parse_amount("（12.5）")
    Decimal('-12.5')
    >>> parse_amount("") is None
    True
    """
    if text is None:
        return None
    raw = _normalise(str(text))
    if raw in _BLANKS:
        return None
    negative = False
    m = _PAREN.match(raw)
    if m:
        negative, raw = True, m.group("inner")
    m = _NUMBER.match(raw)
    if not m or not (m.group("int") or m.group("frac")):
        raise AmountError(f"not an amount: {text!r}")
    digits = (m.group("int") or "0").replace(",", "") + (m.group("frac") or "")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise AmountError(f"not an amount: {text!r}") from exc
    if m.group("sign") in ("-", "−", "﹣", "－"):
        negative = not negative
    value = -value if negative else value
    return value + 0 if value == 0 else value  # normalise -0 to 0


def is_amount(text: str | None) -> bool:
    """True when ``text`` is a written amount (not blank, not a word)."""
    if isinstance(text, str):
        return _is_amount_text(text)
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


@functools.lru_cache(maxsize=1 << 16)
def _is_amount_text(text: str) -> bool:
    """:func:`is_amount` of a string, remembered: readers ask it of every cell several times."""
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def to_fen(value: Decimal | None, unit: str = "元") -> int | None:
    """An amount written in ``unit`` as integer fen; exact or an :class:`AmountError`."""
    if value is None:
        return None
    try:
        factor = CURRENCY_UNITS[unit]
    except KeyError as exc:
        raise AmountError(f"unknown currency unit {unit!r}") from exc
    fen = value * factor * 100
    if fen != fen.to_integral_value():
        raise AmountError(f"{value}{unit} is not a whole number of fen")
    return int(fen)


def yuan_to_fen(value: Decimal) -> int:
    """Yuan (any precision) to fen, rounded half up: for derived values only."""
    return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int | None) -> Decimal | None:
    """Integer fen to a two-decimal ``Decimal`` of yuan."""
    if fen is None:
        return None
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))


def fen_in_unit(fen: int, unit: str) -> Decimal:
    """Fen expressed in ``unit`` (元 / 万元 / 亿元), exactly."""
    return Decimal(int(fen)) / (100 * CURRENCY_UNITS[unit])


def format_amount(fen: int | None, unit: str = "万元", decimals: int = 2, blank: str = "") -> str:
    """Fen as text in ``unit`` with thousands separators, rounded half up (display only)."""
    if fen is None:
        return blank
    q = Decimal(1).scaleb(-decimals)
    value = fen_in_unit(fen, unit).quantize(q, rounding=ROUND_HALF_UP)
    return f"{value:,.{decimals}f}"


def format_wan(fen: int | None, decimals: int = 2) -> str:
    """Fen as 万元 the way budget documents write it: ``6835.38`` (no separator below 10 000万)."""
    if fen is None:
        return ""
    q = Decimal(1).scaleb(-decimals)
    return f"{fen_in_unit(fen, '万元').quantize(q, rounding=ROUND_HALF_UP)}"


def format_yuan(fen: int | None) -> str:
    """Fen as 元 with separators and two decimals: ``68,353,777.63``."""
    return format_amount(fen, "元")


_UNIT_PHRASE = re.compile(r"(?:金额)?单位\s*[:：]?\s*(?P<unit>亿元|万元|元)")


def parse_currency_unit(text: str) -> str | None:
    """The currency unit a phrase such as "金额单位：万元" or "单位:元" states, else ``None``."""
    m = _UNIT_PHRASE.search(re.sub(r"\s+", "", text or ""))
    return m.group("unit") if m else None
