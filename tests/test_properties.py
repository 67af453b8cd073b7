"""Property-based tests: whatever the input, the text reader and the number parser raise only
budgetkit's own errors."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetkit.assemble import build_disclosure
from budgetkit.checks import run_checks
from budgetkit.errors import AmountError, BudgetkitError
from budgetkit.money import parse_amount, to_fen
from budgetkit.readers.text import decode, parse_text

# text built from the pieces the layout is made of, so that tables, titles and cells occur
_PIECES = st.sampled_from(["\t", "\n", "\r\n", "\n\n", "表一、", "表2 ", "部门收支总体情况表", "支出总表", "合计",
                           "金额单位：万元", "68,353,777.63", "1,000.00", "-", "（12.5）", "2080101-行政运行",
                           "30101-基本工资", "一、", "（一）", "2023年部门预算公开", "基本支出", "项目支出",
                           "比2022年", "增加", "万元", "元", "%", "占", "无“三公”经费", "注：", " ", "a", "€"])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=120).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_text_reader_raises_only_budgetkit_errors(text):
    try:
        d = build_disclosure(parse_text(text, "<hypothesis>"))
    except BudgetkitError:
        return
    run_checks(d)  # the audit too must cope with whatever was read


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_raises_only_budgetkit_errors(data):
    try:
        decode(data)
    except BudgetkitError:
        pass


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(max_size=20), st.text(alphabet="0123456789,.-()（）—+eE ", max_size=20)))
def test_number_parser_raises_only_amount_errors(text):
    try:
        value = parse_amount(text)
    except AmountError:
        return
    assert value is None or isinstance(value, Decimal)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_written_amounts_read_back_exactly(value):
    assert parse_amount(f"{value:,.2f}") == value
    assert to_fen(parse_amount(f"{value:.2f}")) == int(value * 100)
