from decimal import Decimal

import pytest

from budgetkit.errors import AmountError
from budgetkit.money import format_amount, format_wan, parse_amount, parse_currency_unit, to_fen


@pytest.mark.parametrize(
    "text, expected",
    [
        ("68,353,777.63", Decimal("68353777.63")),
        ("68353777.63", Decimal("68353777.63")),
        ("0.00", Decimal("0")),
        ("-0", Decimal("0")),
        ("（12.5）", Decimal("-12.5")),
        ("(1,000.10)", Decimal("-1000.10")),
        ("-1,234.5", Decimal("-1234.5")),
        ("６８３５．３８", Decimal("6835.38")),
        (".5", Decimal("0.5")),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "-", "—", "——", None])
def test_blank_is_none_not_zero(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["1,2,3", "abc", "1.2e5", "12..5", "合计", "1,23.4"])
def test_not_an_amount(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_fen_exact_in_every_unit():
    assert to_fen(Decimal("68353777.63"), "元") == 6835377763
    assert to_fen(Decimal("6835.377763"), "万元") == 6835377763
    assert to_fen(Decimal("0.68353777"), "亿元") == 6835377700
    with pytest.raises(AmountError):
        to_fen(Decimal("0.001"), "元")


def test_display_formats():
    assert format_amount(6835377763, "万元") == "6,835.38"
    assert format_amount(6835377763, "元") == "68,353,777.63"
    assert format_wan(6835377763) == "6835.38"
    assert format_wan(None) == ""


@pytest.mark.parametrize(
    "text, unit",
    [("金额单位：万元", "万元"), ("单位:元", "元"), ("单位： 亿元", "亿元"), ("部门收支总表", None)],
)
def test_currency_unit_phrases(text, unit):
    assert parse_currency_unit(text) == unit
