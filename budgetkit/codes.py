"""Classification codes: 功能分类 (类/款/项) and 经济分类, split from cells and named.

Functional codes start with 2 (3 digits 类, 5 款, 7 项); department economic codes with 3
(3 digits 类, 5 款, and 7 where a region details a 款); government economic codes with 5. The names below are the 类 of the
2023 classification; every other name comes from the document itself.
"""

from __future__ import annotations

import re

__all__ = [
    "name_levels",
    "class_name_in",
    "FUNCTION_CLASSES",
    "DEPT_ECONOMIC_CLASSES",
    "GOV_ECONOMIC_CLASSES",
    "split_code",
    "code_system",
    "function_level",
    "class_name",
    "deepest_codes",
    "deepest_code_rows",
]

FUNCTION_CLASSES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出",
    "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}
DEPT_ECONOMIC_CLASSES = {
    "301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助",
    "307": "债务利息及费用支出", "309": "资本性支出（基本建设）", "310": "资本性支出",
    "311": "对企业补助（基本建设）", "312": "对企业补助", "313": "对社会保障基金补助",
    "399": "其他支出",
}
GOV_ECONOMIC_CLASSES = {
    "501": "机关工资福利支出", "502": "机关商品和服务支出", "503": "机关资本性支出（一）",
    "504": "机关资本性支出（二）", "505": "对事业单位经常性补助", "506": "对事业单位资本性补助",
    "507": "对企业补助", "508": "对企业资本性支出", "509": "对个人和家庭的补助",
    "510": "对社会保障基金补助", "511": "债务利息及费用支出", "512": "债务还本支出",
    "513": "转移性支出", "514": "预备费及预留", "599": "其他支出",
}

# "2080101-行政运行", "2080101 行政运行", "[2080101]行政运行", "11010223T000001959550-项目"
_CODE_CELL = re.compile(
    r"^\s*(?P<bracket>[\[【])?(?P<code>[0-9]{3,}[0-9A-Z]*)(?(bracket)[\]】])\s*(?P<sep>[-－—_:：、.．]\s*|\s+)?(?P<name>.*?)\s*$"
)


def split_code(cell: str | None) -> tuple[str | None, str | None]:
    """Split a cell such as "2080101-行政运行" into ("2080101", "行政运行").

    A cell without a leading code gives ``(None, name)``; a bare code gives ``(code, None)``.
    """
    if cell is None:
        return None, None
    text = cell.strip()
    if not text:
        return None, None
    m = _CODE_CELL.match(text)
    if m:
        code, name = m.group("code"), m.group("name")
        explicit = m.group("sep") is not None or m.group("bracket") is not None
        if name and name[0].isdigit():
            return None, text
        # "2080101行政运行" (no separator) only for codes of a known system: not "2023年…"
        if name and not explicit and code_system(code) is None:
            return None, text
        return code, name or None
    return None, text


def code_system(code: str | None) -> str | None:
    """"func", "dept_econ" or "gov_econ" from the code's leading digit and length."""
    if not code or not code.isdigit():
        return None
    if code[0] == "2" and len(code) in (3, 5, 7):
        return "func"
    if code[0] == "3" and len(code) in (3, 5, 7):  # a region's 7-digit items under a 款 (重庆 3010201, 北京 3021101)
        return "dept_econ"
    if code[0] == "5" and len(code) in (3, 5, 7):
        return "gov_econ"
    return None


def function_level(code: str | None) -> str | None:
    """类 / 款 / 项 for a functional code of 3 / 5 / 7 digits."""
    return {3: "类", 5: "款", 7: "项"}.get(len(code or ""))


def class_name(code: str | None) -> str | None:
    """The name of a code's 类 (first three digits) in the built-in vocabulary."""
    if not code:
        return None
    head = code[:3]
    return FUNCTION_CLASSES.get(head) or DEPT_ECONOMIC_CLASSES.get(head) or GOV_ECONOMIC_CLASSES.get(head)


def deepest_codes(items):
    """Where a table lists several levels of one classification (类 and 款 and 项), the rows no
    listed code details (:func:`deepest_code_rows`): they add up to the total without counting
    anything twice."""
    columns = {col: items[col].tolist() for col in _CODE_COLUMNS if col in items}
    return items.iloc[deepest_code_rows(columns, list(range(len(items))))]


_CODE_COLUMNS = ("func_code", "dept_econ_code", "gov_econ_code")


def deepest_code_rows(columns: dict[str, list], rows: list[int]) -> list[int]:
    """:func:`deepest_codes` on plain lists: of ``rows`` (positions in ``columns``' lists), for each
    classification listed at several levels, the rows whose code no other listed code details
    (the leaves: a 款 with its 项 listed counts through them, a 款 listed alone counts itself; a
    row without a code of that classification is then left out)."""
    for col in _CODE_COLUMNS:
        if col not in columns:
            continue
        codes = columns[col]
        listed = {codes[i] for i in rows if isinstance(codes[i], str)}
        if len({len(c) for c in listed}) > 1:
            parents = {c[:n] for c in listed for n in range(3, len(c))}
            rows = [i for i in rows if isinstance(codes[i], str) and codes[i] not in parents]
    return rows


def function_names(tables) -> dict[str, str]:
    """Each functional code the tables print with a name, and its first printed name."""
    names: dict[str, str] = {}
    for t in tables:
        f = t.frame
        if "func_code" in f and "func_name" in f:
            for code, name in zip(f["func_code"].tolist(), f["func_name"].tolist()):
                if isinstance(code, str) and isinstance(name, str):
                    names.setdefault(code, name)
    return names


def name_levels(tables, year: int | None = None) -> None:
    """Names of every row's 类 and 款, from the document's own rows or the names of the 类 in
    the classification of ``year``."""
    import pandas as pd

    names = function_names(tables)
    for t in tables:
        f = t.frame
        if "func_class" not in f:
            continue
        # object columns holding None where there is no name (not NaN): made so, not converted
        f["func_class_name"] = pd.Series([names.get(c) or class_name_in(c, year) if isinstance(c, str) else None
                                          for c in f["func_class"].tolist()], index=f.index, dtype=object)
        f["func_section_name"] = pd.Series([names.get(c) if isinstance(c, str) else None for c in f["func_section"].tolist()],
                                           index=f.index, dtype=object)
        t.forget()  # named anew: what was kept of the frame is not


def _names_by_year() -> dict:
    import json
    from importlib.resources import files

    cached = globals().get("_NAMES_BY_YEAR")
    if cached is None:
        cached = json.loads(files("budgetkit").joinpath("data/function_class_names.json").read_text("utf-8"))["names"]
        globals()["_NAMES_BY_YEAR"] = cached
    return cached


def class_name_in(code: str, year: int | None) -> str | None:
    """The name of functional 类 ``code`` in the classification of ``year`` (package data
    ``budgetkit/data/function_class_names.json``, from 财政部《政府收支分类科目》): 210 is
    医疗卫生与计划生育支出 until 2018 and 卫生健康支出 from 2019. ``None`` when the class did not
    exist that year."""
    spans = _names_by_year().get(code[:3])
    if spans is None:
        return FUNCTION_CLASSES.get(code[:3])
    for span in spans:
        if (span["from"] is None or year is None or year >= span["from"]) and \
                (span["to"] is None or year is None or year <= span["to"]):
            return span["name"]
    return None
